/**
 * A board served by this instance while another instance owns it (holds its lease):
 * a replica of what the owner committed, for this instance's connections.
 *
 * - Reads and joins are answered from the replica, which holds only committed
 *   updates: the database's state when it loaded, then each update the owner relays
 *   after its commit. So no client here ever sees an update a crash could lose.
 * - Clients' updates are not applied here: they are forwarded whole to the owner,
 *   which checks them (size, cost, the role's write rules) as it checks its own, and
 *   they come back, to everyone here, once committed. The owner's refusals reach the
 *   sender through this instance's stream (cluster/node.ts).
 * - Interest: while loaded, the replica tells the owner every `interestEveryMs` that it
 *   follows the board; the owner relays commits only while some replica does.
 * - Sequence: each relayed commit carries the owner's lease epoch and a number one
 *   more than the last. A gap (commits the owner made while no replica followed, entries
 *   trimmed while this instance lagged, or lost while Redis was down), a new owner, or
 *   the owner's position past what the replica holds reloads the replica from the
 *   database; so does the first relayed entry after a load that found no position to
 *   start from. The difference goes to everyone here, and every client is asked again
 *   for what the board lacks (a y-websocket client answers sync step 1 with it: its
 *   unacknowledged edits).
 * - Owner gone: every half lease the replica looks whether anyone holds the lease; when
 *   nobody does, this instance takes the board over (rooms.ts), and the replica's
 *   connections reconnect to the new owner room (close 1012), resending their edits.
 */
import { CLOSE, type Role } from '@journeyboard/shared';
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Limits } from '../../config.js';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import type { AsyncBoardStore } from '../../storage/async-board-store.js';
import { applyStoredState } from '../../storage/board-store.js';
import { encodeSyncStep1, encodeSyncUpdate } from '../codec.js';
import { broadcast, type Connection } from '../connection.js';
import { type FrameHandlers, receiveFrame } from '../frames.js';
import { RoomPresence } from '../room-presence.js';
import { SyncAnswers } from '../sync-answers.js';
import { STREAM_LENGTH } from './bus.js';
import { type BoardOutMessage, interestEveryMs } from './messages.js';
import type { ClusterNode } from './node.js';
import { RoomLink } from './room-link.js';

/** How soon a reload that failed (the database away) is tried again. */
const RESYNC_RETRY_MS = 1000;

/** Transactions that bring committed state into the replica. */
const COMMITTED = Symbol('committed');

/** An update with no structs and no deletions: a client's sync answer that has nothing new. */
const isEmptyUpdate = (update: Uint8Array) => update.byteLength <= 2 && update.every((b) => b === 0);

export interface ReplicaDeps {
  store: AsyncBoardStore;
  node: ClusterNode;
  metrics: Metrics;
  log: Logger;
  limits: Limits;
  /** How often to look whether the board's owner is gone. */
  ownerCheckMs: number;
  /** Nobody holds the lease: this instance tries to take the board over. */
  takeOver(replica: ReplicaRoom): void;
  onUnload(replica: ReplicaRoom): void;
}

export class ReplicaRoom {
  readonly doc = new Y.Doc();
  readonly connections = new Set<Connection>();
  private readonly presence: RoomPresence;
  private readonly answers: SyncAnswers;
  private readonly handlers: FrameHandlers;
  private link: RoomLink | null = null;
  private unfollowOut: (() => void) | null = null;
  /** The owner's lease epoch and commit sequence the replica holds everything up to; null: not known. */
  private epoch: number | null = null;
  private seq = 0;
  /** Relayed commits that arrived while the replica reloaded: applied after it. */
  private resyncing: BoardOutMessage[] | null = null;
  /** A failed reload to be tried again: it brings whatever is relayed meanwhile. */
  private retry: NodeJS.Timeout | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private unloadTimer: NodeJS.Timeout | null = null;
  private unloaded = false;
  private readonly log: Logger;

  private constructor(
    readonly boardId: string,
    private readonly deps: ReplicaDeps,
  ) {
    this.log = deps.log.child({ boardId, replica: true });
    this.answers = new SyncAnswers(this.doc, deps.limits.cacheSyncAnswers);
    this.presence = new RoomPresence(
      this.doc,
      this.connections,
      deps.metrics,
      () => this.sendPresence(),
      (connection, error) => connection.close(CLOSE.malformed, String(error).slice(0, 120)),
    );
    this.handlers = {
      syncStep1: (connection, stateVector) => {
        connection.sendAnswer(this.answers.answer(stateVector));
      },
      update: (connection, update) => this.forward(connection, update),
      presence: this.presence,
    };
  }

  /** Times the replica encoded the board to answer joiners (as Room.boardEncodes). */
  get boardEncodes(): number {
    return this.answers.encodes;
  }

  static async load(boardId: string, deps: ReplicaDeps): Promise<ReplicaRoom> {
    const replica = new ReplicaRoom(boardId, deps);
    const { bus } = deps.node;
    // Where the relay stands before the database is read: nothing committed after it is missed.
    const last = await bus.last(bus.key('out', boardId));
    const state = await deps.store.loadState(boardId);
    applyStoredState(replica.doc, state, COMMITTED);
    replica.startFrom(last?.message as BoardOutMessage | undefined);
    replica.unfollowOut = bus.follow(bus.key('out', boardId), last?.id ?? '0', (message) =>
      replica.relay(message as BoardOutMessage),
    ).stop;
    replica.link = new RoomLink(bus, replica, deps.metrics, replica.log);
    replica.every(deps.ownerCheckMs, () => deps.takeOver(replica));
    // The owner relays its commits, and keeps its room (and lease), while this replica is loaded.
    replica.every(interestEveryMs(deps.limits.roomUnloadGraceMs), () => replica.sayInterest());
    replica.sayInterest();
    replica.leaveEmpty();
    deps.metrics.clusterReplicaLoads.inc();
    replica.log.info({ bytes: state.bytes }, 'replica loaded');
    return replica;
  }

  get isUnloaded(): boolean {
    return this.unloaded;
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.presence.awareness;
  }

  join(connection: Connection): void {
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    this.connections.add(connection);
    this.deps.node.connections.set(connection.id, connection);
    connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const everyone = this.presence.everyoneFrame();
    if (everyone) connection.send(everyone);
  }

  leave(connection: Connection): void {
    if (!this.connections.delete(connection)) return;
    this.deps.node.connections.delete(connection.id);
    this.presence.leave(connection);
    this.leaveEmpty();
  }

  receive(connection: Connection, frame: Uint8Array): void | Promise<void> {
    return receiveFrame(this.deps.metrics, connection, frame, this.handlers);
  }

  /** The board as committed: what a named version stores when asked here. */
  encodeState(): Uint8Array {
    return Y.encodeStateAsUpdate(this.doc);
  }

  closeConnections(code: number, reason: string, role?: Role): void {
    for (const connection of this.connections) {
      if (!role || connection.role === role) connection.close(code, reason);
    }
  }

  /** Sends a client's update to the board's owner; it comes back to everyone here once committed. */
  private async forward(connection: Connection, update: Uint8Array): Promise<void> {
    if (isEmptyUpdate(update)) return;
    if (!connection.takeForwardBytes(update.byteLength)) {
      this.deps.metrics.errors.inc({ kind: 'rate_limited' });
      connection.close(CLOSE.rateLimited, 'too many bytes of updates');
      return;
    }
    const { bus } = this.deps.node;
    try {
      await bus.add(
        bus.key('in', this.boardId),
        {
          kind: 'forward',
          from: bus.instanceId,
          connection: connection.id,
          role: connection.role,
          participantId: connection.participantId,
          update,
        },
        STREAM_LENGTH.in,
      );
      this.deps.metrics.clusterForwarded.inc();
    } catch (error) {
      // Not acknowledged, so the client keeps it; it is asked again once Redis is back (resync).
      this.deps.metrics.errors.inc({ kind: 'cluster_forward' });
      connection.log.warn({ err: error }, 'update not forwarded to the board owner');
    }
  }

  private relay(message: BoardOutMessage): void {
    if (this.unloaded) return;
    if (this.resyncing) {
      this.resyncing.push(message);
      return;
    }
    const known = this.epoch !== null && message.epoch === this.epoch;
    if (known && message.seq <= this.seq) return;
    if (!known || message.kind === 'position' || message.seq !== this.seq + 1) {
      // A reload that failed is tried again soon, and brings this too.
      if (this.retry) return;
      void this.resync(
        this.epoch === null
          ? 'position not known'
          : !known
            ? 'new board owner'
            : 'gap in the relayed commits',
      );
      return;
    }
    this.seq = message.seq;
    Y.applyUpdate(this.doc, message.update, COMMITTED);
    const frame = encodeSyncUpdate(message.update);
    this.answers.committed(frame);
    const presence = this.presence.pending ? this.presence.take(true) : null;
    this.broadcast(presence ? [frame, presence] : [frame]);
    this.deps.metrics.clusterRelayed.inc();
  }

  /**
   * Reloads the replica from the database (everything committed), sends everyone here
   * what they lacked, and asks each client again for what the board lacks.
   */
  async resync(why: string): Promise<void> {
    if (this.resyncing || this.unloaded) return;
    this.resyncing = [];
    this.deps.metrics.clusterResyncs.inc();
    this.log.info({ why }, 'replica reloading from the database');
    const { bus } = this.deps.node;
    try {
      const last = await bus.last(bus.key('out', this.boardId));
      const state = await this.deps.store.loadState(this.boardId);
      if (this.unloaded) return;
      const before = Y.encodeStateVector(this.doc);
      applyStoredState(this.doc, state, COMMITTED);
      const missed = Y.encodeStateAsUpdate(this.doc, before);
      const frame = encodeSyncUpdate(missed);
      this.answers.committed(frame);
      this.broadcast([frame]);
      this.startFrom(last?.message as BoardOutMessage | undefined);
    } catch (error) {
      // Still missing what it reloaded for: tried again shortly, not only at the next gap.
      this.log.warn({ err: error }, 'replica could not reload; trying again');
      this.epoch = null;
      this.retry ??= setTimeout(() => {
        this.retry = null;
        void this.resync(`retry: ${why}`);
      }, RESYNC_RETRY_MS).unref();
    } finally {
      const waiting = this.resyncing ?? [];
      this.resyncing = null;
      for (const message of waiting) this.relay(message);
    }
    this.link?.rejoin();
    this.askEveryone();
  }

  /** The newest out-stream entry, read before the database: the replica holds everything up to it. */
  private startFrom(last: BoardOutMessage | undefined): void {
    this.epoch = last?.epoch ?? null;
    this.seq = last?.seq ?? 0;
  }

  /** Sync step 1 to every client: each answers with what it has and the board lacks. */
  private askEveryone(): void {
    const frame = encodeSyncStep1(Y.encodeStateVector(this.doc));
    for (const connection of this.connections) connection.send(frame);
  }

  private sendPresence(): void {
    const presence = this.presence.pending ? this.presence.take(false) : null;
    if (presence) this.broadcast([presence]);
  }

  private broadcast(frames: readonly Uint8Array[]): void {
    broadcast(this.connections, frames, this.deps.metrics);
  }

  private sayInterest(): void {
    const { bus } = this.deps.node;
    bus
      .add(bus.key('in', this.boardId), { kind: 'interest', from: bus.instanceId }, STREAM_LENGTH.in)
      .catch(() => this.deps.metrics.errors.inc({ kind: 'cluster_interest' }));
  }

  private every(ms: number, run: () => void): void {
    this.timers.push(setInterval(run, ms).unref());
  }

  private leaveEmpty(): void {
    if (this.unloaded || this.unloadTimer || this.connections.size > 0) return;
    this.unloadTimer = setTimeout(() => this.unload(), this.deps.limits.roomUnloadGraceMs).unref();
  }

  discardFromCluster(): void {
    this.closeConnections(CLOSE.boardDeleted, 'board deleted');
    this.unload();
  }

  /** This instance took the board over: its clients reconnect to the owner room (and resend what is not committed). */
  handOver(): void {
    this.closeConnections(CLOSE.serviceRestart, 'board moved to this instance; reconnect');
    this.unload();
  }

  unload(): void {
    if (this.unloaded) return;
    this.unloaded = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    if (this.retry) clearTimeout(this.retry);
    this.link?.close();
    this.unfollowOut?.();
    for (const connection of this.connections) this.deps.node.connections.delete(connection.id);
    this.presence.destroy();
    this.doc.destroy();
    this.deps.onUnload(this);
    this.log.info('replica unloaded');
  }
}
