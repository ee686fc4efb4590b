/**
 * Board files in and out run in a small pool of worker processes (EXPORT_WORKERS),
 * never on the main thread that serves the live rooms: a 2,000-card deck takes half a
 * second of CPU and hundreds of MB, and reading a 25 MB board file about as much. Processes rather than threads, because a process can run
 * at a lower priority whole: a worker thread's garbage collection runs on the
 * server's own helper threads, which took half of an export's CPU at full priority.
 * At most EXPORT_QUEUE more exports wait for a worker; beyond that the pool refuses
 * at once with a time to come back, so a crowd of export requests costs bounded
 * memory and CPU. PNG rasterising still happens in its own child process (resvg
 * once aborted its process), started by a worker, so there are never more of them
 * than workers.
 *
 * A worker makes the whole file, then sends it in slices that go out as they
 * arrive: one 8 MB message would cost the main thread a long copy and a large
 * allocation, slices cost it a little at a time.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { StorageConfig } from '../storage/open-store.js';
import { ExportError } from './errors.js';
import type { EvidenceJob, EvidenceResult } from './evidence-reader.js';
import type { ExportFormat, ExportLimits, ExportOptions } from './index.js';

export interface ExportJob {
  kind: 'export';
  boardId: string;
  format: ExportFormat;
  options: ExportOptions;
  limits: ExportLimits;
}

/** A board file to read into a new board: the file the request was streamed to, and a title to give the copy. */
export interface ImportJob {
  kind: 'import';
  file: string;
  title?: string | undefined;
}

/** A board file read whole: the new board's state and title, or why it was refused. */
export type ImportResult =
  | { state: Uint8Array; title: string }
  | { problems: string[]; omitted: number; stoppedEarly: boolean };

/** What a worker says about a job: the file's head, then its slices; an import's result; or why it failed. */
export type ExportReply =
  | { id: number; head: { contentType: string; fileName: string; bytes: number } }
  | { id: number; slice: Uint8Array }
  | { id: number; imported: ImportResult }
  | { id: number; evidence: EvidenceResult }
  | { id: number; error: { status: number; message: string } };

/** A finished export on its way from the worker: its size is known, its bytes follow. */
export interface ExportStream {
  contentType: string;
  fileName: string;
  bytes: number;
  body: Readable;
}

export interface ExportPoolOptions {
  /** The database the workers read boards from. */
  storage: StorageConfig;
  workers: number;
  /** Exports that may wait for a worker. */
  queue: number;
  /** Longest one export may take, sending included, before its worker is stopped. */
  timeoutMs?: number;
}

/** The pool and its queue are full: come back in `retryAfterSeconds`. */
export class ExportBusyError extends Error {
  override readonly name = 'ExportBusyError';
  constructor(readonly retryAfterSeconds: number) {
    super(`the server is busy with other exports; try again in ${retryAfterSeconds} s`);
  }
}

/** Heap of one worker: a 10,000-card deck fits; a runaway export fails alone. */
const WORKER_HEAP_MB = 2048;

const here = fileURLToPath(import.meta.url);
/**
 * The worker's script. Tests run the server from its TypeScript sources, which a
 * plain Node process cannot load: they use the build's (the test setup builds it).
 */
const WORKER_SCRIPT = here.endsWith('.ts')
  ? path.resolve(path.dirname(here), '../../dist/export/worker.js')
  : path.join(path.dirname(here), 'worker.js');

type Job = ExportJob | ImportJob | EvidenceJob;
type Outcome = ExportStream | ImportResult | EvidenceResult;

interface Waiting {
  job: Job;
  resolve: (result: Outcome) => void;
  reject: (error: Error) => void;
}

interface Running extends Waiting {
  id: number;
  timer: NodeJS.Timeout;
  started: number;
  /** Once the head came: the body being passed on, and how many bytes are still to come. */
  body?: PassThrough;
  remaining?: number;
}

export class ExportPool {
  private readonly idle: ChildProcess[] = [];
  private readonly running = new Map<ChildProcess, Running>();
  private readonly waiting: Waiting[] = [];
  private nextId = 0;
  /** A running average of how long an export takes, for Retry-After. */
  private averageMs = 1000;
  private closed = false;

  constructor(private readonly options: ExportPoolOptions) {}

  /** Renders an export in a worker; throws ExportBusyError at once when the queue is full. */
  run(job: Omit<ExportJob, 'kind'>): Promise<ExportStream> {
    return this.queue({ kind: 'export', ...job }) as Promise<ExportStream>;
  }

  /** Reads a board file in a worker; throws ExportBusyError at once when the queue is full. */
  readBoardFile(file: string, title?: string): Promise<ImportResult> {
    return this.queue({ kind: 'import', file, title }) as Promise<ImportResult>;
  }

  /** Reads an evidence export (contacts or survey) in a worker; throws ExportBusyError at once when the queue is full. */
  readEvidence(job: Omit<EvidenceJob, 'kind'>): Promise<EvidenceResult> {
    return this.queue({ kind: 'evidence', ...job }) as Promise<EvidenceResult>;
  }

  private queue(job: Job): Promise<Outcome> {
    if (this.closed) return Promise.reject(new ExportError(503, 'the server is stopping'));
    const free = this.idle.length > 0 || this.workerCount < this.options.workers;
    if (!free && this.waiting.length >= this.options.queue) {
      const rounds = Math.ceil((this.waiting.length + 1) / this.options.workers);
      throw new ExportBusyError(Math.max(1, Math.ceil((rounds * this.averageMs) / 1000)));
    }
    return new Promise<Outcome>((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const stopping = new ExportError(503, 'the server is stopping');
    for (const waiting of this.waiting.splice(0)) waiting.reject(stopping);
    const workers = [...this.idle.splice(0), ...this.running.keys()];
    await Promise.all(workers.map((worker) => this.stop(worker, stopping)));
  }

  private get workerCount(): number {
    return this.idle.length + this.running.size;
  }

  private dispatch(): void {
    while (this.waiting.length > 0 && (this.idle.length > 0 || this.workerCount < this.options.workers)) {
      const worker = this.idle.pop() ?? this.spawn();
      this.start(worker, this.waiting.shift() as Waiting);
    }
  }

  private start(worker: ChildProcess, waiting: Waiting): void {
    const id = this.nextId++;
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const timer = setTimeout(
      () => void this.stop(worker, new ExportError(503, `the export took longer than ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    this.running.set(worker, { ...waiting, id, timer, started: performance.now() });
    this.keepAlive(worker, true);
    worker.send({ id, job: waiting.job });
  }

  private spawn(): ChildProcess {
    const { dataDir, databaseUrl } = this.options.storage;
    const worker = fork(WORKER_SCRIPT, [dataDir], {
      // The database URL may hold a password: in the environment, not on the command line.
      env: databaseUrl ? { ...process.env, DATABASE_URL: databaseUrl } : process.env,
      serialization: 'advanced',
      execArgv: [`--max-old-space-size=${WORKER_HEAP_MB}`],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    worker.on('message', (reply: ExportReply) => this.receive(worker, reply));
    worker.on(
      'error',
      (error) => void this.stop(worker, new ExportError(500, `the export failed: ${error.message}`)),
    );
    worker.on('exit', (code, signal) =>
      this.stop(worker, new ExportError(500, `the export process stopped (${signal ?? `exit ${code}`})`)),
    );
    return worker;
  }

  /** A busy worker keeps the server's process alive; an idle one does not. */
  private keepAlive(worker: ChildProcess, busy: boolean): void {
    if (busy) {
      worker.ref();
      worker.channel?.ref();
    } else {
      worker.unref();
      worker.channel?.unref();
    }
  }

  private receive(worker: ChildProcess, reply: ExportReply): void {
    const running = this.running.get(worker);
    if (!running || running.id !== reply.id) return;
    if ('error' in reply) {
      running.reject(new ExportError(reply.error.status, reply.error.message));
      this.done(worker, running);
      return;
    }
    if ('imported' in reply || 'evidence' in reply) {
      running.resolve('imported' in reply ? reply.imported : reply.evidence);
      this.done(worker, running);
      return;
    }
    if ('head' in reply) {
      const body = new PassThrough();
      running.body = body;
      running.remaining = reply.head.bytes;
      running.resolve({ ...reply.head, body });
    } else if (running.body) {
      const slice = Buffer.from(reply.slice.buffer, reply.slice.byteOffset, reply.slice.byteLength);
      // A client that went away destroyed the body; the rest of the file still drains from the worker.
      if (!running.body.destroyed) running.body.write(slice);
      running.remaining = (running.remaining ?? 0) - slice.byteLength;
    }
    if (running.body && running.remaining === 0) {
      running.body.end();
      this.done(worker, running);
    }
  }

  private done(worker: ChildProcess, running: Running): void {
    clearTimeout(running.timer);
    this.running.delete(worker);
    this.averageMs = this.averageMs * 0.8 + (performance.now() - running.started) * 0.2;
    this.keepAlive(worker, false);
    this.idle.push(worker);
    this.dispatch();
  }

  /** A worker that failed, hung or died is dropped with the export it held; another takes its place. */
  private stop(worker: ChildProcess, error: ExportError): Promise<void> {
    const running = this.running.get(worker);
    this.running.delete(worker);
    const idleAt = this.idle.indexOf(worker);
    if (idleAt >= 0) this.idle.splice(idleAt, 1);
    if (running) {
      clearTimeout(running.timer);
      if (running.body) running.body.destroy(error);
      else running.reject(error);
    }
    worker.removeAllListeners();
    worker.on('error', () => {}); // it is being stopped: nothing it says now matters
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const alive = worker.exitCode === null && worker.signalCode === null;
    if (alive) worker.kill('SIGKILL');
    if (!this.closed) this.dispatch();
    return alive ? exited : Promise.resolve();
  }
}
