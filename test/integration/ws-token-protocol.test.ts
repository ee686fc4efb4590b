/**
 * The share token over WebSocket: the app offers it as the subprotocol
 * `token.<token>` beside `journeyboard` (kept out of URLs and proxy logs), the
 * server answers with `journeyboard` (browsers fail a handshake that offered
 * protocols and got none), and `?token=` keeps working for unmodified clients.
 */
import { syncProtocols } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { openBoardProvider } from '../../client/src/sync/provider.js';
import { clientOf, connectClient, createBoardOver, openRaw } from '../support/clients.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer();

describe('the token as a WebSocket subprotocol', () => {
  it('opens the board, and the server answers with the journeyboard protocol', async () => {
    const board = await createBoardOver(server.url);
    const socket = openRaw(server.wsUrl, board.id, null, {}, syncProtocols(board.tokens.editor));
    await socket.opened;
    expect(socket.ws.protocol).toBe('journeyboard');
    socket.ws.close();
  });

  it('is checked like the query token: 401 unknown, 403 another board’s', async () => {
    const board = await createBoardOver(server.url);
    const other = await createBoardOver(server.url);
    expect((await openRaw(server.wsUrl, board.id, null, {}, syncProtocols('x'.repeat(32))).closed).code).toBe(
      -401,
    );
    expect(
      (await openRaw(server.wsUrl, board.id, null, {}, syncProtocols(other.tokens.viewer)).closed).code,
    ).toBe(-403);
    // The subprotocol's token is the one that counts, whatever the query says.
    const both = openRaw(server.wsUrl, board.id, 'x'.repeat(32), {}, syncProtocols(board.tokens.viewer));
    await both.opened;
    both.ws.close();
  });

  it('the app’s provider sends it so, with no token in its URL, and syncs', async () => {
    const board = await createBoardOver(server.url);
    const doc = new Y.Doc();
    const provider = openBoardProvider(server.wsUrl, board.id, doc, {
      token: board.tokens.editor,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    const app = clientOf(doc, provider);
    try {
      await app.synced;
      expect(provider.url).not.toContain('token');
      expect(provider.ws?.protocol).toBe('journeyboard');
      expect(doc.getMap('meta').get('title')).toBe('Workshop board');
    } finally {
      app.destroy();
    }
  });

  it('?token= keeps working for unmodified y-websocket clients', async () => {
    const board = await createBoardOver(server.url);
    const plain = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    try {
      await plain.synced;
      expect(plain.provider.url).toContain(`token=${board.tokens.viewer}`);
      expect(plain.provider.ws?.protocol).toBe('');
    } finally {
      plain.destroy();
    }
  });
});
