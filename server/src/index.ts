export { ConfigError, type Limits, loadConfig, type ServerConfig } from './config.js';
export { frictionCsv, opportunitiesCsv } from './export/csv.js';
export {
  EXPORT_FORMATS,
  ExportError,
  type ExportFormat,
  exportBoard,
  MAX_DRAWN_CARDS,
} from './export/index.js';
export { renderPdf } from './export/pdf.js';
export { MAX_PNG_PIXELS, renderPng } from './export/png.js';
export { renderPptx } from './export/pptx.js';
export { pictureSize, renderSvg } from './export/svg.js';
export { MAX_EVIDENCE_UPLOADS_IN_FLIGHT } from './http/evidence.js';
export { createLogger, type Logger } from './log.js';
export { type RunningServer, startServer } from './server.js';
export type { AsyncBoardStore } from './storage/async-board-store.js';
export { type BoardLease, type BoardLeases, LeaseLostError } from './storage/board-leases.js';
export {
  applyStoredState,
  type BoardRecord,
  type BoardRows,
  type BoardStore,
} from './storage/board-store.js';
export { openPostgresStore, type PostgresStore } from './storage/postgres/postgres-store.js';
export { openSqliteStore } from './storage/sqlite-store.js';
export { syncAsAsync } from './storage/sync-as-async.js';
export * as codec from './sync/codec.js';
export type { Room } from './sync/room.js';
export type { LiveRoom } from './sync/rooms.js';
