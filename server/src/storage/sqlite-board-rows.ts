/** A board's rows in and out of the SQLite store, as they are (BoardRows in board-store.ts). */
import type { Role } from '@journeyboard/shared';
import type Database from 'better-sqlite3';
import { type BoardRows, type BoardStore, boardIdsPage } from './board-store.js';
import { BOARD_LAST_CHANGE } from './sqlite-schema.js';

/** better-sqlite3 answers BLOBs as Buffers: the rows carry plain bytes, as Postgres's do once copied. */
const bytes = (data: Buffer) => new Uint8Array(data);

export function sqliteBoardRows(
  db: Database.Database,
): Pick<BoardStore, 'listBoardIds' | 'exportBoardRows' | 'importBoardRows'> {
  const statements = {
    ids: db.prepare('SELECT id FROM boards WHERE id > ? ORDER BY id LIMIT ?'),
    board: db.prepare(
      `SELECT id, title, created_at, ${BOARD_LAST_CHANGE} AS updated_at, data AS snapshot
       FROM boards LEFT JOIN board_snapshots ON board_id = id WHERE id = ?`,
    ),
    updates: db.prepare('SELECT data, created_at FROM updates WHERE board_id = ? ORDER BY seq'),
    links: db.prepare('SELECT role, token_hash, expires_at FROM links WHERE board_id = ? ORDER BY role'),
    sealed: db.prepare('SELECT holder, role, box FROM sealed_links WHERE board_id = ? ORDER BY holder, role'),
    versions: db.prepare(
      'SELECT id, name, created_at, state, automatic FROM versions WHERE board_id = ? ORDER BY created_at, id',
    ),
    identities: db.prepare(
      'SELECT participant_id, token_hash, name, created_at FROM identities WHERE board_id = ? ORDER BY participant_id',
    ),
    insertBoard: db.prepare(
      `INSERT INTO boards (id, title, created_at, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO NOTHING`,
    ),
    insertSnapshot: db.prepare('INSERT INTO board_snapshots (board_id, data) VALUES (?, ?)'),
    insertUpdate: db.prepare('INSERT INTO updates (board_id, seq, data, created_at) VALUES (?, ?, ?, ?)'),
    insertLink: db.prepare('INSERT INTO links (board_id, role, token_hash, expires_at) VALUES (?, ?, ?, ?)'),
    insertSealed: db.prepare('INSERT INTO sealed_links (board_id, holder, role, box) VALUES (?, ?, ?, ?)'),
    insertVersion: db.prepare(
      'INSERT INTO versions (id, board_id, name, created_at, state, automatic) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertIdentity: db.prepare(
      'INSERT INTO identities (board_id, participant_id, token_hash, name, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
  };

  // A read transaction: the rows come from one moment even while a server writes beside us (WAL).
  const exportBoardRows = db.transaction((boardId: string): BoardRows | null => {
    const board = statements.board.get(boardId) as
      | {
          id: string;
          title: string;
          created_at: number;
          updated_at: number;
          snapshot: Buffer | null;
        }
      | undefined;
    if (!board) return null;
    const all = <T>(statement: Database.Statement) => statement.all(boardId) as T[];
    const snapshot = board.snapshot ? bytes(board.snapshot) : null;
    const updates = all<{ data: Buffer; created_at: number }>(statements.updates).map((row) => ({
      data: bytes(row.data),
      createdAt: row.created_at,
    }));
    return {
      board: { id: board.id, title: board.title, createdAt: board.created_at, updatedAt: board.updated_at },
      snapshot,
      storedBytes: updates.reduce((sum, update) => sum + update.data.byteLength, snapshot?.byteLength ?? 0),
      updates,
      links: all<{ role: Role; token_hash: Buffer; expires_at: number | null }>(statements.links).map(
        (row) => ({ role: row.role, tokenHash: bytes(row.token_hash), expiresAt: row.expires_at }),
      ),
      sealedLinks: all<{ holder: Role; role: Role; box: Buffer }>(statements.sealed).map((row) => ({
        holder: row.holder,
        role: row.role,
        box: bytes(row.box),
      })),
      versions: all<{ id: string; name: string; created_at: number; state: Buffer; automatic: number }>(
        statements.versions,
      ).map((row) => ({
        id: row.id,
        name: row.name,
        createdAt: row.created_at,
        state: bytes(row.state),
        automatic: row.automatic === 1,
      })),
      identities: all<{ participant_id: string; token_hash: Buffer; name: string; created_at: number }>(
        statements.identities,
      ).map((row) => ({
        participantId: row.participant_id,
        tokenHash: bytes(row.token_hash),
        name: row.name,
        createdAt: row.created_at,
      })),
    };
  });

  const importBoardRows = db.transaction((rows: BoardRows): boolean => {
    const { board } = rows;
    const inserted = statements.insertBoard.run(board.id, board.title, board.createdAt, board.updatedAt);
    if (inserted.changes === 0) return false;
    if (rows.snapshot) statements.insertSnapshot.run(board.id, rows.snapshot);
    for (const [i, update] of rows.updates.entries())
      statements.insertUpdate.run(board.id, i + 1, update.data, update.createdAt);
    for (const link of rows.links)
      statements.insertLink.run(board.id, link.role, link.tokenHash, link.expiresAt);
    for (const sealed of rows.sealedLinks)
      statements.insertSealed.run(board.id, sealed.holder, sealed.role, sealed.box);
    for (const version of rows.versions)
      statements.insertVersion.run(
        version.id,
        board.id,
        version.name,
        version.createdAt,
        version.state,
        version.automatic ? 1 : 0,
      );
    for (const identity of rows.identities)
      statements.insertIdentity.run(
        board.id,
        identity.participantId,
        identity.tokenHash,
        identity.name,
        identity.createdAt,
      );
    return true;
  });

  return {
    listBoardIds(after, limit) {
      return (statements.ids.all(after ?? '', boardIdsPage(limit)) as Array<{ id: string }>).map(
        (row) => row.id,
      );
    },
    exportBoardRows(boardId) {
      return exportBoardRows(boardId);
    },
    importBoardRows(rows) {
      return importBoardRows(rows);
    },
  };
}
