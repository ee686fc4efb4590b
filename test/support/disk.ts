/** Disk trouble made the real way (SQLite answers SQLITE_FULL), and boards read straight from the file. */
import { applyStoredState, type BoardStore, openSqliteStore, type RunningServer } from '@journeyboard/server';
import { type BoardSnapshot, readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';
import { createBoardOver } from './clients.js';
import type { TestServer } from './server.js';

/** The SQLite store a server runs on: disk trouble is made through it. */
export function sqliteOf(server: RunningServer): BoardStore {
  if (!server.sqlite) throw new Error('this server stores boards in Postgres, not SQLite');
  return server.sqlite;
}

/**
 * Holds the database at its size (`max_page_count`) and fills what is left in its
 * pages by appending empty updates to a ballast board, through the SQLite store itself:
 * the cap alone would still let small edits into free space.
 */
export async function fillDisk(server: TestServer): Promise<void> {
  const ballast = await createBoardOver(server.url, 'Ballast');
  sqliteOf(server).limitPages(1);
  const nothing = Y.encodeStateAsUpdate(new Y.Doc());
  for (let i = 0; i < 200_000; i++) {
    try {
      sqliteOf(server).appendUpdate(ballast.id, nothing, Date.now());
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_FULL') return;
      throw error;
    }
  }
  throw new Error('the database never filled up');
}

/** The board document exactly as the SQLite file in `dataDir` holds it, read over its own connection. */
export function docOnDisk(dataDir: string, boardId: string): Y.Doc {
  const store = openSqliteStore(dataDir);
  try {
    const doc = new Y.Doc();
    applyStoredState(doc, store.loadState(boardId));
    return doc;
  } finally {
    store.close();
  }
}

export function boardOnDisk(dataDir: string, boardId: string): BoardSnapshot {
  return readBoard(docOnDisk(dataDir, boardId));
}
