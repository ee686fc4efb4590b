/**
 * Cluster benchmark (#20): the same load on one instance and on three instances
 * sharing Postgres and Redis, in the same run, with clients in worker processes
 * (test/bench/load-worker.ts): wire clients by default, which speak the y-websocket
 * protocol but keep no replica, so that the generator's own CPU does not decide the
 * latency on a small machine; BENCH_CLIENTS=replicas uses official y-websocket providers.
 *
 * Prints, for 1 vs 3 instances:
 * - one room of ROOM_CLIENTS clients spread evenly over the instances: last-recipient
 *   p50/p99 from an update's send to its arrival at every other client, and CPU per
 *   instance;
 * - BOARDS boards × 5 clients, each board's clients on the instance a consistent hash
 *   of its id picks (as nginx would): p50/p99 and CPU;
 * - the cluster's CPU per delivered update (all instances summed) against one
 *   instance's, and the capacity that projects to on three machines;
 * then update → commit p50/p99 on Postgres vs SQLite, and the failover time after
 * SIGKILL of a board's owner (until a client on another instance has a write committed).
 *
 * On this 2-core machine three instances cannot show more throughput than one; the
 * CPU per delivered update is what says whether capacity grows with machines.
 *
 *   pnpm bench:cluster             (BENCH_QUICK=1 for a short run; BENCH_ONLY=room,boards,commit,failover
 *                                   runs those parts alone; BENCH_WARMUP_MS (3000) sends untimed first;
 *                                   BENCH_INSTANCE_ARGS passes node flags to
 *                                   the instances, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof";
 *                                   BENCH_SERVER_MAIN runs another build (a before/after comparison);
 *                                   DATABASE_URL / REDIS_URL name the services, else
 *                                   127.0.0.1:5432 and :6379; BENCH_CLIENTS=replicas)
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { fmt, histogramBuckets, histogramQuantile, mergeRuns, percentile, type WorkerRun } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const QUICK = process.env.BENCH_QUICK === '1';
const ROOM_CLIENTS = Number(process.env.BENCH_ROOM_CLIENTS ?? (QUICK ? 150 : 500));
const ROOM_RATE = QUICK ? 10 : 20;
const BOARDS = QUICK ? 60 : 300;
const BOARDS_RATE = QUICK ? 60 : 200;
const DURATION_MS = QUICK ? 4000 : 8000;
const DRAIN_MS = 1500;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? (QUICK ? 1000 : 3000));
/**
 * Then the instances' CPU is read while the clients are connected and nothing is sent
 * (BENCH_IDLE_MS): each process's timers, lease renewals, Redis reads and presence
 * renewals. That cost is paid once per machine, not per update, so what tells whether
 * capacity grows with machines is the CPU per delivery above it (the marginal cost).
 */
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? (QUICK ? 1000 : 3000));
const WORKERS = Math.max(2, Math.min(6, os.cpus().length - 1));
const POSTGRES = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Parts to run (BENCH_ONLY=room,boards,commit,failover); all by default. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((part) => part.trim());
const runs = (part: 'room' | 'boards' | 'commit' | 'failover') => !ONLY || ONLY.includes(part);
/** The load workers' clients: wire clients, or official providers that apply every update. */
const CLIENTS = process.env.BENCH_CLIENTS === 'replicas' ? 'replicas' : 'wire';
const TICKS = 100; // clock ticks per second of /proc/<pid>/stat on Linux

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let nextPort = 21_000 + Math.floor(Math.random() * 20_000);

interface Instance {
  child: ChildProcess;
  port: number;
  dataDir: string;
}

/** Seconds of CPU a process has used (user + system). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function startInstance(env: Record<string, string>, id: string): Promise<Instance> {
  const port = nextPort++;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'jb-cluster-bench-'));
  const nodeArgs = process.env.BENCH_INSTANCE_ARGS?.split(' ') ?? [];
  const main = process.env.BENCH_SERVER_MAIN ?? path.join(root, 'server/dist/main.js');
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      INSTANCE_ID: id,
      LOG_LEVEL: 'warn',
      MAX_MESSAGES_PER_SECOND: '100000',
      MAX_CONNECTIONS_PER_ROOM: '5000',
      CREATE_BOARDS_PER_HOUR: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { child, port, dataDir };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`instance ${id} did not start`);
}

async function stopInstance(instance: Instance, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (instance.child.exitCode === null) {
    const exited = new Promise((resolve) => instance.child.once('exit', resolve));
    instance.child.kill(signal);
    await exited;
  }
  rmSync(instance.dataDir, { recursive: true, force: true });
}

/** A fresh database on the Postgres server for one scenario. */
async function freshDatabase(): Promise<string> {
  const name = `jb_bench_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES);
  url.pathname = `/${name}`;
  return url.toString();
}

async function createBoard(instance: Instance): Promise<{ id: string; token: string }> {
  const response = await fetch(`http://127.0.0.1:${instance.port}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Cluster benchmark', template: 'blank-journey' }),
  });
  const board = (await response.json()) as { id: string; tokens: { editor: string } };
  return { id: board.id, token: board.tokens.editor };
}

/** Where each client goes: [url, room, token, count] groups, dealt over the workers. */
type Placement = Array<{ url: string; room: string; token: string; clients: number }>;

/** Connects the clients, then sends `rate` updates a second; CPU of `servers` is counted over the sending alone. */
async function load(
  servers: Instance[],
  placement: Placement,
  rate: number,
  perUpdateRecipients: (room: string) => number,
) {
  const workers = Array.from({ length: WORKERS }, () =>
    fork(path.join(here, 'load-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      cwd: path.join(root, 'test'),
    }),
  );
  let firstIndex = 0;
  let w = 0;
  const connects: Array<Promise<void>> = [];
  for (const group of placement) {
    for (let i = 0; i < group.clients; i++) {
      const worker = workers[w++ % WORKERS] as ChildProcess;
      connects.push(
        new Promise((resolve) => {
          const onMessage = (message: { type: string }) => {
            if (message.type !== 'ready') return;
            worker.off('message', onMessage);
            resolve();
          };
          worker.on('message', onMessage);
          worker.send({
            type: 'connect',
            url: group.url,
            room: group.room,
            token: group.token,
            protocol: 'y-websocket',
            wire: CLIENTS === 'wire',
            clients: 1,
            firstIndex,
          });
        }),
      );
      firstIndex++;
      // One at a time per worker: each connect answers 'ready' once.
      if (w % WORKERS === 0) await Promise.all(connects.splice(0));
    }
  }
  await Promise.all(connects);
  const send = (durationMs: number) =>
    Promise.all(
      workers.map(
        (worker) =>
          new Promise<WorkerRun>((resolve) => {
            worker.once('message', (message) => resolve(message as WorkerRun));
            worker.send({ type: 'run', rate: rate / WORKERS, durationMs, drainMs: DRAIN_MS });
          }),
      ),
    );
  // Untimed: each instance compiles its hot paths once (three instances do that three
  // times), a start-up cost that would otherwise count as a cost per delivery.
  if (WARMUP_MS > 0) await send(WARMUP_MS);
  const idleBefore = servers.map((server) => cpuSeconds(server.child.pid as number));
  await sleep(IDLE_MS);
  const idleCores = servers.map(
    (server, i) => (cpuSeconds(server.child.pid as number) - (idleBefore[i] as number)) / (IDLE_MS / 1000),
  );
  const cpuBefore = servers.map((server) => cpuSeconds(server.child.pid as number));
  const runStarted = performance.now();
  const results = await send(DURATION_MS);
  const runSeconds = (performance.now() - runStarted) / 1000;
  const cpu = servers.map((server, i) => cpuSeconds(server.child.pid as number) - (cpuBefore[i] as number));
  const { sentAt, reached } = mergeRuns(results);
  // The worker names an update by its client's key: c<index>; the room is the index's group.
  const roomOf: string[] = [];
  for (const group of placement) for (let i = 0; i < group.clients; i++) roomOf.push(group.room);
  const latencies: number[] = [];
  let deliveries = 0;
  for (const [id, t] of sentAt) {
    const index = Number(id.slice(1, id.indexOf(':')));
    const seen = reached.get(id);
    deliveries += seen?.count ?? 0;
    if (seen && seen.count >= perUpdateRecipients(roomOf[index] as string)) latencies.push(seen.max - t);
  }
  latencies.sort((a, b) => a - b);
  for (const worker of workers) worker.send({ type: 'stop' });
  return {
    sent: sentAt.size,
    complete: latencies.length / Math.max(1, sentAt.size),
    deliveries,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    cpuPerInstance: cpu.map((c) => c / runSeconds),
    cpuUsPerDelivery: (cpu.reduce((sum, c) => sum + c, 0) * 1e6) / Math.max(1, deliveries),
    idleCores,
    marginalUsPerDelivery:
      (cpu.reduce((sum, c, i) => sum + Math.max(0, c - (idleCores[i] as number) * runSeconds), 0) * 1e6) /
      Math.max(1, deliveries),
  };
}

interface Scenario {
  name: string;
  instances: number;
  run(instances: Instance[]): Promise<Awaited<ReturnType<typeof load>>>;
}

async function measure(scenario: Scenario, env: Record<string, string>) {
  const instances: Instance[] = [];
  for (let i = 0; i < scenario.instances; i++) instances.push(await startInstance(env, `bench-${i + 1}`));
  const before = instances.map((instance) => cpuSeconds(instance.child.pid as number));
  const result = await scenario.run(instances);
  // load() counts the sending alone; this, with setup (creating boards, connecting clients), is printed apart.
  const wholeCpu = instances.map(
    (instance, i) => cpuSeconds(instance.child.pid as number) - (before[i] as number),
  );
  for (const instance of instances) await stopInstance(instance);
  return { ...result, wholeCpu: wholeCpu.reduce((sum, c) => sum + c, 0) };
}

const url = (instance: Instance) => `ws://127.0.0.1:${instance.port}/sync`;
const hash = (id: string) => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);

const oneRoom = (instances: number): Scenario => ({
  name: `1 room × ${ROOM_CLIENTS} clients on ${instances}`,
  instances,
  run: async (all) => {
    const board = await createBoard(all[0] as Instance);
    const placement = all.map((instance, i) => ({
      url: url(instance),
      room: board.id,
      token: board.token,
      clients: Math.floor(ROOM_CLIENTS / all.length) + (i < ROOM_CLIENTS % all.length ? 1 : 0),
    }));
    return load(all, placement, ROOM_RATE, () => ROOM_CLIENTS - 1);
  },
});

const manyBoards = (instances: number): Scenario => ({
  name: `${BOARDS} boards × 5 clients on ${instances}`,
  instances,
  run: async (all) => {
    const placement: Placement = [];
    for (let b = 0; b < BOARDS; b++) {
      const board = await createBoard(all[b % all.length] as Instance);
      const home = all[hash(board.id) % all.length] as Instance;
      placement.push({ url: url(home), room: board.id, token: board.token, clients: 5 });
    }
    return load(all, placement, BOARDS_RATE, () => 4);
  },
});

async function commitLatency(env: Record<string, string>) {
  const instance = await startInstance(env, 'commit');
  const board = await createBoard(instance);
  await load(
    [instance],
    [{ url: url(instance), room: board.id, token: board.token, clients: 20 }],
    100,
    () => 19,
  );
  const metrics = await (await fetch(`http://127.0.0.1:${instance.port}/metrics`)).text();
  const buckets = histogramBuckets(metrics, 'journeyboard_commit_latency_seconds');
  await stopInstance(instance);
  return { p50: histogramQuantile(buckets, 0.5) * 1000, p99: histogramQuantile(buckets, 0.99) * 1000 };
}

/** SIGKILL a board's owner; the time until a client on another instance has a write committed. */
async function failover(env: Record<string, string>) {
  const ttl = Number(env.LEASE_TTL_MS);
  const [a, b] = [await startInstance(env, 'owner'), await startInstance(env, 'other')];
  const board = await createBoard(a);
  // The owner opens the room (a REST read does), then dies with it.
  await fetch(`http://127.0.0.1:${a.port}/api/boards/${board.id}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'opened' }),
  });
  const killed = performance.now();
  await stopInstance(a, 'SIGKILL');
  for (;;) {
    const health = (await (await fetch(`http://127.0.0.1:${b.port}/healthz`)).json()) as {
      cluster?: { owned: string[] };
    };
    if (health.cluster?.owned.includes(board.id)) break;
    // A request that opens the board at b: a replica while a's lease lives, then b takes it over.
    await fetch(`http://127.0.0.1:${b.port}/api/boards/${board.id}/versions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'probe' }),
    });
    await sleep(20);
  }
  const ms = performance.now() - killed;
  await stopInstance(b);
  return { ms, ttl };
}

async function main() {
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
  console.log(
    `Cluster benchmark (${QUICK ? 'quick' : 'full'}) on ${machine}; ${WORKERS} load workers of ${CLIENTS === 'wire' ? 'wire clients' : 'y-websocket providers'}.\n`,
  );
  const cluster = async (n: number): Promise<Record<string, string>> =>
    n === 1
      ? { DATABASE_URL: await freshDatabase() }
      : { DATABASE_URL: await freshDatabase(), REDIS_URL: REDIS, REDIS_KEY_PREFIX: `bench-${Date.now()}:` };
  const pairs = [
    ['one room', oneRoom(1), oneRoom(3)],
    ['many boards', manyBoards(1), manyBoards(3)],
  ] as const;
  const measured = new Map<string, Awaited<ReturnType<typeof measure>>>();
  /** What lands in test/.artifacts/bench-cluster.json (pnpm bench:report). */
  const figures: Record<string, unknown> = { machine, clients: CLIENTS, quick: QUICK };
  for (const [label, one, three] of pairs) {
    if (!runs(label === 'one room' ? 'room' : 'boards')) continue;
    for (const scenario of [one, three]) {
      const result = await measure(scenario, await cluster(scenario.instances));
      measured.set(scenario.name, result);
      console.log(
        `${scenario.name.padEnd(34)} p50 ${fmt(result.p50)} ms  p99 ${fmt(result.p99)} ms  complete ${fmt(result.complete * 100, 0)}%  ` +
          `CPU ${result.cpuPerInstance.map((c) => fmt(c, 2)).join(' + ')} cores  ${fmt(result.cpuUsPerDelivery, 1)} µs/delivery  ` +
          `(${fmt(result.wholeCpu, 2)} CPU s with setup; idle ${result.idleCores.map((c) => fmt(c, 3)).join(' + ')} cores, ` +
          `${fmt(result.marginalUsPerDelivery, 1)} µs/delivery above it)`,
      );
    }
    const r =
      (measured.get(three.name)?.cpuUsPerDelivery ?? NaN) / (measured.get(one.name)?.cpuUsPerDelivery ?? NaN);
    const marginal =
      (measured.get(three.name)?.marginalUsPerDelivery ?? NaN) /
      (measured.get(one.name)?.marginalUsPerDelivery ?? NaN);
    const key = label === 'one room' ? 'room' : 'boards';
    const [oneRun, threeRun] = [measured.get(one.name), measured.get(three.name)];
    const summary = (run: typeof oneRun) =>
      run && {
        p50Ms: run.p50,
        p99Ms: run.p99,
        completePercent: run.complete * 100,
        cpuUsPerDelivery: run.cpuUsPerDelivery,
        cpuCoresSum: run.cpuPerInstance.reduce((sum, c) => sum + c, 0),
        idleCoresSum: run.idleCores.reduce((sum, c) => sum + c, 0),
        marginalUsPerDelivery: run.marginalUsPerDelivery,
      };
    figures[key] = {
      one: summary(oneRun),
      three: summary(threeRun),
      cpuRatio: r,
      marginalCpuRatio: marginal,
    };
    console.log(
      `${label}: the cluster's CPU per delivered update is ${fmt(r, 2)}× one instance's (target ≤ 1.3): ` +
        `three machines would carry about ${fmt(3 / r, 1)}× one instance's load. ` +
        `Above each process's idle cost the ratio is ${fmt(marginal, 2)}×.`,
    );
  }
  if (runs('commit')) {
    const sqlite = await commitLatency({});
    const postgres = await commitLatency({ DATABASE_URL: await freshDatabase() });
    figures.commit = {
      sqliteP50Ms: sqlite.p50,
      sqliteP99Ms: sqlite.p99,
      postgresP50Ms: postgres.p50,
      postgresP99Ms: postgres.p99,
    };
    console.log(
      `update → commit: SQLite p50 ${fmt(sqlite.p50, 2)} ms p99 ${fmt(sqlite.p99, 2)} ms; Postgres p50 ${fmt(postgres.p50, 2)} ms p99 ${fmt(postgres.p99, 2)} ms`,
    );
  }
  if (runs('failover')) {
    const fail = await failover({ ...(await cluster(3)), LEASE_TTL_MS: '2000' });
    figures.failover = { ms: fail.ms, leaseMs: fail.ttl };
    console.log(`failover after SIGKILL of the owner: ${fmt(fail.ms, 0)} ms (lease ${fail.ttl} ms)`);
  }
  const room = measured.get(oneRoom(3).name);
  if (room)
    console.log(
      `\nTarget: cross-instance fan-out p99 ≤ 25 ms at ${ROOM_CLIENTS} clients (measured ${fmt(room.p99)} ms).`,
    );
  const artifacts = path.join(root, 'test/.artifacts');
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(path.join(artifacts, 'bench-cluster.json'), `${JSON.stringify(figures, null, 2)}\n`);
}

await main();
