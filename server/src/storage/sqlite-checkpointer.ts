/**
 * WAL checkpoints off the event loop. SQLite checkpoints inside the commit that takes
 * the WAL past 1,000 pages: it copies them into the database file and syncs it, 6-8 ms
 * on the development machine's disk (more on a slow one) during which every room of
 * the process waits, which at a thousand commits a second is a stall every second.
 * Here the server's connection checkpoints only as a safety net (FALLBACK_PAGES), and a
 * worker thread with its own connection checkpoints every CHECKPOINT_EVERY commits.
 * The worker starts with its first checkpoint, so a store that writes little has none.
 *
 * SQLite keeps a WAL file at the largest size it ever reached (a room that never
 * paused can take it to FALLBACK_PAGES, 40 MB); JOURNAL_SIZE_LIMIT has the server's
 * connection cut it back whenever it restarts the WAL after a complete checkpoint.
 */
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

const WORKER_FILE = new URL('./sqlite-checkpoint-worker.mjs', import.meta.url);
/** Commits between checkpoints: about 700 WAL pages at 1.4 a commit, under SQLite's own 1,000. */
export const CHECKPOINT_EVERY = 500;
/** The server's connection checkpoints itself only past this many pages (the worker fell behind). */
export const FALLBACK_PAGES = 10_000;
/** SQLite's own default, for a store whose worker failed. */
const DEFAULT_PAGES = 1_000;
/** Bytes of WAL file kept when the WAL restarts: what CHECKPOINT_EVERY commits write, with room. */
export const JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024;
/** How long a closing store waits for the worker to finish a checkpoint and end. */
const WORKER_CLOSE_MS = 10_000;

export class Checkpointer {
  private worker: Worker | null = null;
  /** Set to 1 as the worker's thread ends, its connection closed or never opened (sqlite-checkpoint-worker.mjs). */
  private readonly workerClosed = new Int32Array(new SharedArrayBuffer(4));
  private commits = 0;
  /** The worker failed: the server's connection checkpoints for itself again, as SQLite does by default. */
  private failed = false;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly synchronous: string,
    /** Told once, when the worker stops unasked (the operator's log). */
    private readonly onFailure: (reason: string) => void = () => {},
  ) {
    db.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
  }

  /** A write transaction of the server's connection committed. */
  committed(): void {
    if (this.failed || ++this.commits < CHECKPOINT_EVERY) return;
    this.commits = 0;
    this.start().postMessage('checkpoint');
  }

  /**
   * Before the server's connection closes: the worker is told to close its own, and waited
   * for (blocking, once, as the store stops: a checkpoint it is amid ends first). The
   * server's connection is then the last: the WAL is emptied into the database file here
   * and removed as it closes, so a stopped server leaves one complete file that nothing
   * writes any more. Without the wait, the worker could still be checkpointing, keep
   * this one from emptying the WAL, and write the file after close() returned.
   */
  close(): void {
    if (!this.worker) return;
    this.worker.postMessage('close');
    this.worker = null;
    Atomics.wait(this.workerClosed, 0, 0, WORKER_CLOSE_MS);
    if (this.db.open) this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE, {
      workerData: { file: this.file, synchronous: this.synchronous, closed: this.workerClosed },
    });
    // A checkpoint in flight must not keep a process that is done from exiting.
    worker.unref();
    worker.on('error', (error) => this.fail(worker, error.message));
    worker.on('exit', (code) => this.fail(worker, `exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  /** Ends with the worker that stopped unasked (a close message sets `worker` to null first). */
  private fail(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failed = true;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_PAGES}`);
    this.onFailure(reason);
  }
}
