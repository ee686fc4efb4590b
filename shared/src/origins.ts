/**
 * Every transaction on a board carries a named origin. The client's undo manager
 * tracks `local` only, so seeded, imported, migrated and remote changes are never
 * undone by the person pressing Undo.
 */
export const ORIGINS = {
  local: 'local',
  remote: 'remote',
  seed: 'seed',
  import: 'import',
  server: 'server',
  migration: 'migration',
} as const;

/** What a transaction is tagged with: one of ORIGINS, or an object the caller owns (a provider, an undo manager). */
export type TransactionOrigin = string | object;
