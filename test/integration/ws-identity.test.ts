/**
 * A person's identity over WebSocket: beside the share token (what the link may do)
 * a client may say who it is, as `?identity=<token>` (unmodified y-websocket
 * clients) or the subprotocol `identity.<token>` (the app). The server checks it on
 * the upgrade: unknown 401, another board's 403, and the connection carries the
 * person's participant id.
 */
import { syncProtocols } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openBoardProvider } from '../../client/src/sync/provider.js';
import { type Client, clientOf, createBoardOver, openRaw } from '../support/clients.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer();

interface Minted {
  participantId: string;
  identityToken: string;
  name: string;
}

async function mint(boardId: string, token: string, name: string): Promise<Minted> {
  const response = await fetch(`${server.url}/api/boards/${boardId}/identities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Minted;
}

/** An unmodified y-websocket client, as the README shows it: token and identity as query parameters. */
function plainClient(boardId: string, params: Record<string, string>): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, boardId, doc, {
    params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return clientOf(doc, provider);
}

/** The participant ids of the board's live connections, as the room holds them. */
const peopleIn = (boardId: string) =>
  [...(server.rooms.get(boardId)?.connections ?? [])].map((c) => c.participantId).sort();

describe('an identity on the WebSocket', () => {
  it('as ?identity= beside ?token=: connects, syncs, and the connection is that person', async () => {
    const board = await createBoardOver(server.url, 'Query identity');
    const ann = await mint(board.id, board.tokens.editor, 'Ann');
    const client = plainClient(board.id, { token: board.tokens.editor, identity: ann.identityToken });
    try {
      await client.synced;
      expect(client.doc.getMap('meta').get('title')).toBe('Query identity');
      expect(peopleIn(board.id)).toEqual([ann.participantId]);
      // The log says who connected (by participant id, never by token).
      const connected = server.logs.filter((l) => l.msg === 'connected' && l.boardId === board.id);
      expect(connected.map((l) => l.participantId)).toEqual([ann.participantId]);
      expect(JSON.stringify(server.logs)).not.toContain(ann.identityToken);
    } finally {
      client.destroy();
    }
  });

  it('as the subprotocol identity.<token> from the app’s provider, with nothing in its URL', async () => {
    const board = await createBoardOver(server.url, 'Subprotocol identity');
    const ann = await mint(board.id, board.tokens.editor, 'Ann');
    const doc = new Y.Doc();
    const provider = openBoardProvider(server.wsUrl, board.id, doc, {
      token: board.tokens.editor,
      identity: ann.identityToken,
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    const app = clientOf(doc, provider);
    // A client with no identity beside it: the connection is nobody in particular.
    const anonymous = plainClient(board.id, { token: board.tokens.viewer });
    try {
      await app.synced;
      await anonymous.synced;
      expect(provider.url).not.toContain('identity');
      expect(provider.ws?.protocol).toBe('journeyboard');
      expect(doc.getMap('meta').get('title')).toBe('Subprotocol identity');
      expect(peopleIn(board.id)).toEqual([ann.participantId, null].sort());
    } finally {
      app.destroy();
      anonymous.destroy();
    }
  });

  it('is refused on the upgrade when unknown (401), too long to be one (401), or another board’s (403)', async () => {
    const board = await createBoardOver(server.url, 'Checked');
    const other = await createBoardOver(server.url, 'Elsewhere');
    const elsewhere = await mint(other.id, other.tokens.editor, 'Ann');
    const refusal = async (identity: string) =>
      (await openRaw(server.wsUrl, board.id, null, {}, syncProtocols(board.tokens.editor, identity)).closed)
        .code;
    expect(await refusal('x'.repeat(32))).toBe(-401);
    expect(await refusal('x'.repeat(129))).toBe(-401);
    expect(await refusal(elsewhere.identityToken)).toBe(-403);
    // The query parameter is checked alike.
    const query = openRaw(
      server.wsUrl,
      `${board.id}?token=${board.tokens.editor}&identity=${'y'.repeat(32)}`,
      null,
    );
    expect((await query.closed).code).toBe(-401);
    const details = server.logs.filter((l) => l.msg === 'upgrade refused' && l.boardId === board.id);
    expect(details.map((l) => l.detail)).toEqual([
      'unknown identity',
      'unknown identity',
      'identity is for another board',
      'unknown identity',
    ]);
    // Nobody got in, and the identity still opens its own board.
    expect(peopleIn(board.id)).toEqual([]);
    const own = openRaw(
      server.wsUrl,
      other.id,
      null,
      {},
      syncProtocols(other.tokens.editor, elsewhere.identityToken),
    );
    await own.opened;
    own.ws.close();
  });

  it('is who, the link is what: an identity with a viewer link connects, read-only', async () => {
    const board = await createBoardOver(server.url, 'Observer');
    const vic = await mint(board.id, board.tokens.viewer, 'Vic');
    const viewer = plainClient(board.id, { token: board.tokens.viewer, identity: vic.identityToken });
    try {
      await viewer.synced;
      expect(viewer.doc.getMap('meta').get('title')).toBe('Observer');
      const [connection] = server.rooms.get(board.id)?.connections ?? [];
      expect([connection?.participantId, connection?.role]).toEqual([vic.participantId, 'viewer']);
    } finally {
      viewer.destroy();
    }
  });
});
