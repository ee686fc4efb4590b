/** A board's rows in and out of the Postgres store, as they are (BoardRows in ../board-store.ts). */
import type { Role } from '@journeyboard/shared';
import type pg from 'pg';
import type { AsyncBoardStore } from '../async-board-store.js';
import { type BoardRows, boardIdsPage } from '../board-store.js';

/** A bytea parameter: a Buffer over the same memory. */
export const bytea = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
/** pg answers bytea as Buffers: the rows carry plain bytes, as SQLite's do. */
const bytes = (data: Buffer) => new Uint8Array(data);

/**
 * A board's row with each of its tables as JSON, bytes in base64 and times as numbers:
 * pg parses a bytea[] character by character (seconds for a few megabytes), JSON
 * natively.
 */
interface ExportRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  snapshot: Buffer | null;
  stored_bytes: string;
  updates: Array<{ data: string; createdAt: number }>;
  links: Array<{ role: Role; tokenHash: string; expiresAt: number | null }>;
  sealed_links: Array<{ holder: Role; role: Role; box: string }>;
  versions: Array<{ id: string; name: string; createdAt: number; state: string; automatic: boolean }>;
  identities: Array<{ participantId: string; tokenHash: string; name: string; createdAt: number }>;
}

/** Bytes from base64 (Postgres breaks its lines; the decoder skips them). */
const base64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

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
      const table = (name: string, fields: string, order: string) =>
        `coalesce((SELECT json_agg(json_build_object(${fields}) ORDER BY ${order}) FROM ${name} WHERE board_id = $1), '[]')`;
      const { rows } = await pool.query<ExportRow>(
        `SELECT id, title, created_at, updated_at, snapshot, stored_bytes,
           ${table('updates', `'data', encode(data, 'base64'), 'createdAt', created_at`, 'seq')} AS updates,
           ${table('links', `'role', role, 'tokenHash', encode(token_hash, 'base64'), 'expiresAt', expires_at`, 'role COLLATE "C"')} AS links,
           ${table('sealed_links', `'holder', holder, 'role', role, 'box', encode(box, 'base64')`, 'holder COLLATE "C", role COLLATE "C"')} AS sealed_links,
           ${table('versions', `'id', id, 'name', name, 'createdAt', created_at, 'state', encode(state, 'base64'), 'automatic', automatic`, 'created_at, id COLLATE "C"')} AS versions,
           ${table('identities', `'participantId', participant_id, 'tokenHash', encode(token_hash, 'base64'), 'name', name, 'createdAt', created_at`, 'participant_id COLLATE "C"')} AS identities
         FROM boards WHERE id = $1`,
        [boardId],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        board: {
          id: row.id,
          title: row.title,
          createdAt: Number(row.created_at),
          updatedAt: Number(row.updated_at),
        },
        snapshot: row.snapshot ? bytes(row.snapshot) : null,
        storedBytes: Number(row.stored_bytes),
        updates: row.updates.map((update) => ({ ...update, data: base64(update.data) })),
        links: row.links.map((link) => ({ ...link, tokenHash: base64(link.tokenHash) })),
        sealedLinks: row.sealed_links.map((sealed) => ({ ...sealed, box: base64(sealed.box) })),
        versions: row.versions.map((version) => ({ ...version, state: base64(version.state) })),
        identities: row.identities.map((identity) => ({
          ...identity,
          tokenHash: base64(identity.tokenHash),
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
           INSERT INTO versions (id, board_id, name, created_at, state, automatic)
           SELECT v.id, board.id, v.name, v.created_at, v.state, v.automatic
           FROM board, unnest($15::text[], $16::text[], $17::bigint[], $18::bytea[], $23::boolean[]) AS v (id, name, created_at, state, automatic)
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
          rows.versions.map((v) => v.automatic),
        ],
      );
      return inserted.length > 0;
    },
  };
}
