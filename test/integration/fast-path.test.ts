/**
 * An update that arrives alone is committed and fanned out at once, with no timer or
 * end-of-turn wait between its arrival and its broadcast (only its own commit); the
 * updates that arrive with it are committed once and fanned out as one frame.
 */
import { createHook } from 'node:async_hooks';
import { Socket } from 'node:net';
import { readBoard } from '@journeyboard/shared';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, createBoardOver, openRaw, waitFor } from '../support/clients.js';
import { syncFrame } from '../support/hostile-updates.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** Async resources whose callbacks run before the event loop moves on (not timers, immediates or I/O). */
const SAME_TICK_CHAIN = new Set(['PROMISE', 'Microtask', 'TickObject']);

const isSyncUpdate = (frame: Uint8Array) => {
  const d = decoding.createDecoder(frame);
  return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 2;
};
const persistedBatches = async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^journeyboard_updates_persisted_total (\S+)/m.exec(text)?.[1] ?? 0);
};

describe('the fast path', () => {
  it('twenty updates in one read: the first commits at once, the other nineteen merge; one frame per commit', async () => {
    const board = await createBoardOver(server.url);
    const author = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await author.synced;
    const watcher = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    await watcher.opened;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = await persistedBatches();
    const framesBefore = watcher.messages.filter(isSyncUpdate).length;

    // Twenty separate card edits, written to the socket in one go so they reach the server in one read.
    const writer = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await writer.opened;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(author.doc));
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 20; i++) doc.getMap('meta').set('objective', `objective ${i}`);
    const socket = (writer.ws as unknown as { _socket: { cork(): void; uncork(): void } })._socket;
    socket.cork();
    for (const update of updates) writer.send(syncFrame(2, update));
    socket.uncork();

    await waitFor(() => readBoard(author.doc).meta.objective === 'objective 19', 3000, 'the last edit');
    // The first is committed as soon as its frame is handled; the other nineteen, handled in the
    // same turn, merge into the turn's end-of-turn commit (a read split by TCP over two turns
    // makes it four: still far fewer than twenty).
    const commits = (await persistedBatches()) - before;
    expect(commits).toBeGreaterThanOrEqual(2);
    expect(commits).toBeLessThanOrEqual(4);
    expect(watcher.messages.filter(isSyncUpdate).length - framesBefore).toBe(commits);
    author.destroy();
    writer.ws.close();
    watcher.ws.close();
  });

  it("an update reaches everyone else before its author's acknowledgement", async () => {
    const board = await createBoardOver(server.url);
    const author = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await author.opened;
    // Joined after the author, so a broadcast in the order of joining would write to it second.
    const watchers = [
      openRaw(server.wsUrl, board.id, board.tokens.viewer),
      openRaw(server.wsUrl, board.id, board.tokens.viewer),
    ];
    await Promise.all(watchers.map((w) => w.opened));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const portOf = (client: { ws: unknown }) => (client.ws as { _socket: Socket })._socket.localPort;
    const names = new Map([
      [portOf(author), 'author'],
      [portOf(watchers[0] as typeof author), 'watcher'],
      [portOf(watchers[1] as typeof author), 'watcher'],
    ]);

    const proto = Socket.prototype as unknown as Record<
      '_write' | '_writev',
      (...args: unknown[]) => unknown
    >;
    const original = { _write: proto._write, _writev: proto._writev };
    const written: string[] = [];
    for (const method of ['_write', '_writev'] as const) {
      proto[method] = function (this: Socket & { server?: unknown }, ...args: unknown[]) {
        const name = this.server ? names.get(this.remotePort ?? -1) : undefined;
        if (name) written.push(name);
        return original[method].apply(this, args);
      };
    }
    try {
      const doc = new Y.Doc();
      let update: Uint8Array | null = null;
      doc.once('update', (u: Uint8Array) => (update = u));
      doc.getMap('scratch').set('seen', 'first by the others');
      author.send(syncFrame(2, update as unknown as Uint8Array));
      await waitFor(() => written.length >= 3, 3000, 'the broadcast');
    } finally {
      Object.assign(proto, original);
    }
    expect(written.slice(0, 3)).toEqual(['watcher', 'watcher', 'author']);
    author.ws.close();
    for (const watcher of watchers) watcher.ws.close();
  });

  it('ten sockets sending in the same moment: the first commits alone, the rest of the turn merge', async () => {
    const board = await createBoardOver(server.url);
    const author = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await author.synced;
    const writers = Array.from({ length: 10 }, () => openRaw(server.wsUrl, board.id, board.tokens.editor));
    await Promise.all(writers.map((w) => w.opened));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = await persistedBatches();
    // Each writer sets a key of its own on a copy of the board: ten independent updates.
    const frames = writers.map((_, i) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(author.doc));
      let update: Uint8Array | null = null;
      doc.once('update', (u: Uint8Array) => (update = u));
      doc.getMap('meta').set(`note-${i}`, `from writer ${i}`);
      return syncFrame(2, update as unknown as Uint8Array);
    });
    for (const [i, writer] of writers.entries()) writer.send(frames[i] as Uint8Array);
    await waitFor(
      () => [...Array(10).keys()].every((i) => author.doc.getMap('meta').has(`note-${i}`)),
      3000,
      'every edit',
    );
    // One event-loop turn reads all ten sockets: its first update commits alone, the other nine
    // at the turn's end. A read spread over two turns makes it four; one per update would be ten.
    const commits = (await persistedBatches()) - before;
    expect(commits).toBeGreaterThanOrEqual(2);
    expect(commits).toBeLessThanOrEqual(4);
    author.destroy();
    for (const writer of writers) writer.ws.close();
  });

  it('a lone update right after a commit waits for no timer or turn end: arrival, append, broadcast in one callback', async () => {
    const board = await createBoardOver(server.url);
    const author = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await author.synced;
    const writer = openRaw(server.wsUrl, board.id, board.tokens.editor);
    const watcher = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    await Promise.all([writer.opened, watcher.opened]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const room = server.rooms.get(board.id);
    const watching = [...(room?.connections ?? [])].find((c) => c.role === 'viewer');
    if (!room || !watching) throw new Error('the room or its watcher is missing');

    // What happens in the server, in order, from B's arrival to its broadcast to the watcher:
    // the room's own steps, and every callback the event loop ran between them (timers,
    // immediates, socket reads; promise continuations, queued microtasks and nextTicks run
    // in the same tick chain, before the loop moves on).
    const events: string[] = [];
    let tracking = false;
    const types = new Map<number, string>();
    const hook = createHook({
      init: (id, type) => void types.set(id, type),
      before: (id) => {
        const type = types.get(id) ?? 'unknown';
        if (tracking && !SAME_TICK_CHAIN.has(type)) events.push(`loop callback (${type})`);
      },
    }).enable();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(author.doc));
    const edit = (text: string) => {
      let update: Uint8Array | null = null;
      doc.once('update', (u: Uint8Array) => (update = u));
      doc.getMap('meta').set('objective', text);
      return syncFrame(2, update as unknown as Uint8Array);
    };
    const a = edit('objective A');
    const b = edit('objective B');
    const receive = room.receive.bind(room);
    room.receive = (connection, frame) => {
      if (frame === b || (frame.byteLength === b.byteLength && Buffer.from(frame).equals(b))) {
        events.push('B arrives');
        tracking = true;
      }
      return receive(connection, frame);
    };
    const append = server.store.appendUpdate.bind(server.store);
    server.store.appendUpdate = async (...args) => {
      if (tracking) events.push('B appended');
      return append(...args);
    };
    const sendWire = watching.sendWire.bind(watching);
    watching.sendWire = (wire, frames) => {
      if (tracking && frames.some(isSyncUpdate)) {
        events.push('B broadcast');
        tracking = false;
      }
      return sendWire(wire, frames);
    };
    try {
      // B leaves the moment A's broadcast reaches the watcher, a millisecond or so after A's commit.
      const bBroadcast = new Promise<void>((resolve) => {
        watcher.ws.on('message', (data: Buffer) => {
          if (!isSyncUpdate(new Uint8Array(data))) return;
          if (events.length === 0) writer.send(b);
          else resolve();
        });
      });
      writer.send(a);
      await bBroadcast;
    } finally {
      hook.disable();
      room.receive = receive;
      server.store.appendUpdate = append;
      watching.sendWire = sendWire;
    }
    expect(events).toEqual(['B arrives', 'B appended', 'B broadcast']);
    await waitFor(() => readBoard(author.doc).meta.objective === 'objective B', 3000, 'the edit');
    author.destroy();
    writer.ws.close();
    watcher.ws.close();
  });
});
