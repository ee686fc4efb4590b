/**
 * WebSocket close codes a client can act on, as the server sends them and the app
 * reads them. 1000-range codes are the standard ones; 4000-range codes mirror the
 * HTTP status they resemble.
 */
export const CLOSE = {
  /** Server shutting down or room unloading: reconnect later. */
  goingAway: 1001,
  /** Cut off without a close frame (no answer to pings). */
  abnormal: 1006,
  /** Frame larger than MAX_MESSAGE_BYTES (sent by ws itself). */
  tooBig: 1009,
  /** Storage failed: nothing was accepted; reconnect and resend. */
  storageFailure: 1011,
  /** The board moved to another room on this server (cluster mode: it took the board over): reconnect now. */
  serviceRestart: 1012,
  /** The server is too busy to read a large update now: reconnect later and resend. */
  tryAgainLater: 1013,
  malformed: 4400,
  forbidden: 4403,
  boardDeleted: 4404,
  slowConsumer: 4408,
  boardTooLarge: 4413,
  /** An update that would make the room walk far more of the board than its own size. */
  tooCostly: 4422,
  rateLimited: 4429,
} as const;

/**
 * Whether the server meant a close for good: 4400–4499 (refused, revoked, deleted,
 * too big) is final, as in y-websocket, except 4408: a client that fell behind (its
 * tab was asleep, its network slow) was only cut off, and syncs afresh.
 */
export function isFinalClose(code: number): boolean {
  return code >= 4400 && code < 4500 && code !== CLOSE.slowConsumer;
}
