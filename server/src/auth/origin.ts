/**
 * Browsers send Origin with every WebSocket upgrade; a page on a foreign origin must
 * not open a board with a token it got hold of. Non-browser clients send none.
 */
import type { IncomingMessage } from 'node:http';

export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  const host = req.headers.host;
  if (!host) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}
