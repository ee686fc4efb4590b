/**
 * The database's tables, and the steps that bring a database made by an older
 * server up to them when it is opened.
 */

import { ROLES, type Role } from '@journeyboard/shared';
import type Database from 'better-sqlite3';
import { newToken } from '../auth/tokens.js';
import { linkWriter } from './links-table.js';

/**
 * A board's row; its links are in `links` and `sealed_links`, its compacted state in
 * `board_snapshots`, its changes since in `updates`. Committing an update writes its
 * row in `updates` and nothing else: one page of the WAL. (It used to rewrite this row
 * too, for its byte count and time, and the log's rowid sequence and its index: four
 * pages, 220 µs instead of 80 for a lone update on a machine that had been idle, issue
 * #18. Before that the snapshot sat in this row, and SQLite rewrites a row whole: each
 * append to a 10 MB board cost 1.7 ms.) A board's stored bytes and its last change are
 * read from the snapshot and the log (sqlite-store.ts).
 */
const BOARDS_COLUMNS = `
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
`;

/**
 * A board's last change, an expression over its `boards` row: the row's time (made,
 * renamed, compacted) or its log's newest update, whichever is later. Read as the
 * board's `updated_at`, and written to the row when compaction clears the log.
 */
export const BOARD_LAST_CHANGE = `max(boards.updated_at, coalesce(
  (SELECT created_at FROM updates WHERE board_id = boards.id ORDER BY seq DESC LIMIT 1), 0))`;

/** A board's update log, in commit order: seq counts per board (the store appends max + 1). */
const UPDATES_COLUMNS = `
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, seq)
`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (${BOARDS_COLUMNS});
CREATE TABLE IF NOT EXISTS board_snapshots (
  board_id TEXT PRIMARY KEY REFERENCES boards(id) ON DELETE CASCADE,
  data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS links (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  expires_at INTEGER,
  PRIMARY KEY (board_id, role)
);
CREATE TABLE IF NOT EXISTS sealed_links (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  holder TEXT NOT NULL,
  role TEXT NOT NULL,
  box BLOB NOT NULL,
  PRIMARY KEY (board_id, holder, role)
);
CREATE TABLE IF NOT EXISTS updates (${UPDATES_COLUMNS}) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS versions (
  id TEXT PRIMARY KEY,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  state BLOB NOT NULL,
  automatic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS versions_by_board ON versions(board_id, created_at);
CREATE TABLE IF NOT EXISTS identities (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  participant_id TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (board_id, participant_id)
);
`;

/** The roles of the databases that kept tokens in plain text, one column each. */
const LEGACY_ROLES = ['owner', 'editor', 'viewer'] as const satisfies readonly Role[];

/**
 * Until tokens were hashed, each board row held its three tokens in plain text
 * (`<role>_token`, and `<role>_expires_at` once links could expire). They move to
 * `links` as hashes and to `sealed_links` sealed, every old link keeps working, the
 * roles those servers did not know (facilitator, participant) get their first
 * links (never expiring) while every holder's token is at hand to seal them, and
 * the boards table is rebuilt without them. VACUUM then rewrites the whole file, so
 * no page still holds a plain token (secure_delete zeroes what the move frees, the
 * checkpoint empties the WAL).
 */
function hashLegacyTokens(db: Database.Database): void {
  const columns = new Set((db.pragma('table_info(boards)') as Array<{ name: string }>).map((c) => c.name));
  if (!columns.has('owner_token')) return;
  const wanted = LEGACY_ROLES.flatMap((role) => [`${role}_token`, `${role}_expires_at`]).filter((c) =>
    columns.has(c),
  );
  const rows = db.prepare(`SELECT id, ${wanted.join(', ')} FROM boards`).all() as Array<
    Record<string, unknown>
  >;
  const links = linkWriter(db);
  const legacy = new Set<Role>(LEGACY_ROLES);
  db.pragma('secure_delete = ON');
  // Dropping the old table with foreign keys on would delete every board's updates and versions.
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const row of rows) {
        const tokens = Object.fromEntries(
          ROLES.map((role) => [role, legacy.has(role) ? String(row[`${role}_token`]) : newToken()]),
        );
        const expiry = Object.fromEntries(
          ROLES.map((role) => [role, (row[`${role}_expires_at`] as number | null | undefined) ?? null]),
        );
        links.write(String(row.id), tokens, expiry);
      }
      db.exec(`
        CREATE TABLE boards_hashed (${BOARDS_COLUMNS});
        INSERT INTO boards_hashed (id, title, created_at, updated_at)
          SELECT id, title, created_at, updated_at FROM boards;
        DROP TABLE boards;
        ALTER TABLE boards_hashed RENAME TO boards;
      `);
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0)
        throw new Error(`hashing tokens broke ${broken.length} references; nothing changed`);
    })();
  } finally {
    db.pragma('foreign_keys = ON');
    db.pragma('secure_delete = OFF');
  }
  db.pragma('temp_store = MEMORY');
  db.exec('VACUUM');
  db.pragma('temp_store = DEFAULT');
  db.pragma('wal_checkpoint(TRUNCATE)');
}

export function prepareSchema(db: Database.Database): void {
  db.exec(SCHEMA);
  // Before the tokens: rebuilding the boards table copies only the columns it has now.
  moveSnapshots(db);
  hashLegacyTokens(db);
  addAutomaticVersions(db);
  keyUpdatesByBoard(db);
}

/** Databases that kept each board's snapshot in its row (see BOARDS_COLUMNS) move it to board_snapshots. */
function moveSnapshots(db: Database.Database): void {
  const columns = (db.pragma('table_info(boards)') as Array<{ name: string }>).map((c) => c.name);
  if (!columns.includes('snapshot')) return;
  db.transaction(() => {
    db.exec(`
      INSERT INTO board_snapshots (board_id, data) SELECT id, snapshot FROM boards WHERE snapshot IS NOT NULL;
      ALTER TABLE boards DROP COLUMN snapshot;
    `);
  })();
}

/** Databases made before automatic versions: every version they hold was named by a person. */
function addAutomaticVersions(db: Database.Database): void {
  const columns = (db.pragma('table_info(versions)') as Array<{ name: string }>).map((c) => c.name);
  if (!columns.includes('automatic'))
    db.exec('ALTER TABLE versions ADD COLUMN automatic INTEGER NOT NULL DEFAULT 0');
}

/**
 * Databases made before a commit wrote one page (see the boards row): the log had a
 * global AUTOINCREMENT rowid and an index by board, and each board's row counted its
 * bytes. The log is rebuilt keyed by board, its seq kept (unique and in commit order,
 * so each board's next is still its max + 1), and the count goes.
 */
function keyUpdatesByBoard(db: Database.Database): void {
  const updates = db
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'updates'")
    .get() as { sql: string } | undefined;
  const columns = (db.pragma('table_info(boards)') as Array<{ name: string }>).map((c) => c.name);
  const rebuild = updates !== undefined && !/WITHOUT ROWID\s*$/i.test(updates.sql);
  if (!rebuild && !columns.includes('stored_bytes')) return;
  db.transaction(() => {
    if (rebuild)
      db.exec(`
        CREATE TABLE updates_keyed (${UPDATES_COLUMNS}) WITHOUT ROWID;
        INSERT INTO updates_keyed (board_id, seq, data, created_at)
          SELECT board_id, seq, data, created_at FROM updates;
        DROP TABLE updates;
        ALTER TABLE updates_keyed RENAME TO updates;
      `);
    if (columns.includes('stored_bytes')) db.exec('ALTER TABLE boards DROP COLUMN stored_bytes');
  })();
}
