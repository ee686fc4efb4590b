/** Real Journeyboard servers for tests: in-process on a free loopback port, or as a child process that can be killed. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createLogger, loadConfig, type RunningServer, startServer } from '@journeyboard/server';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Client } from './clients.js';
import { postgresUrl, redisKeyPrefix, redisUrl } from './services.js';

export const CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));
export const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));

/**
 * Tests create many boards from one address: the per-address creation quota is lifted
 * unless a test sets CREATE_BOARDS_PER_HOUR itself (the quota's own tests do).
 */
export const TEST_DEFAULTS: Record<string, string> = { CREATE_BOARDS_PER_HOUR: '0' };

export function tempDataDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'journeyboard-test-'));
}

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Every log line the server wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  wsUrl: string;
  stop(): Promise<void>;
}

export async function startTestServer(
  env: Record<string, string> = {},
  dataDir = tempDataDir(),
): Promise<TestServer> {
  const config = loadConfig(
    { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...TEST_DEFAULTS, ...env },
    CLIENT_DIST,
  );
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n'))
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const server = await startServer(config, createLogger(config.logLevel, sink));
  return {
    ...server,
    dataDir,
    logs,
    wsUrl: `ws://127.0.0.1:${server.port}/sync`,
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One in-process server per test file, started before its tests and stopped after:
 * the object returned is filled in when it starts (so `server.url` reads as usual).
 */
export function useTestServer(env: Record<string, string> = {}): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    Object.assign(server, await startTestServer(env));
  });
  afterAll(async () => {
    await server.stop?.();
  });
  return server;
}

/** The built server as its own process, for crash and signal tests. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  wsUrl: string;
  port: number;
  output: string[];
  exited: Promise<number | null>;
}

/**
 * The test process's environment for a child, less DATABASE_URL: that names the tests'
 * Postgres (services.ts), and a child runs on SQLite unless its test says otherwise.
 */
export function childEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _, ...inherited } = process.env;
  return inherited;
}

/** The environment of a built server run as a child: on loopback at `port`, over `dataDir`, test defaults under `env`. */
export function serverProcessEnv(
  dataDir: string,
  port: number,
  env: Record<string, string>,
): NodeJS.ProcessEnv {
  return {
    ...childEnv(),
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    CLIENT_DIR: CLIENT_DIST,
    ...TEST_DEFAULTS,
    ...env,
  };
}

export async function spawnServer(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: serverProcessEnv(dataDir, port, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(String(chunk));
      if (String(chunk).includes('Journeyboard is listening')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(String(chunk)));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output.join('')}`)));
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/sync`,
    port,
    output,
    exited,
  };
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}

/**
 * Servers and clients each test starts itself (instances of a cluster, a server on a
 * database of its own): push them here, and after each test the clients are
 * destroyed and the servers stopped.
 */
export function usePerTest(): { running: TestServer[]; clients: Client[] } {
  const running: TestServer[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    for (const server of running.splice(0)) await server.stop();
  });
  return { running, clients };
}

/**
 * Three instances a, b and c in cluster mode on one Postgres and one Redis (keys under
 * this test's prefix), in this process, with a short lease; pushed to `running`.
 */
export async function startCluster(
  running: TestServer[],
  env: Record<string, string> = {},
): Promise<[TestServer, TestServer, TestServer]> {
  const shared = {
    DATABASE_URL: await postgresUrl(),
    REDIS_URL: await redisUrl(),
    REDIS_KEY_PREFIX: await redisKeyPrefix(),
    LEASE_TTL_MS: '1000',
    ROOM_UNLOAD_GRACE_MS: '1000',
    ...env,
  };
  const instances: TestServer[] = [];
  for (const id of ['a', 'b', 'c']) {
    const server = await startTestServer({ ...shared, INSTANCE_ID: id });
    running.push(server);
    instances.push(server);
  }
  return instances as [TestServer, TestServer, TestServer];
}
