/** Writing a board's links: each role's token hash and expiry, and every sealed box. */

import type { Role } from '@journeyboard/shared';
import type Database from 'better-sqlite3';
import { hashToken, sealAll } from '../auth/sealed-links.js';

export function linkWriter(db: Database.Database) {
  const upsertLink = db.prepare(
    `INSERT INTO links (board_id, role, token_hash, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (board_id, role) DO UPDATE SET token_hash = excluded.token_hash, expires_at = excluded.expires_at`,
  );
  const clearSealed = db.prepare('DELETE FROM sealed_links WHERE board_id = ?');
  const insertSealed = db.prepare(
    'INSERT INTO sealed_links (board_id, holder, role, box) VALUES (?, ?, ?, ?)',
  );
  return {
    /**
     * New links for the roles in `changed` (each expiring then; null: never), and
     * every box sealed again from the token set (a role without a token has no link
     * and no box). Run inside a transaction.
     */
    write(
      boardId: string,
      tokens: Partial<Record<Role, string>>,
      changed: Partial<Record<Role, number | null>>,
    ): void {
      for (const [role, expiresAt] of Object.entries(changed) as Array<[Role, number | null]>) {
        const token = tokens[role];
        if (token) upsertLink.run(boardId, role, hashToken(token), expiresAt);
      }
      clearSealed.run(boardId);
      for (const { holder, role, box } of sealAll(boardId, tokens))
        insertSealed.run(boardId, holder, role, box);
    },
  };
}
