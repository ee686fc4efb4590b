/**
 * An update that arrives alone is committed and fanned out at once; the updates that
 * follow it in the same event-loop turn are committed once and fanned out as one frame.
 */
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

const isSyncUpdate = (frame: Uint8Array) => {
  const d = decoding.createDecoder(frame);
  return decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 2;
};
const persistedBatches = async () => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^journeyboard_updates_persisted_total (\S+)/m.exec(text)?.[1] ?? 0);
};

describe('the fast path', () => {
  it('twenty updates in one turn merge: the first alone, the rest in a commit or two, one frame per commit', async () => {
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
    // The first is committed at once; the rest merge into the turn's commit (on a busy machine
    // the turn can outlast ALONE_AFTER_MS, and one more commit starts: still far fewer than 20).
    const commits = (await persistedBatches()) - before;
    expect(commits).toBeGreaterThanOrEqual(2);
    expect(commits).toBeLessThanOrEqual(3);
    expect(watcher.messages.filter(isSyncUpdate).length - framesBefore).toBe(commits);
    author.destroy();
    writer.ws.close();
    watcher.ws.close();
  });
});
