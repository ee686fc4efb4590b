/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous,
 * so when appendUpdate returns the update is in the WAL: a SIGKILL of the process
 * loses nothing (synchronous=FULL also survives power loss, at a cost per commit).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BoardRecord, BoardStore, Role, StoredState, VersionRecord } from './board-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  owner_token TEXT NOT NULL UNIQUE,
  editor_token TEXT NOT NULL UNIQUE,
  viewer_token TEXT NOT NULL UNIQUE,
  snapshot BLOB,
  stored_bytes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS updates (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_by_board ON updates(board_id, seq);
CREATE TABLE IF NOT EXISTS versions (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  state BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS versions_by_board ON versions(board_id, created_at);
`;

interface BoardRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
  owner_token: string;
  editor_token: string;
  viewer_token: string;
}

const toRecord = (row: BoardRow): BoardRecord => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  tokens: { owner: row.owner_token, editor: row.editor_token, viewer: row.viewer_token },
});

const TOKEN_COLUMN: Record<Role, string> = {
  owner: 'owner_token',
  editor: 'editor_token',
  viewer: 'viewer_token',
};

export type SqliteSynchronous = 'NORMAL' | 'FULL';

/**
 * Link expiry came after the first databases: each role's token has an
 * `<role>_expires_at` column (ms since the epoch; NULL never expires). Adding a
 * nullable column is instant and keeps every existing link working, so new and
 * older databases take the same path.
 */
function addLinkExpiry(db: Database.Database): void {
  const columns = new Set((db.pragma('table_info(boards)') as Array<{ name: string }>).map((c) => c.name));
  for (const role of Object.keys(TOKEN_COLUMN)) {
    if (!columns.has(`${role}_expires_at`))
      db.exec(`ALTER TABLE boards ADD COLUMN ${role}_expires_at INTEGER`);
  }
}

export function openSqliteStore(dataDir: string, synchronous: SqliteSynchronous = 'NORMAL'): BoardStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'journeyboard.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  addLinkExpiry(db);
  const defaultMaxPages = db.pragma('max_page_count', { simple: true }) as number;

  const statements = {
    insertBoard: db.prepare(
      `INSERT INTO boards (id, title, created_at, updated_at, owner_token, editor_token, viewer_token, snapshot, stored_bytes)
       VALUES (@id, @title, @createdAt, @updatedAt, @owner, @editor, @viewer, @snapshot, @bytes)`,
    ),
    getBoard: db.prepare('SELECT * FROM boards WHERE id = ?'),
    findToken: db.prepare(
      `SELECT id, CASE WHEN owner_token = @t THEN 'owner' WHEN editor_token = @t THEN 'editor' ELSE 'viewer' END AS role,
         CASE WHEN owner_token = @t THEN owner_expires_at WHEN editor_token = @t THEN editor_expires_at
           ELSE viewer_expires_at END AS expires_at
       FROM boards WHERE owner_token = @t OR editor_token = @t OR viewer_token = @t`,
    ),
    setTitle: db.prepare('UPDATE boards SET title = ?, updated_at = ? WHERE id = ?'),
    deleteBoard: db.prepare('DELETE FROM boards WHERE id = ?'),
    snapshot: db.prepare('SELECT snapshot FROM boards WHERE id = ?'),
    updates: db.prepare('SELECT data FROM updates WHERE board_id = ? ORDER BY seq'),
    append: db.prepare('INSERT INTO updates (board_id, data, created_at) VALUES (?, ?, ?)'),
    grow: db.prepare(
      'UPDATE boards SET stored_bytes = stored_bytes + ?, updated_at = ? WHERE id = ? RETURNING stored_bytes',
    ),
    setSnapshot: db.prepare('UPDATE boards SET snapshot = ?, stored_bytes = ? WHERE id = ?'),
    clearUpdates: db.prepare('DELETE FROM updates WHERE board_id = ?'),
    insertVersion: db.prepare(
      'INSERT INTO versions (id, board_id, name, created_at, state) VALUES (?, ?, ?, ?, ?)',
    ),
    listVersions: db.prepare(
      'SELECT id, board_id, name, created_at, length(state) AS bytes FROM versions WHERE board_id = ? ORDER BY created_at, id',
    ),
    loadVersion: db.prepare('SELECT state FROM versions WHERE board_id = ? AND id = ?'),
    deleteVersion: db.prepare('DELETE FROM versions WHERE board_id = ? AND id = ?'),
    versionUsage: db.prepare(
      'SELECT count(*) AS count, coalesce(sum(length(state)), 0) AS bytes FROM versions WHERE board_id = ?',
    ),
    storedBytes: db.prepare('SELECT stored_bytes FROM boards WHERE id = ?'),
  };
  const setToken = Object.fromEntries(
    Object.entries(TOKEN_COLUMN).map(([role, column]) => [
      role,
      db.prepare(`UPDATE boards SET ${column} = ?, ${role}_expires_at = ? WHERE id = ?`),
    ]),
  ) as Record<Role, Database.Statement>;

  const append = db.transaction((id: string, update: Uint8Array, now: number): number => {
    statements.append.run(id, update, now);
    const row = statements.grow.get(update.byteLength, now, id) as { stored_bytes: number } | undefined;
    if (!row) throw new Error(`board ${id} does not exist`);
    return row.stored_bytes;
  });
  const compact = db.transaction((id: string, snapshot: Uint8Array) => {
    statements.setSnapshot.run(snapshot, snapshot.byteLength, id);
    statements.clearUpdates.run(id);
  });

  return {
    createBoard(board, initialState) {
      statements.insertBoard.run({
        id: board.id,
        title: board.title,
        createdAt: board.createdAt,
        updatedAt: board.updatedAt,
        owner: board.tokens.owner,
        editor: board.tokens.editor,
        viewer: board.tokens.viewer,
        snapshot: initialState,
        bytes: initialState.byteLength,
      });
    },
    getBoard(id) {
      const row = statements.getBoard.get(id) as BoardRow | undefined;
      return row ? toRecord(row) : null;
    },
    findToken(token) {
      const row = statements.findToken.get({ t: token }) as
        | { id: string; role: Role; expires_at: number | null }
        | undefined;
      return row ? { boardId: row.id, role: row.role, expiresAt: row.expires_at } : null;
    },
    setTitle(id, title, now) {
      statements.setTitle.run(title, now, id);
    },
    setToken(id, role, token, expiresAt = null) {
      setToken[role].run(token, expiresAt, id);
    },
    deleteBoard(id) {
      statements.deleteBoard.run(id);
    },
    loadState(id): StoredState {
      const row = statements.snapshot.get(id) as { snapshot: Buffer | null } | undefined;
      const updates = (statements.updates.all(id) as Array<{ data: Buffer }>).map(
        (u) => new Uint8Array(u.data),
      );
      const snapshot = row?.snapshot ? new Uint8Array(row.snapshot) : null;
      const bytes = (snapshot?.byteLength ?? 0) + updates.reduce((sum, u) => sum + u.byteLength, 0);
      return { snapshot, updates, bytes };
    },
    appendUpdate(id, update, now) {
      return append(id, update, now);
    },
    compact(id, snapshot) {
      compact(id, snapshot);
    },
    saveVersion(version: VersionRecord, state) {
      statements.insertVersion.run(version.id, version.boardId, version.name, version.createdAt, state);
    },
    listVersions(boardId) {
      return (
        statements.listVersions.all(boardId) as Array<{
          id: string;
          board_id: string;
          name: string;
          created_at: number;
          bytes: number;
        }>
      ).map((row) => ({
        id: row.id,
        boardId: row.board_id,
        name: row.name,
        createdAt: row.created_at,
        bytes: row.bytes,
      }));
    },
    loadVersion(boardId, versionId) {
      const row = statements.loadVersion.get(boardId, versionId) as { state: Buffer } | undefined;
      return row ? new Uint8Array(row.state) : null;
    },
    deleteVersion(boardId, versionId) {
      return statements.deleteVersion.run(boardId, versionId).changes > 0;
    },
    versionUsage(boardId) {
      return statements.versionUsage.get(boardId) as { count: number; bytes: number };
    },
    storedBytes(id) {
      const row = statements.storedBytes.get(id) as { stored_bytes: number } | undefined;
      return row?.stored_bytes ?? 0;
    },
    limitPages(pages) {
      return db.pragma(`max_page_count = ${Math.max(1, Math.floor(pages ?? defaultMaxPages))}`, {
        simple: true,
      }) as number;
    },
    close() {
      db.close();
    },
  };
}
