/**
 * The command line: `journeyboard export <boardId | board.json> --format F --out FILE`.
 * It reads a board straight from the SQLite database (safe beside a running server:
 * the database is in WAL mode), from Postgres when DATABASE_URL is set, or from an
 * exported board file, so it works with
 * no server running. The file appears whole or not at all (written aside, then renamed).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BoardImportError, type BoardSnapshot, importBoardState } from '@journeyboard/shared';
import { EXPORT_FORMATS, ExportError, exportBoard, isExportFormat } from './export/index.js';
import { openStore } from './storage/open-store.js';
import { readStoredBoard } from './storage/stored-board.js';

const USAGE = `Usage:
  journeyboard export <boardId | board.json> --out FILE [--format ${EXPORT_FORMATS.join('|')}]
                      [--state STATE_ID] [--table friction|opportunities] [--scale N] [--data-dir DIR]

  The format defaults to the --out file's extension. A board id is read from
  Postgres when $DATABASE_URL is set, else from the database in --data-dir
  (default: $DATA_DIR or ./data); a .json file is a board exported by Journeyboard.`;

class UsageError extends Error {}

async function loadFromDatabase(boardId: string, dataDir: string): Promise<BoardSnapshot> {
  const databaseUrl = process.env.DATABASE_URL || null;
  if (!databaseUrl && !existsSync(path.join(dataDir, 'journeyboard.sqlite'))) {
    throw new UsageError(`no Journeyboard database in ${dataDir} (set --data-dir or DATA_DIR)`);
  }
  const { store } = await openStore({ dataDir, databaseUrl }, 1);
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

async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'export') {
    process.stderr.write(`${USAGE}\n`);
    return command === undefined || command === '--help' ? 0 : 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
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
    const dataDir = path.resolve(values['data-dir'] ?? process.env.DATA_DIR ?? './data');
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
  } catch (error) {
    if (error instanceof UsageError || error instanceof ExportError) {
      process.stderr.write(`journeyboard export: ${error.message}\n`);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`journeyboard export: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await runCli(process.argv.slice(2));
