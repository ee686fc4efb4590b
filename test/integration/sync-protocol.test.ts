/** Unmodified y-websocket clients converge through the server, presence travels, and the room answers from storage. */
import { addCard, readBoard, updateCard } from '@journeyboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, connectClient, createBoardOver, waitFor } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const clients: Client[] = [];
const join = (boardId: string, token: string) => {
  const client = connectClient(server.wsUrl, boardId, token);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('live sync through the server', () => {
  it('a joining client receives the stored board before anything else', async () => {
    const board = await createBoardOver(server.url, 'Delivery journey', 'online-order');
    const alice = join(board.id, board.tokens.editor);
    await alice.synced;
    const snapshot = readBoard(alice.doc);
    expect(snapshot.meta.title).toBe('Delivery journey');
    expect(snapshot.cards.length).toBeGreaterThan(40);
  });

  it('Alice adds and edits a card; Bob and Carol see it', async () => {
    const board = await createBoardOver(server.url);
    const [alice, bob, carol] = [
      join(board.id, board.tokens.editor),
      join(board.id, board.tokens.editor),
      join(board.id, board.tokens.owner),
    ];
    await Promise.all([alice.synced, bob.synced, carol.synced]);
    const view = readBoard(alice.doc);
    const id = addCard(alice.doc, {
      stageId: view.stages[0]!.id,
      laneId: view.lanes[3]!.id,
      text: 'Queue at the desk',
    });
    updateCard(alice.doc, { id, friction: { severity: 4 } });
    await waitFor(() => readBoard(bob.doc).cards.some((c) => c.id === id && c.friction.severity === 4));
    await waitFor(() => readBoard(carol.doc).cards.some((c) => c.id === id));
    updateCard(bob.doc, { id, text: 'Queue at the baggage desk' });
    await waitFor(
      () => readBoard(alice.doc).cards.find((c) => c.id === id)?.text === 'Queue at the baggage desk',
    );
    expect(readBoard(alice.doc)).toEqual(readBoard(bob.doc));
    expect(readBoard(carol.doc)).toEqual(readBoard(bob.doc));
  });

  it('concurrent edits from many clients converge', async () => {
    const board = await createBoardOver(server.url);
    const crowd = Array.from({ length: 6 }, () => join(board.id, board.tokens.editor));
    await Promise.all(crowd.map((c) => c.synced));
    const layout = readBoard(crowd[0]!.doc);
    crowd.forEach((client, i) => {
      for (let k = 0; k < 5; k++) {
        addCard(client.doc, {
          stageId: layout.stages[k]!.id,
          laneId: layout.lanes[i % 5]!.id,
          text: `c${i}-${k}`,
        });
      }
    });
    await waitFor(
      () => crowd.every((c) => readBoard(c.doc).cards.length === 30),
      5000,
      'all 30 cards everywhere',
    );
    const first = readBoard(crowd[0]!.doc);
    for (const client of crowd.slice(1)) expect(readBoard(client.doc)).toEqual(first);
  });

  it('presence travels: Bob sees Alice’s cursor and name; it disappears when she leaves', async () => {
    const board = await createBoardOver(server.url);
    const alice = join(board.id, board.tokens.editor);
    const bob = join(board.id, board.tokens.viewer);
    await Promise.all([alice.synced, bob.synced]);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#e8590c' });
    alice.provider.awareness.setLocalStateField('cursor', { x: 120, y: 80 });
    const aliceId = alice.doc.clientID;
    await waitFor(() => {
      const state = bob.provider.awareness.getStates().get(aliceId) as { cursor?: { x: number } } | undefined;
      return state?.cursor?.x === 120;
    });
    const seen = bob.provider.awareness.getStates().get(aliceId) as { user: { name: string; role: string } };
    expect(seen.user).toEqual({ name: 'Alice', color: '#e8590c', role: 'editor' });
    alice.provider.disconnect();
    await waitFor(() => !bob.provider.awareness.getStates().has(aliceId), 5000, 'Alice’s presence to go');
  });
});
