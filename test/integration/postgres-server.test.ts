/**
 * A single server on Postgres (DATABASE_URL set, #20), against a real Postgres from
 * test/support/services.ts: what it stores outlives a restart, edits over WebSocket
 * are committed before anyone sees them, and exports read the board from Postgres.
 */
import { applyStoredState } from '@journeyboard/server';
import { addCard, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstCell } from '../support/boards.js';
import { type Client, connectClient, createBoardOver, waitFor } from '../support/clients.js';
import {
  removeDataDir,
  startTestServer,
  type TestServer,
  tempDataDir,
  usePerTest,
} from '../support/server.js';
import { postgresUrl } from '../support/services.js';

const { running, clients } = usePerTest();

async function startOnPostgres(databaseUrl: string): Promise<TestServer> {
  const server = await startTestServer({ DATABASE_URL: databaseUrl, ROOM_UNLOAD_GRACE_MS: '200' });
  running.push(server);
  return server;
}

const cardTexts = (client: Client) =>
  readBoard(client.doc)
    .cards.map((card) => card.text)
    .sort();

describe('a server on Postgres', () => {
  it('keeps a board made over REST and its edits over WebSocket across a restart; joiners at once load its room once', async () => {
    const databaseUrl = await postgresUrl();
    const first = await startOnPostgres(databaseUrl);
    expect(first.sqlite).toBeNull();
    const board = await createBoardOver(first.url, 'Kept in Postgres');
    const alice = connectClient(first.wsUrl, board.id, board.tokens.editor);
    const bob = connectClient(first.wsUrl, board.id, board.tokens.viewer);
    clients.push(alice, bob);
    await Promise.all([alice.synced, bob.synced]);
    // A burst: appends are awaited one at a time, the rest join the next commit.
    for (let i = 0; i < 20; i++) addCard(alice.doc, { ...firstCell(alice.doc), text: `Card ${i}` });
    await waitFor(() => readBoard(bob.doc).cards.length === 20, 5000, 'the burst to reach Bob');
    // What Bob saw is stored: the board as Postgres holds it has every card.
    const stored = await first.store.loadState(board.id);
    const onDisk = new Y.Doc();
    applyStoredState(onDisk, stored);
    expect(readBoard(onDisk).cards).toHaveLength(20);
    // One append per burst: never more appends than edits.
    expect(stored.updates.length).toBeGreaterThan(0);
    expect(stored.updates.length).toBeLessThanOrEqual(20);

    const exported = await fetch(`${first.url}/api/boards/${board.id}/export.json`, {
      headers: { authorization: `Bearer ${board.tokens.viewer}` },
    });
    expect(exported.status).toBe(200);
    expect(((await exported.json()) as { board: { cards: unknown[] } }).board.cards).toHaveLength(20);

    for (const client of clients.splice(0)) client.destroy();
    await first.stop();
    running.splice(running.indexOf(first), 1);

    // Another server, with an empty data directory of its own: the board comes from Postgres.
    const second = await startOnPostgres(databaseUrl);
    const read = await fetch(`${second.url}/api/boards/${board.id}`, {
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: board.id, title: 'Kept in Postgres', role: 'owner' });
    // Five join at once while the room loads from Postgres: it is loaded once, and all see every card.
    const joiners = Array.from({ length: 5 }, () =>
      connectClient(second.wsUrl, board.id, board.tokens.viewer),
    );
    clients.push(...joiners);
    await Promise.all(joiners.map((joiner) => joiner.synced));
    expect(second.rooms.loads).toBe(1);
    const expected = Array.from({ length: 20 }, (_, i) => `Card ${i}`).sort();
    for (const joiner of joiners) expect(cardTexts(joiner)).toEqual(expected);
  });

  it('refuses a DATABASE_URL that is not a Postgres URL before it starts', async () => {
    const dataDir = tempDataDir();
    try {
      await expect(startTestServer({ DATABASE_URL: 'mysql://db.example/boards' }, dataDir)).rejects.toThrow(
        /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
      );
    } finally {
      removeDataDir(dataDir);
    }
  });
});
