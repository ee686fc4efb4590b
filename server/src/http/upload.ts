/**
 * A large request body (an imported board file) on its way to a worker: streamed to a
 * file instead of gathered in memory. Gathering 25 MB and handing it to a worker cost
 * the main thread a quarter of a second of copying; streaming costs it a callback per
 * chunk, and the worker reads the file from disk.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { ExportError } from '../export/errors.js';
import { ExportBusyError } from '../export/pool.js';
import { HttpProblem, tooMany } from './problem.js';

/** Where uploads wait for a worker: inside the data directory (0700), emptied on start. */
export function uploadDir(dataDir: string): string {
  const dir = path.join(dataDir, 'uploads');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** Streams the request's body to a new file in `dir`; 413 past `limit` bytes (the partial file removed). */
export async function receiveToFile(
  req: Request,
  dir: string,
  limit: number,
  what = 'a board file',
): Promise<string> {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > limit) throw tooLarge(limit, what);
  const file = path.join(dir, randomUUID());
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.byteLength;
      done(received > limit ? tooLarge(limit, what) : null, chunk);
    },
  });
  try {
    await pipeline(req, counted, createWriteStream(file, { mode: 0o600 }));
  } catch (error) {
    rmSync(file, { force: true });
    if (error instanceof HttpProblem) throw error;
    throw new HttpProblem(400, 'Bad request', 'the request body did not arrive whole');
  }
  return file;
}

function tooLarge(limit: number, what: string): HttpProblem {
  return new HttpProblem(413, 'Request body too large', `${what} may be at most ${limit} bytes`);
}

/**
 * Reads an uploaded file in a file worker and removes it, whatever happens: a full
 * pool answers 429 with a time to come back, a failed read its own status.
 */
export async function readInWorker<T>(file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ExportBusyError)
      throw tooMany('Server busy', error.retryAfterSeconds, error.message);
    if (error instanceof ExportError) throw new HttpProblem(error.status, 'Import failed', error.message);
    throw error;
  } finally {
    rmSync(file, { force: true });
  }
}
