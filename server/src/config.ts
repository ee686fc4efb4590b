/**
 * Server configuration, from environment variables with safe defaults. Anything
 * invalid stops the start with a message that names the variable.
 */
import { hostname } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65_535);
const origin = z
  .string()
  .url()
  .transform((value) => new URL(value).origin);

/** A CSP frame-ancestors value: 'none', or 'self' and origins (a `*.` subdomain wildcard allowed). */
const frameAncestors = z
  .string()
  .trim()
  .refine(
    (value) =>
      value === "'none'" ||
      value
        .split(/\s+/)
        .every((source) => source === "'self'" || /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$/i.test(source)),
    {
      message: "must be 'none', or 'self' and origins like https://intranet.example.com, separated by spaces",
    },
  );

/** A Postgres connection URL: DATABASE_URL, and where `journeyboard migrate --to` copies boards. */
export const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  PUBLIC_ORIGIN: origin.optional(),
  ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const list = (value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const origins: string[] = [];
      for (const item of list) {
        const parsed = origin.safeParse(item);
        if (parsed.success) origins.push(parsed.data);
        else ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin like https://example.com` });
      }
      return origins;
    }),
  CLIENT_DIR: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  DATABASE_URL: z.string().regex(POSTGRES_URL, 'must be a postgres:// or postgresql:// URL').optional(),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._:@-]{1,200}$/, 'must be 1-200 letters, digits and . _ : @ -')
    .optional(),
  LEASE_TTL_MS: z.coerce.number().int().min(200).max(300_000).default(5000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{0,100}$/, 'must be at most 100 letters, digits and . _ : -')
    .default('journeyboard:'),
  MAX_MESSAGE_BYTES: positive(1 << 20),
  MAX_MESSAGES_PER_SECOND: positive(300),
  MAX_BOARD_BYTES: positive(64 << 20),
  MAX_CONNECTIONS_PER_ROOM: positive(1000),
  MAX_ROOMS: positive(1000),
  ROOM_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  COMPACT_EVERY_UPDATES: positive(500),
  MAX_EXPORT_CARDS: positive(10_000),
  MAX_SEND_BUFFER_BYTES: positive(16 << 20),
  MAX_PRESENCE_PER_SECOND: positive(40),
  // A dropped client is cut off (its presence gone) within two intervals: under 10 s.
  PING_INTERVAL_MS: positive(4000),
  MAX_UPDATE_WALK: positive(10_000),
  UPDATE_WALK_PER_BYTE: z.coerce.number().min(0).max(1000).default(1),
  MAX_UPDATE_DELETIONS: positive(250_000),
  MAX_READ_QUEUE_BYTES: positive(64 << 20),
  FRAME_ANCESTORS: frameAncestors.default("'none'"),
  MAX_VERSIONS_PER_BOARD: positive(100),
  MAX_IDENTITIES_PER_BOARD: positive(10_000),
  IDENTITIES_PER_TOKEN_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  MAX_VERSION_BYTES_PER_BOARD: positive(256 << 20),
  MAX_AUTOMATIC_VERSIONS_PER_BOARD: positive(20),
  AUTOMATIC_VERSION_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(30),
  CREATE_BOARDS_PER_HOUR: z.coerce.number().int().min(0).default(60),
  MIN_FREE_DISK_MB: z.coerce.number().int().min(0).default(256),
  EXPORT_WORKERS: positive(2),
  EXPORT_QUEUE: z.coerce.number().int().min(0).default(8),
  EXPORTS_PER_BOARD_PER_MINUTE: z.coerce.number().int().min(0).default(30),
  EXPORTS_PER_TOKEN_PER_MINUTE: z.coerce.number().int().min(0).default(20),
  VERSION_READS_PER_BOARD_PER_MINUTE: z.coerce.number().int().min(0).default(60),
  MAX_EVIDENCE_BYTES: positive(256 << 20),
  EVIDENCE_IMPORTS_PER_BOARD_PER_MINUTE: z.coerce.number().int().min(0).default(10),
  SYNC_ANSWER_CACHE: z.enum(['on', 'off']).default('on'),
});

function positive(fallback: number) {
  return z.coerce.number().int().positive().default(fallback);
}

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  publicOrigin: string | null;
  allowedOrigins: string[];
  /** The built client to serve; null serves the API alone. */
  clientDir: string | null;
  logLevel: string;
  sqliteSynchronous: 'NORMAL' | 'FULL';
  /** Postgres to store boards in instead of SQLite in dataDir (which still holds uploads); null: SQLite. */
  databaseUrl: string | null;
  /** Who this instance is to others on the same database (board leases); unique per instance. */
  instanceId: string;
  /** How long a board's lease lives unrenewed (renewed every third of it). */
  leaseTtlMs: number;
  /** Redis linking the instances (cluster mode, with databaseUrl); null: this instance serves only boards it owns. */
  redisUrl: string | null;
  /** Prefix of every Redis key: several clusters can share one Redis. */
  redisKeyPrefix: string;
  /** Who may show the app in a frame (CSP frame-ancestors). */
  frameAncestors: string;
  limits: Limits;
}

export interface Limits {
  /** Largest WebSocket frame accepted; a bigger one closes the connection (1009). */
  maxMessageBytes: number;
  /** Sustained messages per second per connection (bursts of twice that pass). */
  maxMessagesPerSecond: number;
  /** Largest stored size of one board; updates beyond it are refused. */
  maxBoardBytes: number;
  maxConnectionsPerRoom: number;
  maxRooms: number;
  /** How long an empty room stays loaded before it flushes and unloads. */
  roomUnloadGraceMs: number;
  /** Compact a board's update log into a snapshot after this many appends. */
  compactEveryUpdates: number;
  /** The most cards a drawn export (slides, PDF, PNG, SVG) takes; JSON and CSV are not limited. */
  maxExportCards: number;
  /** Bytes waiting to be sent to one client (beyond its last whole-board answer) before it is closed as too slow (4408). */
  maxSendBufferBytes: number;
  /** Presence changes per second per connection; faster ones are coalesced into the latest. */
  maxPresencePerSecond: number;
  /** The server pings every client this often; one that has not answered the previous ping is cut off. */
  pingIntervalMs: number;
  /** What one update may make the room walk, and delete, before it is refused (4422). */
  updateBudget: UpdateBudget;
  /** Bytes of large updates waiting to be read off-thread, over all rooms; past it a sender is told to retry (1013). */
  maxReadQueueBytes: number;
  /** Named versions one board may keep, and their stored bytes together. */
  maxVersionsPerBoard: number;
  /** People (identities) one board may mint; past it, 409. */
  maxIdentitiesPerBoard: number;
  /** Identities one link may mint a minute (429 and Retry-After beyond); 0: no limit. */
  identitiesPerTokenPerMinute: number;
  maxVersionBytesPerBoard: number;
  /** Versions the server takes before destructive changes (auto-versions.ts): the newest kept, apart from the named ones. */
  maxAutomaticVersionsPerBoard: number;
  /** At most one automatic version a board per this many seconds (a restore takes one regardless). */
  automaticVersionIntervalSeconds: number;
  /** Boards (created or imported) one client address may make an hour; 0: no limit. */
  createBoardsPerHour: number;
  /** No new boards while the data directory's disk has less free; 0: no check. */
  minFreeDiskMb: number;
  /** Worker processes that render exports, and how many exports may wait for one. */
  exportWorkers: number;
  exportQueue: number;
  /** Exports one board, and one of its links, may ask for a minute; 0: no limit. */
  exportsPerBoardPerMinute: number;
  exportsPerTokenPerMinute: number;
  /** Reads of named versions' states (previews) one board may serve a minute; 0: no limit. */
  versionReadsPerBoardPerMinute: number;
  /** Largest evidence export (contacts or survey CSV) one request may send. */
  maxEvidenceBytes: number;
  /** Evidence imports one board may take a minute; 0: no limit. */
  evidenceImportsPerBoardPerMinute: number;
  /**
   * Whether rooms answer joiners from one encoded snapshot of the board (sync-answers.ts);
   * off only to measure what that saves (`pnpm bench:joins`).
   */
  cacheSyncAnswers: boolean;
}

/** What one untrusted update may cost a room (see sync/update-plan.ts). */
export interface UpdateBudget {
  /** Stored structs an update may make the room walk without changing them, before its own size is counted. */
  visitsBase: number;
  /** Further such walking allowed per byte of the update. */
  visitsPerByte: number;
  /** Stored structs one update may newly delete (a board of 10,000 cards has about 200,000). */
  maxDeletions: number;
}

/** Origins whose pages may use this server: PUBLIC_ORIGIN, then ALLOWED_ORIGINS. */
export function pageOrigins(config: Pick<ServerConfig, 'publicOrigin' | 'allowedOrigins'>): string[] {
  return [...(config.publicOrigin ? [config.publicOrigin] : []), ...config.allowedOrigins];
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv, defaultClientDir: string | null): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || 'environment'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  REDIS_URL: cluster mode needs DATABASE_URL too (the instances share boards through Postgres)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicOrigin: e.PUBLIC_ORIGIN ?? null,
    allowedOrigins: e.ALLOWED_ORIGINS,
    clientDir: e.CLIENT_DIR ? path.resolve(e.CLIENT_DIR) : defaultClientDir,
    logLevel: e.LOG_LEVEL,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    databaseUrl: e.DATABASE_URL ?? null,
    instanceId: e.INSTANCE_ID ?? `${hostname()}:${e.PORT}`,
    leaseTtlMs: e.LEASE_TTL_MS,
    redisUrl: e.REDIS_URL ?? null,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    frameAncestors: e.FRAME_ANCESTORS,
    limits: {
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxMessagesPerSecond: e.MAX_MESSAGES_PER_SECOND,
      maxBoardBytes: e.MAX_BOARD_BYTES,
      maxConnectionsPerRoom: e.MAX_CONNECTIONS_PER_ROOM,
      maxRooms: e.MAX_ROOMS,
      roomUnloadGraceMs: e.ROOM_UNLOAD_GRACE_MS,
      compactEveryUpdates: e.COMPACT_EVERY_UPDATES,
      maxExportCards: e.MAX_EXPORT_CARDS,
      maxSendBufferBytes: e.MAX_SEND_BUFFER_BYTES,
      maxPresencePerSecond: e.MAX_PRESENCE_PER_SECOND,
      pingIntervalMs: e.PING_INTERVAL_MS,
      updateBudget: {
        visitsBase: e.MAX_UPDATE_WALK,
        visitsPerByte: e.UPDATE_WALK_PER_BYTE,
        maxDeletions: e.MAX_UPDATE_DELETIONS,
      },
      maxReadQueueBytes: e.MAX_READ_QUEUE_BYTES,
      maxVersionsPerBoard: e.MAX_VERSIONS_PER_BOARD,
      maxIdentitiesPerBoard: e.MAX_IDENTITIES_PER_BOARD,
      identitiesPerTokenPerMinute: e.IDENTITIES_PER_TOKEN_PER_MINUTE,
      maxVersionBytesPerBoard: e.MAX_VERSION_BYTES_PER_BOARD,
      maxAutomaticVersionsPerBoard: e.MAX_AUTOMATIC_VERSIONS_PER_BOARD,
      automaticVersionIntervalSeconds: e.AUTOMATIC_VERSION_INTERVAL_SECONDS,
      createBoardsPerHour: e.CREATE_BOARDS_PER_HOUR,
      minFreeDiskMb: e.MIN_FREE_DISK_MB,
      exportWorkers: e.EXPORT_WORKERS,
      exportQueue: e.EXPORT_QUEUE,
      exportsPerBoardPerMinute: e.EXPORTS_PER_BOARD_PER_MINUTE,
      exportsPerTokenPerMinute: e.EXPORTS_PER_TOKEN_PER_MINUTE,
      versionReadsPerBoardPerMinute: e.VERSION_READS_PER_BOARD_PER_MINUTE,
      maxEvidenceBytes: e.MAX_EVIDENCE_BYTES,
      evidenceImportsPerBoardPerMinute: e.EVIDENCE_IMPORTS_PER_BOARD_PER_MINUTE,
      cacheSyncAnswers: e.SYNC_ANSWER_CACHE === 'on',
    },
  };
}
