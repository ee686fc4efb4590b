/**
 * Cheap joins (issue #18, item 4): a workshop joining at once costs the room one
 * encoding of the board, not one per joiner. Joiners after a committed edit get the
 * same snapshot and the edit's broadcast frame; with SYNC_ANSWER_CACHE=off (what
 * `pnpm bench:joins` sets against) every joiner costs an encoding, which shows the count counts.
 */
import { readBoard } from '@journeyboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { bigBoardFile } from '../bench/big-board.js';
import { type Client, connectClient, joinSynced, useClients, waitFor } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

const CARDS = 200;
const WAVE = 40;

async function importBoard(server: TestServer) {
  const response = await fetch(`${server.url}/api/boards/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bigBoardFile(CARDS)),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; tokens: { editor: string; viewer: string } };
}

/** `count` clients connecting at once; resolves when every one has synced. */
async function wave(server: TestServer, boardId: string, token: string, count: number): Promise<Client[]> {
  const joiners = Array.from({ length: count }, () => connectClient(server.wsUrl, boardId, token));
  await Promise.all(joiners.map((joiner) => joiner.synced));
  return joiners;
}

function cardCount(doc: Y.Doc): number {
  return readBoard(doc).cards.length;
}

describe('a join wave', () => {
  let server: TestServer;
  const clients = useClients();
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it(`${WAVE} joiners at once cost the room one encoding of the board; later joiners get a committed edit from its tail`, async () => {
    const board = await importBoard(server);
    const first = await wave(server, board.id, board.tokens.viewer, WAVE);
    clients.push(...first);
    const room = server.rooms.get(board.id);
    if (!room) throw new Error('the room is not loaded');
    const boardState = Y.encodeStateVector(room.doc);
    for (const joiner of first) {
      expect(cardCount(joiner.doc)).toBe(CARDS);
      expect(Y.encodeStateVector(joiner.doc)).toEqual(boardState);
    }
    expect(room.boardEncodes).toBe(1);

    // A committed edit: it goes to the tail, not into a new encoding of the board.
    const editor = await joinSynced(clients, server.wsUrl, board.id, board.tokens.editor);
    editor.doc.getMap('meta').set('objective', 'Shorten the wait for a delivery slot');
    await waitFor(
      () => readBoard(first[0]!.doc).meta.objective !== undefined,
      3000,
      'the edit to reach the wave',
    );
    const second = await wave(server, board.id, board.tokens.viewer, 10);
    clients.push(...second);
    for (const joiner of second) {
      expect(readBoard(joiner.doc).meta.objective).toBe('Shorten the wait for a delivery slot');
      expect(Y.encodeStateVector(joiner.doc)).toEqual(Y.encodeStateVector(room.doc));
    }
    expect(room.boardEncodes).toBe(1);
  });

  it('with the cache off, every joiner costs an encoding', async () => {
    const uncached = await startTestServer({ SYNC_ANSWER_CACHE: 'off' });
    try {
      const board = await importBoard(uncached);
      const joiners = await wave(uncached, board.id, board.tokens.viewer, 20);
      for (const joiner of joiners) expect(cardCount(joiner.doc)).toBe(CARDS);
      expect(uncached.rooms.get(board.id)?.boardEncodes).toBe(20);
      for (const joiner of joiners) joiner.destroy();
    } finally {
      await uncached.stop();
    }
  });
});
