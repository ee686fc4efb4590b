/**
 * The y-websocket provider as the app builds it (client/src/sync/provider.ts), against
 * the real server: presence without echoes, jittered reconnects that stop when the
 * provider is disconnected or destroyed, and an identity presented after it connected.
 */
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type BoardProvider, openBoardProvider } from '../../client/src/sync/provider.js';
import { type Client, clientOf, createBoardOver, waitFor } from '../support/clients.js';
import { mint } from '../support/role-clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

describe('the app’s provider', () => {
  it('the app’s clients send their own presence only: a cursor move comes back from nobody', async () => {
    const board = await createBoardOver(server.url);
    const participants = Array.from({ length: 4 }, () =>
      recordingClient('app', server.wsUrl, board.id, board.tokens.editor),
    );
    const [mover, ...others] = participants as [RecordingClient, ...RecordingClient[]];
    // The control: y-websocket's own provider, as it comes.
    const official = recordingClient('y-websocket', server.wsUrl, board.id, board.tokens.viewer);
    const everyone = [...participants, official];
    await Promise.all(everyone.map((p) => p.synced));
    for (const [n, p] of everyone.entries()) {
      p.provider.awareness.setLocalStateField('user', { name: `Person ${n + 1}`, color: '#1971c2' });
    }
    await waitFor(() => everyone.every((p) => p.provider.awareness.getStates().size === everyone.length));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (const p of everyone) p.sent.length = 0;

    const moves = 20;
    for (let x = 1; x <= moves; x++) {
      mover.provider.awareness.setLocalStateField('cursor', { x, y: 0 });
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const cursorOf = (p: RecordingClient) =>
      (p.provider.awareness.getStates().get(mover.doc.clientID) as { cursor?: { x: number } } | undefined)
        ?.cursor?.x;
    await waitFor(() => [...others, official].every((p) => cursorOf(p) === moves), 5000, 'the last move');
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Everyone saw the moves; none of the app's clients sent a presence frame back.
    for (const p of others) expect(presenceSent(p.sent)).toEqual([]);
    // The mover sent one frame per move, each about itself alone.
    const moverFrames = presenceSent(mover.sent);
    expect(moverFrames.length).toBe(moves);
    for (const ids of moverFrames) expect(ids).toEqual([mover.doc.clientID]);
    // y-websocket's provider sent the mover's presence back (what the app's clients no longer do).
    expect(
      presenceSent(official.sent).filter((ids) => ids.includes(mover.doc.clientID)).length,
    ).toBeGreaterThan(0);
    for (const p of everyone) p.destroy();
  });

  it('reconnects after a server restart, and stays away once destroyed', async () => {
    const board = await createBoardOver(server.url);
    const alice = recordingClient('app', server.wsUrl, board.id, board.tokens.editor);
    const bob = recordingClient('app', server.wsUrl, board.id, board.tokens.editor);
    await Promise.all([alice.synced, bob.synced]);
    alice.doc.getMap('scratch').set('before', 1);
    await waitFor(() => bob.doc.getMap('scratch').get('before') === 1);

    // The server goes away and comes back on the same port and data.
    await server.close();
    await waitFor(() => !alice.provider.wsconnected && !bob.provider.wsconnected, 5000, 'both to notice');
    alice.doc.getMap('scratch').set('offline', 2);
    // Bob gives up for good while his retry is waiting: nothing of his may connect again.
    bob.destroy();
    const bobOpenedBefore = bob.opened.length;
    server = await startTestServer({ PORT: String(server.port) }, server.dataDir);

    await waitFor(() => alice.provider.synced, 10_000, 'Alice to resync');
    const carol = recordingClient('app', server.wsUrl, board.id, board.tokens.viewer);
    await carol.synced;
    await waitFor(() => carol.doc.getMap('scratch').get('offline') === 2, 5000, 'the offline edit');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(bob.opened.length).toBe(bobOpenedBefore);
    alice.destroy();
    carol.destroy();
  });

  it.each([
    [4408, 'cut off for being too slow', true],
    [4403, 'its link revoked', false],
  ])('after a close with %i (%s) it reconnects: %s', async (code, _why, reconnects) => {
    const board = await createBoardOver(server.url);
    const client = recordingClient('app', server.wsUrl, board.id, board.tokens.editor);
    try {
      await client.synced;
      const room = server.rooms.get(board.id);
      for (const connection of room?.connections ?? []) connection.close(code, 'closed by the test');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(client.opened.length).toBe(reconnects ? 2 : 1);
      expect(client.provider.wsconnected).toBe(reconnects);
    } finally {
      client.destroy();
    }
  });
});

describe('an identity minted after the provider connected', () => {
  it('is offered on a new socket, for the same document, and the server then knows the person', async () => {
    const board = await createBoardOver(server.url);
    const client = recordingClient('app', server.wsUrl, board.id, board.tokens.participant);
    const provider = client.provider as BoardProvider;
    const people = () => [...(server.rooms.get(board.id)?.connections ?? [])].map((c) => c.participantId);
    try {
      await client.synced;
      expect(people()).toEqual([null]);
      const minted = await mint(server.url, board.id, board.tokens.participant, 'Pat');
      provider.presentIdentity(minted.identityToken);
      expect(provider.identity).toBe(minted.identityToken);
      await waitFor(
        () => provider.synced && people().join() === minted.participantId,
        5000,
        'the server to see the identity',
      );
      expect(client.opened.length).toBe(2);
      expect(provider.doc).toBe(client.doc);
    } finally {
      client.destroy();
    }
  });
});

interface RecordingClient extends Client {
  sent: Uint8Array[];
  /** When each socket was opened. */
  opened: number[];
}

/** A client as the app builds it, or y-websocket's own, over a socket that records every frame it sends. */
function recordingClient(
  kind: 'app' | 'y-websocket',
  wsUrl: string,
  boardId: string,
  token: string,
): RecordingClient {
  const sent: Uint8Array[] = [];
  const opened: number[] = [];
  class RecordingSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      opened.push(Date.now());
    }
    override send(data: unknown, ...rest: unknown[]): void {
      sent.push(new Uint8Array(data as ArrayBufferLike));
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  const doc = new Y.Doc();
  const WebSocketPolyfill = RecordingSocket as unknown as typeof globalThis.WebSocket;
  const provider =
    kind === 'app'
      ? openBoardProvider(wsUrl, boardId, doc, { token, WebSocketPolyfill, disableBc: true })
      : new WebsocketProvider(wsUrl, boardId, doc, { params: { token }, WebSocketPolyfill, disableBc: true });
  return { ...clientOf(doc, provider), sent, opened };
}

/** For each presence frame sent, the client ids it speaks for. */
function presenceSent(frames: Uint8Array[]): number[][] {
  return frames
    .filter((frame) => frame[0] === 1)
    .map((frame) => {
      const outer = decoding.createDecoder(frame);
      decoding.readVarUint(outer);
      const update = decoding.createDecoder(decoding.readVarUint8Array(outer));
      const ids: number[] = [];
      for (let n = decoding.readVarUint(update); n > 0; n--) {
        ids.push(decoding.readVarUint(update));
        decoding.readVarUint(update);
        decoding.readVarString(update);
      }
      return ids;
    });
}
