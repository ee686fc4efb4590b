/**
 * How the app's WebSocket carries its share token: as a subprotocol the app offers,
 * `token.<token>`, beside `journeyboard`, which the server answers with (a browser
 * fails a handshake that offered protocols and got none back). Unlike `?token=`, a
 * header stays out of URLs and so out of proxy and access logs.
 */
export const SYNC_PROTOCOL = 'journeyboard';
export const TOKEN_PROTOCOL_PREFIX = 'token.';

/** The subprotocols the app offers for a token. */
export function syncProtocols(token: string): string[] {
  return [SYNC_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** The token from a `Sec-WebSocket-Protocol` header, or null when it carries none. */
export function tokenFromProtocols(header: string | undefined): string | null {
  for (const offered of (header ?? '').split(',')) {
    const protocol = offered.trim();
    if (protocol.startsWith(TOKEN_PROTOCOL_PREFIX)) return protocol.slice(TOKEN_PROTOCOL_PREFIX.length);
  }
  return null;
}
