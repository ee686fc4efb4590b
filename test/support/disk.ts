/** A full disk, made the real way: SQLite answers SQLITE_FULL once the database may not grow. */
import * as Y from 'yjs';
import { createBoardOver } from './clients.js';
import type { TestServer } from './server.js';

/**
 * Holds the database at its size (`max_page_count`) and fills what is left in its
 * pages by appending empty updates to a ballast board, through the store itself:
 * the cap alone would still let small edits into free space.
 */
export async function fillDisk(server: TestServer): Promise<void> {
  const ballast = await createBoardOver(server.url, 'Ballast');
  server.store.limitPages(1);
  const nothing = Y.encodeStateAsUpdate(new Y.Doc());
  for (let i = 0; i < 200_000; i++) {
    try {
      server.store.appendUpdate(ballast.id, nothing, Date.now());
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'SQLITE_FULL') return;
      throw error;
    }
  }
  throw new Error('the database never filled up');
}
