/**
 * Clients of a workshop role on a real server, as the role tests drive them: an
 * unmodified y-websocket provider (token and identity as query parameters) or the
 * app's own (client/src/sync/provider.ts), each over a socket that records the
 * permission-denied answers and close codes the server sends it.
 */
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openBoardProvider } from '../../client/src/sync/provider.js';
import { type Client, clientOf } from './clients.js';

/** y-protocols' auth message, and its one kind: permission denied. */
const MESSAGE_AUTH = 2;
const PERMISSION_DENIED = 0;

export type ClientKind = 'unmodified' | 'app';

export interface Minted {
  participantId: string;
  identityToken: string;
}

/** A person's identity on a board, minted through a share link (POST /api/boards/:id/identities). */
export async function mint(baseUrl: string, boardId: string, token: string, name: string): Promise<Minted> {
  const response = await fetch(`${baseUrl}/api/boards/${boardId}/identities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201) throw new Error(`minting failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Minted;
}

export interface RoleClient extends Client {
  /** The reasons of each permission-denied message received, in order. */
  denials: string[];
  /** Close codes of its sockets. */
  closes: number[];
}

/** The reason of a permission-denied message, or null for any other frame. */
function deniedReason(frame: Uint8Array): string | null {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MESSAGE_AUTH) return null;
  if (decoding.readVarUint(decoder) !== PERMISSION_DENIED) return null;
  return decoding.readVarString(decoder);
}

export function openRoleClient(
  kind: ClientKind,
  wsUrl: string,
  boardId: string,
  token: string,
  identity?: string,
): RoleClient {
  const denials: string[] = [];
  const closes: number[] = [];
  class RecordingSocket extends WebSocket {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      this.on('message', (data: Buffer) => {
        const reason = deniedReason(new Uint8Array(data));
        if (reason !== null) denials.push(reason);
      });
      this.on('close', (code: number) => closes.push(code));
    }
  }
  const WebSocketPolyfill = RecordingSocket as unknown as typeof globalThis.WebSocket;
  const doc = new Y.Doc();
  const provider =
    kind === 'app'
      ? openBoardProvider(wsUrl, boardId, doc, {
          token,
          ...(identity ? { identity } : {}),
          WebSocketPolyfill,
          disableBc: true,
        })
      : new WebsocketProvider(wsUrl, boardId, doc, {
          params: identity ? { token, identity } : { token },
          WebSocketPolyfill,
          disableBc: true,
        });
  return { ...clientOf(doc, provider), denials, closes };
}

/** Whether two docs hold the same structs and deletions. */
export function sameState(a: Y.Doc, b: Y.Doc | Y.Snapshot): boolean {
  return Y.equalSnapshots(Y.snapshot(a), b instanceof Y.Doc ? Y.snapshot(b) : b);
}

/** Resolves once every doc holds what every other does. */
export async function converged(docs: Y.Doc[], timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  const [first, ...rest] = docs;
  while (!first || !rest.every((doc) => sameState(doc, first))) {
    if (Date.now() - started > timeoutMs) {
      const states = docs.map((doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(doc))]));
      const deletes = docs.map((doc) => JSON.stringify([...Y.snapshot(doc).ds.clients]));
      throw new Error(`replicas did not converge: ${states.join(' / ')} ${deletes.join(' / ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
