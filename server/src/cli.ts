/**
 * The command line. `journeyboard export <boardId | board.json> --format F --out FILE`
 * reads a board straight from the SQLite database (safe beside a running server: the
 * database is in WAL mode), from Postgres when DATABASE_URL is set, or from an
 * exported board file, so it works with no server running; the file appears whole or
 * not at all (written aside, then renamed). `journeyboard migrate --to postgres://…`
 * copies a SQLite data directory's boards into Postgres (storage/copy-boards.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BoardImportError, type BoardSnapshot, importBoardState } from '@journeyboard/shared';
import { POSTGRES_URL } from './config.js';
import { EXPORT_FORMATS, ExportError, exportBoard, isExportFormat } from './export/index.js';
import { BoardsDiffer, CopyRefused, copyBoards } from './storage/copy-boards.js';
import { openStore } from './storage/open-store.js';
import { openPostgresStore } from './storage/postgres/postgres-store.js';
import { openSqliteStore } from './storage/sqlite-store.js';
import { readStoredBoard } from './storage/stored-board.js';
import { syncAsAsync } from './storage/sync-as-async.js';

const USAGE = `Usage:
  journeyboard export <boardId | board.json> --out FILE [--format ${EXPORT_FORMATS.join('|')}]
                      [--state STATE_ID] [--table friction|opportunities] [--scale N] [--data-dir DIR]

  The format defaults to the --out file's extension. A board id is read from
  Postgres when $DATABASE_URL is set, else from the database in --data-dir
  (default: $DATA_DIR or ./data); a .json file is a board exported by Journeyboard.

  journeyboard migrate --to postgres://… [--data-dir DIR] [--skip-existing]

  Copies every board (content, links, versions, identities) from the SQLite
  database in --data-dir into Postgres, then compares every board in both. It
  refuses, copying nothing, when Postgres already holds any of the boards, unless
  --skip-existing. Stop the SQLite server first. Exit 1: refused or differs.`;

class UsageError extends Error {}

const DATABASE_FILE = 'journeyboard.sqlite';

/** --data-dir, else $DATA_DIR, else ./data: where the server keeps it. */
const dataDirOf = (option: string | undefined) => path.resolve(option ?? process.env.DATA_DIR ?? './data');

/** Refuses a directory with no database: opening one there would make an empty one. */
function requireDatabase(dataDir: string): void {
  if (!existsSync(path.join(dataDir, DATABASE_FILE)))
    throw new UsageError(`no Journeyboard database in ${dataDir} (set --data-dir or DATA_DIR)`);
}

async function loadFromDatabase(boardId: string, dataDir: string): Promise<BoardSnapshot> {
  const databaseUrl = process.env.DATABASE_URL || null;
  if (!databaseUrl) requireDatabase(dataDir);
  const { store } = await openStore({ dataDir, databaseUrl }, { postgresPoolSize: 1 });
  try {
    const board = await readStoredBoard(store, boardId);
    if (!board) throw new UsageError(`no board "${boardId}" in ${databaseUrl ? 'DATABASE_URL' : dataDir}`);
    return board;
  } finally {
    await store.close();
  }
}

function loadFromFile(file: string): BoardSnapshot {
  try {
    return importBoardState(readFileSync(file, 'utf8')).board;
  } catch (error) {
    if (error instanceof BoardImportError) {
      throw new UsageError(
        `${file} is not a valid board file:\n  ${error.problems.slice(0, 20).join('\n  ')}`,
      );
    }
    throw error;
  }
}

async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      out: { type: 'string' },
      state: { type: 'string' },
      table: { type: 'string' },
      scale: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const [source] = positionals;
  if (!source || positionals.length > 1) throw new UsageError('give one board id or board.json file');
  if (!values.out) throw new UsageError('--out FILE is required');
  const format = values.format ?? path.extname(values.out).slice(1).toLowerCase();
  if (!isExportFormat(format)) {
    throw new UsageError(`unknown format "${format}": use --format ${EXPORT_FORMATS.join('|')}`);
  }
  const dataDir = dataDirOf(values['data-dir']);
  const board = source.endsWith('.json') ? loadFromFile(source) : await loadFromDatabase(source, dataDir);
  const file = await exportBoard(board, format, {
    state: values.state,
    table: values.table as 'friction' | 'opportunities' | undefined,
    scale: values.scale,
  });
  const out = path.resolve(values.out);
  const aside = `${out}.${randomBytes(4).toString('hex')}.part`;
  try {
    writeFileSync(aside, file.body);
    renameSync(aside, out);
  } catch (error) {
    rmSync(aside, { force: true });
    throw error;
  }
  process.stdout.write(`${out} (${format}, ${file.body.byteLength} bytes)\n`);
  return 0;
}

/** The source is always SQLite, whatever DATABASE_URL says: that names where the boards go, given as --to. */
async function migrateCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      to: { type: 'string' },
      'data-dir': { type: 'string' },
      'skip-existing': { type: 'boolean', default: false },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}`);
  if (!values.to) throw new UsageError('--to postgres://… is required (e.g. --to "$DATABASE_URL")');
  if (!POSTGRES_URL.test(values.to)) throw new UsageError('--to must be a postgres:// or postgresql:// URL');
  const dataDir = dataDirOf(values['data-dir']);
  requireDatabase(dataDir);
  const source = syncAsAsync(openSqliteStore(dataDir));
  try {
    const target = await openPostgresStore(values.to, { poolSize: 2 });
    try {
      const say = (line: string) => process.stdout.write(`${line}\n`);
      say(`copying the boards of ${path.join(dataDir, DATABASE_FILE)} into Postgres`);
      const report = await copyBoards(source, target, { skipExisting: values['skip-existing'], say });
      say(
        `done: ${report.copied} copied, ${report.skipped.length} skipped, ${report.verified} verified the same in both`,
      );
      return 0;
    } finally {
      await target.close();
    }
  } catch (error) {
    if (error instanceof CopyRefused || error instanceof BoardsDiffer) {
      process.stderr.write(`journeyboard migrate: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await source.close();
  }
}

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  export: exportCommand,
  migrate: migrateCommand,
};

async function runCli(argv: string[]): Promise<number> {
  const [command = '', ...rest] = argv;
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`${USAGE}\n`);
    return command === '' || command === '--help' ? 0 : 2;
  }
  try {
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ExportError) {
      process.stderr.write(`journeyboard ${command}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`journeyboard ${command}: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
