/**
 * The store a server runs on: Postgres when DATABASE_URL is set (a single instance
 * for now; cluster mode is #20), otherwise SQLite in DATA_DIR behind the same
 * AsyncBoardStore interface.
 */
import type { AsyncBoardStore } from './async-board-store.js';
import type { BoardStore } from './board-store.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite-store.js';
import { syncAsAsync } from './sync-as-async.js';

export interface StorageConfig {
  dataDir: string;
  sqliteSynchronous?: 'NORMAL' | 'FULL';
  databaseUrl: string | null;
}

export interface OpenedStore {
  store: AsyncBoardStore;
  /** The SQLite store under `store`, when it is one: tests fill its disk (limitPages) through it. */
  sqlite: BoardStore | null;
}

export async function openStore(config: StorageConfig, postgresPoolSize?: number): Promise<OpenedStore> {
  if (config.databaseUrl) {
    return {
      store: await openPostgresStore(config.databaseUrl, { poolSize: postgresPoolSize }),
      sqlite: null,
    };
  }
  const sqlite = openSqliteStore(config.dataDir, config.sqliteSynchronous);
  return { store: syncAsAsync(sqlite), sqlite };
}
