/** Assembles and runs the whole server: storage, rooms, HTTP, WebSocket upgrades, shutdown. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pageOrigins, type ServerConfig } from './config.js';
import { ExportPool } from './export/pool.js';
import { createApp } from './http/app.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { AsyncBoardStore } from './storage/async-board-store.js';
import type { BoardStore } from './storage/board-store.js';
import { openStore } from './storage/open-store.js';
import { ClusterNode } from './sync/cluster/node.js';
import { Rooms } from './sync/rooms.js';
import { SyncServer } from './sync/sync-server.js';
import { UpdateGuard } from './sync/update-guard.js';

export interface RunningServer {
  url: string;
  port: number;
  store: AsyncBoardStore;
  /** The SQLite store under `store`, when it is one: tests fill its disk (limitPages) through it. */
  sqlite: BoardStore | null;
  rooms: Rooms;
  metrics: Metrics;
  /** Graceful stop: refuse new connections, flush and compact every room, close storage. */
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const { store, sqlite, leases } = await openStore(config, { log });
  const metrics = createMetrics();
  const guard = new UpdateGuard({
    inlineBytes: 64 * 1024,
    timeoutMs: 500,
    maxQueuedBytes: config.limits.maxReadQueueBytes,
  });
  // Cluster mode: Postgres holds the boards, Redis links this instance to the others.
  const cluster = config.redisUrl
    ? await ClusterNode.start({
        url: config.redisUrl,
        prefix: config.redisKeyPrefix,
        instanceId: config.instanceId,
        log: log.child({ cluster: config.instanceId }),
        metrics,
      }).catch(async (error: unknown) => {
        await store.close();
        throw error;
      })
    : null;
  const rooms = new Rooms({ store, leases, metrics, log, limits: config.limits, guard, cluster });
  const allowedOrigins = pageOrigins(config);
  const sync = new SyncServer({ store, leases, rooms, metrics, log, limits: config.limits, allowedOrigins });
  const exports = new ExportPool({
    storage: { dataDir: config.dataDir, databaseUrl: config.databaseUrl },
    workers: config.limits.exportWorkers,
    queue: config.limits.exportQueue,
  });
  const server = createServer(createApp({ config, store, rooms, metrics, log, exports, cluster }));
  server.on('upgrade', (req, socket, head) => {
    sync.handleUpgrade(req, socket, head).catch((error: unknown) => {
      log.error({ err: error }, 'upgrade failed');
      socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    port,
    store,
    sqlite,
    rooms,
    metrics,
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        const unloaded = rooms.unloadAll();
        sync.close();
        server.closeAllConnections();
        await stopped;
        await unloaded;
        await guard.close();
        await exports.close();
        await cluster?.close();
        await store.close();
        log.info('server stopped');
      })();
      return closing;
    },
  };
}
