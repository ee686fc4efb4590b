/**
 * Hardening, honest accounting: an update that changes nothing never counts against
 * the board's size (re-sending one that was applied used to push the next honest
 * edit over the limit, 4413), and frames that wait behind a large update count
 * against the sender's message rate like any other.
 */
import type { Room } from '@journeyboard/server';
import { addCard, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { backlogFlood } from '../proof/attacks.js';
import { firstCell, joinNewBoard } from '../support/boards.js';
import { openRaw, useClients, waitFor } from '../support/clients.js';
import { syncFrame } from '../support/hostile-updates.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer({ LOG_LEVEL: 'error', MAX_BOARD_BYTES: String(200 * 1024) });
const clients = useClients();

describe('size accounting is honest', () => {
  it('an applied update re-sent 40 times costs the board nothing, and the next honest edit is taken', async () => {
    const [board, writer] = await joinNewBoard(server, clients, ['editor'], 'Replays');
    const cell = firstCell(writer.doc);
    let update: Uint8Array | null = null;
    writer.doc.once('update', (u: Uint8Array) => {
      update = u;
    });
    addCard(writer.doc, { ...cell, text: 'A long note', notes: 'n'.repeat(20_000) });
    // One server on SQLite: the board's room is its owner room.
    const room = () => server.rooms.get(board.id) as Room | undefined;
    await waitFor(() => (room() ? readBoard(room()!.doc).cards.length === 1 : false), 5000, 'the card');
    const bytes = room()!.bytes;

    const replayer = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await replayer.opened;
    for (let i = 0; i < 40; i++) replayer.send(syncFrame(2, update as unknown as Uint8Array)); // 800 KB of replays
    replayer.send(syncFrame(0, new Uint8Array([0])));
    await waitFor(
      () => replayer.messages.some((m) => m[0] === 0 && m[1] === 1),
      5000,
      'the replays to be handled',
    );
    expect(replayer.ws.readyState).toBe(replayer.ws.OPEN);
    expect(room()!.bytes).toBe(bytes);

    addCard(writer.doc, { ...cell, text: 'The next honest edit' });
    await waitFor(() => readBoard(room()!.doc).cards.length === 2, 5000, 'the honest edit');
    expect(writer.provider.wsconnected).toBe(true);
    replayer.ws.close();
  });

  it('frames queued behind a large update count against the message rate (4429)', async () => {
    const attack = await backlogFlood(server, { frames: 2000 });
    const { outcome } = await attack.run();
    expect(outcome).toMatch(/^closed 4429/);
  });

  it('a board at its limit refuses the edit that would pass it (4413), and nothing of it is stored', async () => {
    const [board, writer] = await joinNewBoard(server, clients, ['editor'], 'Full');
    const cell = firstCell(writer.doc);
    const closed = new Promise<number>((resolve) =>
      writer.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)),
    );
    writer.doc.transact(() => {
      for (let i = 0; i < 12; i++) {
        addCard(writer.doc, { ...cell, text: `${i}`, notes: 'm'.repeat(20_000) });
      }
    });
    expect(await closed).toBe(4413);
    const stored = Y.encodeStateAsUpdate(server.rooms.get(board.id)!.doc);
    expect(stored.byteLength).toBeLessThan(200 * 1024);
    writer.provider.disconnect();
  });
});
