/**
 * `pnpm proof:fuzz`: at least a million hostile frames against the built server,
 * run as its own process so a crash shows as an exit, while an honest room
 * beside the fuzzed ones measures its edit round trip before, during and after.
 *
 * Prints frames written per kind, connections by close code, server crashes,
 * /healthz hangs (no answer within JB_FUZZ_HANG_MS, default 1000), the server's
 * own count of frames it handled, its peak memory and the honest room's p50/p99,
 * and writes them to test/.artifacts/proof-fuzz.json:
 *
 *   {
 *     machine: { cpus, loadavg, node },
 *     config: { frames, workers, lanesPerWorker, seed, limits: { MAX_MESSAGE_BYTES, MAX_MESSAGES_PER_SECOND } },
 *     fuzz: { framesWritten, framesByKind: {kind: n}, connectionsOpened, closedByCode: {code: n},
 *             upgradesRefused: {status: n}, elapsedMs, framesPerSecond },
 *     server: { crashes, exitCode, crashOutputTail?, handled: { messagesByType: {type: n}, errorsByKind: {kind: n} },
 *               peakRssBytes, maxEventLoopLagMs, drainedExitCode },
 *     healthz: { hangMs, polls, maxMs, hangs: [{at, phase, ms, error?}] },
 *     honestRoom: { boardId, before|during|after: { count, p50Ms, p99Ms }, lost, disconnects,
 *                   converged, equalOnDisk },
 *     crashFrames?: [{ lane, kind, frame (base64) }]   (only when the server died: the last frames each lane sent)
 *     pass: boolean
 *   }
 *
 * The server keeps its default limits (1 MiB frames, 300 messages a second per
 * connection with bursts of 600): volume comes from many connections at once,
 * not from loosened limits. Options: JB_FUZZ_FRAMES (1000000), JB_FUZZ_WORKERS
 * (processes, 1: more of them starve the server on a small machine), JB_FUZZ_LANES
 * (connections per process, 16), JB_FUZZ_SEED,
 * JB_FUZZ_BASELINE_MS (10000).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBoard } from '@journeyboard/shared';
import { createBoardOver } from '../support/clients.js';
import { freePort } from '../support/ports.js';
import { removeDataDir, tempDataDir } from '../support/server.js';
import { addStats, emptyStats, type FuzzBoard, type FuzzStats } from './fuzz.js';
import { FRAME_KINDS } from './fuzz-frames.js';
import { boardOnDisk, HealthWatchdog, HonestRoom, type Phase, spawnFuzzTarget } from './fuzz-watch.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, '..', '.artifacts');

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const FRAMES = env('JB_FUZZ_FRAMES', 1_000_000);
const WORKERS = env('JB_FUZZ_WORKERS', 1);
const LANES = env('JB_FUZZ_LANES', 16);
const SEED = env('JB_FUZZ_SEED', Date.now() % 1_000_000_007);
const BASELINE_MS = env('JB_FUZZ_BASELINE_MS', 10_000);
const HANG_MS = env('JB_FUZZ_HANG_MS', 1000);
const FUZZ_BOARDS = 4;
/** The server's defaults: the fuzzer works within them. */
const MAX_MESSAGE_BYTES = 1 << 20;
const MAX_MESSAGES_PER_SECOND = 300;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function metricSums(text: string, name: string, label: string): Record<string, number> {
  const sums: Record<string, number> = {};
  const pattern = new RegExp(`^${name}\\{[^}]*${label}="([^"]+)"[^}]*\\} ([0-9.e+]+)`, 'gm');
  for (const match of text.matchAll(pattern)) sums[match[1] as string] = Number(match[2]);
  return sums;
}

async function main(): Promise<void> {
  const dataDir = tempDataDir();
  const server = await spawnFuzzTarget(dataDir, await freePort(), {
    MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
    MAX_MESSAGES_PER_SECOND: String(MAX_MESSAGES_PER_SECOND),
  });
  let crashed = false;
  void server.exited.then(() => {
    if (!draining) crashed = true;
  });
  let draining = false;

  const honest = await HonestRoom.open(server.url, server.wsUrl);
  const watchdog = new HealthWatchdog(server.url, HANG_MS);
  const setPhase = (phase: Phase) => {
    honest.phase = phase;
    watchdog.phase = phase;
  };
  let peakRss = 0;
  /** The server's own longest event-loop stall per sample: tells a stuck server from a starved machine. */
  let maxLoopLagMs = 0;
  let lastMetrics = '';
  const sampleMetrics = async () => {
    try {
      lastMetrics = await (
        await fetch(`${server.url}/metrics`, { signal: AbortSignal.timeout(5000) })
      ).text();
      peakRss = Math.max(
        peakRss,
        Number(/^\w*process_resident_memory_bytes (\d+)/m.exec(lastMetrics)?.[1] ?? 0),
      );
      const lag = Number(/^\w*eventloop_lag_max_seconds ([0-9.e+-]+)/m.exec(lastMetrics)?.[1] ?? 0);
      maxLoopLagMs = Math.max(maxLoopLagMs, lag * 1000);
    } catch {
      // the watchdog records unanswered requests
    }
  };
  const metricsTimer = setInterval(() => void sampleMetrics(), 2000);
  watchdog.start();
  honest.start(100);
  console.log(`honest room ${honest.boardId}: baseline for ${BASELINE_MS} ms`);
  await sleep(BASELINE_MS);

  const boards: FuzzBoard[] = [];
  for (let i = 0; i < FUZZ_BOARDS; i++) {
    const board = await createBoardOver(server.url, `Fuzzed ${i}`, 'online-order');
    boards.push({ id: board.id, editorToken: board.tokens.editor, viewerToken: board.tokens.viewer });
  }
  setPhase('during');
  const started = performance.now();
  const workers: ChildProcess[] = [];
  const progress = new Array<number>(WORKERS).fill(0);
  const report = setInterval(() => {
    const sent = progress.reduce((a, b) => a + b, 0);
    const seconds = (performance.now() - started) / 1000;
    const during = honest.summary().during;
    console.log(
      `${Math.round(seconds)} s: ${sent} frames (${Math.round(sent / seconds)}/s); honest round trip p50 ${during.p50Ms} ms, p99 ${during.p99Ms} ms; healthz max ${Math.round(watchdog.maxMs)} ms, hangs ${watchdog.hangs.length}`,
    );
  }, 5000);
  const fuzz = emptyStats();
  await new Promise<void>((resolve) => {
    let finished = 0;
    const finish = (stats: FuzzStats) => {
      addStats(fuzz, stats);
      if (++finished === WORKERS) resolve();
    };
    for (let w = 0; w < WORKERS; w++) {
      // tsx is test/'s dependency: resolve it from there, wherever the run was started.
      const worker = fork(path.join(here, 'fuzz-worker.ts'), [], {
        execArgv: ['--import', 'tsx'],
        cwd: path.join(here, '..'),
      });
      workers.push(worker);
      let reported = false;
      worker.on('message', (message: { type: string; framesWritten?: number; stats?: FuzzStats }) => {
        if (message.type === 'progress') progress[w] = message.framesWritten ?? 0;
        if (message.type === 'done' && message.stats && !reported) {
          reported = true;
          finish(message.stats);
        }
      });
      worker.once('exit', () => {
        if (reported) return;
        reported = true;
        console.log(`fuzzing process ${w} died without reporting`);
        finish(emptyStats());
      });
      worker.send({
        type: 'run',
        options: {
          wsUrl: server.wsUrl,
          boards,
          frames: Math.ceil(FRAMES / WORKERS),
          lanes: LANES,
          seed: SEED + w * 104_729,
          maxMessageBytes: MAX_MESSAGE_BYTES,
          burst: MAX_MESSAGES_PER_SECOND * 2,
          honestClientIds: honest.clientIds,
        },
      });
    }
    // A dead server ends the run: every process stops and reports the frames it sent last.
    void server.exited.then(() => {
      if (crashed) for (const worker of workers) if (worker.connected) worker.send({ type: 'stop' });
    });
  });
  clearInterval(report);
  const elapsedMs = performance.now() - started;

  setPhase('after');
  await sleep(crashed ? 0 : 3000);
  if (!crashed) await sampleMetrics();
  clearInterval(metricsTimer);
  await honest.stop().catch(() => {});
  await watchdog.stop();
  const converged = honest.converged();
  const seen = readBoard(honest.alice.doc);
  honest.destroy();

  draining = true;
  if (server.child.exitCode === null) server.child.kill('SIGTERM');
  const drainedExitCode = await server.exited;
  const equalOnDisk = JSON.stringify(boardOnDisk(dataDir, honest.boardId)) === JSON.stringify(seen);
  const summary = honest.summary();

  const result = {
    machine: { cpus: cpus().length, loadavg: loadavg(), node: process.version },
    config: {
      frames: FRAMES,
      workers: WORKERS,
      lanesPerWorker: LANES,
      seed: SEED,
      limits: { MAX_MESSAGE_BYTES, MAX_MESSAGES_PER_SECOND },
    },
    fuzz: {
      framesWritten: fuzz.framesWritten,
      framesByKind: Object.fromEntries(FRAME_KINDS.map((k) => [k, fuzz.framesByKind[k] ?? 0])),
      connectionsOpened: fuzz.connectionsOpened,
      closedByCode: fuzz.closedByCode,
      upgradesRefused: fuzz.upgradesRefused,
      elapsedMs: Math.round(elapsedMs),
      framesPerSecond: Math.round(fuzz.framesWritten / (elapsedMs / 1000)),
    },
    server: {
      crashes: crashed ? 1 : 0,
      exitCode: crashed ? server.child.exitCode : null,
      ...(crashed ? { crashOutputTail: server.output.join('').slice(-8000) } : {}),
      handled: {
        messagesByType: metricSums(lastMetrics, 'journeyboard_messages_received_total', 'type'),
        errorsByKind: metricSums(lastMetrics, 'journeyboard_errors_total', 'kind'),
      },
      peakRssBytes: peakRss,
      maxEventLoopLagMs: Math.round(maxLoopLagMs),
      drainedExitCode: crashed ? null : drainedExitCode,
    },
    healthz: {
      hangMs: HANG_MS,
      polls: watchdog.polls,
      maxMs: Math.round(watchdog.maxMs),
      hangs: watchdog.hangs,
    },
    honestRoom: { ...summary, converged, equalOnDisk },
    ...(crashed ? { crashFrames: fuzz.recentFrames } : {}),
    pass:
      !crashed &&
      watchdog.hangs.length === 0 &&
      fuzz.framesWritten >= FRAMES &&
      summary.lost === 0 &&
      summary.disconnects === 0 &&
      converged &&
      equalOnDisk &&
      drainedExitCode === 0,
  };
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(path.join(artifacts, 'proof-fuzz.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (!crashed) removeDataDir(dataDir);
  else console.log(`server data kept in ${dataDir}`);

  console.log('\nframes written by kind');
  for (const [kind, n] of Object.entries(result.fuzz.framesByKind)) console.log(`  ${kind.padEnd(24)} ${n}`);
  console.log(`  ${'total'.padEnd(24)} ${fuzz.framesWritten} in ${Math.round(elapsedMs / 1000)} s`);
  console.log(
    `connections opened ${fuzz.connectionsOpened}; closed by code ${JSON.stringify(fuzz.closedByCode)}`,
  );
  console.log(`upgrades refused ${JSON.stringify(fuzz.upgradesRefused)}`);
  console.log(`server handled ${JSON.stringify(result.server.handled)}`);
  console.log(
    `server crashes ${result.server.crashes}; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB; longest event-loop stall ${Math.round(maxLoopLagMs)} ms`,
  );
  console.log(
    `healthz: ${watchdog.polls} polls, max ${result.healthz.maxMs} ms, hangs (> ${HANG_MS} ms) ${watchdog.hangs.length}`,
  );
  console.log('honest room edit round trip (ms):');
  for (const phase of ['before', 'during', 'after'] as const) {
    const p = summary[phase];
    console.log(`  ${phase.padEnd(7)} n=${p.count} p50=${p.p50Ms} p99=${p.p99Ms}`);
  }
  console.log(
    `  lost ${summary.lost}, disconnects ${summary.disconnects}, converged ${converged}, equal on disk ${equalOnDisk}`,
  );
  console.log(
    `machine: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(result.pass ? 'PASS' : 'FAIL');
  for (const worker of workers) if (worker.connected) worker.kill();
  process.exit(result.pass ? 0 : 1);
}

await main();
