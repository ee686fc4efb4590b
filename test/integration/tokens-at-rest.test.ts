/**
 * Tokens at rest: the database keeps SHA-256 hashes, and each lower role's token
 * sealed for each higher role, so a copy of the files opens nothing while the REST
 * contract stands (a role sees its own link and those below it; rotation answers
 * every link). A database written before tokens were hashed is migrated on start:
 * its links keep working and no plain token is left in any of its files. The data
 * directory is 0700 and the database files 0600.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { openSqliteStore } from '@journeyboard/server';
import {
  addCard,
  createBoard,
  newBoardState,
  ROLES,
  type Role,
  readBoard,
  visibleRoles,
} from '@journeyboard/shared';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { joinNewBoard } from '../support/boards.js';
import { type Client, createBoardOver, joinSynced, openRaw } from '../support/clients.js';
import { startTestServer, type TestServer, tempDataDir } from '../support/server.js';

const FILES = ['journeyboard.sqlite', 'journeyboard.sqlite-wal', 'journeyboard.sqlite-shm'];

let server: TestServer;
const clients: Client[] = [];
const parentDir = tempDataDir();

beforeAll(async () => {
  server = await startTestServer({}, path.join(parentDir, 'made-by-the-server'));
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
  rmSync(parentDir, { recursive: true, force: true });
});

const api = async (base: string, method: string, route: string, token: string, json?: unknown) => {
  const response = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown>,
  };
};

/** Every byte the database's files hold, as text a token could be found in. */
function databaseBytes(dataDir: string): string {
  return FILES.filter((f) => existsSync(path.join(dataDir, f)))
    .map((f) => readFileSync(path.join(dataDir, f)).toString('latin1'))
    .join('');
}

const tokenOf = (link: unknown) => String(link).split('#token=')[1];

describe('tokens at rest', () => {
  it('are kept as hashes and sealed boxes: the files hold no token, yet each role sees its links', async () => {
    const board = await createBoardOver(server.url);
    const files = databaseBytes(server.dataDir);
    for (const token of Object.values(board.tokens)) expect(files).not.toContain(token);
    const db = new Database(path.join(server.dataDir, 'journeyboard.sqlite'), { readonly: true });
    const hashes = db
      .prepare('SELECT role, length(token_hash) AS bytes FROM links WHERE board_id = ?')
      .all(board.id);
    const boxes = db
      .prepare('SELECT holder, role FROM sealed_links WHERE board_id = ? ORDER BY holder, role')
      .all(board.id);
    db.close();
    expect(hashes).toHaveLength(5);
    for (const row of hashes as Array<{ bytes: number }>) expect(row.bytes).toBe(32);
    // Each role's token sealed for every role above it.
    expect(boxes).toEqual([
      { holder: 'editor', role: 'participant' },
      { holder: 'editor', role: 'viewer' },
      { holder: 'facilitator', role: 'editor' },
      { holder: 'facilitator', role: 'participant' },
      { holder: 'facilitator', role: 'viewer' },
      { holder: 'owner', role: 'editor' },
      { holder: 'owner', role: 'facilitator' },
      { holder: 'owner', role: 'participant' },
      { holder: 'owner', role: 'viewer' },
      { holder: 'participant', role: 'viewer' },
    ]);

    const linksAs = async (token: string) =>
      (await api(server.url, 'GET', `/api/boards/${board.id}`, token)).body.links as Record<string, string>;
    expect(await linksAs(board.tokens.owner)).toEqual(board.links);
    for (const role of ROLES)
      expect(await linksAs(board.tokens[role])).toEqual(
        Object.fromEntries(visibleRoles(role).map((r) => [r, board.links[r]])),
      );
  });

  it('a box opens only with the token it was sealed for', async () => {
    const board = await createBoardOver(server.url);
    const other = await createBoardOver(server.url);
    // Claiming to be the owner with the editor's token opens nothing.
    expect(await server.store.revealTokens(board.id, 'owner', board.tokens.editor)).toEqual({
      owner: board.tokens.editor,
    });
    expect(await server.store.revealTokens(board.id, 'editor', board.tokens.editor)).toEqual({
      editor: board.tokens.editor,
      participant: board.tokens.participant,
      viewer: board.tokens.viewer,
    });
    // Another board's owner token opens none of this board's boxes.
    expect(await server.store.revealTokens(board.id, 'owner', other.tokens.owner)).toEqual({
      owner: other.tokens.owner,
    });
  });

  it('rotation seals again: every role still sees the current links below it', async () => {
    const board = await createBoardOver(server.url);
    const route = `/api/boards/${board.id}/tokens/rotate`;
    const editorOnly = await api(server.url, 'POST', route, board.tokens.owner, { role: 'editor' });
    expect(editorOnly.status).toBe(200);
    const rotated = editorOnly.body.tokens as Record<string, string>;
    expect(rotated.owner).toBe(board.tokens.owner);
    expect(rotated.viewer).toBe(board.tokens.viewer);
    expect(rotated.editor).not.toBe(board.tokens.editor);
    const asEditor = await api(server.url, 'GET', `/api/boards/${board.id}`, rotated.editor as string);
    expect(asEditor.body.links).toEqual({
      editor: (editorOnly.body.links as Record<string, string>).editor,
      participant: board.links.participant,
      viewer: board.links.viewer,
    });
    const asFacilitator = await api(server.url, 'GET', `/api/boards/${board.id}`, board.tokens.facilitator);
    expect((asFacilitator.body.links as Record<string, string>).editor).toBe(
      (editorOnly.body.links as Record<string, string>).editor,
    );
    expect((await api(server.url, 'GET', `/api/boards/${board.id}`, board.tokens.editor)).status).toBe(401);

    const all = await api(server.url, 'POST', route, board.tokens.owner, {});
    const fresh = all.body.tokens as Record<string, string>;
    expect(new Set([...Object.values(fresh), ...Object.values(rotated)]).size).toBe(10);
    const asOwner = await api(server.url, 'GET', `/api/boards/${board.id}`, fresh.owner as string);
    expect(asOwner.body.links).toEqual(all.body.links);
    expect(Object.values(asOwner.body.links as Record<string, string>).map(tokenOf)).toEqual(
      ROLES.map((role) => fresh[role]),
    );
    expect((await api(server.url, 'GET', `/api/boards/${board.id}`, board.tokens.owner)).status).toBe(401);
    const files = databaseBytes(server.dataDir);
    for (const token of [...Object.values(fresh), ...Object.values(rotated)])
      expect(files).not.toContain(token);
  });

  it('the data directory the server creates is 0700, the database files 0600', async () => {
    // A board with an editor in its room, so every database file has been written.
    await joinNewBoard(server, clients, ['editor']);
    expect(statSync(server.dataDir).mode & 0o777).toBe(0o700);
    for (const file of FILES) {
      expect(existsSync(path.join(server.dataDir, file)), file).toBe(true);
      expect(statSync(path.join(server.dataDir, file)).mode & 0o777, file).toBe(0o600);
    }
  });
});

describe('a database written before tokens were hashed', () => {
  it('is migrated on start: old links keep working, expiry too, and no plain token is left in its files', async () => {
    const dataDir = tempDataDir();
    mkdirSync(dataDir, { recursive: true });
    const tokens = {
      owner: `O${'a'.repeat(31)}`,
      editor: `E${'b'.repeat(31)}`,
      viewer: `V${'c'.repeat(31)}`,
    };
    const expired = {
      owner: `O${'d'.repeat(31)}`,
      editor: `E${'e'.repeat(31)}`,
      viewer: `V${'f'.repeat(31)}`,
    };
    writeLegacyDatabase(dataDir, [
      { id: 'kept-board', tokens, expiresAt: { viewer: Date.now() + 3_600_000 } },
      { id: 'expiring-board', tokens: expired, expiresAt: { viewer: Date.now() - 1000 } },
    ]);
    chmodSync(path.join(dataDir, 'journeyboard.sqlite'), 0o644);

    const older = await startTestServer({}, dataDir);
    try {
      for (const token of [...Object.values(tokens), ...Object.values(expired)])
        expect(databaseBytes(dataDir)).not.toContain(token);
      expect(statSync(path.join(dataDir, 'journeyboard.sqlite')).mode & 0o777).toBe(0o600);

      // Every old link opens its board with its role; the roles those servers did not know got links too.
      const asOwner = await api(older.url, 'GET', '/api/boards/kept-board', tokens.owner);
      expect(asOwner.status).toBe(200);
      const now = Object.fromEntries(
        Object.entries(asOwner.body.links as Record<string, string>).map(([role, link]) => [
          role,
          tokenOf(link),
        ]),
      ) as Record<Role, string>;
      expect(Object.keys(now)).toEqual([...ROLES]);
      expect(now).toMatchObject(tokens);
      for (const role of ROLES) {
        const read = await api(older.url, 'GET', '/api/boards/kept-board', now[role]);
        expect(read.body).toMatchObject({ role, title: 'Legacy kept-board' });
        expect(Object.keys(read.body.links as object)).toEqual(visibleRoles(role));
      }
      // An expired link stays expired.
      const late = await api(older.url, 'GET', '/api/boards/expiring-board', expired.viewer);
      expect(late).toMatchObject({ status: 401, body: { detail: 'link expired' } });

      // Live sync with an old token, by ?token= and by subprotocol; the board's log and versions came along.
      const editor = await joinSynced(clients, older.wsUrl, 'kept-board', tokens.editor);
      expect(readBoard(editor.doc).cards.map((c) => c.text)).toEqual(['from the update log']);
      const socket = openRaw(older.wsUrl, 'kept-board', null, {}, ['journeyboard', `token.${tokens.viewer}`]);
      await socket.opened;
      expect(socket.ws.protocol).toBe('journeyboard');
      socket.ws.close();
      const versions = await api(older.url, 'GET', '/api/boards/kept-board/versions', tokens.viewer);
      // Its version was named by a person: versions are marked automatic only since the safety net.
      const listed = versions.body as unknown as Array<{ name: string; automatic: boolean }>;
      expect(listed.map((v) => [v.name, v.automatic])).toEqual([['Before', false]]);

      // Foreign keys survived the rebuild: deleting a board still takes its log, versions and links.
      expect((await api(older.url, 'DELETE', '/api/boards/expiring-board', expired.owner)).status).toBe(204);
      const db = new Database(path.join(dataDir, 'journeyboard.sqlite'), { readonly: true });
      const left = ['updates', 'versions', 'links', 'sealed_links'].map(
        (table) =>
          (
            db.prepare(`SELECT count(*) AS n FROM ${table} WHERE board_id = 'expiring-board'`).get() as {
              n: number;
            }
          ).n,
      );
      db.close();
      expect(left).toEqual([0, 0, 0, 0]);
    } finally {
      await older.stop();
    }
  });
});

describe('a database written when there were three roles', () => {
  it('gains facilitator and participant links when the owner comes, once, sealed for every role above them', async () => {
    const dataDir = tempDataDir();
    const board = writeThreeRoleDatabase(dataDir);
    const older = await startTestServer({}, dataDir);
    try {
      const read = (token: string) => api(older.url, 'GET', `/api/boards/${board.id}`, token);
      // Before the owner comes, nobody has a participant link to be shown.
      const before = (await read(board.tokens.editor)).body.links as Record<string, string>;
      expect(Object.values(before).map(tokenOf)).toEqual([board.tokens.editor, board.tokens.viewer]);
      const asOwner = await read(board.tokens.owner);
      expect(asOwner.status).toBe(200);
      const tokens = Object.fromEntries(
        Object.entries(asOwner.body.links as Record<string, string>).map(([role, link]) => [
          role,
          tokenOf(link),
        ]),
      ) as Record<Role, string>;
      expect(Object.keys(tokens)).toEqual([...ROLES]);
      // The old links are kept as they were.
      for (const role of ['owner', 'editor', 'viewer'] as const)
        expect(tokens[role]).toBe(board.tokens[role]);
      // The new ones are minted afresh, not the tokens taken out of the database.
      for (const role of ['facilitator', 'participant'] as const)
        expect(tokens[role]).not.toBe(board.tokens[role]);
      expect((await read(board.tokens.owner)).body.links).toEqual(asOwner.body.links);

      // Each new token opens the board with its role, over REST and live, and sees its links and those below.
      for (const role of ['facilitator', 'participant'] as const) {
        const asNew = await read(tokens[role]);
        expect(asNew.body.role).toBe(role);
        expect(Object.values(asNew.body.links as Record<string, string>).map(tokenOf)).toEqual(
          visibleRoles(role).map((r) => tokens[r]),
        );
        const client = await joinSynced(clients, older.wsUrl, board.id, tokens[role]);
        expect(readBoard(client.doc).meta.title).toBe('Workshop board');
        client.destroy();
      }
      // The roles above a new one see it too.
      expect(Object.keys((await read(board.tokens.editor)).body.links as object)).toEqual([
        'editor',
        'participant',
        'viewer',
      ]);
      for (const token of Object.values(tokens)) expect(databaseBytes(dataDir)).not.toContain(token);
      // Done once: the owner's later visits keep the same five links and boxes.
      expect((await read(board.tokens.owner)).body.links).toEqual(asOwner.body.links);
      const db = new Database(path.join(dataDir, 'journeyboard.sqlite'), { readonly: true });
      const stored = (table: string) =>
        (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE board_id = ?`).get(board.id) as { n: number })
          .n;
      expect([stored('links'), stored('sealed_links')]).toEqual([5, 10]);
      db.close();
    } finally {
      await older.stop();
    }
  });
});

/**
 * A database as the server wrote it when there were three roles: tokens hashed, the
 * lower ones sealed for the higher, no facilitator or participant. Today's store
 * writes the same rows for those three roles (a box's slot names only its board and
 * two roles), so the board is stored by it and the new roles' rows taken out.
 */
function writeThreeRoleDatabase(dataDir: string) {
  const tokens = Object.fromEntries(
    ROLES.map((role, i) => [role, `${i}${role[0]}`.padEnd(32, 'x')]),
  ) as Record<Role, string>;
  const board = { id: 'three-role-board', title: 'Workshop board', createdAt: 1, updatedAt: 1 };
  const store = openSqliteStore(dataDir);
  store.createBoard(board, newBoardState({ title: board.title, template: 'blank-journey' }), tokens);
  store.close();
  const db = new Database(path.join(dataDir, 'journeyboard.sqlite'));
  const newRoles = "('facilitator', 'participant')";
  db.exec(`DELETE FROM links WHERE role IN ${newRoles};
    DELETE FROM sealed_links WHERE role IN ${newRoles} OR holder IN ${newRoles};`);
  db.close();
  return { id: board.id, tokens };
}

interface LegacyBoard {
  id: string;
  tokens: Record<'owner' | 'editor' | 'viewer', string>;
  expiresAt: Partial<Record<'owner' | 'editor' | 'viewer', number>>;
}

/**
 * A database as the server wrote it before tokens were hashed: this schema is the
 * one that server created (three plain token columns, expiry columns added later),
 * with a board's snapshot, an update in its log and a named version.
 */
function writeLegacyDatabase(dataDir: string, boards: LegacyBoard[]): void {
  const db = new Database(path.join(dataDir, 'journeyboard.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`
    CREATE TABLE boards (
      id TEXT PRIMARY KEY, title TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
      owner_token TEXT NOT NULL UNIQUE, editor_token TEXT NOT NULL UNIQUE, viewer_token TEXT NOT NULL UNIQUE,
      snapshot BLOB, stored_bytes INTEGER NOT NULL DEFAULT 0,
      owner_expires_at INTEGER, editor_expires_at INTEGER, viewer_expires_at INTEGER);
    CREATE TABLE updates (
      board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
      seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL, created_at INTEGER NOT NULL);
    CREATE INDEX updates_by_board ON updates(board_id, seq);
    CREATE TABLE versions (
      id TEXT PRIMARY KEY, board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
      name TEXT NOT NULL, created_at INTEGER NOT NULL, state BLOB NOT NULL);
    CREATE INDEX versions_by_board ON versions(board_id, created_at);
  `);
  for (const board of boards) {
    const doc = new Y.Doc();
    createBoard(doc, { title: `Legacy ${board.id}`, template: 'blank-journey' });
    const snapshot = Y.encodeStateAsUpdate(doc);
    const before = Y.encodeStateVector(doc);
    const { stages, lanes } = readBoard(doc);
    addCard(doc, { stageId: stages[0]!.id, laneId: lanes[0]!.id, text: 'from the update log' });
    const update = Y.encodeStateAsUpdate(doc, before);
    db.prepare(
      `INSERT INTO boards (id, title, created_at, updated_at, owner_token, editor_token, viewer_token, snapshot, stored_bytes,
         owner_expires_at, editor_expires_at, viewer_expires_at) VALUES (?, ?, 1, 1, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      board.id,
      `Legacy ${board.id}`,
      board.tokens.owner,
      board.tokens.editor,
      board.tokens.viewer,
      snapshot,
      snapshot.byteLength + update.byteLength,
      board.expiresAt.owner ?? null,
      board.expiresAt.editor ?? null,
      board.expiresAt.viewer ?? null,
    );
    db.prepare('INSERT INTO updates (board_id, data, created_at) VALUES (?, ?, 1)').run(board.id, update);
    db.prepare('INSERT INTO versions VALUES (?, ?, ?, 1, ?)').run(
      `${board.id}-v`,
      board.id,
      'Before',
      snapshot,
    );
  }
  db.close();
}
