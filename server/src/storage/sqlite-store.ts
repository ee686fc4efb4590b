/**
 * The embedded store: one SQLite file in WAL mode. better-sqlite3 is synchronous,
 * so when appendUpdate returns the update is in the WAL: a SIGKILL of the process
 * loses nothing (synchronous=FULL also survives power loss, at a cost per commit).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROLES, type Role } from '@journeyboard/shared';
import Database from 'better-sqlite3';
import { hashToken, unseal } from '../auth/sealed-links.js';
import type { BoardRecord, BoardStore, StoredState, VersionRecord } from './board-store.js';
import { linkWriter } from './links-table.js';
import { sqliteBoardRows } from './sqlite-board-rows.js';
import { Checkpointer } from './sqlite-checkpointer.js';
import { BOARD_LAST_CHANGE, prepareSchema } from './sqlite-schema.js';

interface BoardRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
}

const toRecord = (row: BoardRow): BoardRecord => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export type SqliteSynchronous = 'NORMAL' | 'FULL';

const DATABASE_FILE = 'journeyboard.sqlite';

/**
 * The data directory is made 0700 and the database files 0600: they hold every
 * board. SQLite gives its -wal and -shm files the database file's mode, so the
 * file is created 0600 before SQLite opens it; an older one readable by others is
 * narrowed to its owner (where the file system lets us: an immutable or foreign
 * file keeps its mode, and still opens).
 */
function openPrivately(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  for (const suffix of ['', '-wal', '-shm']) {
    if (!existsSync(file + suffix)) continue;
    const mode = statSync(file + suffix).mode & 0o777;
    if ((mode & 0o077) === 0) continue;
    try {
      chmodSync(file + suffix, mode & 0o700);
    } catch {
      // Not ours to change; the database opens as before.
    }
  }
  return new Database(file);
}

export function openSqliteStore(
  dataDir: string,
  synchronous: SqliteSynchronous = 'NORMAL',
  /** Where a failure the store survives is told: its checkpoint worker stopping (the server's log). */
  warn: (message: string) => void = () => {},
): BoardStore {
  const db = openPrivately(dataDir);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  prepareSchema(db);
  const checkpointer = new Checkpointer(db, db.name, synchronous, (reason) =>
    warn(
      `SQLite checkpoint worker stopped (${reason}); the server's connection checkpoints for itself again`,
    ),
  );
  const defaultMaxPages = db.pragma('max_page_count', { simple: true }) as number;

  const statements = {
    insertBoard: db.prepare(
      `INSERT INTO boards (id, title, created_at, updated_at)
       VALUES (@id, @title, @createdAt, @updatedAt)`,
    ),
    getBoard: db.prepare(
      `SELECT id, title, created_at, ${BOARD_LAST_CHANGE} AS updated_at FROM boards WHERE id = ?`,
    ),
    findToken: db.prepare('SELECT board_id, role, expires_at FROM links WHERE token_hash = ?'),
    linkRoles: db.prepare('SELECT role FROM links WHERE board_id = ?'),
    sealedFor: db.prepare('SELECT role, box FROM sealed_links WHERE board_id = ? AND holder = ?'),
    setTitle: db.prepare('UPDATE boards SET title = ?, updated_at = ? WHERE id = ?'),
    deleteBoard: db.prepare('DELETE FROM boards WHERE id = ?'),
    snapshot: db.prepare('SELECT data AS snapshot FROM board_snapshots WHERE board_id = ?'),
    updates: db.prepare('SELECT data FROM updates WHERE board_id = ? ORDER BY seq'),
    append: db.prepare(
      `INSERT INTO updates (board_id, seq, data, created_at)
       SELECT @id, coalesce(max(seq), 0) + 1, @update, @now FROM updates WHERE board_id = @id`,
    ),
    storedBytes: db.prepare(
      `SELECT EXISTS (SELECT 1 FROM boards WHERE id = @id) AS known,
         coalesce((SELECT length(data) FROM board_snapshots WHERE board_id = @id), 0)
         + coalesce((SELECT sum(length(data)) FROM updates WHERE board_id = @id), 0) AS bytes`,
    ),
    // The board's last change moves to its row before the log is cleared.
    keepUpdatedAt: db.prepare(`UPDATE boards SET updated_at = ${BOARD_LAST_CHANGE} WHERE id = @id`),
    setSnapshot: db.prepare(
      `INSERT INTO board_snapshots (board_id, data) VALUES (?, ?)
       ON CONFLICT (board_id) DO UPDATE SET data = excluded.data`,
    ),
    clearUpdates: db.prepare('DELETE FROM updates WHERE board_id = ?'),
    insertVersion: db.prepare(
      'INSERT INTO versions (id, board_id, name, created_at, state, automatic) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    listVersions: db.prepare(
      'SELECT id, board_id, name, created_at, length(state) AS bytes, automatic FROM versions WHERE board_id = ? ORDER BY created_at, id',
    ),
    pruneAutomaticVersions: db.prepare(
      `DELETE FROM versions WHERE board_id = @boardId AND automatic = 1 AND id NOT IN (
         SELECT id FROM versions WHERE board_id = @boardId AND automatic = 1
         ORDER BY created_at DESC, id DESC LIMIT @keep)`,
    ),
    loadVersion: db.prepare('SELECT state FROM versions WHERE board_id = ? AND id = ?'),
    deleteVersion: db.prepare('DELETE FROM versions WHERE board_id = ? AND id = ?'),
    versionUsage: db.prepare(
      'SELECT count(*) AS count, coalesce(sum(length(state)), 0) AS bytes FROM versions WHERE board_id = ? AND automatic = 0',
    ),
    insertIdentity: db.prepare(
      'INSERT INTO identities (board_id, participant_id, token_hash, name, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    findIdentity: db.prepare(
      'SELECT board_id, participant_id, name, created_at FROM identities WHERE token_hash = ?',
    ),
    identityCount: db.prepare('SELECT count(*) AS count FROM identities WHERE board_id = ?'),
  };
  const links = linkWriter(db);
  const createBoard = db.transaction(
    (board: BoardRecord, initialState: Uint8Array, tokens: Record<Role, string>) => {
      statements.insertBoard.run({
        id: board.id,
        title: board.title,
        createdAt: board.createdAt,
        updatedAt: board.updatedAt,
      });
      statements.setSnapshot.run(board.id, initialState);
      links.write(board.id, tokens, Object.fromEntries(ROLES.map((role) => [role, null])));
    },
  );
  const rotateTokens = db.transaction(links.write);

  /**
   * Each board's stored bytes (snapshot and log), summed once from what is stored and
   * then kept here, so that an append reads nothing but its board's last seq. A
   * server is the file's only writer; should another connection commit anything
   * (SQLite's data_version tells), every board is summed afresh.
   */
  const storedTotals = new Map<string, number>();
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let seenVersion = dataVersion.get();
  const storedBytesOf = (id: string): number | null => {
    const version = dataVersion.get();
    if (version !== seenVersion) {
      storedTotals.clear();
      seenVersion = version;
    }
    const known = storedTotals.get(id);
    if (known !== undefined) return known;
    const row = statements.storedBytes.get({ id }) as { known: number; bytes: number };
    return row.known ? row.bytes : null;
  };
  const append = db.transaction((id: string, update: Uint8Array, now: number): number => {
    const stored = storedBytesOf(id);
    if (stored === null) throw new Error(`board ${id} does not exist`);
    statements.append.run({ id, update, now });
    return stored + update.byteLength;
  });
  const compact = db.transaction((id: string, snapshot: Uint8Array) => {
    statements.setSnapshot.run(id, snapshot);
    statements.keepUpdatedAt.run({ id });
    statements.clearUpdates.run(id);
  });

  return {
    ...sqliteBoardRows(db),
    createBoard(board, initialState, tokens) {
      createBoard(board, initialState, tokens);
      storedTotals.set(board.id, initialState.byteLength);
    },
    getBoard(id) {
      const row = statements.getBoard.get(id) as BoardRow | undefined;
      return row ? toRecord(row) : null;
    },
    createIdentity({ boardId, participantId, name, createdAt }, identityToken) {
      statements.insertIdentity.run(boardId, participantId, hashToken(identityToken), name, createdAt);
    },
    findIdentity(identityToken) {
      const row = statements.findIdentity.get(hashToken(identityToken)) as
        | { board_id: string; participant_id: string; name: string; created_at: number }
        | undefined;
      return row
        ? {
            boardId: row.board_id,
            participantId: row.participant_id,
            name: row.name,
            createdAt: row.created_at,
          }
        : null;
    },
    identityCount(boardId) {
      return (statements.identityCount.get(boardId) as { count: number }).count;
    },
    findToken(token) {
      const row = statements.findToken.get(hashToken(token)) as
        | { board_id: string; role: Role; expires_at: number | null }
        | undefined;
      return row ? { boardId: row.board_id, role: row.role, expiresAt: row.expires_at } : null;
    },
    linkRoles(boardId) {
      const roles = new Set((statements.linkRoles.all(boardId) as Array<{ role: Role }>).map((r) => r.role));
      return ROLES.filter((role) => roles.has(role));
    },
    revealTokens(boardId, holder, holderToken) {
      const tokens: Partial<Record<Role, string>> = { [holder]: holderToken };
      for (const { role, box } of statements.sealedFor.all(boardId, holder) as Array<{
        role: Role;
        box: Buffer;
      }>) {
        const token = unseal({ boardId, holder, role }, holderToken, box);
        if (token !== null) tokens[role] = token;
      }
      return tokens;
    },
    rotateTokens(id, tokens, rotated) {
      rotateTokens(id, tokens, rotated);
    },
    setTitle(id, title, now) {
      statements.setTitle.run(title, now, id);
    },
    deleteBoard(id) {
      statements.deleteBoard.run(id);
      storedTotals.delete(id);
    },
    loadState(id): StoredState {
      const row = statements.snapshot.get(id) as { snapshot: Buffer | null } | undefined;
      const updates = (statements.updates.all(id) as Array<{ data: Buffer }>).map(
        (u) => new Uint8Array(u.data),
      );
      const snapshot = row?.snapshot ? new Uint8Array(row.snapshot) : null;
      const bytes = (snapshot?.byteLength ?? 0) + updates.reduce((sum, u) => sum + u.byteLength, 0);
      if (row) storedTotals.set(id, bytes);
      return { snapshot, updates, bytes };
    },
    appendUpdate(id, update, now) {
      // Immediate: no other connection commits between the count read and the append.
      // Counted once the transaction has committed: a commit can still fail (a full disk).
      const bytes = append.immediate(id, update, now);
      storedTotals.set(id, bytes);
      checkpointer.committed();
      return bytes;
    },
    compact(id, snapshot) {
      compact(id, snapshot);
      storedTotals.set(id, snapshot.byteLength);
      checkpointer.committed();
    },
    saveVersion(version: VersionRecord, state) {
      const { id, boardId, name, createdAt, automatic } = version;
      statements.insertVersion.run(id, boardId, name, createdAt, state, automatic ? 1 : 0);
    },
    listVersions(boardId) {
      return (
        statements.listVersions.all(boardId) as Array<{
          id: string;
          board_id: string;
          name: string;
          created_at: number;
          bytes: number;
          automatic: number;
        }>
      ).map((row) => ({
        id: row.id,
        boardId: row.board_id,
        name: row.name,
        createdAt: row.created_at,
        bytes: row.bytes,
        automatic: row.automatic === 1,
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
    pruneAutomaticVersions(boardId, keep) {
      return statements.pruneAutomaticVersions.run({ boardId, keep }).changes;
    },
    storedBytes(id) {
      return storedBytesOf(id) ?? 0;
    },
    limitPages(pages) {
      return db.pragma(`max_page_count = ${Math.max(1, Math.floor(pages ?? defaultMaxPages))}`, {
        simple: true,
      }) as number;
    },
    close() {
      checkpointer.close();
      db.close();
    },
  };
}
