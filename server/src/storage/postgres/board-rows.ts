/** A board's rows in and out of the Postgres store, as they are (BoardRows in ../board-store.ts). */
import type { Role } from '@journeyboard/shared';
import type pg from 'pg';
import type { AsyncBoardStore } from '../async-board-store.js';
import { type BoardRows, boardIdsPage } from '../board-store.js';

/** A bytea parameter: a Buffer over the same memory. */
export const bytea = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
/** pg answers bytea as Buffers: the rows carry plain bytes, as SQLite's do. */
const bytes = (data: Buffer) => new Uint8Array(data);

/** A board's row with each of its tables' columns as arrays in one order (bigints arrive as strings). */
interface ExportRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  snapshot: Buffer | null;
  stored_bytes: string;
  update_data: Buffer[];
  update_times: string[];
  link_roles: Role[];
  link_hashes: Buffer[];
  link_expiries: Array<string | null>;
  sealed_holders: Role[];
  sealed_roles: Role[];
  sealed_boxes: Buffer[];
  version_ids: string[];
  version_names: string[];
  version_times: string[];
  version_states: Buffer[];
  identity_ids: string[];
  identity_hashes: Buffer[];
  identity_names: string[];
  identity_times: string[];
}

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

    async exportBoardRows(boardId) {
      // One statement, so every table is read as of one moment (and in one round trip), though instances write beside us.
      const column = (table: string, expression: string, order: string) =>
        `coalesce((SELECT array_agg(${expression} ORDER BY ${order}) FROM ${table} WHERE board_id = $1), '{}')`;
      const { rows } = await pool.query<ExportRow>(
        `SELECT id, title, created_at, updated_at, snapshot, stored_bytes,
           ${column('updates', 'data', 'seq')} AS update_data,
           ${column('updates', 'created_at', 'seq')} AS update_times,
           ${column('links', 'role', 'role COLLATE "C"')} AS link_roles,
           ${column('links', 'token_hash', 'role COLLATE "C"')} AS link_hashes,
           ${column('links', 'expires_at', 'role COLLATE "C"')} AS link_expiries,
           ${column('sealed_links', 'holder', 'holder COLLATE "C", role COLLATE "C"')} AS sealed_holders,
           ${column('sealed_links', 'role', 'holder COLLATE "C", role COLLATE "C"')} AS sealed_roles,
           ${column('sealed_links', 'box', 'holder COLLATE "C", role COLLATE "C"')} AS sealed_boxes,
           ${column('versions', 'id', 'created_at, id COLLATE "C"')} AS version_ids,
           ${column('versions', 'name', 'created_at, id COLLATE "C"')} AS version_names,
           ${column('versions', 'created_at', 'created_at, id COLLATE "C"')} AS version_times,
           ${column('versions', 'state', 'created_at, id COLLATE "C"')} AS version_states,
           ${column('identities', 'participant_id', 'participant_id COLLATE "C"')} AS identity_ids,
           ${column('identities', 'token_hash', 'participant_id COLLATE "C"')} AS identity_hashes,
           ${column('identities', 'name', 'participant_id COLLATE "C"')} AS identity_names,
           ${column('identities', 'created_at', 'participant_id COLLATE "C"')} AS identity_times
         FROM boards WHERE id = $1`,
        [boardId],
      );
      const row = rows[0];
      if (!row) return null;
      const time = (value: string | null) => (value === null ? null : Number(value));
      return {
        board: {
          id: row.id,
          title: row.title,
          createdAt: Number(row.created_at),
          updatedAt: Number(row.updated_at),
        },
        snapshot: row.snapshot ? bytes(row.snapshot) : null,
        storedBytes: Number(row.stored_bytes),
        updates: row.update_data.map((data, i) => ({
          data: bytes(data),
          createdAt: Number(row.update_times[i]),
        })),
        links: row.link_roles.map((role, i) => ({
          role,
          tokenHash: bytes(row.link_hashes[i] as Buffer),
          expiresAt: time(row.link_expiries[i] ?? null),
        })),
        sealedLinks: row.sealed_holders.map((holder, i) => ({
          holder,
          role: row.sealed_roles[i] as Role,
          box: bytes(row.sealed_boxes[i] as Buffer),
        })),
        versions: row.version_ids.map((id, i) => ({
          id,
          name: row.version_names[i] as string,
          createdAt: Number(row.version_times[i]),
          state: bytes(row.version_states[i] as Buffer),
        })),
        identities: row.identity_ids.map((participantId, i) => ({
          participantId,
          tokenHash: bytes(row.identity_hashes[i] as Buffer),
          name: row.identity_names[i] as string,
          createdAt: Number(row.identity_times[i]),
        })),
      } satisfies BoardRows;
    },

    async importBoardRows(rows) {
      const { board } = rows;
      // One statement, so one transaction and one round trip: the board's row, then each table's rows from
      // arrays, only if the board's row went in. Foreign keys are checked at its end, when the board is there.
      const { rows: inserted } = await pool.query(
        `WITH board AS (
           INSERT INTO boards (id, title, created_at, updated_at, snapshot, stored_bytes)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING RETURNING id
         ), log AS (
           -- seq follows the log's order: rows are numbered as the ordinality orders them.
           INSERT INTO updates (board_id, data, created_at)
           SELECT board.id, u.data, u.created_at
           FROM board, unnest($7::bytea[], $8::bigint[]) WITH ORDINALITY AS u (data, created_at, n) ORDER BY u.n
         ), link AS (
           INSERT INTO links (board_id, role, token_hash, expires_at)
           SELECT board.id, l.role, l.token_hash, l.expires_at
           FROM board, unnest($9::text[], $10::bytea[], $11::bigint[]) AS l (role, token_hash, expires_at)
         ), sealed AS (
           INSERT INTO sealed_links (board_id, holder, role, box)
           SELECT board.id, s.holder, s.role, s.box
           FROM board, unnest($12::text[], $13::text[], $14::bytea[]) AS s (holder, role, box)
         ), version AS (
           INSERT INTO versions (id, board_id, name, created_at, state)
           SELECT v.id, board.id, v.name, v.created_at, v.state
           FROM board, unnest($15::text[], $16::text[], $17::bigint[], $18::bytea[]) AS v (id, name, created_at, state)
         ), person AS (
           INSERT INTO identities (board_id, participant_id, token_hash, name, created_at)
           SELECT board.id, i.participant_id, i.token_hash, i.name, i.created_at
           FROM board, unnest($19::text[], $20::bytea[], $21::text[], $22::bigint[]) AS i (participant_id, token_hash, name, created_at)
         )
         SELECT id FROM board`,
        [
          board.id,
          board.title,
          board.createdAt,
          board.updatedAt,
          rows.snapshot && bytea(rows.snapshot),
          rows.storedBytes,
          rows.updates.map((u) => bytea(u.data)),
          rows.updates.map((u) => u.createdAt),
          rows.links.map((l) => l.role),
          rows.links.map((l) => bytea(l.tokenHash)),
          rows.links.map((l) => l.expiresAt),
          rows.sealedLinks.map((s) => s.holder),
          rows.sealedLinks.map((s) => s.role),
          rows.sealedLinks.map((s) => bytea(s.box)),
          rows.versions.map((v) => v.id),
          rows.versions.map((v) => v.name),
          rows.versions.map((v) => v.createdAt),
          rows.versions.map((v) => bytea(v.state)),
          rows.identities.map((i) => i.participantId),
          rows.identities.map((i) => bytea(i.tokenHash)),
          rows.identities.map((i) => i.name),
          rows.identities.map((i) => i.createdAt),
        ],
      );
      return inserted.length > 0;
    },
  };
}
