/**
 * Presence fan-out in a big room (found by the workshop load proof, test/proof/workshop-load.ts).
 *
 * An official y-websocket client sends every awareness change it receives back to
 * the server, so each awareness frame the server broadcasts comes back once from
 * every client. Were the room to broadcast presence once per event-loop turn, a
 * workshop with a few dozen people moving their cursors would make every client,
 * viewers included, send more frames than MAX_MESSAGES_PER_SECOND allows and be
 * closed with 4429 (which y-websocket takes as final). So the room broadcasts
 * presence at most once per interval, and an echo of presence the room already
 * holds is neither parsed nor counted as a forged presence.
 *
 * Journeyboard's own clients do not echo at all (test/integration/app-provider.test.ts);
 * the room still copes with clients that do.
 */
import { Socket as NetSocket, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { joinNewBoard } from '../support/boards.js';
import { createBoardOver, openRaw, useClients, waitFor } from '../support/clients.js';
import { awarenessFrame, syncFrame } from '../support/hostile-updates.js';
import { metricValue } from '../support/metrics.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer();
const clients = useClients();

const foreignPresenceRefusals = () =>
  metricValue(server.url, 'journeyboard_errors_total{kind="foreign_presence"}');

describe('presence fan-out', () => {
  it('broadcasts presence at a bounded rate however many turns it arrives in, and the last state wins', async () => {
    const board = await createBoardOver(server.url);
    const watcher = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    const mover = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await Promise.all([watcher.opened, mover.opened]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = watcher.messages.length;

    // 150 cursor moves, each in its own event-loop turn of the server.
    const started = performance.now();
    const moves = 150;
    for (let clock = 1; clock <= moves; clock++) {
      mover.send(awarenessFrame(424_242, clock, { user: { name: 'Mover' }, cursor: { x: clock, y: 0 } }));
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const elapsed = performance.now() - started;
    // The server's heartbeat (an awareness frame with no entries, 1 1 0) is not a broadcast of presence.
    const presenceFrames = watcher.messages
      .slice(before)
      .filter((m) => m[0] === 1 && !(m.length === 3 && m[1] === 1 && m[2] === 0));

    // At most one broadcast per 25 ms (plus the leading one), far fewer than the moves.
    expect(presenceFrames.length).toBeGreaterThan(0);
    expect(presenceFrames.length).toBeLessThanOrEqual(Math.ceil(elapsed / 25) + 2);
    expect(presenceFrames.length).toBeLessThan(moves / 3);
    const last = new TextDecoder().decode(presenceFrames.at(-1));
    expect(last).toContain(`"cursor":{"x":${moves},"y":0}`);
    watcher.ws.close();
    mover.ws.close();
  });

  it('takes an official client’s echo of others’ presence as an echo, not a forgery', async () => {
    const [board, alice, bob] = await joinNewBoard(server, clients, ['editor', 'viewer']);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#1971c2' });
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob', color: '#2f9e44' });
    await waitFor(() => bob.provider.awareness.getStates().has(alice.doc.clientID));
    await waitFor(() => alice.provider.awareness.getStates().has(bob.doc.clientID));
    const refusedBefore = await foreignPresenceRefusals();

    for (let x = 1; x <= 5; x++) {
      alice.provider.awareness.setLocalStateField('cursor', { x, y: 0 });
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await waitFor(
      () =>
        (bob.provider.awareness.getStates().get(alice.doc.clientID) as { cursor?: { x: number } }).cursor
          ?.x === 5,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await foreignPresenceRefusals()).toBe(refusedBefore);

    // A presence for someone else that the room has not seen is still refused and counted.
    const mallory = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await mallory.opened;
    mallory.send(awarenessFrame(31_337, 1, { user: { name: 'Mallory' } }));
    mallory.send(awarenessFrame(alice.doc.clientID, 9_999, { user: { name: 'Alice' }, cursor: null }));
    await waitFor(() => bob.provider.awareness.getStates().has(31_337));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await foreignPresenceRefusals()).toBe(refusedBefore + 1);
    expect(
      (bob.provider.awareness.getStates().get(alice.doc.clientID) as { cursor?: { x: number } }).cursor?.x,
    ).toBe(5);
    mallory.ws.close();
  });

  it('sends an update and the presence pending beside it in one write to each connection', async () => {
    const board = await createBoardOver(server.url);
    const watcher = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    const mover = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await Promise.all([watcher.opened, mover.opened]);
    mover.send(awarenessFrame(515_151, 1, { user: { name: 'Mover' }, cursor: { x: 1, y: 0 } }));
    await waitFor(() =>
      watcher.messages.some((m) => m[0] === 1 && new TextDecoder().decode(m).includes('Mover')),
    );
    await new Promise((resolve) => setTimeout(resolve, 40));

    // A cursor move and an edit that reach the server in the same turn…
    const heartbeat = (m: Uint8Array) => m.length === 3 && m[0] === 1 && m[1] === 1 && m[2] === 0;
    const moveAndEdit = async (x: number) => {
      const doc = new Y.Doc();
      doc.getMap('scratch').set('moved', x);
      const update = syncFrame(2, Y.encodeStateAsUpdate(doc));
      const received = watcher.messages.length;
      const writes = countServerWrites();
      try {
        const tcp = (mover.ws as unknown as { _socket: Socket })._socket;
        tcp.cork();
        mover.send(awarenessFrame(515_151, x, { user: { name: 'Mover' }, cursor: { x, y: 0 } }));
        mover.send(update);
        tcp.uncork();
        await waitFor(() => watcher.messages.length >= received + 2);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        writes.stop();
      }
      // Whatever was counted arrives too: a heartbeat written at the window's very end is seen and retried.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const messages = watcher.messages.slice(received);
      return { messages, perSocket: writes.perSocket() };
    };
    // The server's heartbeat (an empty presence frame every 1.5 s) may fall in the window: measure again then.
    let measured = await moveAndEdit(2);
    for (let x = 3; measured.messages.some(heartbeat) && x < 6; x++) measured = await moveAndEdit(x);

    // …reach the watcher as an update, then the presence, and each connection in one write.
    const kinds = measured.messages.map((m) => (m[0] === 0 ? `sync ${m[1]}` : `type ${m[0]}`));
    expect(kinds).toEqual(['sync 2', 'type 1']);
    expect(measured.perSocket).toEqual([1, 1]);
    watcher.ws.close();
    mover.ws.close();
  });
});

/**
 * Counts writes to the TCP sockets the server accepted (this test's server runs in
 * this process): each _write or _writev is one system call.
 */
function countServerWrites() {
  const proto = NetSocket.prototype as unknown as Record<
    '_write' | '_writev',
    (...args: unknown[]) => unknown
  >;
  const original = { _write: proto._write, _writev: proto._writev };
  const counts = new Map<NetSocket, number>();
  for (const method of ['_write', '_writev'] as const) {
    proto[method] = function (this: NetSocket & { server?: unknown }, ...args: unknown[]) {
      if (this.server) counts.set(this, (counts.get(this) ?? 0) + 1);
      return original[method].apply(this, args);
    };
  }
  return {
    stop: () => Object.assign(proto, original),
    perSocket: () => Array.from(counts.values()),
  };
}
