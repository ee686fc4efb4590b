/** Official y-websocket clients (disableBc: true, so they sync only through the server) and raw sockets for hostile frames. */
import type { Role } from '@journeyboard/shared';
import { afterAll } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

// Each provider registers a process exit hook; tests open many.
process.setMaxListeners(200);

export interface CreatedBoard {
  id: string;
  title: string;
  tokens: Record<Role, string>;
  links: Record<Role, string>;
}

export async function createBoardOver(baseUrl: string, title = 'Workshop board', template = 'blank-journey') {
  const response = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, template }),
  });
  if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedBoard;
}

export interface Client {
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: Promise<void>;
  destroy(): void;
}

/** Clients a test file opens, destroyed after its tests (register with `push`). */
export function useClients(): Client[] {
  const clients: Client[] = [];
  afterAll(() => {
    for (const client of clients.splice(0)) client.destroy();
  });
  return clients;
}

/** A REST call with a link's token as Bearer, and `json` as its body when given. */
export function callApi(baseUrl: string, path: string, token: string, method = 'GET', json?: unknown) {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
}

/** A client on the board, synced, destroyed with the test file's others. */
export async function joinSynced(
  clients: Client[],
  wsUrl: string,
  boardId: string,
  token: string,
  doc?: Y.Doc,
) {
  const client = connectClient(wsUrl, boardId, token, doc);
  clients.push(client);
  await client.synced;
  return client;
}

/** `params` go into the socket's URL beside the token (a tag a test's load balancer can see). */
export function connectClient(
  wsUrl: string,
  boardId: string,
  token: string,
  doc = new Y.Doc(),
  params: Record<string, string> = {},
): Client {
  const provider = new WebsocketProvider(wsUrl, boardId, doc, {
    params: { token, ...params },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  return clientOf(doc, provider);
}

/** Resolves once the provider has synced with the server (at once if it has). */
export function syncedOnce(provider: WebsocketProvider): Promise<void> {
  return new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    else provider.once('sync', () => resolve());
  });
}

/** A provider and its doc as a test client, however the provider was built. */
export function clientOf(doc: Y.Doc, provider: WebsocketProvider): Client {
  return {
    doc,
    provider,
    synced: syncedOnce(provider),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface RawSocket {
  ws: WebSocket;
  messages: Uint8Array[];
  opened: Promise<void>;
  /** Resolves with the close code (or the HTTP status of a refused upgrade, negated). */
  closed: Promise<{ code: number; reason: string }>;
  send(frame: Uint8Array): void;
}

export function openRaw(
  wsUrl: string,
  boardId: string,
  token: string | null,
  headers: Record<string, string> = {},
  protocols: string[] = [],
): RawSocket {
  const url = `${wsUrl}/${boardId}${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const ws = new WebSocket(url, protocols, { headers });
  const messages: Uint8Array[] = [];
  ws.binaryType = 'nodebuffer';
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.once('unexpected-response', (_req, res) =>
      resolve({ code: -(res.statusCode ?? 0), reason: res.statusMessage ?? '' }),
    );
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
  opened.catch(() => {});
  return { ws, messages, opened, closed, send: (frame) => ws.send(frame) };
}

/**
 * A client that keeps every close code the server sent it (and each reconnect's),
 * registered in `clients` for clean-up: tests of refusals, fences and failover read them.
 */
export function connectRecordingCloses(
  wsUrl: string,
  boardId: string,
  token: string,
  clients: Client[],
  doc?: Y.Doc,
): Client & { closes: number[] } {
  const client = connectClient(wsUrl, boardId, token, doc);
  clients.push(client);
  const closes: number[] = [];
  client.provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  return Object.assign(client, { closes });
}
