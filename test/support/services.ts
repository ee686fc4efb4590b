/**
 * Postgres and Redis for the tests of cluster mode (#20), found in this order:
 * DATABASE_URL / REDIS_URL when set; a server already answering on 127.0.0.1:5432
 * (user postgres, trust auth) / 127.0.0.1:6379; else a throwaway one started from
 * the Debian packages' binaries in a temporary directory on a free port (installed
 * with apt-get when missing and we are root). A throwaway server is stopped, and its
 * directory removed, by a small watcher once the test process has gone, however it
 * ends. Each test gets a database of its own and a Redis key prefix of its own,
 * dropped and cleared when the test finishes.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { freePort } from './ports.js';

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';
const PROBE_TIMEOUT_MS = 1_000;
const STARTUP_TIMEOUT_MS = 30_000;

let postgresServer: Promise<string> | undefined;
let redisServer: Promise<string> | undefined;

/** A database of its own for the running test, created now and dropped (connections and all) when it finishes. */
export async function postgresUrl(): Promise<string> {
  const name = `jb_${randomBytes(6).toString('hex')}`;
  postgresServer ??= findPostgres();
  const admin = await postgresServer;
  onTestFinished(() => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  await adminQuery(admin, `CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The Redis server the tests share; keep a test's keys under its redisKeyPrefix(). */
export function redisUrl(): Promise<string> {
  redisServer ??= findRedis();
  return redisServer;
}

/** A key prefix of its own for the running test: every key under it is deleted when the test finishes. */
export async function redisKeyPrefix(): Promise<string> {
  const prefix = `jb_${randomBytes(6).toString('hex')}:`;
  const url = await redisUrl();
  onTestFinished(async () => {
    await redisCommands(url, [
      [
        'EVAL',
        "for _, key in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('UNLINK', key) end return 0",
        '0',
        `${prefix}*`,
      ],
    ]);
  });
  return prefix;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: STARTUP_TIMEOUT_MS });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function findPostgres(): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (await postgresAnswers(LOCAL_POSTGRES)) return LOCAL_POSTGRES;
  return startThrowawayPostgres();
}

async function findRedis(): Promise<string> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  if (await redisAnswers(LOCAL_REDIS)) return LOCAL_REDIS;
  return startThrowawayRedis();
}

/** The first directory holding every one of `binaries`: on PATH, then Debian's versioned Postgres directories, newest first. */
function binariesDir(binaries: string[]): string | null {
  const versioned = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => `/usr/lib/postgresql/${version}/bin`)
    : [];
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...versioned];
  return dirs.find((dir) => binaries.every((binary) => existsSync(path.join(dir, binary)))) ?? null;
}

/** The directory of `binaries`, installing `aptPackage` first when they are missing and we may. */
function requireBinaries(binaries: string[], aptPackage: string, envVar: string): string {
  let dir = binariesDir(binaries);
  if (!dir && process.getuid?.() === 0) {
    // Test files run two at a time: the other may be installing too, so wait for dpkg's lock.
    execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=240', 'install', '-y', aptPackage], {
      stdio: 'ignore',
      timeout: 300_000,
    });
    dir = binariesDir(binaries);
  }
  if (!dir)
    throw new Error(
      `${binaries.join(', ')} not found: install them (apt-get install -y ${aptPackage}), or set ${envVar} to a running server`,
    );
  return dir;
}

/** Postgres refuses to run as root: as root, the throwaway cluster belongs to the postgres user the package made. */
function postgresUser(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Runs `cleanup` (a shell command) once this process has gone, even when it is killed outright. */
function cleanUpAfterUs(cleanup: string, user: { uid?: number; gid?: number }): void {
  const watcher = spawn('sh', ['-c', `while [ -d /proc/${process.pid} ]; do sleep 1; done; ${cleanup}`], {
    ...user,
    detached: true,
    stdio: 'ignore',
  });
  watcher.unref();
}

async function startThrowawayPostgres(): Promise<string> {
  return (await startPostgresServer()).url;
}

/** A Postgres server of the running test's own, which it may stop and start again on the same port (an outage). */
export interface OwnPostgres {
  /** Its `postgres` database. */
  url: string;
  /** Stops it at once (`-m immediate`: connections cut, as when the server or its network goes). */
  stop(): void;
  start(): void;
}

/** Starts a Postgres server for this test alone (stopped when the test finishes): for tests that take it away. */
export async function ownPostgres(): Promise<OwnPostgres> {
  const own = await startPostgresServer();
  onTestFinished(() => own.stop());
  return own;
}

async function startPostgresServer(): Promise<OwnPostgres> {
  const bin = requireBinaries(['initdb', 'pg_ctl', 'postgres'], 'postgresql', 'DATABASE_URL');
  const user = postgresUser();
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-postgres-'));
  if ('uid' in user) chownSync(dir, user.uid, user.gid);
  const data = path.join(dir, 'data');
  const run = (binary: string, args: string[]) =>
    execFileSync(path.join(bin, binary), args, { ...user, stdio: 'ignore', timeout: STARTUP_TIMEOUT_MS });
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  cleanUpAfterUs(`'${bin}/pg_ctl' -D '${data}' -m immediate stop; rm -rf '${dir}'`, user);
  // fsync off: a test database outlives no machine crash, and every commit is faster without it.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  let running = false;
  const start = () => {
    run('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'postgres.log'), '-w', 'start']);
    running = true;
  };
  const stop = () => {
    if (!running) return;
    running = false;
    run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  start();
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop, start };
}

async function startThrowawayRedis(): Promise<string> {
  return (await startRedisServer()).url;
}

/** A Redis server of the running test's own, which it may stop and start again on the same port (an outage). */
export interface OwnRedis {
  url: string;
  /** Kills the server outright: everything it held is gone, as after a crash without persistence. */
  kill(): Promise<void>;
  start(): Promise<void>;
}

/** Starts a Redis server for this test alone (killed when the test finishes): for tests that take Redis away. */
export async function ownRedis(): Promise<OwnRedis> {
  const own = await startRedisServer();
  onTestFinished(() => own.kill());
  return own;
}

async function startRedisServer(): Promise<OwnRedis> {
  const bin = requireBinaries(['redis-server'], 'redis-server', 'REDIS_URL');
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: ReturnType<typeof spawn> | null = null;
  const start = async () => {
    const started = spawn(
      path.join(bin, 'redis-server'),
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
      { detached: true, stdio: 'ignore' },
    );
    started.unref();
    server = started;
    cleanUpAfterUs(`kill ${started.pid} 2>/dev/null; rm -rf '${dir}'`, {});
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await redisAnswers(url))) {
      if (Date.now() > deadline || started.exitCode !== null)
        throw new Error(`redis-server on port ${port} never answered`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const kill = async () => {
    const running = server;
    server = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url, kill, start };
}

async function redisAnswers(url: string): Promise<boolean> {
  try {
    await redisCommands(url, [['PING']]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends commands in Redis's wire protocol (after AUTH and SELECT from the URL) and
 * waits for their replies, each a single line here; nothing in the tests needs a
 * Redis client yet. Rejects on an error reply, a closed connection or the timeout.
 */
function redisCommands(url: string, commands: string[][]): Promise<void> {
  const { hostname, port, username, password, pathname } = new URL(url);
  const all = [
    ...(password ? [username ? ['AUTH', username, password] : ['AUTH', password]] : []),
    ...(pathname.length > 1 ? [['SELECT', pathname.slice(1)]] : []),
    ...commands,
  ];
  const wire = all
    .map((args) => `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
    .join('');
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    let replies = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => fail(new Error(`Redis at ${url} did not answer`)));
    socket.on('error', fail);
    socket.on('close', () => reject(new Error(`Redis at ${url} closed the connection`)));
    socket.on('data', (chunk) => {
      replies += chunk.toString('utf8');
      const lines = replies.split('\r\n').slice(0, -1);
      const error = lines.find((line) => line.startsWith('-'));
      if (error) fail(new Error(`Redis at ${url} answered ${error}`));
      else if (lines.length >= all.length) {
        socket.end();
        resolve();
      }
    });
    socket.write(wire);
  });
}
