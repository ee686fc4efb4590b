/**
 * The rooms of this process. A room is loaded once, however many clients join at
 * the same moment (they share one promise while it loads), and forgotten when it unloads.
 *
 * On a shared database a room holds its board's lease (storage/board-leases.ts): taken
 * before the board is read, renewed every third of its time to live while the room is
 * loaded, released once it has unloaded. A board another live instance serves cannot
 * be opened here (BoardServedElsewhereError); a lease found lost drops the room.
 */

import type { Role } from '@journeyboard/shared';
import { CLOSE } from '@journeyboard/shared';
import type { Limits } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import { type BoardLease, type BoardLeases, LeaseLostError } from '../storage/board-leases.js';
import { StorageHealth } from '../storage/storage-health.js';
import { Room } from './room.js';
import type { UpdateGuard } from './update-guard.js';

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
  private readonly rooms = new Map<string, Room>();
  /** Rooms being loaded from storage: whoever opens one meanwhile waits for the same load. */
  private readonly loading = new Map<string, Promise<Room>>();
  /** How many times a room was loaded from storage (tests show concurrent joins load once). */
  loads = 0;
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
    },
  ) {}

  get(boardId: string): Room | undefined {
    return this.rooms.get(boardId);
  }

  get size(): number {
    return this.rooms.size;
  }

  /** The board's room, loading it from storage if it is not in memory. */
  open(boardId: string): Promise<Room> {
    const existing = this.rooms.get(boardId);
    if (existing) {
      if (!existing.isUnloaded) return Promise.resolve(existing);
      // Still unloading: its last commit and its compaction land before the board is read again.
      return existing.unload().then(() => this.open(boardId));
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

  private async load(boardId: string): Promise<Room> {
    const { leases, log } = this.deps;
    const lease = await leases.acquire(boardId);
    if (!lease) throw new BoardServedElsewhereError(Math.ceil((leases.ttlMs ?? 1000) / 1000));
    let room: Room | null = null;
    const renewals = this.renewWhileLoaded(lease, () => room);
    const released = () => {
      if (renewals) clearInterval(renewals);
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
          if (this.rooms.get(boardId) === unloaded) this.rooms.delete(boardId);
          this.deps.metrics.rooms.set(this.rooms.size);
        },
      });
    } catch (error) {
      released();
      throw error;
    }
    this.loads++;
    if (room.isUnloaded) throw new StorageUnavailableError('storage unavailable: board not migrated');
    this.rooms.set(boardId, room);
    this.deps.metrics.rooms.set(this.rooms.size);
    return room;
  }

  /**
   * Renews the lease every third of its time to live; a renewal refused (the lease
   * expired, or another instance took it) drops the room as a refused write would. A
   * renewal that fails (the database unreachable) is tried again next time: if the
   * lease runs out meanwhile, the next one is refused, and so is any write.
   */
  private renewWhileLoaded(lease: BoardLease, room: () => Room | null): NodeJS.Timeout | null {
    const { leases, log } = this.deps;
    if (leases.ttlMs === null) return null;
    const timer = setInterval(() => {
      leases.renew(lease).then(
        (held) => {
          const lost = held ? null : room();
          // A room already unloading finds out at its next write, if it has one.
          if (lost && !lost.isUnloaded) lost.failStorage(new LeaseLostError(lease.boardId));
        },
        (error: unknown) => log.warn({ err: error, boardId: lease.boardId }, 'lease renewal failed'),
      );
    }, leases.ttlMs / 3);
    timer.unref();
    return timer;
  }

  /**
   * Runs a server-side change on a board (rename, restore): in its live room when
   * one is open, so everyone sees it at once; otherwise in a room opened for the
   * change, which unloads after its grace period (a room arms its unload when it loads).
   * Resolves once the change is committed.
   */
  async change<T>(boardId: string, fn: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.open(boardId);
    const result = await fn(room);
    await room.flush();
    // The room failed its append and dropped the change with itself.
    if (room.dropped) throw new StorageUnavailableError('storage unavailable: change not stored');
    return result;
  }

  /** Reads a board as it is now: from its live room, or from one opened for the read (it unloads after its grace). */
  async read<T>(boardId: string, fn: (room: Room) => T): Promise<T> {
    return fn(await this.open(boardId));
  }

  closeConnections(boardId: string, code: number, reason: string, role?: Role): void {
    this.rooms.get(boardId)?.closeConnections(code, reason, role);
  }

  /** Drops a deleted board's room without writing anything more for it. */
  discard(boardId: string): void {
    this.storage.forget(boardId);
    const drop = (room: Room) => {
      room.closeConnections(CLOSE.boardDeleted, 'board deleted');
      room.discard();
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
