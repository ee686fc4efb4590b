/**
 * The SQLite store's cost per committed update, what it reads back of a board's
 * size and last change, and the moves that bring databases made before up to date.
 * Real SQLite files in temporary directories.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROLES, type Role } from '@journeyboard/shared';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CHECKPOINT_EVERY,
  Checkpointer,
  FALLBACK_PAGES,
  JOURNAL_SIZE_LIMIT,
} from '../src/storage/sqlite-checkpointer.js';
import { openSqliteStore } from '../src/storage/sqlite-store.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jb-sqlite-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Each board's own links (a token opens one board). */
const tokensOf = (id: string) =>
  Object.fromEntries(ROLES.map((role) => [role, `${role}-token-of-${id}-0123456789`])) as Record<
    Role,
    string
  >;
const board = (id: string) => ({ id, title: 'Big board', createdAt: 1, updatedAt: 1 });
/** Bytes that do not compress, so a rewritten snapshot shows as its full size. */
const noise = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 2654435761) >>> 24);

/** A store in a new data directory holding board `b` (a 1,000-byte snapshot), and its database file. */
function storeWithBoard() {
  const dir = dataDir();
  const store = openSqliteStore(dir);
  store.createBoard(board('b'), noise(1_000), tokensOf('b'));
  return { dir, file: path.join(dir, 'journeyboard.sqlite'), store };
}

/** The pause between a room's commits (its broadcast, the next frame). */
const roomPause = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Frames in the WAL since it was last emptied, as a second connection sees them. */
function walFrames(file: string, empty = false): number {
  const db = new Database(file);
  try {
    const [row] = db.pragma(`wal_checkpoint(${empty ? 'TRUNCATE' : 'PASSIVE'})`) as Array<{ log: number }>;
    return row?.log ?? Number.NaN;
  } finally {
    db.close();
  }
}

describe('SQLite store', () => {
  it("writes one page per update whatever the size of the board's snapshot", () => {
    const dir = dataDir();
    const store = openSqliteStore(dir);
    const file = path.join(dir, 'journeyboard.sqlite');
    const frames: Record<string, number> = {};
    for (const [id, size] of [
      ['small', 1_000],
      ['large', 4_000_000],
    ] as const) {
      store.createBoard(board(id), noise(size), tokensOf(id));
      store.compact(id, noise(size));
      walFrames(file, true);
      for (let i = 0; i < 5; i++) store.appendUpdate(id, noise(60), Date.now());
      frames[id] = walFrames(file);
      expect(store.loadState(id).snapshot?.byteLength).toBe(size);
      expect(store.loadState(id).bytes).toBe(size + 5 * 60);
    }
    // A page is 4 KB: the 4 MB snapshot rewritten once would be about a thousand frames.
    // One commit writes the log's page and nothing else (the board's row, a rowid
    // sequence and an index made it four until issue #18).
    expect(frames.small).toBe(5);
    expect(frames.large).toBe(5);
    store.close();
  });

  it("reads a board's stored bytes and last change from its snapshot and log, before and after compaction", () => {
    const { dir, store } = storeWithBoard();
    expect(store.storedBytes('b')).toBe(1_000);
    expect(store.appendUpdate('b', noise(40), 50)).toBe(1_040);
    expect(store.appendUpdate('b', noise(60), 70)).toBe(1_100);
    expect(store.getBoard('b')?.updatedAt).toBe(70);
    store.close();

    // Another process's view: nothing counted yet, everything read from the file.
    const reopened = openSqliteStore(dir);
    expect(reopened.storedBytes('b')).toBe(1_100);
    expect(reopened.appendUpdate('b', noise(10), 90)).toBe(1_110);
    expect(reopened.loadState('b').updates).toEqual([noise(40), noise(60), noise(10)]);
    reopened.compact('b', noise(500));
    expect(reopened.storedBytes('b')).toBe(500);
    expect(reopened.getBoard('b')?.updatedAt).toBe(90);
    expect(reopened.appendUpdate('b', noise(5), 95)).toBe(505);
    expect(reopened.exportBoardRows('b')).toMatchObject({ storedBytes: 505, board: { updatedAt: 95 } });
    expect(() => reopened.appendUpdate('gone', noise(5), 99)).toThrow(/does not exist/);
    expect(reopened.storedBytes('gone')).toBe(0);
    reopened.deleteBoard('b');
    expect(reopened.storedBytes('b')).toBe(0);
    reopened.close();
  });

  it('copies the WAL into the database file on a worker thread, keeping the WAL short', async () => {
    const { file, store } = storeWithBoard();
    const appends = CHECKPOINT_EVERY * 6;
    for (let i = 0; i < appends; i++) {
      store.appendUpdate('b', noise(60), i);
      if (i % 100 === 99) await roomPause();
    }
    // The server's connection checkpoints itself only past FALLBACK_PAGES, which these
    // appends (about 1.4 pages each) do not reach: a WAL shorter than they wrote was
    // copied by the worker and restarted by a later commit.
    expect(appends * 1.4).toBeLessThan(FALLBACK_PAGES);
    expect(walFrames(file)).toBeLessThan(CHECKPOINT_EVERY * 3);
    expect(store.loadState('b').updates).toHaveLength(appends);

    // A stopped store leaves one complete file, whichever connection closes last.
    store.close();
    const copy = path.join(dataDir(), 'journeyboard.sqlite');
    copyFileSync(file, copy);
    const reopened = openSqliteStore(path.dirname(copy));
    expect(reopened.loadState('b').updates).toHaveLength(appends);
    reopened.close();
  });

  it('leaves one complete file when it stops, even with its worker amid a checkpoint', async () => {
    const { file, store } = storeWithBoard();
    // The worker starts with the first checkpoint, and has done it a moment later.
    for (let i = 0; i < CHECKPOINT_EVERY; i++) store.appendUpdate('b', noise(60), i);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The last of these commits (about 3 pages each) sends it another, and the store
    // stops while that one is under way.
    for (let i = CHECKPOINT_EVERY; i < CHECKPOINT_EVERY * 2; i++) store.appendUpdate('b', noise(10_000), i);
    await new Promise((resolve) => setTimeout(resolve, 1));
    store.close();
    // The worker's connection was closed first: the server's was the last, checkpointed
    // everything and removed the WAL, and nothing writes the file any more.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const copy = path.join(dataDir(), 'journeyboard.sqlite');
    copyFileSync(file, copy);
    const reopened = openSqliteStore(path.dirname(copy));
    expect(reopened.loadState('b').updates).toHaveLength(CHECKPOINT_EVERY * 2);
    reopened.close();
  });

  it('checkpoints on its own connection again, as SQLite does, when its worker fails, and says so', async () => {
    const file = path.join(dataDir(), 'journeyboard.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    const failures: string[] = [];
    // The worker cannot open a file in a directory that does not exist, and stops.
    const checkpointer = new Checkpointer(db, path.join(file, 'missing', 'db'), 'NORMAL', (reason) =>
      failures.push(reason),
    );
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(FALLBACK_PAGES);
    for (let i = 0; i < CHECKPOINT_EVERY; i++) checkpointer.committed();
    await expect
      .poll(() => db.pragma('wal_autocheckpoint', { simple: true }), { timeout: 5_000 })
      .toBe(1_000);
    // Told once, with the worker's own error (its 'exit' after 'error' is not a second failure).
    expect(failures).toEqual([expect.stringMatching(/directory does not exist|unable to open/)]);
    checkpointer.close();
    db.close();
  });

  it('cuts a WAL file that grew back to JOURNAL_SIZE_LIMIT when the WAL restarts', async () => {
    const { file, store } = storeWithBoard();
    // A reader's snapshot holds every frame committed after it: no checkpoint can copy
    // them, so the WAL cannot restart and its file grows (as in a room that never pauses).
    const reader = new Database(file, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT count(*) FROM updates').get();
    const held = CHECKPOINT_EVERY * 6;
    for (let i = 0; i < held; i++) store.appendUpdate('b', noise(60), i);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(JOURNAL_SIZE_LIMIT * 2);
    reader.exec('COMMIT');
    reader.close();

    // Commits with pauses, as a room makes them: the worker copies the WAL, a commit restarts it.
    let appended = held;
    while (statSync(`${file}-wal`).size > JOURNAL_SIZE_LIMIT && appended < held + CHECKPOINT_EVERY * 10) {
      for (let i = 0; i < 100; i++) store.appendUpdate('b', noise(60), appended++);
      await roomPause();
    }
    expect(statSync(`${file}-wal`).size).toBeLessThanOrEqual(JOURNAL_SIZE_LIMIT);
    expect(store.loadState('b').updates).toHaveLength(appended);
    store.close();
  });

  it('keys the update log of an older database by board, keeping every board in order', () => {
    const dir = dataDir();
    const file = path.join(dir, 'journeyboard.sqlite');
    const store = openSqliteStore(dir);
    for (const id of ['one', 'two']) store.createBoard(board(id), noise(100), tokensOf(id));
    store.close();
    // The log and the boards row as servers before issue #18 made them, the boards' updates interleaved.
    const db = new Database(file);
    db.exec(`
      DROP TABLE updates;
      CREATE TABLE updates (
        board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
        seq INTEGER PRIMARY KEY AUTOINCREMENT, data BLOB NOT NULL, created_at INTEGER NOT NULL);
      CREATE INDEX updates_by_board ON updates(board_id, seq);
      ALTER TABLE boards ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0;
    `);
    const insert = db.prepare('INSERT INTO updates (board_id, data, created_at) VALUES (?, ?, ?)');
    for (let i = 0; i < 6; i++) insert.run(i % 2 ? 'two' : 'one', noise(10 + i), 10 + i);
    db.close();

    const reopened = openSqliteStore(dir);
    expect(reopened.loadState('one').updates).toEqual([noise(10), noise(12), noise(14)]);
    expect(reopened.storedBytes('two')).toBe(100 + 11 + 13 + 15);
    expect(reopened.getBoard('two')?.updatedAt).toBe(15);
    reopened.appendUpdate('one', noise(20), 20);
    expect(reopened.loadState('one').updates.at(-1)).toEqual(noise(20));
    reopened.close();
    const after = new Database(file);
    expect(
      (after.prepare("SELECT sql FROM sqlite_master WHERE name = 'updates'").get() as { sql: string }).sql,
    ).toMatch(/WITHOUT ROWID$/);
    const columns = (after.pragma('table_info(boards)') as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('stored_bytes');
    after.close();
  });

  it("moves the snapshots of a database that kept them in the boards row, keeping every board's state", () => {
    const dir = dataDir();
    const file = path.join(dir, 'journeyboard.sqlite');
    // The boards table as servers before board_snapshots made it.
    const store = openSqliteStore(dir);
    store.createBoard(board('old'), noise(3_000), tokensOf('old'));
    store.appendUpdate('old', noise(40), 2);
    store.close();
    const db = new Database(file);
    db.exec(`
      ALTER TABLE boards ADD COLUMN snapshot BLOB;
      UPDATE boards SET snapshot = (SELECT data FROM board_snapshots WHERE board_id = boards.id);
      DROP TABLE board_snapshots;
    `);
    db.close();

    const reopened = openSqliteStore(dir);
    const state = reopened.loadState('old');
    expect(state.snapshot).toEqual(noise(3_000));
    expect(state.updates).toEqual([noise(40)]);
    expect(reopened.findToken(tokensOf('old').editor)?.boardId).toBe('old');
    reopened.deleteBoard('old');
    reopened.close();
    const after = new Database(file);
    const columns = (after.pragma('table_info(boards)') as Array<{ name: string }>).map((c) => c.name);
    expect(columns).not.toContain('snapshot');
    // Deleting the board took its snapshot along.
    expect(after.prepare('SELECT count(*) AS n FROM board_snapshots').get()).toEqual({ n: 0 });
    after.close();
  });
});
