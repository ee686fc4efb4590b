/**
 * A live room: one board's Y.Doc in memory, its presence, and its connections.
 *
 * Life cycle: loaded from storage (and migrated) before it answers anything, with
 * its unload armed from the start; joined and left by connections; when nobody is
 * connected it waits a grace period, flushes, compacts and unloads.
 *
 * Untrusted updates: each is read whole first (update-guard.ts), then planned
 * against the board (update-plan.ts): one that changes nothing is dropped unapplied
 * and uncounted; one that would walk more of the board than its size pays for is
 * refused; of the rest only the structs and the deletions the board lacks are applied.
 *
 * Fast path: an update that arrives alone waits for nothing but its own commit: it is
 * appended as soon as its frame has been handled and broadcast when the append answers,
 * in the same callback where the store answers at once (SQLite); the others in the room
 * are written to before its author, whose copy only acknowledges it. Updates that arrive
 * later in the same event-loop turn (the rest of the read, other sockets' frames) are
 * merged and committed once at the turn's end, then broadcast as one frame encoded once
 * for every recipient. A sync-step-2 answer first commits whatever is pending, so no
 * client ever sees an update that is not durable.
 *
 * Commits are awaited (the store may be a database server), one at a time: updates
 * arriving meanwhile are applied to the doc at once, in order, and join the next
 * commit. Compaction runs between commits, every COMPACT_EVERY_UPDATES appends, even
 * while edits wait: its snapshot may hold edits not yet appended (checked and applied,
 * their append next), which only makes them durable sooner; their own append follows
 * and is broadcast as usual. The board's size then counts them twice until it lands.
 *
 * Storage trouble: when an append fails (disk full, read-only file, the board's lease
 * lost to another instance), the edit is neither broadcast nor acknowledged; every
 * connection is closed with 1011 and the room is dropped, so nothing unstored stays in
 * memory to be served. Clients keep their edits and reconnect; the reloaded room
 * answers their sync but holds back its own sync step 1, which makes a y-websocket
 * client resend its edits, until the board's back-off has passed (or another write of
 * the board succeeded): a failing store is retried at that pace, not at every reconnect.
 */
import type { Role } from '@journeyboard/shared';
import { CLOSE, hasBoard, migrateBoard, ORIGINS, restoreUpdate, updateRefusal } from '@journeyboard/shared';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Limits } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import { LeaseLostError } from '../storage/board-leases.js';
import { applyStoredState } from '../storage/board-store.js';
import type { StorageHealth } from '../storage/storage-health.js';
import { AutomaticVersions } from './auto-versions.js';
import { encodePermissionDenied, encodeSyncUpdate, ProtocolError } from './codec.js';
import { broadcast, type Connection, type Writer } from './connection.js';
import { DeletedRanges } from './deleted-ranges.js';
import { EditRequests } from './edit-requests.js';
import { type FrameHandlers, receiveFrame, refuseMalformed } from './frames.js';
import { RoomPresence } from './room-presence.js';
import { SyncAnswers } from './sync-answers.js';
import type { UpdateGuard } from './update-guard.js';
import { updatePaths } from './update-paths.js';
import { planUpdate } from './update-plan.js';
import type { ReadUpdate } from './update-reader.mjs';
import { dropPending, pendingBytes } from './yjs-internals.js';

/** What restoring a version did: `too-large` changed nothing; `not-a-board` means the version held no board. */
export type RestoreOutcome =
  | { kind: 'restored' }
  | { kind: 'too-large'; updateBytes: number }
  | { kind: 'not-a-board' };

/** One append in the making: the outbox's updates merged, their bytes (pending until committed), who made them. */
interface Commit {
  update: Uint8Array;
  bytes: number;
  authors: ReadonlySet<Connection>;
  outboxSince: number;
}

/** Transactions that replay storage are not new: they are neither stored again nor broadcast. */
const STORAGE = Symbol('storage');

/** Writes refused (a viewer's, or what a role may not change) before the connection is closed. */
const WRITE_STRIKES = 3;

/** Bytes of updates waiting for changes the room lacks that a room keeps (see dropRunawayPending). */
const MAX_PENDING_BYTES = 64 * 1024;

export interface RoomDeps {
  store: AsyncBoardStore;
  metrics: Metrics;
  log: Logger;
  limits: Limits;
  guard: UpdateGuard;
  storage: StorageHealth;
  /** Called once the room has unloaded (or failed), so the registry forgets it. */
  onUnload(room: Room): void;
  /** Called with each batch once it is committed (cluster mode: relayed to the board's other instances). */
  onCommitted?(update: Uint8Array): void;
}

export class Room {
  readonly doc = new Y.Doc();
  readonly connections = new Set<Connection>();
  private readonly presence: RoomPresence;
  private readonly handlers: FrameHandlers;
  /** What the board has deleted, kept up to date: incoming delete sets are checked against it. */
  private readonly deleted = new DeletedRanges();
  private readonly answers: SyncAnswers;
  private outbox: Uint8Array[] = [];
  private outboxSince = 0;
  /** Connections whose updates are in the outbox: their copy of the broadcast is only an acknowledgement. */
  private authors = new Set<Connection>();
  private flushScheduled = false;
  /** A commit of the updates in hand is queued (see commitSoon). */
  private commitQueued = false;
  /** This turn has committed already: later updates of the turn wait for its end and merge (see commitSoon). */
  private turnCommitted = false;
  /** The commit loop while one runs: whoever flushes meanwhile waits for it, their updates included. */
  private committing: Promise<void> | null = null;
  private unloading: Promise<void> | null = null;
  /** The room went down without committing what it held: a change made in it was not stored. */
  dropped = false;
  private storedBytes = 0;
  /** Bytes of changes made this turn and not yet committed: they count against the board's size too. */
  private pendingBytes = 0;
  private appendsSinceCompaction = 0;
  private unloadTimer: NodeJS.Timeout | null = null;
  private readonly editRequests: EditRequests;
  private unloaded = false;
  private readonly log: Logger;
  private readonly automaticVersions: AutomaticVersions;

  private constructor(
    readonly boardId: string,
    private readonly deps: RoomDeps,
  ) {
    this.log = deps.log.child({ boardId });
    this.answers = new SyncAnswers(this.doc, deps.limits.cacheSyncAnswers);
    this.automaticVersions = new AutomaticVersions(boardId, deps.store, deps.limits, this.log);
    this.editRequests = new EditRequests(boardId, this.doc, deps.storage);
    this.presence = new RoomPresence(
      this.doc,
      this.connections,
      deps.metrics,
      () => this.scheduleFlush(),
      (connection, error) => this.refuseMalformed(connection, error),
    );
    this.handlers = {
      syncStep1: (connection, stateVector) => this.answerSyncStep1(connection, stateVector),
      update: (connection, update) => this.receiveUpdate(connection, update),
      presence: this.presence,
    };
  }

  /** Loads a board from storage, migrating it forward if it is older than this server. */
  static async load(boardId: string, deps: RoomDeps): Promise<Room> {
    const started = performance.now();
    const room = new Room(boardId, deps);
    const state = await deps.store.loadState(boardId);
    applyStoredState(room.doc, state, STORAGE);
    room.storedBytes = state.bytes;
    room.appendsSinceCompaction = state.updates.length;
    room.deleted.follow(room.doc);
    room.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === STORAGE) return;
      if (room.outbox.length === 0) room.outboxSince = performance.now();
      room.outbox.push(update);
      if (room.connections.has(origin as Connection)) room.authors.add(origin as Connection);
      room.pendingBytes += update.byteLength;
      room.commitSoon();
    });
    const migration = migrateBoard(room.doc, ORIGINS.server);
    if (migration.applied.length > 0) room.log.info({ migration }, 'board migrated');
    await room.flush();
    // Whoever opened the room may never join it (a REST read, an upgrade that fails).
    room.leaveEmpty();
    deps.metrics.roomLoadSeconds.observe((performance.now() - started) / 1000);
    room.log.info({ bytes: state.bytes, ms: Math.round(performance.now() - started) }, 'room loaded');
    return room;
  }

  /** Unloaded, or unloading: either way nobody may join it any more. */
  get isUnloaded(): boolean {
    return this.unloaded || this.unloading !== null;
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.presence.awareness;
  }

  /** Bytes the board takes in storage, and its changes not yet committed. */
  get bytes(): number {
    return this.storedBytes + this.pendingBytes;
  }

  /** Times the room encoded the board to answer joiners (tests show a join wave encodes it once). */
  get boardEncodes(): number {
    return this.answers.encodes;
  }

  join(connection: Connection): void {
    if (this.unloadTimer) {
      clearTimeout(this.unloadTimer);
      this.unloadTimer = null;
    }
    this.connections.add(connection);
    this.editRequests.ask(connection);
    const everyone = this.presence.everyoneFrame();
    if (everyone) connection.send(everyone);
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.editRequests.forget(connection);
    this.presence.leave(connection);
    if (this.connections.size === 0) this.leaveEmpty();
  }

  /** With nobody left, the room unloads after its grace period unless someone joins. */
  leaveEmpty(): void {
    if (this.isUnloaded || this.unloadTimer || this.connections.size > 0) return;
    this.unloadTimer = setTimeout(() => void this.unload(), this.deps.limits.roomUnloadGraceMs);
    this.unloadTimer.unref();
  }

  /**
   * Another instance's clients are on this board (cluster mode): a room with no
   * connections of its own stays loaded another grace period, so it keeps the lease.
   */
  keepLoaded(): void {
    if (this.connections.size > 0 || this.isUnloaded) return;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    this.leaveEmpty();
  }

  /** Forgets the room without writing (its board was deleted). */
  discard(): void {
    this.outbox = [];
    this.authors.clear();
    this.destroy();
  }

  /**
   * Handles one frame of a connection of this room (its rate token already taken):
   * a promise while a large update is read off-thread.
   */
  receive(connection: Connection, frame: Uint8Array): void | Promise<void> {
    return receiveFrame(this.deps.metrics, connection, frame, this.handlers);
  }

  private refuseMalformed(connection: Writer, error: unknown): void {
    refuseMalformed(this.deps.metrics, connection, error);
  }

  /** Answers from what is committed: whatever is pending or in flight is committed first. */
  private answerSyncStep1(connection: Connection, stateVector: Uint8Array): void | Promise<void> {
    if (this.outbox.length > 0 || this.committing) {
      return this.flush().then(() => this.answerSyncStep1(connection, stateVector));
    }
    this.flush();
    if (this.unloaded || connection.closed) return;
    let frames: Uint8Array[];
    try {
      frames = this.answers.answer(stateVector);
    } catch (error) {
      const reason = `bad state vector: ${error instanceof Error ? error.message : String(error)}`;
      this.refuseMalformed(connection, new ProtocolError(reason));
      return;
    }
    connection.sendAnswer(frames);
  }

  /** An update of another instance's connection, forwarded to this board's owner: checked as if it came here. */
  receiveForwarded(writer: Writer, update: Uint8Array): void | Promise<void> {
    if (this.connections.size === 0) this.keepLoaded();
    try {
      return this.receiveUpdate(writer, update);
    } catch (error) {
      this.refuseMalformed(writer, error);
    }
  }

  private receiveUpdate(connection: Writer, update: Uint8Array): void | Promise<void> {
    const read = this.deps.guard.read(update);
    if (read instanceof Promise) {
      return read.then(
        (whole) => this.admitUpdate(connection, whole),
        (error: unknown) => this.refuseMalformed(connection, error),
      );
    }
    this.admitUpdate(connection, read);
  }

  /** Applies what an update read whole changes, if its connection may change it and the board can take it. */
  private admitUpdate(connection: Writer, read: ReadUpdate): void {
    if (this.unloaded || connection.closed) return;
    const { metrics, limits } = this.deps;
    const viewer = connection.role === 'viewer';
    const plan = planUpdate(this.doc, this.deleted, read, limits.updateBudget, { firstChangeOnly: viewer });
    metrics.updateVisits.observe(plan.visits);
    if (plan.outcome === 'refused') {
      metrics.errors.inc({ kind: 'update_too_costly' });
      connection.log.warn({ reason: plan.reason, bytes: read.bytes, visits: plan.visits }, 'update refused');
      connection.close(CLOSE.tooCostly, plan.reason);
      return;
    }
    // A client's sync answer with nothing new: not a write, and it costs the board nothing.
    if (plan.outcome === 'no-op') return;
    if (viewer) {
      this.refuseWrite(connection, 'viewer_write', 'viewers cannot change this board');
      return;
    }
    // Held against the board's write rules for this connection's role and identity.
    const actor = { role: connection.role, participantId: connection.participantId };
    const paths = updatePaths(this.doc, plan.update);
    const refusal = updateRefusal(this.doc, paths, actor);
    if (refusal) {
      connection.log.info({ reason: refusal }, 'update refused: permission');
      this.refuseWrite(connection, 'permission_denied', refusal);
      return;
    }
    if (this.bytes + plan.update.byteLength > limits.maxBoardBytes) {
      metrics.errors.inc({ kind: 'board_too_large' });
      connection.send(encodePermissionDenied('board is at its size limit'));
      connection.close(CLOSE.boardTooLarge, 'board is at its size limit');
      return;
    }
    this.automaticVersions.beforeUpdate(this.doc, paths);
    try {
      Y.applyUpdate(this.doc, plan.update, connection);
    } catch (error) {
      this.failApply(connection, error);
      return;
    }
    this.dropRunawayPending(connection);
    // Its commit starts here, not a microtask later: nothing else of this frame is to come.
    this.commitQueuedNow();
  }

  /**
   * A write the connection may not make: nothing of it is applied, stored or relayed;
   * the sender is told why, and closed (4403) after a few refusals.
   */
  private refuseWrite(connection: Writer, kind: string, reason: string): void {
    this.deps.metrics.errors.inc({ kind });
    connection.refusedWrites++;
    connection.send(encodePermissionDenied(reason));
    if (connection.refusedWrites >= WRITE_STRIKES) connection.close(CLOSE.forbidden, reason.slice(0, 120));
  }

  /**
   * Structs whose dependencies the room lacks wait in the doc, never stored and not
   * counted against the board's size, and every later update merges them again: left
   * to grow (the fuzzer grew them by megabytes) they stall the whole process for
   * seconds. Honest clients send what their edits depend on, so past a small bound
   * the waiting structs are dropped and the sender is closed (4400); a client that
   * meant them sends them again on its next sync.
   */
  private dropRunawayPending(connection: Writer): void {
    const bytes = pendingBytes(this.doc);
    if (bytes <= MAX_PENDING_BYTES) return;
    dropPending(this.doc);
    this.deps.metrics.errors.inc({ kind: 'pending_dropped' });
    connection.log.warn({ bytes }, 'dropped updates that depend on changes this board does not have');
    connection.close(CLOSE.malformed, 'update depends on changes this board does not have');
  }

  /**
   * Yjs read the update whole (the guard saw to that) but failed to integrate it: a
   * crafted update can break half-way, or leave pending structs that break a later
   * update. The doc is not trusted after that, so nothing of this turn is stored or
   * broadcast: every connection is closed with 1011 (reconnect and resend; honest
   * clients' edits come back with their sync) and the room reloads from storage.
   */
  private failApply(connection: Writer, error: unknown): void {
    this.deps.metrics.errors.inc({ kind: 'unappliable_update' });
    connection.log.warn(
      { reason: error instanceof Error ? error.message : String(error), connections: this.connections.size },
      'update could not be applied; reloading the room without it',
    );
    this.outbox = [];
    this.authors.clear();
    this.pendingBytes = 0;
    this.dropped = true;
    for (const c of this.connections) c.close(CLOSE.storageFailure, 'update could not be applied; reconnect');
    this.destroy();
  }

  /**
   * An update is in the outbox (the header's fast path): the turn's first is committed at the end
   * of its frame (admitUpdate) or in a microtask (a change the server made); the turn's later ones
   * wait for its end (setImmediate) and merge; while a commit is in flight its loop takes them along.
   */
  private commitSoon(): void {
    if (this.committing || this.commitQueued || this.turnCommitted) return;
    this.commitQueued = true;
    queueMicrotask(() => this.commitQueuedNow());
  }

  private commitQueuedNow(): void {
    if (!this.commitQueued) return;
    this.commitQueued = false;
    this.turnCommitted = true;
    setImmediate(() => {
      this.turnCommitted = false;
      if (this.outbox.length > 0) void this.flush();
    });
    void this.flush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  /**
   * Commits pending updates in one append, then broadcasts them and pending presence in
   * one write per connection; while a commit is in flight, answers that commit loop,
   * which takes whatever arrives meanwhile along. Never rejects (see failStorage).
   */
  flush(): Promise<void> {
    this.flushScheduled = false;
    if (this.unloaded) return Promise.resolve();
    if (this.committing) return this.committing;
    if (this.outbox.length === 0) {
      const presence = this.presence.pending ? this.presence.take(false) : null;
      if (presence) broadcast(this.connections, [presence], this.deps.metrics);
      return Promise.resolve();
    }
    // The loop awaits its first append before it can end, so this is set before it is cleared.
    this.committing = this.commitAll();
    return this.committing;
  }

  private async commitAll(): Promise<void> {
    try {
      while (!this.unloaded && this.outbox.length > 0) {
        if (!(await this.commitOutbox())) return;
        // Not waiting for a moment with nothing pending: under non-stop edits there is none.
        if (this.appendsSinceCompaction >= this.deps.limits.compactEveryUpdates)
          await this.compactOrKeepLog();
      }
    } finally {
      this.committing = null;
    }
  }

  /**
   * One append of everything in the outbox, then its broadcast; false when storage refused
   * it. Where the store answers at once (SQLite) the broadcast is made before this returns;
   * commitAll awaits it all the same, since `committing` is set only after commitAll returns.
   */
  private commitOutbox(): boolean | Promise<boolean> {
    const batch = this.outbox;
    const authors = this.authors;
    this.outbox = [];
    this.authors = new Set();
    const commit: Commit = {
      update: batch.length === 1 ? (batch[0] as Uint8Array) : Y.mergeUpdates(batch),
      bytes: batch.reduce((bytes, update) => bytes + update.byteLength, 0),
      authors,
      outboxSince: this.outboxSince,
    };
    const started = performance.now();
    const stored = this.deps.store.appendUpdate(this.boardId, commit.update, Date.now());
    if (typeof stored === 'number') return this.committed(commit, started, stored);
    return stored.then(
      (storedBytes) => this.committed(commit, started, storedBytes),
      (error: unknown) => {
        this.failStorage(error);
        return false;
      },
    );
  }

  private committed(commit: Commit, started: number, storedBytes: number): boolean {
    this.storedBytes = storedBytes;
    if (this.unloaded) return false;
    const { metrics } = this.deps;
    const stored = performance.now();
    this.pendingBytes -= commit.bytes;
    const frame = encodeSyncUpdate(commit.update); // everyone waits on the broadcast, nobody on what follows it
    const presence = this.presence.pending ? this.presence.take(true) : null;
    broadcast(this.connections, presence ? [frame, presence] : [frame], metrics, commit.authors);
    this.answers.committed(frame);
    metrics.persistSeconds.observe((stored - started) / 1000);
    metrics.updatesPersisted.inc();
    metrics.commitLatencySeconds.observe((stored - commit.outboxSince) / 1000);
    this.deps.storage.stored(this.boardId);
    this.deps.onCommitted?.(commit.update);
    this.editRequests.release();
    this.appendsSinceCompaction++;
    return true;
  }

  /**
   * Storage refused the commit, or the board's lease is lost: nothing was broadcast or
   * acknowledged. The room holds the refused edit, so it drops with every connection (1011).
   */
  failStorage(error: unknown): void {
    if (error instanceof LeaseLostError) {
      this.log.warn({ connections: this.connections.size }, 'board lease lost; closing the room');
    } else {
      const { failures, retryInMs } = this.deps.storage.failed(this.boardId, error);
      this.log.error(
        { err: error, failures, retryInMs, connections: this.connections.size },
        'storage failed; closing the room without accepting the edit',
      );
    }
    this.outbox = [];
    this.authors.clear();
    this.pendingBytes = 0;
    this.dropped = true;
    this.deps.metrics.errors.inc({ kind: error instanceof LeaseLostError ? 'lease_lost' : 'storage' });
    for (const connection of this.connections) connection.close(CLOSE.storageFailure, 'storage unavailable');
    this.destroy();
  }

  /**
   * The appended updates are durable already; compaction only shortens the log. If
   * storage refuses it, the log is kept and compaction is tried again after as many
   * appends; it must not take the process (or the client that asked) down with it.
   */
  private async compactOrKeepLog(): Promise<void> {
    try {
      await this.compact();
    } catch (error) {
      if (error instanceof LeaseLostError) return this.failStorage(error);
      this.appendsSinceCompaction = 0;
      this.deps.storage.noteFailure(error);
      this.deps.metrics.errors.inc({ kind: 'compaction' });
      this.log.error({ err: error }, 'compaction failed; the update log is kept');
    }
  }

  /**
   * Returns the board to a stored version as one new change everyone sees (history
   * keeps everything; the board as it was becomes the automatic version `before`),
   * unless it would take the board past `maxBytes`: then nothing changes. Uncommitted
   * changes count too; the change is computed after the awaits (the doc moves on).
   */
  async restore(version: Uint8Array, maxBytes: number, before: string): Promise<RestoreOutcome> {
    await this.flush();
    const storedBytes = await this.deps.store.storedBytes(this.boardId);
    const size = restoreUpdate(this.doc, version).byteLength;
    if (storedBytes + this.pendingBytes + size > maxBytes) return { kind: 'too-large', updateBytes: size };
    await this.automaticVersions.take(this.doc, before);
    const update = restoreUpdate(this.doc, version);
    Y.applyUpdate(this.doc, update, ORIGINS.server);
    return hasBoard(this.doc) ? { kind: 'restored' } : { kind: 'not-a-board' };
  }

  /** Replaces the stored log by one snapshot of the doc (which may hold edits whose append is next; see the top). */
  private async compact(): Promise<void> {
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    await this.deps.store.compact(this.boardId, snapshot);
    this.storedBytes = snapshot.byteLength;
    this.appendsSinceCompaction = 0;
  }

  /** Closes every connection of a role (after its link was rotated) or all of them. */
  closeConnections(code: number, reason: string, role?: Role): void {
    for (const connection of this.connections) {
      if (!role || connection.role === role) connection.close(code, reason);
    }
  }

  /** Flushes and compacts, then forgets the room; nobody joins it meanwhile (isUnloaded). */
  unload(): Promise<void> {
    if (this.unloaded) return Promise.resolve();
    this.unloading ??= this.flushAndCompact();
    return this.unloading;
  }

  private async flushAndCompact(): Promise<void> {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    // Whatever arrives while a commit is awaited joins the next one, so flush until nothing is left.
    while (!this.unloaded && (this.outbox.length > 0 || this.committing)) await this.flush();
    if (this.unloaded) return;
    if (this.appendsSinceCompaction > 0) {
      try {
        await this.compact();
      } catch (error) {
        this.log.error({ err: error }, 'compaction on unload failed; the update log is kept');
      }
    }
    this.log.info('room unloaded');
    this.destroy();
  }

  private destroy(): void {
    if (this.unloaded) return;
    this.unloaded = true;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.editRequests.destroy();
    this.presence.destroy();
    this.doc.destroy();
    this.deps.onUnload(this);
  }
}
