/** Share tokens: unguessable, one per role per board, rotated by the owner, optionally expiring. */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '@journeyboard/shared';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token from `Authorization: Bearer <token>`, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+([A-Za-z0-9_-]{16,128})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Whether a link that expires at `expiresAt` (ms since the epoch; null: never) has expired by `now`. */
export function linkExpired(expiresAt: number | null, now = Date.now()): boolean {
  return expiresAt !== null && expiresAt <= now;
}

/** The longest a link may be given to live: a year. */
export const MAX_LINK_LIFETIME_SECONDS = 365 * 24 * 3600;

/** A fresh token for every role. */
export function newTokens(): Record<Role, string> {
  return Object.fromEntries(ROLES.map((role) => [role, newToken()])) as Record<Role, string>;
}
