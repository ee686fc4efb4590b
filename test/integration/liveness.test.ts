/**
 * A person whose network stops forwarding (nothing closed, nothing answered) is seen
 * as gone on both ends: their page says "Offline" within 5 s (the provider drops a
 * connection the server's heartbeat no longer reaches), and the others stop showing
 * them within 10 s (the server cuts off a connection that misses a ping and removes
 * its presence).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { type BoardProvider, openBoardProvider } from '../../client/src/sync/provider.js';
import { createBoardOver, waitFor } from '../support/clients.js';
import { type FlakyNetwork, flakyNetworkTo } from '../support/flaky-network.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let network: FlakyNetwork;
const providers: BoardProvider[] = [];

beforeAll(async () => {
  server = await startTestServer();
  network = await flakyNetworkTo(server.port);
});
afterAll(async () => {
  for (const provider of providers) provider.destroy();
  await network.close();
  await server.stop();
});

function participant(syncUrl: string, boardId: string, token: string, name: string): BoardProvider {
  const provider = openBoardProvider(syncUrl, boardId, new Y.Doc(), {
    token,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  provider.awareness.setLocalStateField('user', { name, color: '#1971c2' });
  providers.push(provider);
  return provider;
}

describe('a dropped network', () => {
  it('shows offline within 5 s on the page and drops the person from the others’ presence within 10 s', async () => {
    const board = await createBoardOver(server.url);
    const traveller = participant(
      `ws://127.0.0.1:${network.port}/sync`,
      board.id,
      board.tokens.editor,
      'Traveller',
    );
    const host = participant(server.wsUrl, board.id, board.tokens.editor, 'Host');
    await waitFor(() => traveller.synced && host.synced, 5000, 'both synced');
    const travellerId = traveller.doc.clientID;
    await waitFor(() => host.awareness.getStates().has(travellerId), 5000, 'the traveller’s presence');

    // Quiet but connected: heartbeats keep the traveller online past the silence limit.
    await new Promise((resolve) => setTimeout(resolve, 5000));
    expect(traveller.wsconnected).toBe(true);

    const dropped = Date.now();
    network.stall();
    let offlineAfter = 0;
    traveller.on('status', ({ status }: { status: string }) => {
      if (status === 'disconnected' && offlineAfter === 0) offlineAfter = Date.now() - dropped;
    });
    await waitFor(() => offlineAfter > 0, 6000, 'the traveller’s page to go offline');
    expect(offlineAfter).toBeLessThanOrEqual(5000);

    await waitFor(() => !host.awareness.getStates().has(travellerId), 11_000, 'the traveller to leave');
    expect(Date.now() - dropped).toBeLessThanOrEqual(10_000);
    // The host's own connection never missed a beat.
    expect(host.wsconnected).toBe(true);
  }, 40_000);
});
