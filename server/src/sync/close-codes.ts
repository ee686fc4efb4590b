/**
 * WebSocket close codes a client can act on. 1000-range codes are the standard
 * ones; 4000-range codes mirror the HTTP status they resemble.
 */
export const CLOSE = {
  /** Server shutting down or room unloading: reconnect later. */
  goingAway: 1001,
  /** Frame larger than MAX_MESSAGE_BYTES (sent by ws itself). */
  tooBig: 1009,
  /** Storage failed: nothing was accepted; reconnect and resend. */
  storageFailure: 1011,
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
