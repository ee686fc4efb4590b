/**
 * An export process (pool.ts runs a few): it reads the board from the database
 * itself and renders the file, so the server's main thread spends nothing on an
 * export but two messages; it reads imported board files too, answering the new
 * board's state or the file's problems, and evidence exports (evidence-reader.ts). Every thread of it, the garbage collector's included,
 * and the PNG rasteriser it starts, run at a lower CPU priority than the server:
 * exports wait for live rooms, never the other way round.
 */
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { BoardImportError, importBoardState } from '@journeyboard/shared';
import { openStore } from '../storage/open-store.js';
import { readStoredBoard } from '../storage/stored-board.js';
import { ExportError } from './errors.js';
import { type EvidenceJob, readEvidenceFile } from './evidence-reader.js';
import { exportBoard } from './index.js';
import type { ExportJob, ExportReply, ImportJob, ImportResult } from './pool.js';

const EXPORT_NICENESS = 19;

/** On Linux a priority belongs to a thread, so each thread started so far is lowered; later ones inherit it. */
function lowerPriority(): void {
  try {
    if (process.platform === 'linux') {
      for (const thread of readdirSync('/proc/self/task')) os.setPriority(Number(thread), EXPORT_NICENESS);
    } else os.setPriority(EXPORT_NICENESS);
  } catch {
    // Not allowed here: exports still run, at the server's priority.
  }
}

const send = process.send?.bind(process);
if (!send) throw new Error('the export worker runs as a child process of the server');
lowerPriority();
const dataDir = process.argv[2];
if (!dataDir) throw new Error('the export worker needs the data directory');
/**
 * An export worker reads one board at a time: one Postgres connection is enough. Jobs
 * await the opening (a job may come before it is done); a failed one fails each job.
 */
const opened = openStore({ dataDir, databaseUrl: process.env.DATABASE_URL ?? null }, { postgresPoolSize: 1 });
opened.catch(() => {});
// The server went away: so does its export process.
process.on('disconnect', () => process.exit(0));

/** Slices of a file as sent to the server: small enough to cost its main thread little each. */
const SLICE_BYTES = 256 * 1024;

/** Reads a board file into a new document, within the file check's bounds; `title` renames the copy. */
function readBoardFile({ file, title }: ImportJob): ImportResult {
  try {
    const { state, board } = importBoardState(readFileSync(file, 'utf8'), { title });
    return { state, title: board.meta.title };
  } catch (error) {
    if (error instanceof BoardImportError) {
      return { problems: error.problems, omitted: error.omitted, stoppedEarly: error.stoppedEarly };
    }
    throw error;
  }
}

process.on('message', async ({ id, job }: { id: number; job: ExportJob | ImportJob | EvidenceJob }) => {
  if (job.kind === 'evidence') {
    try {
      send({ id, evidence: await readEvidenceFile(job) } satisfies ExportReply);
    } catch (error) {
      send({ id, error: { status: 500, message: error instanceof Error ? error.message : String(error) } });
    }
    return;
  }
  if (job.kind === 'import') {
    try {
      send({ id, imported: readBoardFile(job) } satisfies ExportReply);
    } catch (error) {
      send({ id, error: { status: 500, message: error instanceof Error ? error.message : String(error) } });
    }
    return;
  }
  let file: Awaited<ReturnType<typeof exportBoard>>;
  try {
    const board = await readStoredBoard((await opened).store, job.boardId);
    if (!board) throw new ExportError(404, 'no such board');
    file = await exportBoard(board, job.format, job.options, job.limits);
  } catch (error) {
    const status = error instanceof ExportError ? error.status : 500;
    const message = error instanceof Error ? error.message : String(error);
    send({ id, error: { status, message } } satisfies ExportReply);
    return;
  }
  const { body, contentType, fileName } = file;
  send({ id, head: { contentType, fileName, bytes: body.byteLength } } satisfies ExportReply);
  for (let at = 0; at < body.byteLength; at += SLICE_BYTES) {
    send({ id, slice: body.subarray(at, at + SLICE_BYTES) } satisfies ExportReply);
  }
});
