/**
 * The SQLite store's cost per committed update, and the move of snapshots out of the
 * boards row for databases made before it. Real SQLite files in temporary directories.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROLES, type Role } from '@journeyboard/shared';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
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
  it("writes a few pages per update whatever the size of the board's snapshot", () => {
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
    expect(frames.large).toBeLessThanOrEqual((frames.small as number) + 5);
    expect(frames.large).toBeLessThan(50);
    store.close();
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
