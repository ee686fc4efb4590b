/**
 * The store a server runs on: Postgres when DATABASE_URL is set (instances sharing
 * it serve each board from one of them, by its lease: cluster mode, #20), otherwise
 * SQLite in DATA_DIR behind the same AsyncBoardStore interface, with no leases.
 */
import type { Logger } from '../log.js';
import type { AsyncBoardStore } from './async-board-store.js';
import { type BoardLeases, NO_LEASES } from './board-leases.js';
import type { BoardStore } from './board-store.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { syncAsAsync } from './sync-as-async.js';

export interface StorageConfig {
  dataDir: string;
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  databaseUrl: string | null;
  /** Who this instance is to the other instances on the database (INSTANCE_ID). */
  instanceId?: string;
  leaseTtlMs?: number;
}

export interface OpenedStore {
  store: AsyncBoardStore;
  /** The SQLite store under `store`, when it is one: tests fill its disk (limitPages) through it. */
  sqlite: BoardStore | null;
  /** Which instance serves each board's room: Postgres's board_leases, or none for SQLite. */
  leases: BoardLeases;
}

export interface OpenOptions {
  postgresPoolSize?: number;
  /** Where failures the store survives are told (the server's log). */
  log?: Pick<Logger, 'warn'>;
}

export async function openStore(
  config: StorageConfig,
  { postgresPoolSize, log }: OpenOptions = {},
): Promise<OpenedStore> {
  if (config.databaseUrl) {
    const store = await openPostgresStore(config.databaseUrl, {
      poolSize: postgresPoolSize,
      instanceId: config.instanceId,
      leaseTtlMs: config.leaseTtlMs,
    });
    return { store, sqlite: null, leases: store.leases };
  }
  const sqlite = openSqliteStore(config.dataDir, config.sqliteSynchronous, (message) => log?.warn(message));
  return { store: syncAsAsync(sqlite), sqlite, leases: NO_LEASES };
}
