/** Access is checked on the HTTP upgrade and enforced per message: viewers cannot write, presence cannot be forged. */
import path from 'node:path';
import { addCard, createBoard, ROLES, readBoard } from '@journeyboard/shared';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstCell, joinNewBoard } from '../support/boards.js';
import {
  connectClient,
  createBoardOver,
  joinSynced,
  openRaw,
  useClients,
  waitFor,
} from '../support/clients.js';
import { awarenessFrame, syncFrame } from '../support/hostile-updates.js';
import { startTestServer, tempDataDir, useTestServer } from '../support/server.js';

const server = useTestServer({ ALLOWED_ORIGINS: 'https://workshop.example.org' });
const clients = useClients();

describe('the upgrade checks the token and the origin before a socket exists', () => {
  it('401 without a token or with a forged one; 403 for another board or a foreign origin', async () => {
    const board = await createBoardOver(server.url);
    const other = await createBoardOver(server.url);
    expect((await openRaw(server.wsUrl, board.id, null).closed).code).toBe(-401);
    expect((await openRaw(server.wsUrl, board.id, 'A'.repeat(32)).closed).code).toBe(-401);
    expect((await openRaw(server.wsUrl, board.id, other.tokens.owner).closed).code).toBe(-403);
    expect((await openRaw(server.wsUrl, 'no-such-board', board.tokens.owner).closed).code).toBe(-403);
    const foreign = openRaw(server.wsUrl, board.id, board.tokens.editor, { origin: 'https://evil.example' });
    expect((await foreign.closed).code).toBe(-403);
    const allowed = openRaw(server.wsUrl, board.id, board.tokens.editor, {
      origin: 'https://workshop.example.org',
    });
    await allowed.opened;
    const sameHost = openRaw(server.wsUrl, board.id, board.tokens.editor, { origin: server.url });
    await sameHost.opened;
    allowed.ws.close();
    sameHost.ws.close();
    expect(server.logs.some((line) => JSON.stringify(line).includes(board.tokens.editor))).toBe(false);
  });
});

describe('viewers', () => {
  it('sync and watch, but their writes are refused by the server and repeated ones close with 4403', async () => {
    const [board, editor, viewer] = await joinNewBoard(server, clients, ['editor', 'viewer']);
    const cell = firstCell(viewer.doc);
    addCard(editor.doc, { ...cell, text: 'From the editor' });
    await waitFor(() => readBoard(viewer.doc).cards.length === 1);

    // A tampered client writes anyway: the server applies nothing and closes it on the third try.
    const raw = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    await raw.opened;
    for (let i = 0; i < 3; i++) raw.send(syncFrame(2, cardUpdate(viewer.doc, cell, `Sneaky ${i}`)));
    expect(await raw.closed).toEqual({ code: 4403, reason: 'viewers cannot change this board' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const onServer = readBoard(server.rooms.get(board.id)!.doc);
    expect(onServer.cards.map((c) => c.text)).toEqual(['From the editor']);
    expect(readBoard(editor.doc).cards.map((c) => c.text)).toEqual(['From the editor']);
  });
});

describe('presence is pinned to the connection', () => {
  it('a connection cannot speak for another client id, and a copied name is made unique', async () => {
    const [board, alice, bob] = await joinNewBoard(server, clients, ['editor', 'editor']);
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', color: '#1971c2' });
    const aliceId = alice.doc.clientID;
    await waitFor(() => bob.provider.awareness.getStates().has(aliceId));

    const mallory = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await mallory.opened;
    mallory.send(awarenessFrame(777_001, 1, { user: { name: 'Alice', color: '#1971c2' } }));
    mallory.send(awarenessFrame(aliceId, 99, { user: { name: 'Alice' }, cursor: { x: 0, y: 0 } }));
    await waitFor(() => bob.provider.awareness.getStates().has(777_001));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const states = bob.provider.awareness.getStates();
    expect((states.get(777_001) as { user: { name: string } }).user.name).toBe('Alice (2)');
    expect((states.get(aliceId) as { cursor?: unknown }).cursor).toBeUndefined();
    expect((states.get(aliceId) as { user: { name: string } }).user.name).toBe('Alice');
    mallory.ws.close();
  });
});

/** The board as the server holds it now (its live room, which every accepted edit reaches first). */
function cardTexts(boardId: string): string[] {
  const room = server.rooms.get(boardId);
  if (!room) throw new Error(`no live room for ${boardId}`);
  return readBoard(room.doc)
    .cards.map((c) => c.text)
    .sort();
}

async function rest(method: string, path: string, token: string | null, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** An owner in the room (to watch the board) and a cell to put cards in. */
async function watchedBoard() {
  const [board, owner] = await joinNewBoard(server, clients, ['owner']);
  const cell = firstCell(owner.doc);
  addCard(owner.doc, { ...cell, text: 'by the owner' });
  await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 1, 5000, 'the first card');
  return { board, owner, cell };
}

/** An update that adds one card to the board as `base` holds it. */
function cardUpdate(base: Y.Doc, cell: { stageId: string; laneId: string }, text: string): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  addCard(doc, { ...cell, text });
  return Y.encodeStateAsUpdate(doc, Y.encodeStateVector(base));
}

describe('refused access changes nothing', () => {
  it('no token, a forged one, another board’s, a foreign origin: refused on upgrade and REST, board untouched', async () => {
    const { board } = await watchedBoard();
    const other = await createBoardOver(server.url);
    const attempts: Array<[string | null, Record<string, string>, number]> = [
      [null, {}, -401],
      ['A'.repeat(32), {}, -401],
      [other.tokens.owner, {}, -403],
      [board.tokens.editor, { origin: 'https://evil.example' }, -403],
    ];
    for (const [token, headers, status] of attempts) {
      const socket = openRaw(server.wsUrl, board.id, token, headers);
      expect((await socket.closed).code).toBe(status);
    }
    expect((await rest('PATCH', `/api/boards/${board.id}`, null, { title: 'Taken' })).status).toBe(401);
    expect((await rest('PATCH', `/api/boards/${board.id}`, 'A'.repeat(32), { title: 'Taken' })).status).toBe(
      401,
    );
    expect(
      (await rest('PATCH', `/api/boards/${board.id}`, other.tokens.owner, { title: 'Taken' })).status,
    ).toBe(403);
    expect(
      (await rest('PATCH', `/api/boards/${board.id}`, board.tokens.viewer, { title: 'Taken' })).status,
    ).toBe(403);
    expect(
      (await rest('POST', `/api/boards/${board.id}/tokens/rotate`, board.tokens.editor, {})).status,
    ).toBe(403);
    expect((await rest('GET', `/api/boards/${board.id}`, board.tokens.owner)).body.title).toBe(board.title);
    expect(cardTexts(board.id)).toEqual(['by the owner']);
    // Every token still opens what it opened before.
    expect((await rest('GET', `/api/boards/${board.id}`, board.tokens.editor)).status).toBe(200);
  });

  it('an oversized frame carrying a real card closes with 1009 and the card is not on the board', async () => {
    const { board, owner, cell } = await watchedBoard();
    const socket = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await socket.opened;
    // A card whose notes push the update past MAX_MESSAGE_BYTES (1 MiB by default).
    const frame = syncFrame(2, cardUpdate(owner.doc, cell, 'too big'));
    const oversized = new Uint8Array(frame.byteLength + (1 << 20) + 1);
    oversized.set(frame);
    socket.send(oversized);
    expect((await socket.closed).code).toBe(1009);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(cardTexts(board.id)).toEqual(['by the owner']);
  });
});

describe('rotated links', () => {
  it('the old token is refused on upgrade (401) and REST (401), its open connection closes with 4403, nothing it sends lands', async () => {
    const { board, owner, cell } = await watchedBoard();
    const old = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await old.opened;
    const rotated = await rest('POST', `/api/boards/${board.id}/tokens/rotate`, board.tokens.owner, {
      role: 'editor',
    });
    expect(rotated.status).toBe(200);
    const fresh = (rotated.body.tokens as Record<string, string>).editor!;
    expect(fresh).not.toBe(board.tokens.editor);
    expect(await old.closed).toEqual({ code: 4403, reason: 'link revoked' });
    // A write sent as the close arrives is not applied.
    old.send(syncFrame(2, cardUpdate(owner.doc, cell, 'from the old link')));

    expect((await openRaw(server.wsUrl, board.id, board.tokens.editor).closed).code).toBe(-401);
    const refused = await rest('GET', `/api/boards/${board.id}`, board.tokens.editor);
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe('unknown or revoked token');
    // The other roles' links are untouched, and the new one works.
    expect((await rest('GET', `/api/boards/${board.id}`, board.tokens.viewer)).status).toBe(200);
    await joinSynced(clients, server.wsUrl, board.id, fresh);
    expect(cardTexts(board.id)).toEqual(['by the owner']);
  });
});

describe('expiring links', () => {
  it('a link rotated with expiresInSeconds works until then; after it, upgrade and REST say 401 "link expired" and its connections close', async () => {
    const { board, owner, cell } = await watchedBoard();
    const before = Date.now();
    const rotated = await rest('POST', `/api/boards/${board.id}/tokens/rotate`, board.tokens.owner, {
      role: 'editor',
      expiresInSeconds: 1,
    });
    expect(rotated.status).toBe(200);
    const expiresAt = (rotated.body.expiresAt as Record<string, number>).editor!;
    expect(expiresAt).toBeGreaterThanOrEqual(before + 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 1000);
    const token = (rotated.body.tokens as Record<string, string>).editor!;

    // Until it expires it is an editor link like any other.
    expect((await rest('GET', `/api/boards/${board.id}`, token)).body.role).toBe('editor');
    const editor = await joinSynced(clients, server.wsUrl, board.id, token);
    addCard(editor.doc, { ...cell, text: 'while the link lived' });
    await waitFor(() => cardTexts(board.id).length === 2, 5000, 'the editor’s card');
    const raw = openRaw(server.wsUrl, board.id, token);
    await raw.opened;

    // At expiry the server closes its connections itself (a timer), whether or not they send anything.
    expect(await raw.closed).toEqual({ code: 4403, reason: 'link expired' });
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
    await waitFor(() => editor.provider.wsconnected === false, 2000, 'the expired editor to be cut off');
    // Its client keeps editing offline and retrying; nothing reaches the board.
    addCard(editor.doc, { ...cell, text: 'after expiry' });
    raw.send(syncFrame(2, cardUpdate(owner.doc, cell, 'sent after the close')));
    expect((await openRaw(server.wsUrl, board.id, token).closed).code).toBe(-401);
    const refused = await rest('GET', `/api/boards/${board.id}`, token);
    expect(refused).toMatchObject({ status: 401, body: { status: 401, detail: 'link expired' } });
    expect((await rest('POST', `/api/boards/${board.id}/versions`, token, { name: 'x' })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cardTexts(board.id)).toEqual(['by the owner', 'while the link lived']);
    expect(
      readBoard(owner.doc)
        .cards.map((c) => c.text)
        .sort(),
    ).toEqual(['by the owner', 'while the link lived']);
    editor.destroy();

    // Rotating again gives a link without expiry.
    const renewed = await rest('POST', `/api/boards/${board.id}/tokens/rotate`, board.tokens.owner, {
      role: 'editor',
    });
    expect((renewed.body.expiresAt as Record<string, unknown>).editor).toBeNull();
    const renewedToken = (renewed.body.tokens as Record<string, string>).editor!;
    expect((await rest('GET', `/api/boards/${board.id}`, renewedToken)).status).toBe(200);
  });

  it('only the owner sets an expiry, never on the owner link, and only a whole number of seconds', async () => {
    const board = await createBoardOver(server.url);
    const path = `/api/boards/${board.id}/tokens/rotate`;
    expect(
      (await rest('POST', path, board.tokens.editor, { role: 'viewer', expiresInSeconds: 60 })).status,
    ).toBe(403);
    const owner = await rest('POST', path, board.tokens.owner, { role: 'owner', expiresInSeconds: 60 });
    expect(owner.status).toBe(400);
    expect(owner.body.detail).toContain('owner link cannot expire');
    for (const expiresInSeconds of [0, -5, 1.5, '60', 10 ** 12]) {
      expect(
        (await rest('POST', path, board.tokens.owner, { role: 'viewer', expiresInSeconds })).status,
      ).toBe(400);
    }
    // Every link was left as it was by the refused requests.
    expect((await rest('GET', `/api/boards/${board.id}`, board.tokens.viewer)).status).toBe(200);
    // Without a role, every role below the owner gets the expiry; the owner's new link does not expire.
    const all = await rest('POST', path, board.tokens.owner, { expiresInSeconds: 3600 });
    const expiresAt = all.body.expiresAt as Record<string, number | null>;
    expect(expiresAt.owner).toBeNull();
    expect(expiresAt.editor).toBeGreaterThan(Date.now() + 3_500_000);
    for (const role of ['facilitator', 'participant', 'viewer'])
      expect(expiresAt[role]).toBe(expiresAt.editor);
  });

  it('every role below the owner expires alike: its connections close and its token is refused, the owner’s lives on', async () => {
    const board = await createBoardOver(server.url);
    const expiring = ROLES.filter((role) => role !== 'owner');
    const rotated = await rest('POST', `/api/boards/${board.id}/tokens/rotate`, board.tokens.owner, {
      expiresInSeconds: 1,
    });
    expect(rotated.status).toBe(200);
    const tokens = rotated.body.tokens as Record<(typeof ROLES)[number], string>;
    const sockets = expiring.map((role) => openRaw(server.wsUrl, board.id, tokens[role]));
    await Promise.all(sockets.map((socket) => socket.opened));
    for (const role of expiring)
      expect((await rest('GET', `/api/boards/${board.id}`, tokens[role])).body.role).toBe(role);
    for (const socket of sockets) expect(await socket.closed).toEqual({ code: 4403, reason: 'link expired' });
    for (const role of expiring) {
      expect((await openRaw(server.wsUrl, board.id, tokens[role]).closed).code, role).toBe(-401);
      const refused = await rest('GET', `/api/boards/${board.id}`, tokens[role]);
      expect(refused, role).toMatchObject({ status: 401, body: { detail: 'link expired' } });
    }
    expect((await rest('GET', `/api/boards/${board.id}`, tokens.owner)).body.role).toBe('owner');
  });

  it('a database from before link expiry is brought up to date on start; its links keep working and never expire, and the new roles get links', async () => {
    const dataDir = tempDataDir();
    const doc = new Y.Doc();
    createBoard(doc, { title: 'From an older server', template: 'blank-journey' });
    const db = new Database(path.join(dataDir, 'journeyboard.sqlite'));
    // The boards table exactly as the first release created it.
    db.exec(`CREATE TABLE boards (
      id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      owner_token TEXT NOT NULL UNIQUE, editor_token TEXT NOT NULL UNIQUE, viewer_token TEXT NOT NULL UNIQUE,
      snapshot BLOB, stored_bytes INTEGER NOT NULL DEFAULT 0)`);
    const state = Y.encodeStateAsUpdate(doc);
    db.prepare('INSERT INTO boards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      'old-board',
      'From an older server',
      1,
      1,
      'o'.repeat(32),
      'e'.repeat(32),
      'v'.repeat(32),
      state,
      state.byteLength,
    );
    db.close();

    const older = await startTestServer({}, dataDir);
    try {
      const stored = new Database(path.join(dataDir, 'journeyboard.sqlite'), { readonly: true });
      const links = stored
        .prepare('SELECT role, expires_at FROM links WHERE board_id = ? ORDER BY role')
        .all('old-board');
      stored.close();
      expect(links).toEqual([
        { role: 'editor', expires_at: null },
        { role: 'facilitator', expires_at: null },
        { role: 'owner', expires_at: null },
        { role: 'participant', expires_at: null },
        { role: 'viewer', expires_at: null },
      ]);
      const response = await fetch(`${older.url}/api/boards/old-board`, {
        headers: { authorization: `Bearer ${'e'.repeat(32)}` },
      });
      expect(response.status).toBe(200);
      const editor = connectClient(older.wsUrl, 'old-board', 'e'.repeat(32));
      clients.push(editor);
      await editor.synced;
      expect(readBoard(editor.doc).meta.title).toBe('From an older server');
      editor.destroy();
    } finally {
      await older.stop();
    }
  });
});
