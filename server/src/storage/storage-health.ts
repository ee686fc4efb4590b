/**
 * What the server knows about its storage: whether the last write failed and why
 * (for /healthz), and, per board whose write failed, when its clients may be asked
 * for their edits again. A full disk or a read-only file does not heal in
 * milliseconds: asking sooner would only make every client resend an edit the store
 * refuses again, and reload the room each time.
 */

/**
 * Codes that mean storage cannot take writes now, not that a request was wrong:
 * SQLite's (disk full, read-only, I/O), Postgres's SQLSTATE classes 08 (connection),
 * 53 (out of resources: disk full, memory), 57P0x (shut down) and 25006 (read-only),
 * and the socket errors of a database server that cannot be reached.
 */
const STORAGE_FAULT =
  /^(SQLITE_(FULL|READONLY|IOERR|CANTOPEN)|(08|53)[0-9A-Z]{3}$|57P0[0-9]$|25006$|ECONN(REFUSED|RESET)$|ETIMEDOUT$|EPIPE$)/;

export function isStorageFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_FAULT.test(code);
}

export interface StorageFailure {
  /** The SQLite code (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`, …) or the error's name. */
  error: string;
  message: string;
  /** When the writes started failing (ms since the epoch). */
  since: number;
  /** Failed writes since the last one that succeeded. */
  failures: number;
}

export interface StorageBackoff {
  /** How long a board's clients are not asked for edits after its first failed write. */
  firstRetryMs: number;
  /** The longest wait, however often the writes keep failing. */
  maxRetryMs: number;
}

export class StorageHealth {
  private failing: StorageFailure | null = null;
  private readonly boards = new Map<string, { failures: number; retryAt: number }>();

  constructor(private readonly backoff: StorageBackoff = { firstRetryMs: 500, maxRetryMs: 10_000 }) {}

  /** Null while writes succeed; otherwise the latest failure. */
  get failure(): StorageFailure | null {
    return this.failing;
  }

  /** Records a failed write of a board; returns how long its clients wait before they are asked again. */
  failed(boardId: string, error: unknown, now = Date.now()): { failures: number; retryInMs: number } {
    this.noteFailure(error, now);
    const failures = (this.boards.get(boardId)?.failures ?? 0) + 1;
    const retryInMs = Math.min(this.backoff.firstRetryMs * 2 ** (failures - 1), this.backoff.maxRetryMs);
    this.boards.set(boardId, { failures, retryAt: now + retryInMs });
    return { failures, retryInMs };
  }

  /** Records a failed write that belongs to no board's back-off (a REST write, a compaction). */
  noteFailure(error: unknown, now = Date.now()): void {
    const code = (error as { code?: unknown } | null)?.code;
    this.failing = {
      error: typeof code === 'string' ? code : error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
      since: this.failing?.since ?? now,
      failures: (this.failing?.failures ?? 0) + 1,
    };
  }

  /** A write of this board succeeded: storage works again. */
  stored(boardId: string): void {
    this.failing = null;
    this.boards.delete(boardId);
  }

  /** The board was deleted: its back-off goes with it. */
  forget(boardId: string): void {
    this.boards.delete(boardId);
  }

  /** When this board's clients may next be asked for their edits (0: now). */
  retryAt(boardId: string): number {
    return this.boards.get(boardId)?.retryAt ?? 0;
  }
}
