/**
 * Sync-server benchmark: 50 official y-websocket clients in one room, against this
 * server and against @y/websocket-server 0.1.1 in the same run, then @hocuspocus/server
 * 3.4.4 driven by 50 of its own providers (BENCH_HOCUSPOCUS=0 leaves it out). Clients live in
 * worker processes so the generator is not the bottleneck (its CPU is printed).
 *
 * Per server it prints: the highest inbound update rate whose last-recipient p99
 * stays within one 60 Hz frame (16.7 ms), p50/p99 and the server's CPU per update at
 * fixed rates (from /proc: the clients share the machine's cores, so every µs the server
 * spends on an update shows in their latency), update-to-commit p50/p99, the cold load
 * of a 2,000-card board, and memory per idle connection.
 *
 *   pnpm --filter @journeyboard/test bench:sync        (BENCH_QUICK=1 for a short run)
 *
 * BENCH_ONLY=latency runs only the fixed rates, BENCH_ONLY=memory only the idle
 * connections (BENCH_IDLE of them, default 1,000); their tables land beside the full
 * run's, as bench-sync-latency.md and bench-sync-memory.md.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bigBoardFile } from './big-board.js';
import {
  cpuMsOf,
  type Kind,
  memoryAfterGc,
  openRoom,
  root,
  sleep,
  startServer,
  stopServer,
} from './servers.js';
import { fmt, histogramBuckets, histogramQuantile, mergeRuns, percentile, type WorkerRun } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const CLIENTS = 50;
const FRAME_MS = 16.7;
const WORKERS = Math.max(2, Math.min(8, os.cpus().length - 2));
const ONLY = process.env.BENCH_ONLY as 'latency' | 'memory' | undefined;
/** BENCH_RATES=1600,2400 replaces the fixed rates (e.g. to profile the server at its knee, BENCH_CPU_PROF). */
const FIXED_RATES = process.env.BENCH_RATES
  ? process.env.BENCH_RATES.split(',').map(Number)
  : [50, 100, 200, 500];
const RAMP = QUICK ? [200, 800, 1600, 3200] : [200, 400, 800, 1200, 1600, 2400, 3200, 4800, 6400, 9600];
const STEP_MS = QUICK ? 2000 : 3000;
/** Unrecorded steps that every server runs before its fixed rates (see measureLatency). */
const WARMUP_RATE = 500;
const WARMUP_STEPS = Number(process.env.BENCH_WARMUP_STEPS ?? (QUICK ? 1 : 3));
/** The ramp's knee is found to within this share of the sustainable rate (see measureLatency). */
const REFINE = QUICK ? 0.15 : 0.06;
const DRAIN_MS = 1000;
const IDLE_CONNECTIONS = Number(process.env.BENCH_IDLE ?? (QUICK ? 200 : 1000));
/**
 * Who sends and receives in the latency runs: each server's own provider (`providers`,
 * 50 full replicas that apply every update), or wire clients that speak each server's
 * protocol and only look for the sender's clock in what arrives (`wire`, see
 * load-worker.ts), so the generator's own CPU does not set the knee. The idle
 * connections are always the providers: their memory is what a browser holds open.
 */
const LATENCY_CLIENTS = process.env.BENCH_CLIENTS === 'wire' ? 'wire' : 'providers';

/**
 * Where a worker's clock stands against this process's, in ms: the senders and the
 * receivers of an update are in different workers, and one's wall clock (the base of
 * `performance.timeOrigin`) may be set apart from another's by a few ms, which would
 * add to or take from every latency. The answer of the quickest of 40 round trips, set
 * against that trip's midpoint.
 */
async function clockOffset(worker: ChildProcess): Promise<number> {
  const now = () => performance.timeOrigin + performance.now();
  let best = { roundTrip: Number.POSITIVE_INFINITY, offset: 0 };
  for (let i = 0; i < 40; i++) {
    const before = now();
    const theirs = await new Promise<number>((resolve) => {
      worker.once('message', (message) => resolve(message as number));
      worker.send({ type: 'clock' });
    });
    const after = now();
    if (after - before < best.roundTrip)
      best = { roundTrip: after - before, offset: theirs - (before + after) / 2 };
  }
  return best.offset;
}

class Generator {
  readonly workers: ChildProcess[] = [];
  /** Each worker's clock against this process's (clockOffset), taken off its times. */
  readonly offsets: number[] = [];
  private constructor() {}

  static async start(
    target: { room: string; token: string; url: string },
    clients: number,
    wire = false,
  ): Promise<Generator> {
    const generator = new Generator();
    const ready: Array<Promise<void>> = [];
    let firstIndex = 0;
    for (let w = 0; w < WORKERS; w++) {
      const share = Math.floor(clients / WORKERS) + (w < clients % WORKERS ? 1 : 0);
      const worker = fork(path.join(here, 'load-worker.ts'), [], {
        execArgv: ['--import', 'tsx'],
        cwd: path.join(root, 'test'),
      });
      generator.workers.push(worker);
      ready.push(new Promise((resolve) => worker.once('message', () => resolve())));
      worker.send({ type: 'connect', ...target, clients: share, firstIndex, wire });
      firstIndex += share;
    }
    await Promise.all(ready);
    for (const worker of generator.workers) generator.offsets.push(await clockOffset(worker));
    process.stdout.write(
      `  generator clocks: ${generator.offsets.map((offset) => `${offset >= 0 ? '+' : ''}${fmt(offset, 2)}`).join(', ')} ms from this process's\n`,
    );
    return generator;
  }

  /** Sends `rate` updates a second in total for `durationMs`; returns last-recipient latencies. */
  async run(rate: number, durationMs: number, clients: number) {
    const results = await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<WorkerRun>((resolve) => {
            worker.once('message', (message) => resolve(message as WorkerRun));
            worker.send({ type: 'run', rate: rate / this.workers.length, durationMs, drainMs: DRAIN_MS });
          }),
      ),
    );
    const { sentAt, reached } = mergeRuns(
      results.map((run, i) => {
        const offset = this.offsets[i] ?? 0;
        return {
          ...run,
          sends: run.sends.map(([id, t]): [string, number] => [id, t - offset]),
          receipts: run.receipts.map(([id, max, count]): [string, number, number] => [
            id,
            max - offset,
            count,
          ]),
        };
      }),
    );
    const latencies: number[] = [];
    for (const [id, t] of sentAt) {
      const seen = reached.get(id);
      if (seen && seen.count >= clients - 1) latencies.push(seen.max - t);
    }
    latencies.sort((a, b) => a - b);
    const cpuMs = results.reduce((sum, r) => sum + r.cpuMs, 0);
    return {
      rate,
      sent: sentAt.size,
      delivered: latencies.length / Math.max(1, sentAt.size),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      generatorCores: cpuMs / (durationMs + DRAIN_MS),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            worker.once('exit', () => resolve());
            worker.send({ type: 'stop' });
          }),
      ),
    );
  }
}

async function timeToSynced(url: string, room: string, token: string): Promise<number> {
  const doc = new Y.Doc();
  const started = performance.now();
  const provider = new WebsocketProvider(url, room, doc, {
    params: token ? { token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const elapsed = performance.now() - started;
  provider.destroy();
  return elapsed;
}

interface ServerFigures {
  sustainable: number;
  fixed: Array<{ rate: number; p50: number; p99: number; cpuPerUpdateUs: number }>;
  ramp: Array<{ rate: number; p50: number; p99: number; delivered: number; generatorCores: number }>;
  commitP50: number;
  commitP99: number;
  /** Appends (SQLite commits) that took over 5 ms, of all the latency runs made. */
  slowAppends: { over5ms: number; of: number };
  coldLoadServerMs: number;
  coldLoadClientMs: number;
  bytesPerIdleConnection: number;
  heapPerIdleConnection: number;
  externalPerIdleConnection: number;
  rssPerIdleConnection: number;
}

async function measure(kind: Kind): Promise<ServerFigures> {
  const figures: ServerFigures = {
    sustainable: Number.NaN,
    fixed: [],
    ramp: [],
    commitP50: Number.NaN,
    commitP99: Number.NaN,
    slowAppends: { over5ms: Number.NaN, of: Number.NaN },
    coldLoadServerMs: Number.NaN,
    coldLoadClientMs: Number.NaN,
    bytesPerIdleConnection: Number.NaN,
    heapPerIdleConnection: Number.NaN,
    externalPerIdleConnection: Number.NaN,
    rssPerIdleConnection: Number.NaN,
  };
  if (ONLY !== 'memory') Object.assign(figures, await measureLatency(kind));
  if (!ONLY) Object.assign(figures, await measureColdLoad(kind));
  if (ONLY !== 'latency') Object.assign(figures, await measureIdleMemory(kind));
  return figures;
}

async function measureLatency(kind: Kind): Promise<Partial<ServerFigures>> {
  process.stdout.write(
    `\n[${kind}] latency and throughput with ${CLIENTS} ${LATENCY_CLIENTS === 'wire' ? 'wire clients' : 'providers'} over ${WORKERS} worker processes\n`,
  );
  const server = await startServer(kind);
  const target = await openRoom(server);
  const generator = await Generator.start(target, CLIENTS, LATENCY_CLIENTS === 'wire');
  // Each server first runs warm: a fresh process compiles its hot path while the first
  // thousands of updates pass (ours, loading more code, took 12 s at 200/s to settle at
  // ~850 µs per update from 2,000), and a long-running server is warm.
  for (let step = 0; step < WARMUP_STEPS; step++) {
    const r = await generator.run(WARMUP_RATE, STEP_MS, CLIENTS);
    process.stdout.write(
      `  warm-up ${WARMUP_RATE}/s: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (not counted)\n`,
    );
  }
  const fixed = [];
  for (const rate of FIXED_RATES) {
    const cpuBefore = cpuMsOf(server);
    const r = await generator.run(rate, STEP_MS, CLIENTS);
    const cpuPerUpdateUs = ((cpuMsOf(server) - cpuBefore) * 1000) / Math.max(1, r.sent);
    fixed.push({ rate, p50: r.p50, p99: r.p99, cpuPerUpdateUs });
    process.stdout.write(
      `  fixed ${rate}/s: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, delivered ${fmt(r.delivered * 100)}%, server CPU ${fmt(cpuPerUpdateUs, 0)} µs per update\n`,
    );
  }
  const ramp: ServerFigures['ramp'] = [];
  // Unmeasured (NaN) when BENCH_ONLY skips the ramp; 0 when no step of it held.
  let sustainable = ONLY ? Number.NaN : 0;
  // A noisy machine can spoil one step: a rate counts as over budget only when two tries miss it.
  const holds = async (rate: number, label: string) => {
    let r = await generator.run(rate, STEP_MS, CLIENTS);
    let ok = r.p99 <= FRAME_MS && r.delivered >= 0.99;
    if (!ok) {
      r = await generator.run(rate, STEP_MS, CLIENTS);
      ok = r.p99 <= FRAME_MS && r.delivered >= 0.99;
    }
    ramp.push(r);
    process.stdout.write(
      `  ${label} ${rate}/s: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms, delivered ${fmt(r.delivered * 100)}%, generator ${fmt(r.generatorCores, 2)} cores ${ok ? '' : '(over budget twice)'}\n`,
    );
    return ok;
  };
  let over = Number.NaN;
  for (const rate of ONLY ? [] : RAMP) {
    if (!(await holds(rate, 'ramp'))) {
      over = rate;
      break;
    }
    sustainable = rate;
  }
  // The ramp's steps are coarse (3,200 then 4,800): halve the gap between the last rate that
  // held and the first that did not until it is within REFINE of the former, so a ratio
  // between servers is not an artefact of where the steps fall.
  while (over - sustainable > Math.max(100, sustainable * REFINE)) {
    const rate = Math.round((sustainable + over) / 200) * 100;
    if (await holds(rate, 'refine')) sustainable = rate;
    else over = rate;
  }
  await generator.stop();
  let commitP50 = Number.NaN;
  let commitP99 = Number.NaN;
  let slowAppends = { over5ms: Number.NaN, of: Number.NaN };
  if (kind === 'journeyboard') {
    const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    const buckets = histogramBuckets(metrics, 'journeyboard_commit_latency_seconds');
    commitP50 = histogramQuantile(buckets, 0.5) * 1000;
    commitP99 = histogramQuantile(buckets, 0.99) * 1000;
    // The appends that held every room up: a checkpoint made inside a commit used to be one.
    const appends = histogramBuckets(metrics, 'journeyboard_persist_seconds');
    const total = appends.at(-1)?.[1] ?? 0;
    slowAppends = { over5ms: total - (appends.find(([bound]) => bound === 0.005)?.[1] ?? total), of: total };
  }
  await stopServer(server);
  return { sustainable, fixed, ramp, commitP50, commitP99, slowAppends };
}

async function measureColdLoad(kind: Kind): Promise<Partial<ServerFigures>> {
  process.stdout.write(`[${kind}] cold load of a 2,000-card board\n`);
  let coldLoadServerMs = Number.NaN;
  let coldLoadClientMs = Number.NaN;
  if (kind === 'journeyboard') {
    const first = await startServer(kind);
    const big = await openRoom(first, bigBoardFile(2000));
    await stopServer(first, false);
    const second = await startServer(kind, first.dataDir);
    coldLoadClientMs = await timeToSynced(
      big.url.replace(String(first.port), String(second.port)),
      big.room,
      big.token,
    );
    const metrics = await (await fetch(`http://127.0.0.1:${second.port}/metrics`)).text();
    const sum = Number(/^journeyboard_room_load_seconds_sum (\S+)/m.exec(metrics)?.[1]);
    const count = Number(/^journeyboard_room_load_seconds_count (\S+)/m.exec(metrics)?.[1]);
    coldLoadServerMs = (sum / count) * 1000;
    await stopServer(second);
  }
  return { coldLoadServerMs, coldLoadClientMs };
}

async function measureIdleMemory(kind: Kind): Promise<Partial<ServerFigures>> {
  process.stdout.write(`[${kind}] memory per idle connection (${IDLE_CONNECTIONS} connections)\n`);
  const idleServer = await startServer(kind);
  const idleTarget = await openRoom(idleServer);
  // The room made before the idle connections are counted (Hocuspocus makes its own on the first of them).
  if (idleTarget.protocol === 'y-websocket')
    await timeToSynced(idleTarget.url, idleTarget.room, idleTarget.token);
  await sleep(1000);
  const before = await memoryAfterGc(idleServer);
  const idle = await Generator.start(idleTarget, IDLE_CONNECTIONS);
  await sleep(3000);
  const after = await memoryAfterGc(idleServer);
  await idle.stop();
  await stopServer(idleServer);

  const per = (bytes: number) => bytes / IDLE_CONNECTIONS;
  const figures = {
    heapPerIdleConnection: per(after.heap - before.heap),
    externalPerIdleConnection: per(after.external - before.external),
    bytesPerIdleConnection: per(after.heap + after.external - before.heap - before.external),
    rssPerIdleConnection: per(after.rss - before.rss),
  };
  process.stdout.write(
    `  per connection: JS heap ${fmt(figures.heapPerIdleConnection / 1024)} KB + buffers ${fmt(figures.externalPerIdleConnection / 1024)} KB, RSS ${fmt(figures.rssPerIdleConnection / 1024)} KB\n`,
  );
  return figures;
}

const ours = await measure('journeyboard');
const reference = await measure('reference');
// The second peer speaks its own protocol (its own provider in the workers); BENCH_HOCUSPOCUS=0 leaves it out.
const hocuspocus = process.env.BENCH_HOCUSPOCUS === '0' ? null : await measure('hocuspocus');
const peers = [reference, ...(hocuspocus ? [hocuspocus] : [])];
const generatorPeak = Math.max(
  ...[ours, ...peers].flatMap((figures) => figures.ramp.map((r) => r.generatorCores)),
);

type Row = [string, string, ...string[]];
const perServer = (label: string, figure: (f: ServerFigures) => string, target = ''): Row => [
  label,
  figure(ours),
  ...peers.map(figure),
  target,
];
const ratios = (value: (f: ServerFigures) => number) =>
  peers.map((peer) => `${fmt(value(ours) / value(peer), 2)}×`).join(', ');
const allRows: Row[] = [
  perServer(
    'sustainable inbound updates/s (last-recipient p99 ≤ 16.7 ms)',
    (f) => String(f.sustainable),
    '≥ 2× reference',
  ),
  ...FIXED_RATES.map((rate, i) => {
    const at = (f: ServerFigures) => f.fixed[i] ?? { p50: Number.NaN, p99: Number.NaN };
    return perServer(
      `p50 / p99 at ${rate} updates/s (ms)`,
      (f) => `${fmt(at(f).p50)} / ${fmt(at(f).p99)}`,
      `ratio p50 ${ratios((f) => at(f).p50)}; p99 ${ratios((f) => at(f).p99)}`,
    );
  }),
  perServer(
    `server CPU per update at ${FIXED_RATES.join(' / ')} updates/s (µs)`,
    (f) => f.fixed.map((row) => fmt(row.cpuPerUpdateUs, 0)).join(' / '),
    FIXED_RATES.map((_, i) => ratios((f) => f.fixed[i]?.cpuPerUpdateUs ?? Number.NaN)).join(' / '),
  ),
  perServer(
    'update → durable commit p50 / p99 (ms)',
    (f) => (f === ours ? `${fmt(f.commitP50, 2)} / ${fmt(f.commitP99, 2)}` : 'no storage'),
    'p99 ≤ 20 ms',
  ),
  perServer('appends over 5 ms, of all (every room waits on one)', (f) =>
    f === ours ? `${f.slowAppends.over5ms} of ${f.slowAppends.of}` : 'no storage',
  ),
  perServer(
    'cold load, 2,000-card board: server / client synced (ms)',
    (f) => (f === ours ? `${fmt(f.coldLoadServerMs)} / ${fmt(f.coldLoadClientMs)}` : 'no storage'),
    '≤ 150 ms',
  ),
  perServer(
    'memory per idle connection: JS heap + buffers after GC / process RSS (KB)',
    (f) => `${fmt(f.bytesPerIdleConnection / 1024)} / ${fmt(f.rssPerIdleConnection / 1024)}`,
    '≤ 10 KB',
  ),
  perServer(
    'of which JS heap / buffers (KB)',
    (f) => `${fmt(f.heapPerIdleConnection / 1024)} / ${fmt(f.externalPerIdleConnection / 1024)}`,
  ),
];
// A BENCH_ONLY run leaves the other parts' figures unmeasured.
const rows = allRows.filter(([, ourFigure]) => !/^(n\/a|NaN)/.test(ourFigure));
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const table = [
  `Sync server benchmark: ${CLIENTS} ${LATENCY_CLIENTS === 'wire' ? 'wire clients (BENCH_CLIENTS=wire)' : "official clients (each server's own provider)"} in one room, ${WORKERS} generator processes; ${machine}`,
  `Generator CPU at its busiest: ${fmt(generatorPeak, 2)} cores of ${os.cpus().length} (the server under test runs in its own process).`,
  '',
  `| figure | Journeyboard | @y/websocket-server 0.1.1 |${hocuspocus ? ' @hocuspocus/server 3.4.4 |' : ''} target |`,
  `| --- | --- | --- |${hocuspocus ? ' --- |' : ''} --- |`,
  ...rows.map((row) => `| ${row.join(' | ')} |`),
  '',
  ONLY
    ? `Only the ${ONLY} part (BENCH_ONLY=${ONLY}).`
    : `Ratio of sustainable rates: ${peers.map((peer) => `${fmt(ours.sustainable / Math.max(1, peer.sustainable), 2)}×`).join(', ')}`,
].join('\n');
process.stdout.write(`\n${table}\n`);
const artifacts = path.join(root, 'test/.artifacts');
mkdirSync(artifacts, { recursive: true });
const name = ONLY ? `bench-sync-${ONLY}` : 'bench-sync';
writeFileSync(
  path.join(artifacts, `${name}.json`),
  JSON.stringify(
    {
      machine,
      clients: LATENCY_CLIENTS,
      only: ONLY ?? null,
      ours,
      reference,
      hocuspocus,
      generatorPeak,
      sustainableRatio: {
        reference: ours.sustainable / Math.max(1, reference.sustainable),
        hocuspocus: hocuspocus ? ours.sustainable / Math.max(1, hocuspocus.sustainable) : null,
      },
    },
    null,
    2,
  ),
);
writeFileSync(path.join(artifacts, `${name}.md`), `${table}\n`);
process.exit(0);
