/** A board's rows in and out of the Postgres store, as they are (BoardRows in ../board-store.ts). */
import type { Role } from '@journeyboard/shared';
import type pg from 'pg';
import type { AsyncBoardStore } from '../async-board-store.js';
import { type BoardRows, boardIdsPage } from '../board-store.js';
import { inTransaction } from './transaction.js';

/** A bytea parameter: a Buffer over the same memory. */
export const bytea = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
/** pg answers bytea as Buffers: the rows carry plain bytes, as SQLite's do. */
const bytes = (data: Buffer) => new Uint8Array(data);

export function postgresBoardRows(
  pool: pg.Pool,
): Pick<AsyncBoardStore, 'listBoardIds' | 'exportBoardRows' | 'importBoardRows'> {
  return {
    async listBoardIds(after, limit) {
      // COLLATE "C": bytewise, as SQLite orders them, whatever the database's locale.
      const { rows } = await pool.query<{ id: string }>(
        'SELECT id FROM boards WHERE id COLLATE "C" > $1 ORDER BY id COLLATE "C" LIMIT $2',
        [after ?? '', boardIdsPage(limit)],
      );
      return rows.map((row) => row.id);
    },

    exportBoardRows(boardId) {
      // REPEATABLE READ: every table read as of one moment, though instances write beside us.
      return inTransaction(pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const query = async <T extends pg.QueryResultRow>(sql: string) =>
          (await client.query<T>(sql, [boardId])).rows;
        const [board] = await query<{
          id: string;
          title: string;
          created_at: string;
          updated_at: string;
          snapshot: Buffer | null;
          stored_bytes: string;
        }>('SELECT id, title, created_at, updated_at, snapshot, stored_bytes FROM boards WHERE id = $1');
        if (!board) return null;
        const updates = await query<{ data: Buffer; created_at: string }>(
          'SELECT data, created_at FROM updates WHERE board_id = $1 ORDER BY seq',
        );
        const links = await query<{ role: Role; token_hash: Buffer; expires_at: string | null }>(
          'SELECT role, token_hash, expires_at FROM links WHERE board_id = $1 ORDER BY role COLLATE "C"',
        );
        const sealed = await query<{ holder: Role; role: Role; box: Buffer }>(
          'SELECT holder, role, box FROM sealed_links WHERE board_id = $1 ORDER BY holder COLLATE "C", role COLLATE "C"',
        );
        const versions = await query<{ id: string; name: string; created_at: string; state: Buffer }>(
          'SELECT id, name, created_at, state FROM versions WHERE board_id = $1 ORDER BY created_at, id COLLATE "C"',
        );
        const identities = await query<{
          participant_id: string;
          token_hash: Buffer;
          name: string;
          created_at: string;
        }>(
          'SELECT participant_id, token_hash, name, created_at FROM identities WHERE board_id = $1 ORDER BY participant_id COLLATE "C"',
        );
        return {
          board: {
            id: board.id,
            title: board.title,
            createdAt: Number(board.created_at),
            updatedAt: Number(board.updated_at),
          },
          snapshot: board.snapshot ? bytes(board.snapshot) : null,
          storedBytes: Number(board.stored_bytes),
          updates: updates.map((row) => ({ data: bytes(row.data), createdAt: Number(row.created_at) })),
          links: links.map((row) => ({
            role: row.role,
            tokenHash: bytes(row.token_hash),
            expiresAt: row.expires_at === null ? null : Number(row.expires_at),
          })),
          sealedLinks: sealed.map((row) => ({ holder: row.holder, role: row.role, box: bytes(row.box) })),
          versions: versions.map((row) => ({
            id: row.id,
            name: row.name,
            createdAt: Number(row.created_at),
            state: bytes(row.state),
          })),
          identities: identities.map((row) => ({
            participantId: row.participant_id,
            tokenHash: bytes(row.token_hash),
            name: row.name,
            createdAt: Number(row.created_at),
          })),
        } satisfies BoardRows;
      });
    },

    importBoardRows(rows) {
      const { board } = rows;
      return inTransaction(pool, async (client) => {
        const inserted = await client.query(
          `INSERT INTO boards (id, title, created_at, updated_at, snapshot, stored_bytes)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
          [
            board.id,
            board.title,
            board.createdAt,
            board.updatedAt,
            rows.snapshot && bytea(rows.snapshot),
            rows.storedBytes,
          ],
        );
        if (inserted.rowCount === 0) return false;
        // Each table in one statement; the log keeps its order (seq is given in the order of ordinality).
        await client.query(
          `INSERT INTO updates (board_id, data, created_at)
           SELECT $1, data, created_at FROM unnest($2::bytea[], $3::bigint[]) WITH ORDINALITY AS u (data, created_at, n)
           ORDER BY n`,
          [board.id, rows.updates.map((u) => bytea(u.data)), rows.updates.map((u) => u.createdAt)],
        );
        await client.query(
          `INSERT INTO links (board_id, role, token_hash, expires_at)
           SELECT $1, role, token_hash, expires_at FROM unnest($2::text[], $3::bytea[], $4::bigint[]) AS l (role, token_hash, expires_at)`,
          [
            board.id,
            rows.links.map((l) => l.role),
            rows.links.map((l) => bytea(l.tokenHash)),
            rows.links.map((l) => l.expiresAt),
          ],
        );
        await client.query(
          `INSERT INTO sealed_links (board_id, holder, role, box)
           SELECT $1, holder, role, box FROM unnest($2::text[], $3::text[], $4::bytea[]) AS s (holder, role, box)`,
          [
            board.id,
            rows.sealedLinks.map((s) => s.holder),
            rows.sealedLinks.map((s) => s.role),
            rows.sealedLinks.map((s) => bytea(s.box)),
          ],
        );
        await client.query(
          `INSERT INTO versions (id, board_id, name, created_at, state)
           SELECT id, $1, name, created_at, state FROM unnest($2::text[], $3::text[], $4::bigint[], $5::bytea[]) AS v (id, name, created_at, state)`,
          [
            board.id,
            rows.versions.map((v) => v.id),
            rows.versions.map((v) => v.name),
            rows.versions.map((v) => v.createdAt),
            rows.versions.map((v) => bytea(v.state)),
          ],
        );
        await client.query(
          `INSERT INTO identities (board_id, participant_id, token_hash, name, created_at)
           SELECT $1, participant_id, token_hash, name, created_at
           FROM unnest($2::text[], $3::bytea[], $4::text[], $5::bigint[]) AS i (participant_id, token_hash, name, created_at)`,
          [
            board.id,
            rows.identities.map((i) => i.participantId),
            rows.identities.map((i) => bytea(i.tokenHash)),
            rows.identities.map((i) => i.name),
            rows.identities.map((i) => i.createdAt),
          ],
        );
        return true;
      });
    },
  };
}
