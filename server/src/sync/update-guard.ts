/**
 * Reads an untrusted Yjs update completely before the room applies it, so a
 * malformed one is refused whole instead of half-applied. Small frames are read
 * inline (their size bounds the work); larger ones are read in a worker thread
 * with a time limit, so a frame built to make the decoder run away cannot stall
 * the event loop: on time-out the worker is replaced and the frame refused.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import * as Y from 'yjs';
import { ProtocolError } from './codec.js';

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require(workerData.yjsPath);
parentPort.on('message', ({ id, update }) => {
  try {
    Y.decodeUpdate(update);
    parentPort.postMessage({ id, ok: true });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, reason: String((error && error.message) || error) });
  }
});
`;

export interface UpdateGuardOptions {
  /** Frames up to this size are read inline. */
  inlineBytes: number;
  /** Longest a worker may take to read one frame. */
  timeoutMs: number;
}

type Pending = { resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

export class UpdateGuard {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private readonly yjsPath = createRequire(import.meta.url).resolve('yjs');

  constructor(private readonly options: UpdateGuardOptions) {}

  /** Throws ProtocolError synchronously for a bad small frame; returns a promise for a large one. */
  check(update: Uint8Array): void | Promise<void> {
    if (update.byteLength <= this.options.inlineBytes) {
      try {
        Y.decodeUpdate(update);
      } catch (error) {
        throw new ProtocolError(
          `malformed update: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return;
    }
    return this.checkInWorker(update);
  }

  private checkInWorker(update: Uint8Array): Promise<void> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ProtocolError(`update took longer than ${this.options.timeoutMs} ms to read`));
        this.replaceWorker();
      }, this.options.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, update });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { yjsPath: this.yjsPath } });
    worker.unref();
    worker.on('message', ({ id, ok, reason }: { id: number; ok: boolean; reason?: string }) => {
      const pending = this.pending.get(id);
      if (!pending) return;
      this.pending.delete(id);
      clearTimeout(pending.timer);
      if (ok) pending.resolve();
      else pending.reject(new ProtocolError(`malformed update: ${reason}`));
    });
    worker.on('error', () => this.replaceWorker());
    this.worker = worker;
    return worker;
  }

  /** Drops a stuck or broken worker; every frame it still held is refused. */
  private replaceWorker(): void {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new ProtocolError('update could not be read'));
      this.pending.delete(id);
    }
  }

  async close(): Promise<void> {
    this.replaceWorker();
  }
}
