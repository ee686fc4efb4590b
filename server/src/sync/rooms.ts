/**
 * The rooms of this process. A room is loaded once, however many clients join at
 * the same moment (they share one promise while it loads), and forgotten when it unloads.
 *
 * On a shared database a room holds its board's lease (storage/board-leases.ts): taken
 * before the board is read, renewed every third of its time to live while the room is
 * loaded, released once it has unloaded. A board another live instance serves cannot
 * be opened here (BoardServedElsewhereError); a lease found lost drops the room.
 *
 * In a cluster (REDIS_URL too) any instance serves any board: where another instance
 * holds the lease, this one serves a replica of the board (cluster/replica-room.ts)
 * that forwards its clients' updates to the owner and relays what the owner committed;
 * when the owner is gone, the replica takes the board over. Server-side changes asked
 * here (REST) run in the owner's room, here or at the owner (sync/board-changes.ts).
 */

import type { Role } from '@journeyboard/shared';
import { CLOSE } from '@journeyboard/shared';
import type { Limits } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import { type BoardLease, type BoardLeases, LeaseLostError } from '../storage/board-leases.js';
import { StorageHealth } from '../storage/storage-health.js';
import {
  BOARD_CHANGES,
  type ChangeArgs,
  type ChangeName,
  type ChangeResult,
  isChangeName,
} from './board-changes.js';
import { ChangeTimeoutError, type ClusterNode } from './cluster/node.js';
import { OwnerLink } from './cluster/owner-link.js';
import { ReplicaRoom } from './cluster/replica-room.js';
import { Room } from './room.js';
import type { UpdateGuard } from './update-guard.js';

/** A board's room on this instance: the owner's, or (cluster mode) a replica of it. */
export type LiveRoom = Room | ReplicaRoom;

export class RoomLimitError extends Error {
  override readonly name: string = 'RoomLimitError';
}

/**
 * Storage refused a write the room needed (a REST change, a migration on load):
 * nothing of it was kept. A room that cannot be opened now, like a full server (503).
 */
export class StorageUnavailableError extends RoomLimitError {
  override readonly name = 'StorageUnavailableError';
}

/** Another live instance holds the board's lease: like a full server (503), try again later. */
export class BoardServedElsewhereError extends RoomLimitError {
  override readonly name = 'BoardServedElsewhereError';
  constructor(readonly retryAfterSeconds: number) {
    super('board is served by another instance');
  }
}

export class Rooms {
  private readonly rooms = new Map<string, LiveRoom>();
  /** Rooms being loaded from storage: whoever opens one meanwhile waits for the same load. */
  private readonly loading = new Map<string, Promise<LiveRoom>>();
  /** Cluster mode: each owner room's link to the other instances. */
  private readonly ownerLinks = new Map<string, OwnerLink>();
  /** How many times a room was loaded from storage (tests show concurrent joins load once). */
  loads = 0;
  /** The leases this instance holds, each with its room once loaded: renewed together (renewLeases). */
  private readonly held = new Map<string, { lease: BoardLease; room: () => Room | null }>();
  private renewals: NodeJS.Timeout | null = null;
  private renewing = false;
  /** Leases being released: a stopping server lets its boards go before it closes the store. */
  private readonly releasing = new Set<Promise<void>>();
  /** Whether writes fail (for /healthz) and each failing board's back-off. */
  readonly storage = new StorageHealth();

  constructor(
    private readonly deps: {
      store: AsyncBoardStore;
      leases: BoardLeases;
      metrics: Metrics;
      log: Logger;
      limits: Limits;
      guard: UpdateGuard;
      /** This instance in a cluster (REDIS_URL), or null on its own. */
      cluster?: ClusterNode | null;
    },
  ) {
    // Redis is back after an outage: what was relayed or forwarded meanwhile may be lost.
    deps.cluster?.bus.onReconnect(() => {
      for (const room of this.rooms.values()) {
        if (room instanceof ReplicaRoom) void room.resync('redis is back');
      }
      for (const link of this.ownerLinks.values()) link.rejoin();
    });
  }

  /** Whether this instance serves boards another instance owns (cluster mode). */
  get servesAnyBoard(): boolean {
    return Boolean(this.deps.cluster);
  }

  /** Boards whose lease this instance holds (for /healthz). */
  get owned(): string[] {
    return Array.from(this.rooms.values())
      .filter((room) => room instanceof Room && !room.isUnloaded)
      .map((room) => room.boardId);
  }

  /** Boards this instance serves for their owner elsewhere. */
  get replicas(): number {
    return Array.from(this.rooms.values()).filter((room) => room instanceof ReplicaRoom).length;
  }

  get(boardId: string): LiveRoom | undefined {
    return this.rooms.get(boardId);
  }

  get size(): number {
    return this.rooms.size;
  }

  /** The board's room, loading it from storage if it is not in memory. */
  open(boardId: string): Promise<LiveRoom> {
    const existing = this.rooms.get(boardId);
    if (existing) {
      if (!existing.isUnloaded) return Promise.resolve(existing);
      // Still unloading: its last commit and its compaction land before the board is read again.
      return Promise.resolve(existing.unload()).then(() => this.open(boardId));
    }
    const loading = this.loading.get(boardId);
    if (loading) return loading;
    // Rooms still loading count too: a burst of joins to new boards cannot overshoot the cap.
    if (this.rooms.size + this.loading.size >= this.deps.limits.maxRooms) {
      return Promise.reject(
        new RoomLimitError(`this server holds its maximum of ${this.deps.limits.maxRooms} open boards`),
      );
    }
    const load = this.load(boardId).finally(() => this.loading.delete(boardId));
    this.loading.set(boardId, load);
    return load;
  }

  private async load(boardId: string): Promise<LiveRoom> {
    const { leases } = this.deps;
    const lease = await leases.acquire(boardId);
    if (lease) return this.loadOwner(boardId, lease);
    if (!this.deps.cluster) throw new BoardServedElsewhereError(Math.ceil((leases.ttlMs ?? 1000) / 1000));
    return this.loadReplica(boardId, this.deps.cluster);
  }

  private async loadReplica(boardId: string, node: ClusterNode): Promise<ReplicaRoom> {
    const replica = await ReplicaRoom.load(boardId, {
      ...this.deps,
      node,
      ownerCheckMs: (this.deps.leases.ttlMs ?? 5000) / 2,
      takeOver: (stale) => this.takeOver(stale),
      onUnload: (unloaded) => {
        if (this.rooms.get(boardId) === unloaded) this.rooms.delete(boardId);
        this.deps.metrics.rooms.set(this.rooms.size);
      },
    });
    this.rooms.set(boardId, replica);
    this.deps.metrics.rooms.set(this.rooms.size);
    return replica;
  }

  /**
   * A replica's check that its board still has an owner: when nobody holds the lease
   * (the owner died, or unloaded), this instance takes it and loads the owner room; the
   * replica's clients reconnect to it. Joiners meanwhile wait for the load.
   */
  private takeOver(replica: ReplicaRoom): void {
    const { boardId } = replica;
    if (this.rooms.get(boardId) !== replica || this.loading.has(boardId) || replica.isUnloaded) return;
    const load = (async (): Promise<LiveRoom> => {
      const lease = await this.deps.leases.acquire(boardId);
      if (!lease) return replica;
      const room = await this.loadOwner(boardId, lease);
      this.deps.metrics.clusterTakeOvers.inc();
      this.deps.log.info({ boardId }, 'took the board over from an owner that is gone');
      replica.handOver();
      return room;
    })().finally(() => this.loading.delete(boardId));
    this.loading.set(boardId, load);
    load.catch((error: unknown) => this.deps.log.warn({ err: error, boardId }, 'take-over failed'));
  }

  private async loadOwner(boardId: string, lease: BoardLease): Promise<Room> {
    const { leases, log, cluster } = this.deps;
    let room: Room | null = null;
    this.hold(lease, () => room);
    const released = () => {
      this.letGo(lease);
      leases
        .release(lease)
        .catch((error: unknown) => log.warn({ err: error, boardId }, 'lease not released'));
    };
    try {
      room = await Room.load(boardId, {
        ...this.deps,
        storage: this.storage,
        onUnload: (unloaded) => {
          released();
          this.ownerLinks.get(boardId)?.close();
          this.ownerLinks.delete(boardId);
          if (this.rooms.get(boardId) === unloaded) this.rooms.delete(boardId);
          this.deps.metrics.rooms.set(this.rooms.size);
          this.deps.metrics.leasesHeld.set(this.owned.length);
        },
        onCommitted: (update) => this.ownerLinks.get(boardId)?.committed(update),
      });
    } catch (error) {
      released();
      throw error;
    }
    this.loads++;
    if (room.isUnloaded) throw new StorageUnavailableError('storage unavailable: board not migrated');
    if (cluster) {
      const owned = room;
      const target = {
        boardId,
        awareness: owned.awareness,
        closeConnections: (code: number, reason: string, role?: Role) =>
          owned.closeConnections(code, reason, role),
        discardFromCluster: () => this.discardHere(boardId),
      };
      const run = (r: Room, change: string, args: unknown) => {
        if (!isChangeName(change)) return Promise.reject(new Error(`no such change: ${change}`));
        return this.changeHere(r, change, args as never);
      };
      this.ownerLinks.set(
        boardId,
        new OwnerLink(
          cluster,
          room,
          target,
          lease,
          run,
          this.deps.limits.roomUnloadGraceMs,
          this.deps.metrics,
          log.child({ boardId }),
        ),
      );
    }
    this.rooms.set(boardId, room);
    this.deps.metrics.rooms.set(this.rooms.size);
    if (this.deps.leases.ttlMs !== null) this.deps.metrics.leasesHeld.set(this.owned.length);
    return room;
  }

  /**
   * Keeps the lease renewed while its room is loaded. Every held lease is renewed
   * together, every third of the time to live, in one round trip to the database (one
   * query per board and renewal cost an instance with 300 boards 180 queries a second,
   * most of its CPU while its rooms were quiet). A lease taken between two rounds is
   * renewed at the next, well within its life.
   */
  private hold(lease: BoardLease, room: () => Room | null): void {
    const ttlMs = this.deps.leases.ttlMs;
    if (ttlMs === null) return;
    this.held.set(lease.boardId, { lease, room });
    this.renewals ??= setInterval(() => void this.renewLeases(), ttlMs / 3).unref();
  }

  private letGo(lease: BoardLease): void {
    if (this.held.get(lease.boardId)?.lease !== lease) return;
    this.held.delete(lease.boardId);
    if (this.held.size === 0 && this.renewals) {
      clearInterval(this.renewals);
      this.renewals = null;
    }
  }

  /**
   * One renewal round. A lease refused (expired, or another instance took it) drops
   * its room as a refused write would. A round that fails (the database unreachable)
   * is tried again next time: if a lease runs out meanwhile, the next round refuses it,
   * and so does any write. A round still waiting for the database is not doubled.
   */
  private async renewLeases(): Promise<void> {
    if (this.renewing || this.held.size === 0) return;
    this.renewing = true;
    const round = Array.from(this.held.values());
    try {
      const lost = new Set(await this.deps.leases.renew(round.map((held) => held.lease)));
      for (const { lease, room } of round) {
        if (!lost.has(lease)) continue;
        const dropped = room();
        // A room already unloading finds out at its next write, if it has one.
        if (dropped && !dropped.isUnloaded) dropped.failStorage(new LeaseLostError(lease.boardId));
      }
    } catch (error) {
      this.deps.log.warn({ err: error, leases: round.length }, 'lease renewal failed');
    } finally {
      this.renewing = false;
    }
  }

  /**
   * Makes a server-side change on a board (rename, restore: sync/board-changes.ts): in
   * its live room when one is open, so everyone sees it at once; otherwise in a room
   * opened for the change, which unloads after its grace period (a room arms its unload
   * when it loads). In a cluster, a board owned elsewhere has the change made by its
   * owner. Resolves once the change is committed.
   */
  async change<N extends ChangeName>(
    boardId: string,
    change: N,
    args: ChangeArgs<N>,
  ): Promise<ChangeResult<N>> {
    const room = await this.open(boardId);
    if (room instanceof Room) return this.changeHere(room, change, args);
    let answer: { ok: boolean; result: string };
    try {
      answer = await (this.deps.cluster as ClusterNode).askOwner(boardId, change, args);
    } catch (error) {
      if (error instanceof ChangeTimeoutError) throw new StorageUnavailableError(error.message);
      throw error;
    }
    if (!answer.ok) {
      const { name, message } = JSON.parse(answer.result) as { name: string; message: string };
      throw name === 'StorageUnavailableError' ? new StorageUnavailableError(message) : new Error(message);
    }
    return JSON.parse(answer.result) as ChangeResult<N>;
  }

  private async changeHere<N extends ChangeName>(
    room: Room,
    change: N,
    args: ChangeArgs<N>,
  ): Promise<ChangeResult<N>> {
    const run = BOARD_CHANGES[change] as unknown as (
      r: Room,
      a: ChangeArgs<N>,
      c: typeof this.deps,
    ) => Promise<ChangeResult<N>>;
    const result = await run(room, args, this.deps);
    await room.flush();
    // The room failed its append and dropped the change with itself.
    if (room.dropped) throw new StorageUnavailableError('storage unavailable: change not stored');
    return result;
  }

  /** Reads a board as it is now: from its live room (or replica), or from one opened for the read (it unloads after its grace). */
  async read<T>(boardId: string, fn: (room: LiveRoom) => T): Promise<T> {
    return fn(await this.open(boardId));
  }

  /** Closes a board's connections (of one role, or all), on every instance serving it. */
  closeConnections(boardId: string, code: number, reason: string, role?: Role): void {
    this.rooms.get(boardId)?.closeConnections(code, reason, role);
    this.tellCluster(boardId, { kind: 'close', code, reason, role: role ?? null });
  }

  /** Drops a deleted board's room without writing anything more for it, on every instance serving it. */
  discard(boardId: string): void {
    this.discardHere(boardId);
    this.tellCluster(boardId, { kind: 'discard' });
  }

  private tellCluster(boardId: string, message: Parameters<ClusterNode['tellBoard']>[1]): void {
    this.deps.cluster
      ?.tellBoard(boardId, message)
      .catch((error: unknown) => this.deps.log.warn({ err: error, boardId }, 'other instances not told'));
  }

  private discardHere(boardId: string): void {
    this.storage.forget(boardId);
    const drop = (room: LiveRoom) => {
      room.closeConnections(CLOSE.boardDeleted, 'board deleted');
      if (room instanceof Room) room.discard();
      else room.unload();
    };
    // A room still loading is dropped as soon as it has loaded (with whoever joined it first).
    this.loading.get(boardId)?.then(drop, () => {});
    const room = this.rooms.get(boardId);
    if (room) drop(room);
  }

  /** Flushes and unloads every room (graceful shutdown), rooms still loading included, and lets their leases go. */
  async unloadAll(): Promise<void> {
    const unloadOpen = () =>
      Promise.all(
        Array.from(this.rooms.values(), (room) => {
          room.closeConnections(CLOSE.goingAway, 'server shutting down');
          return room.unload();
        }),
      );
    // Connections of open rooms are told at once (before the server cuts the sockets).
    const open = unloadOpen();
    await Promise.allSettled(this.loading.values());
    await open;
    await unloadOpen();
    await Promise.all(this.releasing);
  }
}
