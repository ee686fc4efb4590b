/**
 * The store on Postgres, for several servers sharing boards (#20): the SQLite
 * store's tables and behaviour (sqlite-store.ts), behind the AsyncBoardStore
 * interface. An append is committed when its Promise resolves.
 *
 * Within one store, a board's log operations (appendUpdate, compact, loadState,
 * storedBytes) run one after another in call order, as they do on SQLite: a
 * compaction never deletes an update appended before it was asked for but committed
 * after, and a load sees every append called before it. Across stores (instances),
 * appends to one board serialise on the board's row lock.
 *
 * Leases (board-leases.ts): while this store holds a board's lease, each of its
 * appends and compactions takes a share lock on the lease row and writes only if the
 * lease is still this instance's, with its epoch, and unexpired; otherwise it fails
 * with LeaseLostError. The lock orders it against a take-over: a write that began
 * first commits before the new owner's acquire (and so before its load), one that
 * began after sees the new epoch and is refused.
 */

import { hostname } from 'node:os';
import { ROLES, type Role } from '@journeyboard/shared';
import pg from 'pg';
import { hashToken, sealAll, unseal } from '../../auth/sealed-links.js';
import type { AsyncBoardStore } from '../async-board-store.js';
import { type BoardLease, type BoardLeases, LeaseLostError } from '../board-leases.js';
import type { BoardRecord, IdentityRecord, VersionRecord } from '../board-store.js';
import { bytea, postgresBoardRows } from './board-rows.js';
import { migrate } from './migrate.js';
import { inTransaction } from './transaction.js';

export interface PostgresStoreOptions {
  /** Connections this store may hold (1-100). */
  poolSize?: number;
  /** How long a call waits for a connection before it fails, in ms (100-60 000): a database that is down fails calls, never hangs them. */
  connectTimeoutMs?: number;
  /** Who holds the leases this store takes (INSTANCE_ID); unique per instance. */
  instanceId?: string;
  /** How long a lease lives unrenewed, in ms (200-300 000). */
  leaseTtlMs?: number;
}

export type PostgresStore = AsyncBoardStore & { leases: BoardLeases };

/**
 * The board's lease row ($1), when it is still the owner's and epoch's (the parameters
 * named) and live; FOR SHARE holds off a take-over until the write commits.
 */
const fence = (owner: string, epoch: string) => `SELECT 1 FROM board_leases
  WHERE board_id = $1 AND owner = ${owner} AND epoch = ${epoch} AND expires_at > now() FOR SHARE`;

interface BoardRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
}

/** Postgres bigint arrives as a string; every stored time and size is far below 2^53. */
const toRecord = (row: BoardRow): BoardRecord => ({
  id: row.id,
  title: row.title,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, Math.floor(value)));

/** Each role's new link (token hash and expiry) for the roles in `changed`, and every sealed box afresh. */
async function writeLinks(
  client: pg.PoolClient,
  boardId: string,
  tokens: Partial<Record<Role, string>>,
  changed: Partial<Record<Role, number | null>>,
): Promise<void> {
  for (const [role, expiresAt] of Object.entries(changed) as Array<[Role, number | null]>) {
    const token = tokens[role];
    if (!token) continue;
    await client.query(
      `INSERT INTO links (board_id, role, token_hash, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (board_id, role) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at`,
      [boardId, role, hashToken(token), expiresAt],
    );
  }
  await client.query('DELETE FROM sealed_links WHERE board_id = $1', [boardId]);
  const boxes = sealAll(boardId, tokens);
  await client.query(
    `INSERT INTO sealed_links (board_id, holder, role, box)
     SELECT $1, holder, role, box FROM unnest($2::text[], $3::text[], $4::bytea[]) AS boxes (holder, role, box)`,
    [boardId, boxes.map((b) => b.holder), boxes.map((b) => b.role), boxes.map((b) => b.box)],
  );
}

/** Opens the store and brings the database's tables up to date first (migrations/). */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: clamp(options.poolSize ?? 10, 1, 100),
    connectionTimeoutMillis: clamp(options.connectTimeoutMs ?? 5_000, 100, 60_000),
  });
  // An idle connection the server dropped leaves the pool by itself; without a listener its error would end the process.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  /** The last queued log operation of each board that has one pending. */
  const pendingByBoard = new Map<string, Promise<unknown>>();
  function inCallOrder<T>(boardId: string, work: () => Promise<T>): Promise<T> {
    const result = (pendingByBoard.get(boardId) ?? Promise.resolve()).then(work);
    const settled = result.catch(() => {});
    pendingByBoard.set(boardId, settled);
    void settled.then(() => {
      if (pendingByBoard.get(boardId) === settled) pendingByBoard.delete(boardId);
    });
    return result;
  }

  const owner = options.instanceId ?? `${hostname()}:${process.pid}`;
  const ttlMs = clamp(options.leaseTtlMs ?? 5_000, 200, 300_000);
  /** The leases this store holds: their boards' writes are fenced. A lost one stays until released, so writes keep failing. */
  const held = new Map<string, BoardLease>();
  const heldLease = (boardId: string) => {
    const lease = held.get(boardId);
    return lease ? [lease.owner, lease.epoch] : null;
  };

  const leases: BoardLeases = {
    ttlMs,
    async acquire(boardId) {
      // One statement: a new row, or the row taken over when it expired (or was this instance's), epoch + 1.
      const { rows } = await pool.query<{ epoch: string }>(
        `INSERT INTO board_leases (board_id, owner, epoch, expires_at)
         VALUES ($1, $2, 1, now() + $3 * interval '1 millisecond')
         ON CONFLICT (board_id) DO UPDATE
           SET owner = excluded.owner, epoch = board_leases.epoch + 1, expires_at = excluded.expires_at
           WHERE board_leases.expires_at <= now() OR board_leases.owner = excluded.owner
         RETURNING epoch`,
        [boardId, owner, ttlMs],
      );
      if (!rows[0]) return null;
      const lease = { boardId, owner, epoch: Number(rows[0].epoch) };
      held.set(boardId, lease);
      return lease;
    },
    async renew(renewed) {
      if (renewed.length === 0) return [];
      const { rows } = await pool.query<{ board_id: string; epoch: string }>(
        `UPDATE board_leases AS l SET expires_at = now() + $2 * interval '1 millisecond'
         FROM unnest($3::text[], $4::bigint[]) AS h(board_id, epoch)
         WHERE l.board_id = h.board_id AND l.epoch = h.epoch AND l.owner = $1 AND l.expires_at > now()
         RETURNING l.board_id, l.epoch`,
        [owner, ttlMs, renewed.map((lease) => lease.boardId), renewed.map((lease) => lease.epoch)],
      );
      const kept = new Set(rows.map((row) => `${row.board_id} ${row.epoch}`));
      return renewed.filter((lease) => lease.owner !== owner || !kept.has(`${lease.boardId} ${lease.epoch}`));
    },
    async release(lease) {
      if (held.get(lease.boardId)?.epoch === lease.epoch) held.delete(lease.boardId);
      // Expired, not deleted: the epoch keeps growing, so no older holder's write can ever pass again.
      await pool.query(
        'UPDATE board_leases SET expires_at = now() WHERE board_id = $1 AND owner = $2 AND epoch = $3',
        [lease.boardId, lease.owner, lease.epoch],
      );
    },
    async heldElsewhere(boardId) {
      const { rows } = await pool.query<{ owner: string }>(
        'SELECT owner FROM board_leases WHERE board_id = $1 AND owner <> $2 AND expires_at > now()',
        [boardId, owner],
      );
      return rows[0]?.owner ?? null;
    },
  };

  return {
    leases,
    ...postgresBoardRows(pool),
    async createBoard(board, initialState, tokens) {
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO boards (id, title, created_at, updated_at, snapshot, stored_bytes)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            board.id,
            board.title,
            board.createdAt,
            board.updatedAt,
            bytea(initialState),
            initialState.byteLength,
          ],
        );
        await writeLinks(client, board.id, tokens, Object.fromEntries(ROLES.map((role) => [role, null])));
      });
    },
    async getBoard(id) {
      const { rows } = await pool.query<BoardRow>(
        'SELECT id, title, created_at, updated_at FROM boards WHERE id = $1',
        [id],
      );
      return rows[0] ? toRecord(rows[0]) : null;
    },
    async findToken(token) {
      const { rows } = await pool.query<{ board_id: string; role: Role; expires_at: string | null }>(
        'SELECT board_id, role, expires_at FROM links WHERE token_hash = $1',
        [hashToken(token)],
      );
      const row = rows[0];
      return row
        ? {
            boardId: row.board_id,
            role: row.role,
            expiresAt: row.expires_at === null ? null : Number(row.expires_at),
          }
        : null;
    },
    async linkRoles(boardId) {
      const { rows } = await pool.query<{ role: Role }>('SELECT role FROM links WHERE board_id = $1', [
        boardId,
      ]);
      const roles = new Set(rows.map((row) => row.role));
      return ROLES.filter((role) => roles.has(role));
    },
    async revealTokens(boardId, holder, holderToken) {
      const { rows } = await pool.query<{ role: Role; box: Buffer }>(
        'SELECT role, box FROM sealed_links WHERE board_id = $1 AND holder = $2',
        [boardId, holder],
      );
      const tokens: Partial<Record<Role, string>> = { [holder]: holderToken };
      for (const { role, box } of rows) {
        const token = unseal({ boardId, holder, role }, holderToken, box);
        if (token !== null) tokens[role] = token;
      }
      return tokens;
    },
    async rotateTokens(id, tokens, rotated) {
      await inTransaction(pool, (client) => writeLinks(client, id, tokens, rotated));
    },
    async setTitle(id, title, now) {
      await pool.query('UPDATE boards SET title = $1, updated_at = $2 WHERE id = $3', [title, now, id]);
    },
    async deleteBoard(id) {
      await pool.query(
        'WITH lease AS (DELETE FROM board_leases WHERE board_id = $1) DELETE FROM boards WHERE id = $1',
        [id],
      );
    },
    loadState(id) {
      // One statement: snapshot and log as of one moment, never a new snapshot with an old log.
      return inCallOrder(id, async () => {
        const { rows } = await pool.query<{ snapshot: Buffer | null; updates: Buffer[] }>(
          `SELECT snapshot, coalesce(
             (SELECT array_agg(data ORDER BY seq) FROM updates WHERE board_id = $1), '{}'::bytea[]
           ) AS updates
           FROM boards WHERE id = $1`,
          [id],
        );
        const snapshot = rows[0]?.snapshot ? new Uint8Array(rows[0].snapshot) : null;
        const updates = (rows[0]?.updates ?? []).map((data) => new Uint8Array(data));
        const bytes = (snapshot?.byteLength ?? 0) + updates.reduce((sum, u) => sum + u.byteLength, 0);
        return { snapshot, updates, bytes };
      });
    },
    appendUpdate(id, update, now) {
      // The insert reads the updated row, so it runs holding the board's row lock: seq order is commit order.
      return inCallOrder(id, async () => {
        const lease = heldLease(id);
        const { rows } = await pool.query<{ stored_bytes: string }>(
          `WITH ${lease ? `fence AS (${fence('$5', '$6')}),` : ''} grown AS (
             UPDATE boards SET stored_bytes = stored_bytes + $2, updated_at = $3
             WHERE id = $1 ${lease ? 'AND EXISTS (SELECT 1 FROM fence)' : ''}
             RETURNING id, stored_bytes
           ), appended AS (
             INSERT INTO updates (board_id, data, created_at) SELECT id, $4, $3 FROM grown
           )
           SELECT stored_bytes FROM grown`,
          [id, update.byteLength, now, bytea(update), ...(lease ?? [])],
        );
        if (!rows[0]) {
          if (lease) throw new LeaseLostError(id);
          throw new Error(`board ${id} does not exist`);
        }
        return Number(rows[0].stored_bytes);
      });
    },
    compact(id, snapshot) {
      return inCallOrder(id, () =>
        inTransaction(pool, async (client) => {
          const lease = heldLease(id);
          if (lease && (await client.query(fence('$2', '$3'), [id, ...lease])).rowCount === 0)
            throw new LeaseLostError(id);
          // The row lock first: an append from another instance waits, and the delete then sees all it replaces.
          await client.query('UPDATE boards SET snapshot = $1, stored_bytes = $2 WHERE id = $3', [
            bytea(snapshot),
            snapshot.byteLength,
            id,
          ]);
          await client.query('DELETE FROM updates WHERE board_id = $1', [id]);
        }),
      );
    },
    async saveVersion(version: VersionRecord, state) {
      await pool.query(
        'INSERT INTO versions (id, board_id, name, created_at, state, automatic) VALUES ($1, $2, $3, $4, $5, $6)',
        [version.id, version.boardId, version.name, version.createdAt, bytea(state), version.automatic],
      );
    },
    async listVersions(boardId) {
      // COLLATE "C": ids that tie on time sort bytewise, as SQLite sorts them, whatever the database's locale.
      const { rows } = await pool.query<{
        id: string;
        board_id: string;
        name: string;
        created_at: string;
        bytes: number;
        automatic: boolean;
      }>(
        `SELECT id, board_id, name, created_at, octet_length(state) AS bytes, automatic FROM versions
         WHERE board_id = $1 ORDER BY created_at, id COLLATE "C"`,
        [boardId],
      );
      return rows.map((row) => ({
        id: row.id,
        boardId: row.board_id,
        name: row.name,
        createdAt: Number(row.created_at),
        bytes: row.bytes,
        automatic: row.automatic,
      }));
    },
    async loadVersion(boardId, versionId) {
      const { rows } = await pool.query<{ state: Buffer }>(
        'SELECT state FROM versions WHERE board_id = $1 AND id = $2',
        [boardId, versionId],
      );
      return rows[0] ? new Uint8Array(rows[0].state) : null;
    },
    async deleteVersion(boardId, versionId) {
      const result = await pool.query('DELETE FROM versions WHERE board_id = $1 AND id = $2', [
        boardId,
        versionId,
      ]);
      return (result.rowCount ?? 0) > 0;
    },
    async versionUsage(boardId) {
      const { rows } = await pool.query<{ count: string; bytes: string }>(
        'SELECT count(*) AS count, coalesce(sum(octet_length(state)), 0) AS bytes FROM versions WHERE board_id = $1 AND NOT automatic',
        [boardId],
      );
      return { count: Number(rows[0]?.count ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
    },
    async pruneAutomaticVersions(boardId, keep) {
      const result = await pool.query(
        `DELETE FROM versions WHERE board_id = $1 AND automatic AND id NOT IN (
           SELECT id FROM versions WHERE board_id = $1 AND automatic
           ORDER BY created_at DESC, id COLLATE "C" DESC LIMIT $2)`,
        [boardId, keep],
      );
      return result.rowCount ?? 0;
    },
    async createIdentity({ boardId, participantId, name, createdAt }: IdentityRecord, identityToken) {
      await pool.query(
        'INSERT INTO identities (board_id, participant_id, token_hash, name, created_at) VALUES ($1, $2, $3, $4, $5)',
        [boardId, participantId, hashToken(identityToken), name, createdAt],
      );
    },
    async findIdentity(identityToken) {
      const { rows } = await pool.query<{
        board_id: string;
        participant_id: string;
        name: string;
        created_at: string;
      }>('SELECT board_id, participant_id, name, created_at FROM identities WHERE token_hash = $1', [
        hashToken(identityToken),
      ]);
      const row = rows[0];
      return row
        ? {
            boardId: row.board_id,
            participantId: row.participant_id,
            name: row.name,
            createdAt: Number(row.created_at),
          }
        : null;
    },
    async identityCount(boardId) {
      const { rows } = await pool.query<{ count: string }>(
        'SELECT count(*) AS count FROM identities WHERE board_id = $1',
        [boardId],
      );
      return Number(rows[0]?.count ?? 0);
    },
    storedBytes(id) {
      return inCallOrder(id, async () => {
        const { rows } = await pool.query<{ stored_bytes: string }>(
          'SELECT stored_bytes FROM boards WHERE id = $1',
          [id],
        );
        return Number(rows[0]?.stored_bytes ?? 0);
      });
    },
    async close() {
      await Promise.all(pendingByBoard.values());
      await pool.end();
    },
  };
}
