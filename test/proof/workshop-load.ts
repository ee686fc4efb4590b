/**
 * Workshop load proof (issue 7): one room, 200 editors and 300 viewers spread over
 * worker processes (workshop-clients.ts plays the workshop model: cursors through
 * awareness, a card edit every 3–5 s per editor). The built server runs as its own
 * process with its default limits: an editor sends at most ~16 cursor updates and a
 * fraction of an edit a second, far below MAX_MESSAGES_PER_SECOND (300).
 *
 * Clients: 25 full replicas (10 editors, 15 viewers: the app's own provider, each
 * applying every edit and cursor) in one process, and the other 475 as wire clients
 * (workshop-wire.ts: the same protocol and frames, no replica) in the others. On a
 * 2-core machine 500 full replicas cost more CPU than the server, and their queueing
 * became the measured latency; JB_WORKSHOP_CLIENTS=replicas still runs them all as
 * replicas, for hardware that bears it.
 *
 * It prints fan-out latency p50/p99 over every recipient of every edit and every
 * cursor move (and over the replicas alone), the server's event-loop lag (prom-client's
 * monitorEventLoopDelay gauges on /metrics, reset at each one-second scrape) and its
 * memory before, during and after; then restarts the server (SIGTERM, or SIGKILL with
 * JB_WORKSHOP_RESTART=kill) and times until all 500 clients are connected and synced
 * again, with jittered back-off in the clients.
 *
 *   pnpm proof:workshop
 *   JB_WORKSHOP_DURATION_S=15 pnpm proof:workshop     (a quick run)
 *
 * Knobs (env): JB_WORKSHOP_DURATION_S (60), JB_WORKSHOP_EDITORS (200), JB_WORKSHOP_VIEWERS (300),
 * JB_WORKSHOP_CLIENTS (mixed | replicas), JB_WORKSHOP_REPLICA_EDITORS (10), JB_WORKSHOP_REPLICA_VIEWERS (15),
 * JB_WORKSHOP_PROCESSES (4 on a small machine), JB_WORKSHOP_ACTIVE_SHARE (0.2: editors moving
 * their cursor at any moment), JB_WORKSHOP_RESTART (term | kill), JB_WORKSHOP_CPU_PROF (a folder for a
 * V8 CPU profile of the loaded server), JB_WORKSHOP_OUT (where the results go).
 *
 * The load generator shares the machine with the server, so the figures include the
 * generator's own queueing; its CPU use is printed beside the server's. Results go to
 * test/.artifacts/proof-workshop.json:
 *
 *   { machine: { cpus, cpuModel, memoryGiB, node, loadAverage }, editors, viewers, processes,
 *     clients, replicaEditors, replicaViewers,
 *     durationS, model: { activeShare, cursorEveryMs, editEveryMs, backoff },
 *     editsSent, editsPlanned, editDelivered, cursorUpdatesSent, cursorUpdatesPlanned,
 *     editFanoutP50Ms, editFanoutP99Ms, editFanoutMaxMs,
 *     awarenessP50Ms, awarenessP99Ms, awarenessMaxMs,
 *     replicaEditFanoutP50Ms, replicaEditFanoutP99Ms, replicaAwarenessP50Ms, replicaAwarenessP99Ms,
 *     eventLoopLagP99Ms (median of the one-second windows' p99), eventLoopLagWorstP99Ms,
 *     eventLoopLagMaxMs, serverCores, generatorCores,
 *     otherCores (the rest of the machine's busy time: other people's processes),
 *     serverRssMb: { before, connected, peak, after }, serverHeapMb: { before, connected, peak, after },
 *     serverErrors: { <kind>: count }, connectAllMs, restart, serverDownMs, reconnectAllMs, reconnectResynced, reconnectAttempts,
 *     targetP99Ms, targetReconnectMs }
 */
import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RECONNECT_BACKOFF } from '../../client/src/sync/provider.js';
import { fmt, median } from '../bench/stats.js';
import { createBoardOver } from '../support/clients.js';
import { freePort } from '../support/ports.js';
import {
  removeDataDir,
  SERVER_MAIN,
  type ServerProcess,
  spawnServer,
  tempDataDir,
} from '../support/server.js';
import type {
  ClientKind,
  RunResult,
  StormReport,
  WorkerCommand,
  WorkerReply,
  WorkshopModel,
} from './workshop-clients.js';
import { LatencyHistogram } from './workshop-latency.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number`);
  return parsed;
}

const EDITORS = envNumber('JB_WORKSHOP_EDITORS', 200);
const VIEWERS = envNumber('JB_WORKSHOP_VIEWERS', 300);
const DURATION_S = envNumber('JB_WORKSHOP_DURATION_S', 60);
const PROCESSES = envNumber('JB_WORKSHOP_PROCESSES', Math.max(4, Math.min(8, os.cpus().length - 2)));
// mixed: a share of full replicas (the app's provider) in their own process, the rest wire
// participants (workshop-wire.ts); replicas: every client a full replica, as many as the machine bears.
const CLIENTS = process.env.JB_WORKSHOP_CLIENTS === 'replicas' ? 'replicas' : 'mixed';
const REPLICA_EDITORS =
  CLIENTS === 'replicas' ? EDITORS : Math.min(EDITORS, envNumber('JB_WORKSHOP_REPLICA_EDITORS', 10));
const REPLICA_VIEWERS =
  CLIENTS === 'replicas' ? VIEWERS : Math.min(VIEWERS, envNumber('JB_WORKSHOP_REPLICA_VIEWERS', 15));
const RESTART = process.env.JB_WORKSHOP_RESTART === 'kill' ? 'kill' : 'term';
const MODEL: WorkshopModel = {
  activeShare: Math.min(1, envNumber('JB_WORKSHOP_ACTIVE_SHARE', 0.2)),
  cursorEveryMs: 64,
  editEveryMs: [3000, 5000],
};
const DRAIN_MS = 2000;
const TARGET_P99_MS = 50;
const TARGET_RECONNECT_MS = 30_000;
const STORM_TIMEOUT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.timeOrigin + performance.now();
const mb = (bytes: number) => bytes / 2 ** 20;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Sends one command to a worker and waits for its one reply. */
function ask<T extends WorkerReply>(worker: ChildProcess, command: WorkerCommand): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a client process exited with ${code}`));
    worker.once('exit', onExit);
    worker.once('message', (message) => {
      worker.off('exit', onExit);
      resolve(message as T);
    });
    worker.send(command);
  });
}

/** The server's refusal counters (journeyboard_errors_total by kind). */
async function serverErrors(url: string): Promise<Record<string, number>> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const errors: Record<string, number> = {};
  for (const match of metrics.matchAll(/^journeyboard_errors_total\{kind="([^"]+)"\} (\S+)/gm)) {
    errors[match[1] as string] = Number(match[2]);
  }
  return errors;
}

interface ServerSample {
  at: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
  rss: number;
  heap: number;
  cpuSeconds: number;
}

function gauge(metrics: string, name: string): number {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)`, 'm').exec(metrics);
  return match ? Number(match[1]) : Number.NaN;
}

/** One scrape of /metrics; the event-loop gauges cover the time since the previous scrape. */
async function sampleServer(url: string): Promise<ServerSample> {
  const metrics = await (await fetch(`${url}/metrics`)).text();
  const p = 'journeyboard_process_';
  return {
    at: now(),
    lagP50: gauge(metrics, `${p}nodejs_eventloop_lag_p50_seconds`) * 1000,
    lagP99: gauge(metrics, `${p}nodejs_eventloop_lag_p99_seconds`) * 1000,
    lagMax: gauge(metrics, `${p}nodejs_eventloop_lag_max_seconds`) * 1000,
    rss: gauge(metrics, `${p}process_resident_memory_bytes`),
    heap: gauge(metrics, `${p}nodejs_heap_size_used_bytes`),
    cpuSeconds: gauge(metrics, `${p}process_cpu_seconds_total`),
  };
}

/** CPU time the whole machine spent busy so far (ms, all cores), to tell our load from everyone else's. */
function machineBusyMs(): number {
  return os.cpus().reduce((sum, { times }) => sum + times.user + times.nice + times.sys + times.irq, 0);
}

if (!existsSync(SERVER_MAIN)) {
  throw new Error(`${SERVER_MAIN} is missing: build the server first (pnpm build, or tsc -b server)`);
}

const cpus = os.cpus();
const machine = {
  cpus: cpus.length,
  cpuModel: cpus[0]?.model ?? 'cpu',
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
};
log(
  `Workshop load: ${EDITORS} editors + ${VIEWERS} viewers in one room, ${PROCESSES} client processes, ` +
    `${DURATION_S} s; ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}`,
);
log('The load generator shares this machine with the server: its queueing is part of every latency below.');

const dataDir = tempDataDir();
const port = await freePort();
// JB_WORKSHOP_CPU_PROF=<dir>: the loaded server writes a V8 CPU profile there when it stops for the storm.
const profileDir = process.env.JB_WORKSHOP_CPU_PROF;
let server: ServerProcess = await spawnServer(
  dataDir,
  port,
  profileDir
    ? {
        NODE_OPTIONS: `--require ${path.join(here, 'workshop-cpu-profile.cjs')}`,
        JB_WORKSHOP_CPU_PROF: path.resolve(profileDir),
      }
    : {},
);
const workers: ChildProcess[] = [];
try {
  const board = await createBoardOver(server.url, 'Workshop load', 'online-order');
  await sampleServer(server.url);
  const before = await sampleServer(server.url);

  // Connect: editors and viewers spread evenly over the processes.
  const connectStarted = now();
  const connecting: Array<Promise<{ type: 'connected'; connectedAt: number }>> = [];
  // Who runs where: in mixed mode the replicas have process 0 to themselves.
  const shares: Array<{ kind: ClientKind; editors: number; viewers: number }> = [];
  const spread = (kind: ClientKind, processes: number, editors: number, viewers: number) => {
    for (let w = 0; w < processes; w++) {
      shares.push({
        kind,
        editors: Math.floor(editors / processes) + (w < editors % processes ? 1 : 0),
        viewers: Math.floor(viewers / processes) + (w < viewers % processes ? 1 : 0),
      });
    }
  };
  if (CLIENTS === 'replicas') spread('replica', PROCESSES, EDITORS, VIEWERS);
  else {
    spread('replica', 1, REPLICA_EDITORS, REPLICA_VIEWERS);
    spread('wire', Math.max(1, PROCESSES - 1), EDITORS - REPLICA_EDITORS, VIEWERS - REPLICA_VIEWERS);
  }
  let firstEditor = 0;
  let firstViewer = 0;
  for (const share of shares) {
    const worker = fork(path.join(here, 'workshop-clients.ts'), [], {
      execArgv: ['--import', 'tsx'],
      cwd: path.join(root, 'test'),
    });
    workers.push(worker);
    connecting.push(
      ask(worker, {
        type: 'connect',
        kind: share.kind,
        wsUrl: server.wsUrl,
        boardId: board.id,
        editorToken: board.tokens.editor,
        viewerToken: board.tokens.viewer,
        editors: share.editors,
        viewers: share.viewers,
        firstEditor,
        firstViewer,
        model: MODEL,
      }),
    );
    firstEditor += share.editors;
    firstViewer += share.viewers;
  }
  const connectAllMs =
    Math.max(...(await Promise.all(connecting)).map((c) => c.connectedAt)) - connectStarted;
  log(
    `  ${EDITORS + VIEWERS} clients connected and synced in ${fmt(connectAllMs, 0)} ms (process start included)`,
  );
  await sleep(2000);
  await sampleServer(server.url);
  const connected = await sampleServer(server.url);

  // Load: the workers play the model while the server is scraped once a second.
  log(
    `  load for ${DURATION_S} s (active share ${MODEL.activeShare}, cursor every ${MODEL.cursorEveryMs} ms)`,
  );
  const durationMs = DURATION_S * 1000;
  const running = Promise.all(
    workers.map((worker) => ask<RunResult>(worker, { type: 'run', durationMs, drainMs: DRAIN_MS })),
  );
  const during: ServerSample[] = [];
  const loadStarted = now();
  const busyBefore = machineBusyMs();
  while (now() - loadStarted < durationMs) {
    await sleep(1000);
    const sample = await sampleServer(server.url);
    during.push(sample);
    if (during.length % 10 === 0) {
      log(
        `    ${during.length} s: event-loop lag p99 ${fmt(sample.lagP99)} ms, RSS ${fmt(mb(sample.rss))} MB, load ${os
          .loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
      );
    }
  }
  const results = await running;
  const errors = await serverErrors(server.url);
  const machineCores = (machineBusyMs() - busyBefore) / (now() - loadStarted);
  const loadAverage = os.loadavg().map((l) => Number(l.toFixed(2)));
  await sleep(1000);
  const after = await sampleServer(server.url);

  const edit = new LatencyHistogram();
  const awareness = new LatencyHistogram();
  const replicaEdit = new LatencyHistogram();
  const replicaAwareness = new LatencyHistogram();
  for (const result of results) {
    edit.merge(result.edit);
    awareness.merge(result.awareness);
    if (result.kind !== 'replica') continue;
    replicaEdit.merge(result.edit);
    replicaAwareness.merge(result.awareness);
  }
  const clients = EDITORS + VIEWERS;
  const editsSent = results.reduce((sum, r) => sum + r.editsSent, 0);
  const cursorUpdatesSent = results.reduce((sum, r) => sum + r.cursorUpdatesSent, 0);
  const editDelivered = edit.count / Math.max(1, editsSent * (clients - 1));
  const generatorCores = results.reduce((sum, r) => sum + r.cpuMs, 0) / (durationMs + DRAIN_MS);
  const last = during.at(-1) ?? connected;
  const serverCores = ((last.cpuSeconds - connected.cpuSeconds) * 1000) / Math.max(1, last.at - connected.at);
  // What the model asks for; a starved generator sends less (its timers fire late), which the output shows.
  const plannedEdits = (EDITORS * durationMs) / ((MODEL.editEveryMs[0] + MODEL.editEveryMs[1]) / 2);
  const plannedCursorUpdates = (EDITORS * MODEL.activeShare * durationMs) / MODEL.cursorEveryMs;

  // Reconnect storm: every client loses the server, which comes back on the same port and data.
  log(`  reconnect storm: ${RESTART === 'kill' ? 'SIGKILL' : 'SIGTERM'} and restart`);
  await Promise.all(workers.map((worker) => ask(worker, { type: 'storm-watch' })));
  const stormStarted = now();
  server.child.kill(RESTART === 'kill' ? 'SIGKILL' : 'SIGTERM');
  await server.exited;
  server = await spawnServer(dataDir, port);
  const serverDownMs = now() - stormStarted;
  let reports: StormReport[] = [];
  while (now() - stormStarted < STORM_TIMEOUT_MS) {
    reports = await Promise.all(workers.map((worker) => ask<StormReport>(worker, { type: 'storm-report' })));
    if (reports.every((r) => r.resynced === r.total)) break;
    await sleep(250);
  }
  const reconnectResynced = reports.reduce((sum, r) => sum + r.resynced, 0);
  const reconnectAllMs =
    reconnectResynced === clients
      ? Math.max(...reports.map((r) => r.lastResyncedAt)) - stormStarted
      : Number.POSITIVE_INFINITY;
  const reconnectAttempts = reports.reduce((sum, r) => sum + r.connectAttempts, 0);

  const figures = {
    machine: { ...machine, loadAverage },
    editors: EDITORS,
    viewers: VIEWERS,
    processes: workers.length,
    clients: CLIENTS,
    replicaEditors: REPLICA_EDITORS,
    replicaViewers: REPLICA_VIEWERS,
    durationS: DURATION_S,
    model: { ...MODEL, backoff: RECONNECT_BACKOFF },
    editsSent,
    editsPlanned: Math.round(plannedEdits),
    editDelivered,
    cursorUpdatesSent,
    cursorUpdatesPlanned: Math.round(plannedCursorUpdates),
    editFanoutP50Ms: edit.percentile(50),
    editFanoutP99Ms: edit.percentile(99),
    editFanoutMaxMs: edit.max,
    awarenessP50Ms: awareness.percentile(50),
    awarenessP99Ms: awareness.percentile(99),
    awarenessMaxMs: awareness.max,
    replicaEditFanoutP50Ms: replicaEdit.percentile(50),
    replicaEditFanoutP99Ms: replicaEdit.percentile(99),
    replicaAwarenessP50Ms: replicaAwareness.percentile(50),
    replicaAwarenessP99Ms: replicaAwareness.percentile(99),
    eventLoopLagP99Ms: median(during.map((s) => s.lagP99)),
    eventLoopLagWorstP99Ms: Math.max(...during.map((s) => s.lagP99)),
    eventLoopLagMaxMs: Math.max(...during.map((s) => s.lagMax)),
    serverCores,
    generatorCores,
    otherCores: Math.max(0, machineCores - serverCores - generatorCores),
    serverRssMb: {
      before: mb(before.rss),
      connected: mb(connected.rss),
      peak: mb(Math.max(...during.map((s) => s.rss))),
      after: mb(after.rss),
    },
    serverHeapMb: {
      before: mb(before.heap),
      connected: mb(connected.heap),
      peak: mb(Math.max(...during.map((s) => s.heap))),
      after: mb(after.heap),
    },
    serverErrors: errors,
    connectAllMs,
    restart: RESTART,
    serverDownMs,
    reconnectAllMs,
    reconnectResynced,
    reconnectAttempts,
    targetP99Ms: TARGET_P99_MS,
    targetReconnectMs: TARGET_RECONNECT_MS,
  };

  const rssRow = figures.serverRssMb;
  const heapRow = figures.serverHeapMb;
  const rows: Array<[string, string, string]> = [
    [
      `card edit fan-out, every recipient: p50 / p99 / max (ms; ${editsSent} edits, ${fmt(editDelivered * 100)}% delivered)`,
      `${fmt(figures.editFanoutP50Ms)} / ${fmt(figures.editFanoutP99Ms)} / ${fmt(figures.editFanoutMaxMs)}`,
      `p99 ≤ ${TARGET_P99_MS}`,
    ],
    [
      `cursor (awareness) fan-out, every recipient: p50 / p99 / max (ms; ${cursorUpdatesSent} moves)`,
      `${fmt(figures.awarenessP50Ms)} / ${fmt(figures.awarenessP99Ms)} / ${fmt(figures.awarenessMaxMs)}`,
      `p99 ≤ ${TARGET_P99_MS}`,
    ],
    ...(CLIENTS === 'mixed'
      ? ([
          [
            `card edit fan-out at the ${REPLICA_EDITORS + REPLICA_VIEWERS} full replicas only: p50 / p99 (ms)`,
            `${fmt(figures.replicaEditFanoutP50Ms)} / ${fmt(figures.replicaEditFanoutP99Ms)}`,
            `p99 ≤ ${TARGET_P99_MS}`,
          ],
          [
            `cursor fan-out at the ${REPLICA_EDITORS + REPLICA_VIEWERS} full replicas only: p50 / p99 (ms)`,
            `${fmt(figures.replicaAwarenessP50Ms)} / ${fmt(figures.replicaAwarenessP99Ms)}`,
            `p99 ≤ ${TARGET_P99_MS}`,
          ],
        ] as Array<[string, string, string]>)
      : []),
    [
      'server event-loop lag p99: median / worst one-second window, max (ms)',
      `${fmt(figures.eventLoopLagP99Ms)} / ${fmt(figures.eventLoopLagWorstP99Ms)}, ${fmt(figures.eventLoopLagMaxMs)}`,
      '',
    ],
    [
      'server RSS: before / 500 connected / peak / after (MB)',
      `${fmt(rssRow.before)} / ${fmt(rssRow.connected)} / ${fmt(rssRow.peak)} / ${fmt(rssRow.after)}`,
      '',
    ],
    [
      'server JS heap used: before / connected / peak / after (MB)',
      `${fmt(heapRow.before)} / ${fmt(heapRow.connected)} / ${fmt(heapRow.peak)} / ${fmt(heapRow.after)}`,
      '',
    ],
    [
      'load sent / planned by the model: card edits, cursor moves',
      `${editsSent} / ${Math.round(plannedEdits)}, ${cursorUpdatesSent} / ${Math.round(plannedCursorUpdates)}`,
      '',
    ],
    [
      `CPU during load: server / load generator / everything else on the machine (cores of ${machine.cpus})`,
      `${fmt(serverCores, 2)} / ${fmt(generatorCores, 2)} / ${fmt(figures.otherCores, 2)}`,
      '',
    ],
    [
      'server refusals during connect and load (journeyboard_errors_total)',
      Object.entries(errors)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ') || 'none',
      '',
    ],
    ['all clients connected and synced at start (ms)', fmt(connectAllMs, 0), ''],
    [
      `reconnect storm after ${RESTART === 'kill' ? 'SIGKILL' : 'SIGTERM'}: all ${clients} synced again (ms; server back after ${fmt(serverDownMs, 0)} ms, ${reconnectAttempts} connection attempts)`,
      reconnectResynced === clients
        ? fmt(reconnectAllMs, 0)
        : `${reconnectResynced} of ${clients} in ${STORM_TIMEOUT_MS / 1000} s`,
      `≤ ${TARGET_RECONNECT_MS}`,
    ],
  ];
  const table = [
    `Workshop load: ${EDITORS} editors + ${VIEWERS} viewers, ${PROCESSES} client processes, ${DURATION_S} s; ` +
      `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}; load average after ${loadAverage.join(' ')}`,
    'Generator and server share this machine.',
    '',
    '| figure | this machine | target |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  log(`\n${table}\n`);
  const artifacts = process.env.JB_WORKSHOP_OUT ?? path.join(root, 'test/.artifacts');
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(path.join(artifacts, 'proof-workshop.json'), `${JSON.stringify(figures, null, 2)}\n`);
  writeFileSync(path.join(artifacts, 'proof-workshop.md'), `${table}\n`);
} finally {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.exitCode !== null) return resolve();
          worker.once('exit', () => resolve());
          worker.send({ type: 'stop' } satisfies WorkerCommand);
        }),
    ),
  );
  const exited = server.exited;
  server.child.kill('SIGTERM');
  await exited;
  removeDataDir(dataDir);
}
process.exit(0);
