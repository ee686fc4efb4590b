/**
 * How a client and the server tell a dropped connection from a quiet one. Browsers
 * never show WebSocket pings to the page, so the server also sends a heartbeat (an
 * empty presence frame, which any y-websocket client applies as a no-op) every
 * HEARTBEAT_MS; a client that hears nothing at all for SILENCE_LIMIT_MS takes its
 * connection for dropped, shows "Offline" and reconnects. The limit leaves room for
 * one late heartbeat, so a busy server is not taken for a dead one.
 */
export const LIVENESS = { heartbeatMs: 1500, silenceLimitMs: 4000 } as const;
