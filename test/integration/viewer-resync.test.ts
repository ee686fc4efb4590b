/**
 * A viewer that reconnects answers the server's sync step 1 with its whole state
 * minus what the server has, and Yjs always includes the whole delete set in it.
 * On any board where something was ever changed or removed that answer is not
 * empty, yet it changes nothing: it must not count as a viewer's write. (Found by
 * the workshop load proof: every viewer was told "permission denied" after a
 * server restart.) A viewer's real deletion is still refused.
 */
import { addCard, readBoard, removeCard, updateCard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstCell, joinNewBoard } from '../support/boards.js';
import { openRaw, useClients, waitFor } from '../support/clients.js';
import { syncFrame } from '../support/hostile-updates.js';
import { metricValue } from '../support/metrics.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer();
const clients = useClients();

const viewerWritesRefused = () => metricValue(server.url, 'journeyboard_errors_total{kind="viewer_write"}');

describe('a viewer resyncing a board with deletions', () => {
  it('is not refused for the delete set its sync answer carries, but a real deletion is', async () => {
    const [board, editor, viewer] = await joinNewBoard(server, clients, ['editor', 'viewer']);
    const cell = firstCell(editor.doc);
    const kept = addCard(editor.doc, { ...cell, text: 'First wording' });
    const gone = addCard(editor.doc, { ...cell, text: 'Dropped in the workshop' });
    updateCard(editor.doc, { id: kept, text: 'Second wording' });
    removeCard(editor.doc, { id: gone });
    await waitFor(
      () =>
        readBoard(viewer.doc)
          .cards.map((c) => c.text)
          .join() === 'Second wording',
    );
    const answer = Y.encodeStateAsUpdate(viewer.doc, Y.encodeStateVector(server.rooms.get(board.id)!.doc));
    expect(Y.decodeUpdate(answer).ds.clients.size).toBeGreaterThan(0);

    // The official provider reconnecting: no refusal, no permission-denied message.
    const refusedBefore = await viewerWritesRefused();
    viewer.provider.disconnect();
    viewer.provider.connect();
    await waitFor(() => viewer.provider.synced, 5000, 'the viewer to resync');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await viewerWritesRefused()).toBe(refusedBefore);

    // The same answer three times on a raw viewer socket: the connection stays open.
    const raw = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    await raw.opened;
    for (let i = 0; i < 3; i++) raw.send(syncFrame(1, answer));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    expect(await viewerWritesRefused()).toBe(refusedBefore);
    raw.ws.close();

    // A deletion the server has not seen is a write: refused, and the third one closes.
    const tampered = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    await tampered.opened;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(viewer.doc));
    const before = Y.encodeStateVector(copy);
    removeCard(copy, { id: kept });
    const deletion = Y.encodeStateAsUpdate(copy, before);
    expect(Y.decodeUpdate(deletion).structs).toHaveLength(0);
    for (let i = 0; i < 3; i++) tampered.send(syncFrame(1, deletion));
    expect(await tampered.closed).toEqual({ code: 4403, reason: 'viewers cannot change this board' });
    expect(await viewerWritesRefused()).toBe(refusedBefore + 3);
    expect(readBoard(editor.doc).cards.map((c) => c.text)).toEqual(['Second wording']);
  });
});
