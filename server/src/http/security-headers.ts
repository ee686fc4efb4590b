/**
 * Headers every answer carries, the app, its files, the API and errors alike: a
 * Content-Security-Policy that runs only this server's scripts and connects only to
 * this server and the configured origins, no framing by other sites, no content
 * sniffing, and no Referer (board links carry their token in the fragment, and the
 * paths name boards).
 */
import type { RequestHandler } from 'express';

export interface SecurityHeaderOptions {
  /** Origins whose pages may use this server (PUBLIC_ORIGIN, ALLOWED_ORIGINS): the app may connect to them. */
  origins: string[];
  /** Who may frame the app: `'none'`, or `'self'` and origins (FRAME_ANCESTORS). */
  frameAncestors: string;
}

/**
 * The policy. Styles allow 'unsafe-inline' because React and React Flow position
 * every node with a style attribute (style-src-attr alone is not in every browser
 * yet); scripts never run inline. `'self'` in connect-src covers the page's own
 * ws:/wss: origin (CSP Level 3).
 */
export function contentSecurityPolicy({ origins, frameAncestors }: SecurityHeaderOptions): string {
  const sockets = origins.map((origin) => origin.replace(/^http/, 'ws'));
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...origins, ...sockets].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const headers = {
    'content-security-policy': contentSecurityPolicy(options),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
  return (_req, res, next) => {
    res.set(headers);
    next();
  };
}
