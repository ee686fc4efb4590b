/** Room life cycle: loaded once before answering, migrated on load, unloaded after a grace period with a final flush. */
import { openSqliteStore } from '@journeyboard/server';
import { addCard, readBoard, SCHEMA_VERSION } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { connectClient, createBoardOver, joinSynced, useClients, waitFor } from '../support/clients.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer({ ROOM_UNLOAD_GRACE_MS: '150' });
const clients = useClients();

describe('rooms', () => {
  it('ten clients joining at once load the board from storage once', async () => {
    const board = await createBoardOver(server.url, 'Busy', 'online-order');
    const loadsBefore = server.rooms.loads;
    const crowd = Array.from({ length: 10 }, () =>
      connectClient(server.wsUrl, board.id, board.tokens.editor),
    );
    clients.push(...crowd);
    await Promise.all(crowd.map((c) => c.synced));
    expect(server.rooms.loads - loadsBefore).toBe(1);
    for (const client of crowd) expect(readBoard(client.doc).meta.title).toBe('Busy');
  });

  it('an empty room flushes, compacts and unloads after its grace period; a rejoin loads it again', async () => {
    const board = await createBoardOver(server.url);
    const alice = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await alice.synced;
    const layout = readBoard(alice.doc);
    addCard(alice.doc, { stageId: layout.stages[0]!.id, laneId: layout.lanes[0]!.id, text: 'Remember me' });
    await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 1);
    alice.destroy();
    await waitFor(() => server.rooms.get(board.id) === undefined, 3000, 'the room to unload');
    const state = await server.store.loadState(board.id);
    expect(state.updates).toEqual([]);
    const bob = await joinSynced(clients, server.wsUrl, board.id, board.tokens.viewer);
    expect(readBoard(bob.doc).cards.map((c) => c.text)).toEqual(['Remember me']);
  });

  it('a stored version-1 board is migrated when its room loads, before the first client syncs', async () => {
    const board = await createBoardOver(server.url);
    // Rewrite the stored board as a version-1 client left it: vision as a plain string on meta.
    await server.rooms.get(board.id)?.unload();
    const old = new Y.Doc();
    old.getMap('meta').set('title', 'Legacy board');
    old.getMap('meta').set('schemaVersion', 1);
    old.getMap('meta').set('vision', 'Returns are effortless.');
    const store = openSqliteStore(server.dataDir);
    store.compact(board.id, Y.encodeStateAsUpdate(old));
    store.close();
    const carol = await joinSynced(clients, server.wsUrl, board.id, board.tokens.viewer);
    const snapshot = readBoard(carol.doc);
    expect(snapshot.meta).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      vision: 'Returns are effortless.',
      title: 'Legacy board',
    });
  });
});
