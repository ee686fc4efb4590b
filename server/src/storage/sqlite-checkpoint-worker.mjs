// @ts-check
/**
 * The SQLite store's checkpointer (see sqlite-checkpointer.ts): on its own connection,
 * copies what the WAL holds into the database file and syncs it, off the event loop.
 * PASSIVE: it never waits for the server's connection, nor makes it wait.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** Checkpoints in a row that try to copy the frames committed during the one before. */
const CATCH_UP_ROUNDS = 4;

const { file, synchronous, closed } =
  /** @type {{ file: string, synchronous: string, closed: Int32Array }} */ (workerData);
// A closing store waits for this thread to end, closed or failed (Checkpointer.close).
process.on('exit', () => {
  Atomics.store(closed, 0, 1);
  Atomics.notify(closed, 0);
});
const db = new Database(file);
// The same syncs as the server's own checkpoint would make (NORMAL and FULL both sync a checkpoint).
db.pragma(`synchronous = ${synchronous}`);

parentPort?.on('message', (/** @type {'checkpoint' | 'close'} */ message) => {
  if (message === 'close') {
    db.close();
    parentPort?.close();
    return;
  }
  // The server restarts the WAL from its start (instead of growing it) at its next commit only
  // if every frame has been copied by then, so the frames committed while a checkpoint ran are
  // copied by another, until one finds nothing new; a room that never pauses has its WAL
  // restarted by the server's own safety net instead (FALLBACK_PAGES in sqlite-checkpointer.ts).
  let frames = -1;
  for (let round = 0; round < CATCH_UP_ROUNDS; round++) {
    const [result] = /** @type {Array<{ busy: number, log: number, checkpointed: number }>} */ (
      db.pragma('wal_checkpoint(PASSIVE)')
    );
    if (!result || result.busy || (result.log === frames && result.checkpointed === frames)) return;
    frames = result.log;
  }
});
