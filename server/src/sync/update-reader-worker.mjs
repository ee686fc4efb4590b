// @ts-check
/**
 * The update guard's worker thread: reads large untrusted updates off the event
 * loop (see update-guard.ts), one at a time, answering each with its read or its error.
 */
import { parentPort } from 'node:worker_threads';
import { readUpdate } from './update-reader.mjs';

// Loaded and ready: time limits count from here, not from the thread's start.
parentPort?.postMessage({ ready: true });

parentPort?.on('message', (/** @type {{ id: number, update: Uint8Array }} */ { id, update }) => {
  try {
    const read = readUpdate(update);
    const transfer = /** @type {ArrayBuffer[]} */ ([read.structs.buffer, read.summary.buffer]);
    parentPort?.postMessage({ id, read }, transfer);
  } catch (error) {
    parentPort?.postMessage({ id, error: String((error && /** @type {Error} */ (error).message) || error) });
  }
});
