/**
 * One committed writer per board (#20): the instance that serves a board's room
 * holds its lease, renews it well within its time to live, and releases it when the
 * room unloads. On Postgres every append and compaction of a board whose lease the
 * store holds is fenced by it (postgres/postgres-store.ts): once the lease has
 * expired or another instance has taken it (a higher epoch), the write fails with
 * LeaseLostError and nothing of it is stored. SQLite serves one process, which needs
 * no lease: NO_LEASES grants every board at once.
 */

export interface BoardLease {
  boardId: string;
  /** The instance holding it (INSTANCE_ID). */
  owner: string;
  /** Grows by one at every take-over: a write carrying an older epoch is refused. */
  epoch: number;
}

export interface BoardLeases {
  /** How long a lease lives unrenewed, in ms; null when this store needs no leases. */
  readonly ttlMs: number | null;
  /** Takes the board's lease (afresh, or over from an owner that let it expire); null while another instance holds it. */
  acquire(boardId: string): Promise<BoardLease | null>;
  /**
   * Extends these leases by their time to live, all in one round trip (an instance
   * holding hundreds renews them together, not one query each); answers those that
   * were lost (expired, or taken over) and so not renewed.
   */
  renew(leases: readonly BoardLease[]): Promise<BoardLease[]>;
  /** Lets the lease go at once, if it is still this one; the store stops fencing the board's writes. */
  release(lease: BoardLease): Promise<void>;
  /** The instance other than this one holding a live lease on the board, or null. */
  heldElsewhere(boardId: string): Promise<string | null>;
}

/** A write refused because the board's lease is no longer this instance's: nothing of it was stored. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
  constructor(readonly boardId: string) {
    super(`lost the lease on board ${boardId}: another instance serves it now`);
  }
}

/** A single process's leases: every board is granted at once and never lost. */
export const NO_LEASES: BoardLeases = {
  ttlMs: null,
  acquire: async (boardId) => ({ boardId, owner: 'this process', epoch: 0 }),
  renew: async () => [],
  release: async () => {},
  heldElsewhere: async () => null,
};
