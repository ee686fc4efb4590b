/**
 * Compaction under non-stop edits (#20): on a database server every commit is a round
 * trip, so edits keep arriving while one is in flight and the room is never without
 * something pending. Compaction must not wait for such a moment: the stored log stays
 * near COMPACT_EVERY_UPDATES however long the edits go on, and nothing is lost.
 */
import { type AsyncBoardStore, applyStoredState } from '@journeyboard/server';
import { addCard, readBoard, updateCard } from '@journeyboard/shared';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstCell } from '../support/boards.js';
import { connectClient, createBoardOver } from '../support/clients.js';
import { startTestServer, usePerTest } from '../support/server.js';
import { postgresUrl } from '../support/services.js';

const { running, clients } = usePerTest();

const COMPACT_EVERY = 10;

async function logLength(databaseUrl: string, boardId: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM updates WHERE board_id = $1', [
      boardId,
    ]);
    return rows[0].n as number;
  } finally {
    await client.end();
  }
}

async function stored(store: AsyncBoardStore, boardId: string) {
  const doc = new Y.Doc();
  applyStoredState(doc, await store.loadState(boardId));
  return readBoard(doc).cards;
}

describe('compaction under non-stop edits', () => {
  it('keeps the stored log near its bound while edits never stop, and loses none of them', async () => {
    const databaseUrl = await postgresUrl();
    const server = await startTestServer({
      DATABASE_URL: databaseUrl,
      COMPACT_EVERY_UPDATES: String(COMPACT_EVERY),
      MAX_MESSAGES_PER_SECOND: '10000',
    });
    running.push(server);
    const board = await createBoardOver(server.url, 'Never quiet');
    const writers = [0, 1, 2].map(() => connectClient(server.wsUrl, board.id, board.tokens.editor));
    clients.push(...writers);
    await Promise.all(writers.map((writer) => writer.synced));
    const ids = writers.map((writer, i) =>
      addCard(writer.doc, { ...firstCell(writer.doc), text: `Writer ${i}` }),
    );

    // Three writers, each editing on every turn of the event loop for two seconds.
    let longest = 0;
    const until = performance.now() + 2000;
    let edits = 0;
    const watching = (async () => {
      while (performance.now() < until) {
        longest = Math.max(longest, await logLength(databaseUrl, board.id));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    while (performance.now() < until) {
      for (const [i, writer] of writers.entries()) {
        updateCard(writer.doc, { id: ids[i] as string, text: `Writer ${i}, edit ${edits}` });
      }
      edits++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await watching;

    const last = edits - 1;
    const expected = [0, 1, 2].map((i) => `Writer ${i}, edit ${last}`);
    await expect
      .poll(async () => (await stored(server.store, board.id)).map((card) => card.text).sort(), {
        timeout: 10_000,
      })
      .toEqual(expected);
    expect(edits).toBeGreaterThan(100);
    // Each append holds a burst of edits; the log is compacted every COMPACT_EVERY of them, edits pending or not.
    expect(longest).toBeLessThanOrEqual(COMPACT_EVERY + 2);
  }, 30_000);
});
