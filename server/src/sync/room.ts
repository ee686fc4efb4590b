/**
 * A live room: one board's Y.Doc in memory, its awareness, and its connections.
 *
 * Life cycle: loaded from storage (and migrated) before it answers anything;
 * joined and left by connections; when the last one leaves it waits a grace
 * period, flushes, compacts and unloads.
 *
 * Fast path: every update applied in one event-loop turn is collected from the
 * doc, merged, appended to storage in one commit and only then broadcast as one
 * frame encoded once for every recipient. A sync-step-2 answer first commits
 * whatever is pending, so no client ever sees an update that is not durable.
 *
 * Storage trouble: when an append fails (disk full, read-only file), the edit is
 * neither broadcast nor acknowledged; every connection is closed with 1011 and the
 * room is dropped, so nothing unstored stays in memory to be served. Clients keep
 * their edits and reconnect; the reloaded room answers their sync but holds back its
 * own sync step 1, which is what makes a y-websocket client resend its edits, until
 * the board's back-off has passed (or another write of the board succeeded). So a
 * failing store is retried at a pace that doubles, not at every reconnect.
 */
import { migrateBoard, ORIGINS } from '@journeyboard/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Limits } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { applyStoredState, type BoardStore, type Role } from '../storage/board-store.js';
import type { StorageHealth } from '../storage/storage-health.js';
import { CLOSE } from './close-codes.js';
import {
  type AwarenessEntry,
  type ClientMessage,
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  ProtocolError,
} from './codec.js';
import type { Connection } from './connection.js';
import type { UpdateGuard } from './update-guard.js';

/** Transactions that replay storage are not new: they are neither stored again nor broadcast. */
const STORAGE = Symbol('storage');

/**
 * Presence goes out at most once per this many milliseconds per room. An official
 * y-websocket client sends every presence frame it receives back to the server, so
 * each broadcast costs one inbound frame per client: at one broadcast per event-loop
 * turn, a few dozen moving cursors would push every client past its message rate limit.
 */
const PRESENCE_BROADCAST_MS = 25;

/** A viewer's real writes refused before its connection is closed. */
const VIEWER_WRITE_STRIKES = 3;

/** Bytes of updates waiting for changes the room lacks that a room keeps (see dropRunawayPending). */
const MAX_PENDING_BYTES = 64 * 1024;

export interface RoomDeps {
  store: BoardStore;
  metrics: Metrics;
  log: Logger;
  limits: Limits;
  guard: UpdateGuard;
  storage: StorageHealth;
  /** Called once the room has unloaded (or failed), so the registry forgets it. */
  onUnload(room: Room): void;
}

/**
 * An update that would change nothing here: what a client with no news answers to
 * sync step 1. Yjs puts the client's whole delete set in that answer, so on any board
 * where something was ever deleted it is not empty; it changes nothing as long as
 * every struct is known here and every range it deletes is deleted here already.
 */
function changesNothing(doc: Y.Doc, update: Uint8Array): boolean {
  if (update.byteLength <= 2) return true;
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return false;
  }
  for (const [client, deletions] of ds.clients) {
    const known = doc.store.clients.get(client);
    for (const { clock, len } of deletions) {
      if (!known || clock + len > Y.getState(doc.store, client)) return false;
      for (let i = Y.findIndexSS(known, clock); i < known.length; i++) {
        const struct = known[i] as Y.Item | Y.GC;
        if (struct.id.clock >= clock + len) break;
        if (!struct.deleted) return false;
      }
    }
  }
  return true;
}

export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly connections = new Set<Connection>();
  private outbox: Uint8Array[] = [];
  private outboxSince = 0;
  private awarenessChanged = new Set<number>();
  private lastPresenceBroadcast = Number.NEGATIVE_INFINITY;
  private presenceTimer: NodeJS.Timeout | null = null;
  private flushScheduled = false;
  private storedBytes = 0;
  /** Bytes of updates applied this turn and not yet committed: they count against the board's size too. */
  private pendingBytes = 0;
  private appendsSinceCompaction = 0;
  private unloadTimer: NodeJS.Timeout | null = null;
  /** Connections not yet asked for their edits because this board's storage failed a moment ago. */
  private readonly heldBack = new Set<Connection>();
  private retryTimer: NodeJS.Timeout | null = null;
  private unloaded = false;
  private readonly log: Logger;

  private constructor(
    readonly boardId: string,
    private readonly deps: RoomDeps,
  ) {
    this.log = deps.log.child({ boardId });
    this.awareness.setLocalState(null);
  }

  /** Loads a board from storage, migrating it forward if it is older than this server. */
  static load(boardId: string, deps: RoomDeps): Room {
    const started = performance.now();
    const room = new Room(boardId, deps);
    const state = deps.store.loadState(boardId);
    applyStoredState(room.doc, state, STORAGE);
    room.storedBytes = state.bytes;
    room.appendsSinceCompaction = state.updates.length;
    room.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === STORAGE) return;
      if (room.outbox.length === 0) room.outboxSince = performance.now();
      room.outbox.push(update);
      room.scheduleFlush();
    });
    room.awareness.on('update', ({ added, updated, removed }: AwarenessChanges) => {
      for (const id of [...added, ...updated, ...removed]) room.awarenessChanged.add(id);
      room.scheduleFlush();
    });
    const migration = migrateBoard(room.doc, ORIGINS.server);
    if (migration.applied.length > 0) room.log.info({ migration }, 'board migrated');
    room.flush();
    deps.metrics.roomLoadSeconds.observe((performance.now() - started) / 1000);
    room.log.info({ bytes: state.bytes, ms: Math.round(performance.now() - started) }, 'room loaded');
    return room;
  }

  get isUnloaded(): boolean {
    return this.unloaded;
  }

  join(connection: Connection): void {
    if (this.unloadTimer) {
      clearTimeout(this.unloadTimer);
      this.unloadTimer = null;
    }
    this.connections.add(connection);
    this.askForEdits(connection);
    const others = Array.from(this.awareness.getStates().keys());
    if (others.length > 0) {
      connection.send(
        encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, others)),
      );
    }
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.heldBack.delete(connection);
    if (connection.clientId !== null) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [connection.clientId], connection);
    }
    if (this.connections.size === 0) this.leaveEmpty();
  }

  /** Sync step 1: the client answers it with every edit the room lacks, so it waits out a storage back-off. */
  private askForEdits(connection: Connection): void {
    const wait = this.deps.storage.retryAt(this.boardId) - Date.now();
    if (wait <= 0) {
      connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
      return;
    }
    this.heldBack.add(connection);
    this.retryTimer ??= setTimeout(() => this.releaseHeldBack(), wait).unref();
  }

  private releaseHeldBack(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.heldBack.size === 0) return;
    const frame = encodeSyncStep1(Y.encodeStateVector(this.doc));
    for (const connection of this.heldBack) connection.send(frame);
    this.heldBack.clear();
  }

  /** With nobody left, the room unloads after its grace period unless someone joins. */
  leaveEmpty(): void {
    if (this.unloaded || this.unloadTimer) return;
    this.unloadTimer = setTimeout(() => this.unload(), this.deps.limits.roomUnloadGraceMs);
    this.unloadTimer.unref();
  }

  /** Forgets the room without writing (its board was deleted). */
  discard(): void {
    this.outbox = [];
    this.destroy();
  }

  /** Handles one frame from a connection of this room. */
  receive(connection: Connection, frame: Uint8Array): void | Promise<void> {
    const { metrics } = this.deps;
    metrics.bytesIn.inc(frame.byteLength);
    if (!connection.takeMessageToken()) {
      metrics.errors.inc({ kind: 'rate_limited' });
      connection.close(CLOSE.rateLimited, 'too many messages');
      return;
    }
    let message: ClientMessage;
    try {
      message = decodeClientMessage(frame);
    } catch (error) {
      return this.refuseMalformed(connection, error);
    }
    metrics.messagesIn.inc({ type: message.type });
    if (
      (message.type === 'sync-step1' || message.type === 'query-awareness') &&
      !connection.takeSyncRequestToken()
    ) {
      metrics.errors.inc({ kind: 'rate_limited' });
      connection.close(CLOSE.rateLimited, 'too many sync requests');
      return;
    }
    try {
      switch (message.type) {
        case 'sync-step1':
          this.answerSyncStep1(connection, message.stateVector);
          return;
        case 'sync-step2':
        case 'sync-update':
          return this.receiveUpdate(connection, message.update);
        case 'awareness':
          this.receiveAwareness(connection, message.update);
          return;
        case 'query-awareness': {
          const ids = Array.from(this.awareness.getStates().keys());
          connection.send(
            encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)),
          );
          return;
        }
      }
    } catch (error) {
      this.refuseMalformed(connection, error);
    }
  }

  private refuseMalformed(connection: Connection, error: unknown): void {
    this.deps.metrics.errors.inc({ kind: 'malformed' });
    const reason = error instanceof ProtocolError ? error.message : 'malformed message';
    connection.log.warn({ reason }, 'malformed message');
    connection.close(CLOSE.malformed, reason.slice(0, 120));
  }

  private answerSyncStep1(connection: Connection, stateVector: Uint8Array): void {
    this.flush();
    if (this.unloaded) return;
    let diff: Uint8Array;
    try {
      diff = this.encodeIntegrated(stateVector);
    } catch (error) {
      throw new ProtocolError(`bad state vector: ${error instanceof Error ? error.message : String(error)}`);
    }
    connection.send(encodeSyncStep2(diff));
  }

  /**
   * What the board holds beyond `stateVector`, without the structs still waiting for
   * changes it lacks. Yjs would merge those into every answer: they are not stored,
   * only a broken or hostile client sends them, and under a fuzzer the merge was most
   * of the process's time (a few milliseconds per sync request, all rooms waiting).
   */
  private encodeIntegrated(stateVector: Uint8Array): Uint8Array {
    const { store } = this.doc;
    const { pendingStructs, pendingDs } = store;
    store.pendingStructs = null;
    store.pendingDs = null;
    try {
      return Y.encodeStateAsUpdate(this.doc, stateVector);
    } finally {
      store.pendingStructs = pendingStructs;
      store.pendingDs = pendingDs;
    }
  }

  private receiveUpdate(connection: Connection, update: Uint8Array): void | Promise<void> {
    if (connection.role === 'viewer') {
      if (changesNothing(this.doc, update)) return;
      this.deps.metrics.errors.inc({ kind: 'viewer_write' });
      connection.refusedWrites++;
      connection.send(encodePermissionDenied('viewers cannot change this board'));
      if (connection.refusedWrites >= VIEWER_WRITE_STRIKES) {
        connection.close(CLOSE.forbidden, 'viewers cannot change this board');
      }
      return;
    }
    if (this.storedBytes + this.pendingBytes + update.byteLength > this.deps.limits.maxBoardBytes) {
      this.deps.metrics.errors.inc({ kind: 'board_too_large' });
      connection.send(encodePermissionDenied('board is at its size limit'));
      connection.close(CLOSE.boardTooLarge, 'board is at its size limit');
      return;
    }
    const checked = this.deps.guard.check(update);
    if (checked instanceof Promise) {
      return checked.then(
        () => this.apply(connection, update),
        (error: unknown) => this.refuseMalformed(connection, error),
      );
    }
    this.apply(connection, update);
  }

  private apply(connection: Connection, update: Uint8Array): void {
    if (this.unloaded || connection.closed) return;
    this.pendingBytes += update.byteLength;
    try {
      Y.applyUpdate(this.doc, update, connection);
    } catch (error) {
      this.failApply(connection, error);
      return;
    }
    this.dropRunawayPending(connection);
  }

  /**
   * Structs whose dependencies the room lacks wait in the doc, never stored and not
   * counted against the board's size, and every later update and sync answer merges
   * them again: left to grow (the fuzzer grew them by megabytes) they stall the
   * whole process for seconds. Honest clients send what their edits depend on, so
   * past a small bound the waiting structs are dropped and the sender is closed
   * (4400); a client that meant them sends them again on its next sync.
   */
  private dropRunawayPending(connection: Connection): void {
    const { store } = this.doc;
    const bytes = (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
    if (bytes <= MAX_PENDING_BYTES) return;
    store.pendingStructs = null;
    store.pendingDs = null;
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
  private failApply(connection: Connection, error: unknown): void {
    this.deps.metrics.errors.inc({ kind: 'unappliable_update' });
    connection.log.warn(
      { reason: error instanceof Error ? error.message : String(error), connections: this.connections.size },
      'update could not be applied; reloading the room without it',
    );
    this.outbox = [];
    this.pendingBytes = 0;
    for (const c of this.connections) c.close(CLOSE.storageFailure, 'update could not be applied; reconnect');
    this.destroy();
  }

  /**
   * Presence is pinned: a connection speaks only for the Yjs client id of its first
   * awareness entry, no other connection's; its name is made unique in the room and
   * its role is stamped by the server.
   */
  private receiveAwareness(connection: Connection, update: Uint8Array): void {
    let forged = false;
    const own = decodeAwarenessUpdate(update, (clientId, clock) => {
      if (connection.clientId === null) {
        const taken = Array.from(this.connections).some((c) => c !== connection && c.clientId === clientId);
        if (!taken) connection.clientId = clientId;
      }
      if (clientId === connection.clientId) return true;
      // Official clients send back every presence they receive: one the room holds already is an echo.
      if ((this.awareness.meta.get(clientId)?.clock ?? -1) < clock) forged = true;
      return false;
    });
    if (forged) this.deps.metrics.errors.inc({ kind: 'foreign_presence' });
    if (own.length === 0) return;
    const accepted: AwarenessEntry[] = own.map((entry) => ({
      ...entry,
      state: this.stampPresence(connection, entry.state),
    }));
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), connection);
  }

  private stampPresence(connection: Connection, state: unknown): unknown {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) return state;
    const presence = state as Record<string, unknown>;
    const user =
      presence.user && typeof presence.user === 'object' && !Array.isArray(presence.user)
        ? (presence.user as Record<string, unknown>)
        : {};
    const wanted = typeof user.name === 'string' ? user.name.trim().slice(0, 60) : '';
    if (wanted !== connection.requestedName) {
      connection.requestedName = wanted;
      connection.displayName = wanted ? this.uniqueName(connection, wanted) : null;
    }
    return { ...presence, user: { ...user, name: connection.displayName ?? 'Guest', role: connection.role } };
  }

  private uniqueName(connection: Connection, name: string): string {
    const taken = new Set(
      Array.from(this.connections)
        .filter((c) => c !== connection && c.displayName)
        .map((c) => (c.displayName as string).toLowerCase()),
    );
    if (!taken.has(name.toLowerCase())) return name;
    for (let n = 2; ; n++) {
      const candidate = `${name} (${n})`;
      if (!taken.has(candidate.toLowerCase())) return candidate;
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Commits pending updates in one append, then broadcasts them and pending presence,
   * each encoded once and both in one write per connection.
   */
  flush(): void {
    this.flushScheduled = false;
    if (this.unloaded) return;
    const { metrics, store } = this.deps;
    const frames: Uint8Array[] = [];
    let committed = false;
    if (this.outbox.length > 0) {
      const update = this.outbox.length === 1 ? (this.outbox[0] as Uint8Array) : Y.mergeUpdates(this.outbox);
      this.outbox = [];
      this.pendingBytes = 0;
      const started = performance.now();
      try {
        this.storedBytes = store.appendUpdate(this.boardId, update, Date.now());
      } catch (error) {
        this.failStorage(error);
        return;
      }
      const stored = performance.now();
      metrics.persistSeconds.observe((stored - started) / 1000);
      metrics.updatesPersisted.inc();
      metrics.commitLatencySeconds.observe((stored - this.outboxSince) / 1000);
      this.deps.storage.stored(this.boardId);
      frames.push(encodeSyncUpdate(update));
      committed = true;
    }
    const presence = this.awarenessChanged.size > 0 ? this.takePresence(committed) : null;
    if (presence) frames.push(presence);
    if (frames.length > 0) this.broadcast(frames);
    if (!committed) return;
    // Storage takes writes again: whoever was waiting may resend now.
    this.releaseHeldBack();
    if (++this.appendsSinceCompaction >= this.deps.limits.compactEveryUpdates) this.compactOrKeepLog();
  }

  /**
   * Pending presence as one frame, or null and a timer if the last presence broadcast
   * was too recent. Beside an update it may go out after half the interval: the two
   * then share one write to each connection, which in a big room is most of the
   * server's work (a system call per connection per write).
   */
  private takePresence(besideUpdate: boolean): Uint8Array | null {
    const since = performance.now() - this.lastPresenceBroadcast;
    const due = besideUpdate ? PRESENCE_BROADCAST_MS / 2 : PRESENCE_BROADCAST_MS;
    if (since < due) {
      this.presenceTimer ??= setTimeout(() => {
        this.presenceTimer = null;
        this.flush();
      }, PRESENCE_BROADCAST_MS - since).unref();
      return null;
    }
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.presenceTimer = null;
    this.lastPresenceBroadcast = performance.now();
    const ids = Array.from(this.awarenessChanged);
    this.awarenessChanged.clear();
    return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  private broadcast(frames: readonly Uint8Array[]): void {
    const { metrics } = this.deps;
    let sent = 0;
    for (const connection of this.connections) if (connection.sendAll(frames)) sent++;
    metrics.messagesOut.inc(sent * frames.length);
    metrics.bytesOut.inc(sent * frames.reduce((bytes, frame) => bytes + frame.byteLength, 0));
  }

  /**
   * Storage refused the commit: nothing was broadcast or acknowledged. The room holds
   * the refused edit in memory, so it is dropped with every connection (1011); clients
   * keep their edits, reconnect to a room reloaded from storage and resend after the back-off.
   */
  private failStorage(error: unknown): void {
    const { failures, retryInMs } = this.deps.storage.failed(this.boardId, error);
    this.deps.metrics.errors.inc({ kind: 'storage' });
    this.log.error(
      { err: error, failures, retryInMs, connections: this.connections.size },
      'storage failed; closing the room without accepting the edit',
    );
    for (const connection of this.connections) connection.close(CLOSE.storageFailure, 'storage unavailable');
    this.destroy();
  }

  /**
   * The appended updates are durable already; compaction only shortens the log. If
   * storage refuses it, the log is kept and compaction is tried again after as many
   * appends; it must not take the process (or the client that asked) down with it.
   */
  private compactOrKeepLog(): void {
    try {
      this.compact();
    } catch (error) {
      this.appendsSinceCompaction = 0;
      this.deps.storage.noteFailure(error);
      this.deps.metrics.errors.inc({ kind: 'compaction' });
      this.log.error({ err: error }, 'compaction failed; the update log is kept');
    }
  }

  compact(): void {
    const snapshot = Y.encodeStateAsUpdate(this.doc);
    this.deps.store.compact(this.boardId, snapshot);
    this.storedBytes = snapshot.byteLength;
    this.appendsSinceCompaction = 0;
  }

  /** Closes every connection of a role (after its link was rotated) or all of them. */
  closeConnections(code: number, reason: string, role?: Role): void {
    for (const connection of this.connections) {
      if (!role || connection.role === role) connection.close(code, reason);
    }
  }

  /** Flushes and compacts, then forgets the room. */
  unload(): void {
    if (this.unloaded) return;
    this.flush();
    if (this.unloaded) return;
    if (this.appendsSinceCompaction > 0) {
      try {
        this.compact();
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
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.presenceTimer) clearTimeout(this.presenceTimer);
    this.heldBack.clear();
    this.awareness.destroy();
    this.doc.destroy();
    this.deps.onUnload(this);
  }
}

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}
