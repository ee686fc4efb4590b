export { ConfigError, type Limits, loadConfig, type ServerConfig } from './config.js';
export { createLogger, type Logger } from './log.js';
export { type RunningServer, startServer } from './server.js';
export type { BoardRecord, BoardStore, Role } from './storage/board-store.js';
export { openSqliteStore } from './storage/sqlite-store.js';
export { CLOSE } from './sync/close-codes.js';
export * as codec from './sync/codec.js';
