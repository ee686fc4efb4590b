/** Access is checked on the HTTP upgrade and enforced per message: viewers cannot write, presence cannot be forged. */
import { addCard, readBoard } from '@journeyboard/shared';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient, createBoardOver, openRaw, waitFor } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
const clients: Client[] = [];

beforeAll(async () => {
  server = await startTestServer({ ALLOWED_ORIGINS: 'https://workshop.example.org' });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}
const syncUpdate = (update: Uint8Array) =>
  frame(0, (e) => {
    encoding.writeVarUint(e, 2);
    encoding.writeVarUint8Array(e, update);
  });
const awarenessFrame = (entries: Array<{ clientId: number; clock: number; state: unknown }>) =>
  frame(1, (e) => {
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(inner, entry.clientId);
      encoding.writeVarUint(inner, entry.clock);
      encoding.writeVarString(inner, JSON.stringify(entry.state));
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  });

describe('the upgrade checks the token and the origin before a socket exists', () => {
  it('401 without a token or with a forged one; 403 for another board or a foreign origin', async () => {
    const board = await createBoardOver(server.url);
    const other = await createBoardOver(server.url);
    expect((await openRaw(server.wsUrl, board.id, null).closed).code).toBe(-401);
    expect((await openRaw(server.wsUrl, board.id, 'A'.repeat(32)).closed).code).toBe(-401);
    expect((await openRaw(server.wsUrl, board.id, other.tokens.owner).closed).code).toBe(-403);
    expect((await openRaw(server.wsUrl, 'no-such-board', board.tokens.owner).closed).code).toBe(-403);
    const foreign = openRaw(server.wsUrl, board.id, board.tokens.editor, { origin: 'https://evil.example' });
    expect((await foreign.closed).code).toBe(-403);
    const allowed = openRaw(server.wsUrl, board.id, board.tokens.editor, {
      origin: 'https://workshop.example.org',
    });
    await allowed.opened;
    const sameHost = openRaw(server.wsUrl, board.id, board.tokens.editor, { origin: server.url });
    await sameHost.opened;
    allowed.ws.close();
    sameHost.ws.close();
    expect(server.logs.some((line) => JSON.stringify(line).includes(board.tokens.editor))).toBe(false);
  });
});

describe('viewers', () => {
  it('sync and watch, but their writes are refused by the server and repeated ones close with 4403', async () => {
    const board = await createBoardOver(server.url);
    const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const viewer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    clients.push(editor, viewer);
    await Promise.all([editor.synced, viewer.synced]);
    const layout = readBoard(viewer.doc);
    const cell = { stageId: layout.stages[0]!.id, laneId: layout.lanes[0]!.id };
    addCard(editor.doc, { ...cell, text: 'From the editor' });
    await waitFor(() => readBoard(viewer.doc).cards.length === 1);

    // A tampered client writes anyway: the server applies nothing and closes it on the third try.
    const raw = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    await raw.opened;
    for (let i = 0; i < 3; i++) {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(viewer.doc));
      addCard(doc, { ...cell, text: `Sneaky ${i}` });
      raw.send(syncUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(viewer.doc))));
    }
    expect(await raw.closed).toEqual({ code: 4403, reason: 'viewers cannot change this board' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const onServer = readBoard(server.rooms.get(board.id)!.doc);
    expect(onServer.cards.map((c) => c.text)).toEqual(['From the editor']);
    expect(readBoard(editor.doc).cards.map((c) => c.text)).toEqual(['From the editor']);
  });
});

describe('presence is pinned to the connection', () => {
  it('a connection cannot speak for another client id, and a copied name is made unique', async () => {
    const board = await createBoardOver(server.url);
    const alice = connectClient(server.wsUrl, board.id, board.tokens.editor);
    const bob = connectClient(server.wsUrl, board.id, board.tokens.editor);
    clients.push(alice, bob);
    await Promise.all([alice.synced, bob.synced]);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#1971c2' });
    const aliceId = alice.doc.clientID;
    await waitFor(() => bob.provider.awareness.getStates().has(aliceId));

    const mallory = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await mallory.opened;
    mallory.send(
      awarenessFrame([{ clientId: 777_001, clock: 1, state: { user: { name: 'Alice', color: '#1971c2' } } }]),
    );
    mallory.send(
      awarenessFrame([
        { clientId: aliceId, clock: 99, state: { user: { name: 'Alice' }, cursor: { x: 0, y: 0 } } },
      ]),
    );
    await waitFor(() => bob.provider.awareness.getStates().has(777_001));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const states = bob.provider.awareness.getStates();
    expect((states.get(777_001) as { user: { name: string } }).user.name).toBe('Alice (2)');
    expect((states.get(aliceId) as { cursor?: unknown }).cursor).toBeUndefined();
    expect((states.get(aliceId) as { user: { name: string } }).user.name).toBe('Alice');
    mallory.ws.close();
  });
});
