/**
 * How the app's WebSocket carries its share token: as a subprotocol the app offers,
 * `token.<token>`, beside `journeyboard`, which the server answers with (a browser
 * fails a handshake that offered protocols and got none back). Unlike `?token=`, a
 * header stays out of URLs and so out of proxy and access logs. A person's identity
 * token (who they are; the share token says what they may do) goes the same way, as
 * `identity.<token>`.
 */
export const SYNC_PROTOCOL = 'journeyboard';
export const TOKEN_PROTOCOL_PREFIX = 'token.';
export const IDENTITY_PROTOCOL_PREFIX = 'identity.';

/**
 * The longest identity token the server looks up: as long as the longest Bearer token
 * the HTTP side reads (minted ones are 32 characters); anything longer is refused unread.
 */
export const MAX_IDENTITY_TOKEN_LENGTH = 128;

/** The subprotocols the app offers for a token, and for the person's identity when it has one. */
export function syncProtocols(token: string, identity?: string): string[] {
  const protocols = [SYNC_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
  if (identity) protocols.push(`${IDENTITY_PROTOCOL_PREFIX}${identity}`);
  return protocols;
}

function fromProtocols(header: string | undefined, prefix: string): string | null {
  for (const offered of (header ?? '').split(',')) {
    const protocol = offered.trim();
    if (protocol.startsWith(prefix)) return protocol.slice(prefix.length);
  }
  return null;
}

/** The token from a `Sec-WebSocket-Protocol` header, or null when it carries none. */
export function tokenFromProtocols(header: string | undefined): string | null {
  return fromProtocols(header, TOKEN_PROTOCOL_PREFIX);
}

/** The identity token from a `Sec-WebSocket-Protocol` header, or null when it carries none. */
export function identityFromProtocols(header: string | undefined): string | null {
  return fromProtocols(header, IDENTITY_PROTOCOL_PREFIX);
}
