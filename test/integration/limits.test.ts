/** Limits and hostile input: each closes the offending connection with a clear code and nothing else is disturbed. */
import { addCard, readBoard, updateCard } from '@journeyboard/shared';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstCell, joinNewBoard } from '../support/boards.js';
import { createBoardOver, openRaw, useClients, waitFor } from '../support/clients.js';
import { syncFrame } from '../support/hostile-updates.js';
import { startTestServer, useTestServer } from '../support/server.js';

const server = useTestServer({
  MAX_MESSAGE_BYTES: String(256 * 1024),
  MAX_MESSAGES_PER_SECOND: '50',
  MAX_CONNECTIONS_PER_ROOM: '3',
  MAX_BOARD_BYTES: String(200 * 1024),
});
const clients = useClients();

/** An update that says it holds 4 billion structs for one client, in a handful of bytes. */
function inflatedUpdate(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // one client
  encoding.writeVarUint(e, 4_000_000_000); // claimed struct count
  encoding.writeVarUint(e, 12345); // client id
  encoding.writeVarUint(e, 0); // clock
  encoding.writeUint8(e, 4); // an Item with string content...
  return encoding.toUint8Array(e); // ...and then nothing
}

async function boardWithWatcher() {
  const board = await createBoardOver(server.url);
  return board;
}

describe('hostile frames close only their own connection', () => {
  it.each([
    ['random bytes', () => Uint8Array.from({ length: 64 }, (_, i) => (i * 197 + 13) % 256)],
    ['an unknown message type', () => new Uint8Array([42, 1, 2, 3])],
    ['a truncated update', () => syncFrame(2, Y.encodeStateAsUpdate(sampleDoc()).slice(0, 20))],
    ['a bit-flipped update', () => syncFrame(2, bitFlipped(Y.encodeStateAsUpdate(sampleDoc())))],
    ['an update that claims huge counts', () => syncFrame(2, inflatedUpdate())],
    ['a large malformed update (read off-thread)', () => syncFrame(2, largeGarbage())],
  ])('%s → 4400, while another room keeps its latency', async (_name, makeFrame) => {
    const target = await boardWithWatcher();
    const [, writer, watcher] = await joinNewBoard(server, clients, ['editor', 'viewer']);

    const hostile = openRaw(server.wsUrl, target.id, target.tokens.editor);
    await hostile.opened;
    hostile.send(makeFrame());
    const closed = await hostile.closed;
    expect(closed.code).toBe(4400);
    expect(closed.reason.length).toBeGreaterThan(0);

    const cell = firstCell(writer.doc);
    const started = performance.now();
    addCard(writer.doc, { ...cell, text: 'still live' });
    await waitFor(() => readBoard(watcher.doc).cards.length === 1, 2000, 'the other room to stay live');
    expect(performance.now() - started).toBeLessThan(1000);
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
  });
});

function sampleDoc(): Y.Doc {
  const doc = new Y.Doc();
  const card = new Y.Map<unknown>();
  card.set('text', 'A card with a little text in it');
  card.set('notes', new Y.Text('and some notes'));
  doc.getMap('cards').set('c1', card);
  return doc;
}

function bitFlipped(update: Uint8Array): Uint8Array {
  const copy = update.slice();
  for (let i = 3; i < copy.length; i += 7) copy[i] = (copy[i] as number) ^ 0xa5;
  return copy;
}

function largeGarbage(): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText('vision');
  for (let i = 0; i < 6000; i++) text.insert(0, `line ${i} `);
  const update = Y.encodeStateAsUpdate(doc);
  expect(update.byteLength).toBeGreaterThan(64 * 1024);
  return update.slice(0, update.byteLength - 40);
}

describe('size and rate limits', () => {
  it('a frame over MAX_MESSAGE_BYTES closes with 1009', async () => {
    const board = await createBoardOver(server.url);
    const socket = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await socket.opened;
    socket.send(new Uint8Array(300 * 1024));
    expect((await socket.closed).code).toBe(1009);
  });

  it('a flood of messages closes with 4429', async () => {
    const board = await createBoardOver(server.url);
    const socket = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await socket.opened;
    // Empty awareness updates: cheap, valid messages (sync requests have a tighter limit of their own).
    for (let i = 0; i < 300; i++) socket.send(new Uint8Array([1, 1, 0]));
    expect(await socket.closed).toEqual({ code: 4429, reason: 'too many messages' });
  });

  it('a room takes MAX_CONNECTIONS_PER_ROOM connections; the next upgrade gets 503', async () => {
    const board = await createBoardOver(server.url);
    const sockets = [0, 1, 2].map(() => openRaw(server.wsUrl, board.id, board.tokens.viewer));
    await Promise.all(sockets.map((s) => s.opened));
    expect((await openRaw(server.wsUrl, board.id, board.tokens.viewer).closed).code).toBe(-503);
    for (const socket of sockets) socket.ws.close();
  });

  it('a board at MAX_BOARD_BYTES refuses more updates with 4413 and keeps what it has', async () => {
    const [board, alice] = await joinNewBoard(server, clients, ['editor']);
    const closed = new Promise<number>((resolve) => {
      alice.provider.ws?.addEventListener('close', (event) =>
        resolve((event as unknown as { code: number }).code),
      );
    });
    const layout = readBoard(alice.doc);
    const id = addCard(alice.doc, {
      stageId: layout.stages[0]!.id,
      laneId: layout.lanes[0]!.id,
      text: 'kept',
    });
    await waitFor(() => (server.rooms.get(board.id)?.doc.getMap('cards').size ?? 0) === 1);
    // Each edit rewrites the whole note (a different letter each time), about 9 KB an update.
    for (let i = 0; i < 30; i++)
      updateCard(alice.doc, { id, notes: String.fromCharCode(97 + (i % 26)).repeat(9000) });
    expect(await closed).toBe(4413);
    alice.provider.disconnect();
    const stored = readBoard(server.rooms.get(board.id)!.doc);
    expect(stored.cards.map((c) => c.text)).toEqual(['kept']);
  });
});

describe('rooms per process', () => {
  it('past MAX_ROOMS open boards, another board’s upgrade gets 503 until a room unloads', async () => {
    const small = await startTestServer({ MAX_ROOMS: '1', ROOM_UNLOAD_GRACE_MS: '50' });
    try {
      const [a, b] = [await createBoardOver(small.url), await createBoardOver(small.url)];
      const first = openRaw(small.wsUrl, a.id, a.tokens.viewer);
      await first.opened;
      expect((await openRaw(small.wsUrl, b.id, b.tokens.viewer).closed).code).toBe(-503);
      first.ws.close();
      await waitFor(() => small.rooms.size === 0, 3000, 'the first room to unload');
      const second = openRaw(small.wsUrl, b.id, b.tokens.viewer);
      await second.opened;
      second.ws.close();
    } finally {
      await small.stop();
    }
  });

  it('past MAX_ROOMS open boards, REST on another board answers 503 problem+json, not 500', async () => {
    const small = await startTestServer({ MAX_ROOMS: '1' });
    try {
      const [a, b] = [await createBoardOver(small.url), await createBoardOver(small.url)];
      const first = openRaw(small.wsUrl, a.id, a.tokens.viewer);
      await first.opened;
      const bearer = { authorization: `Bearer ${b.tokens.owner}` };
      const saved = await fetch(`${small.url}/api/boards/${b.id}/versions`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Needs the room' }),
      });
      expect(saved.status).toBe(503);
      expect(saved.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await saved.json()).toMatchObject({ title: 'Server full', status: 503 });
      const renamed = await fetch(`${small.url}/api/boards/${b.id}`, {
        method: 'PATCH',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Renamed' }),
      });
      expect(renamed.status).toBe(503);
      expect((await small.store.getBoard(b.id))?.title).toBe('Workshop board');
      first.ws.close();
    } finally {
      await small.stop();
    }
  });
});
