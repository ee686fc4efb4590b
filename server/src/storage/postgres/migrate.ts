/**
 * Plain SQL migrations: migrations/NNN_name.sql, applied in number order when a
 * store opens, each recorded in schema_migrations. All pending files run in one
 * transaction under an advisory lock, so instances starting together migrate once
 * and a failed file leaves the database as it was.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { inTransaction } from './transaction.js';

/**
 * tsc copies no .sql files, and src/storage/postgres and dist/storage/postgres both
 * sit three levels under the package: from either, the migrations are read from src.
 */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../../src/storage/postgres/migrations/', import.meta.url));

/** Any fixed number: every instance takes the same lock around migrating. */
const MIGRATION_LOCK = 2_020_001;

const MIGRATION_FILE = /^(\d{3})_[a-z0-9_]+\.sql$/;

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .flatMap((name) => {
      const match = MIGRATION_FILE.exec(name);
      return match ? [{ version: Number(match[1]), name, sql: readFileSync(`${dir}/${name}`, 'utf8') }] : [];
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1)
      throw new Error(`migrations must be numbered 001, 002, … without gaps: found ${migration.name}`);
  });
  return migrations;
}

/** Brings the database up to the newest migration; returns the versions applied now (none when up to date). */
export async function migrate(pool: pg.Pool): Promise<number[]> {
  const migrations = readMigrations(MIGRATIONS_DIR);
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    const newest = migrations.length;
    const unknown = [...applied].filter((version) => version > newest);
    if (unknown.length > 0)
      throw new Error(
        `the database was migrated by a newer server (migrations ${unknown.join(', ')}); this one knows up to ${newest}`,
      );
    const pending = migrations.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
    }
    return pending.map((migration) => migration.version);
  });
}
