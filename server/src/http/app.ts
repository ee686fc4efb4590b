/** The HTTP surface: health, metrics, the REST API, and the built client with history-API fallback. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { listTemplates } from '@journeyboard/shared';
import express, { type ErrorRequestHandler, type Express } from 'express';
import { pageOrigins, type ServerConfig } from '../config.js';
import type { ExportPool } from '../export/pool.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import { isStorageFault } from '../storage/storage-health.js';
import type { ClusterNode } from '../sync/cluster/node.js';
import {
  BoardServedElsewhereError,
  RoomLimitError,
  type Rooms,
  StorageUnavailableError,
} from '../sync/rooms.js';
import { boardsApi } from './boards.js';
import { creationGuard } from './creation-guard.js';
import { evidenceApi } from './evidence.js';
import { exportsApi } from './exports.js';
import { HttpProblem, sendProblem } from './problem.js';
import { securityHeaders } from './security-headers.js';
import { uploadDir } from './upload.js';

export interface AppDeps {
  config: ServerConfig;
  store: AsyncBoardStore;
  rooms: Rooms;
  metrics: Metrics;
  log: Logger;
  exports: ExportPool;
  /** This instance in a cluster (REDIS_URL), or null. */
  cluster?: ClusterNode | null;
}

const jsonBody = express.json({ limit: '64kb' });

/** Requests whose body is a file, streamed to disk rather than parsed as JSON. */
const STREAMED_BODIES = /^\/boards\/(import|[^/]+\/evidence)$/;

export function createApp({ config, store, rooms, metrics, log, exports, cluster = null }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    securityHeaders({
      origins: pageOrigins(config),
      frameAncestors: config.frameAncestors,
    }),
  );

  // Degraded while the last write failed: the server still serves boards but cannot store edits.
  app.get('/healthz', (_req, res) => {
    const failure = rooms.storage.failure;
    // Cluster mode: this instance, whether Redis answers, the boards it owns and those it serves for others.
    const clusterState = cluster && {
      instance: cluster.instanceId,
      redis: cluster.bus.up ? 'up' : 'down',
      owned: rooms.owned,
      replicas: rooms.replicas,
    };
    const healthy = !failure && (!cluster || cluster.bus.up);
    res.status(healthy ? 200 : 503).json({
      status: healthy ? 'ok' : 'degraded',
      rooms: rooms.size,
      ...(config.databaseUrl ? { database: failure ? 'failing' : 'ok' } : {}),
      ...(failure ? { storage: { ...failure, since: new Date(failure.since).toISOString() } } : {}),
      ...(clusterState ? { cluster: clusterState } : {}),
    });
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/api/templates', (_req, res) => {
    res.json(listTemplates());
  });

  app.post(
    ['/api/boards', '/api/boards/import'],
    creationGuard({
      dataDir: config.dataDir,
      boardsPerHour: config.limits.createBoardsPerHour,
      minFreeDiskMb: config.limits.minFreeDiskMb,
    }),
  );
  // Every body is small but a board file's and an evidence file's, which stream to a worker themselves (see upload.ts).
  app.use('/api', (req, res, next) => (STREAMED_BODIES.test(req.path) ? next() : jsonBody(req, res, next)));
  const uploads = uploadDir(config.dataDir);
  app.use(
    '/api',
    boardsApi({
      store,
      rooms,
      log,
      publicOrigin: config.publicOrigin,
      limits: config.limits,
      files: exports,
      uploads,
    }),
  );
  app.use('/api', evidenceApi({ store, rooms, log, limits: config.limits, files: exports, uploads }));
  app.use('/api', exportsApi({ store, log, limits: config.limits, exports }));

  app.use('/api', (_req, res) => {
    sendProblem(res, 404, 'Not found');
  });

  const clientDir = config.clientDir;
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => {
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }

  const onError: ErrorRequestHandler = (error, _req, res, _next) => {
    if (error instanceof HttpProblem) {
      res.set(error.headers);
      return sendProblem(res, error.status, error.title, error.detail, error.extra);
    }
    // A room that failed its write has counted and logged it already; a direct store write has not.
    if (error instanceof StorageUnavailableError || isStorageFault(error)) {
      if (isStorageFault(error)) {
        metrics.errors.inc({ kind: 'storage' });
        rooms.storage.noteFailure(error);
        log.error({ err: error }, 'storage failed; the request changed nothing');
      }
      return sendProblem(res, 503, 'Storage unavailable', 'the server cannot store changes right now');
    }
    // Another instance holds the board's lease: ask again once it may have let go.
    if (error instanceof BoardServedElsewhereError) {
      res.set('retry-after', String(error.retryAfterSeconds));
      return sendProblem(res, 503, 'Board served elsewhere', error.message);
    }
    // The process holds MAX_ROOMS boards: opening one more for a REST read or change must wait.
    if (error instanceof RoomLimitError) return sendProblem(res, 503, 'Server full', error.message);
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (status >= 500) {
      metrics.errors.inc({ kind: 'http_500' });
      log.error({ err: error }, 'request failed');
      return sendProblem(res, 500, 'Internal server error');
    }
    // body-parser's errors: malformed JSON (400), body too large (413).
    sendProblem(
      res,
      status,
      status === 413 ? 'Request body too large' : 'Bad request',
      String(error.message ?? ''),
    );
  };
  app.use(onError);
  return app;
}
