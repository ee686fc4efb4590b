/**
 * Reads untrusted updates whole before a room decides what to do with them (see
 * update-reader.mjs), so a malformed one is refused whole instead of half-applied.
 * Small frames are read inline (their size bounds the work); larger ones in a
 * worker thread, one at a time, each with its own time limit from the moment the
 * worker starts on it: a frame built to make the decoder run away is refused, the
 * worker replaced, and the frames queued behind it are read by the new one.
 * The queue holds at most `maxQueuedBytes`; past that a frame is refused as busy.
 */
import { Worker } from 'node:worker_threads';
import { ProtocolError } from './codec.js';
import { type ReadUpdate, readUpdate } from './update-reader.mjs';

const WORKER_FILE = new URL('./update-reader-worker.mjs', import.meta.url);

export interface UpdateGuardOptions {
  /** Frames up to this size are read inline. */
  inlineBytes: number;
  /** Longest the worker may take to read one frame. */
  timeoutMs: number;
  /** Bytes of large frames waiting for the worker, over every room; more are refused. */
  maxQueuedBytes: number;
}

/** The worker's queue is full: the frame was not read (the sender may try again later). */
export class GuardBusyError extends ProtocolError {}

interface Job {
  id: number;
  update: Uint8Array;
  bytes: number;
  resolve: (read: ReadUpdate) => void;
  reject: (error: Error) => void;
}

type WorkerAnswer = { ready: true } | { id: number; read: ReadUpdate } | { id: number; error: string };

/**
 * The frame's memory, handed to the worker instead of copied (a megabyte copy is a
 * stall of its own), when the frame is all that memory holds besides its message
 * header; a view into memory shared with anything else is copied as usual.
 */
function transferable(update: Uint8Array): ArrayBuffer[] {
  const { buffer } = update;
  return buffer instanceof ArrayBuffer && buffer.byteLength - update.byteLength <= 16 ? [buffer] : [];
}

export class UpdateGuard {
  private worker: Worker | null = null;
  /** The worker has loaded and may be given a frame (its start-up does not count against a frame's time). */
  private workerReady = false;
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | null = null;
  private queuedBytes = 0;
  private nextId = 0;
  private closed = false;

  constructor(private readonly options: UpdateGuardOptions) {}

  /**
   * The update read whole: at once for a small one (throwing ProtocolError), as a
   * promise for a large one, whose memory the guard may take (do not use it after).
   */
  read(update: Uint8Array): ReadUpdate | Promise<ReadUpdate> {
    if (update.byteLength <= this.options.inlineBytes) {
      try {
        return readUpdate(update);
      } catch (error) {
        throw new ProtocolError(
          `malformed update: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (this.queuedBytes + update.byteLength > this.options.maxQueuedBytes) {
      return Promise.reject(new GuardBusyError('server busy reading other large updates; try again'));
    }
    return new Promise<ReadUpdate>((resolve, reject) => {
      this.queuedBytes += update.byteLength;
      this.queue.push({ id: this.nextId++, update, bytes: update.byteLength, resolve, reject });
      this.pump();
    });
  }

  /** Frames waiting for the worker or being read by it. */
  get waiting(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  private pump(): void {
    if (this.current || this.closed || this.queue.length === 0) return;
    const worker = this.ensureWorker();
    if (!this.workerReady) return;
    const job = this.queue.shift();
    if (!job) return;
    const timer = setTimeout(() => {
      // Only this frame is refused: the frames behind it go to a fresh worker.
      const stuck = this.worker;
      this.worker = null;
      void stuck?.terminate();
      this.finish(job, new ProtocolError(`update took longer than ${this.options.timeoutMs} ms to read`));
    }, this.options.timeoutMs);
    this.current = { job, timer };
    worker.postMessage({ id: job.id, update: job.update }, transferable(job.update));
  }

  /** Settles the job being read and starts on the next. */
  private finish(job: Job, outcome: ReadUpdate | Error): void {
    if (this.current?.job !== job) return;
    clearTimeout(this.current.timer);
    this.current = null;
    this.queuedBytes -= job.bytes;
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
    this.pump();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE);
    worker.unref();
    this.workerReady = false;
    worker.on('message', (answer: WorkerAnswer) => {
      if ('ready' in answer) {
        this.workerReady = true;
        this.pump();
        return;
      }
      const job = this.current?.job;
      if (!job || job.id !== answer.id) return;
      this.finish(
        job,
        'read' in answer ? answer.read : new ProtocolError(`malformed update: ${answer.error}`),
      );
    });
    // A worker that dies (an error, or an exit nobody asked for) takes only the frame it was reading with it.
    const died = () => {
      if (this.worker !== worker) return;
      this.worker = null;
      const job = this.current?.job;
      if (job) this.finish(job, new ProtocolError('update could not be read'));
      else this.pump();
    };
    worker.on('error', died);
    worker.on('exit', died);
    this.worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    this.closed = true;
    const current = this.current;
    if (current) {
      clearTimeout(current.timer);
      current.job.reject(new ProtocolError('server stopping'));
      this.current = null;
    }
    for (const job of this.queue.splice(0)) job.reject(new ProtocolError('server stopping'));
    this.queuedBytes = 0;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
