/**
 * Join-wave benchmark (issue #18, item 4): JOINERS official y-websocket clients
 * (disableBc) join a 2,000-card board at once, and the time until every one has
 * synced is printed, with the server's CPU time over the wave, beside the same run
 * with the room's answer cache off (SYNC_ANSWER_CACHE=off: the board encoded per
 * joiner). Clients run PER_WORKER to a process, each leaving once synced. Prints
 * numbers and a ratio; asserts nothing timed.
 *
 *   pnpm bench:joins        (BENCH_JOINERS, default 500; BENCH_CARDS, default 2000)
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bigBoardFile } from './big-board.js';
import { cpuMsOf, openRoom, root, type ServerHandle, sleep, startServer, stopServer } from './servers.js';
import { fmt, percentile } from './stats.js';

const JOINERS = Number(process.env.BENCH_JOINERS ?? 500);
const CARDS = Number(process.env.BENCH_CARDS ?? 2000);
/** Clients per generator process: 500 replicas of the board do not fit one Node heap. */
const PER_WORKER = 50;
const here = path.dirname(fileURLToPath(import.meta.url));

interface WaveFigures {
  allSyncedMs: number;
  p50SyncedMs: number;
  serverCpuMs: number;
}

/** Every joiner connects at once, from JOINERS / PER_WORKER processes; resolves with when each synced. */
async function joinWave(server: ServerHandle, room: string, token: string): Promise<WaveFigures> {
  const url = `ws://127.0.0.1:${server.port}/sync`;
  const workers = Array.from({ length: Math.ceil(JOINERS / PER_WORKER) }, () =>
    fork(path.join(here, 'join-worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      cwd: path.join(root, 'test'),
    }),
  );
  // Every worker loaded (tsx compiles on start) before the clock starts.
  await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
  const cpuBefore = cpuMsOf(server);
  const started = performance.timeOrigin + performance.now();
  const reports = workers.map(
    (worker, w) =>
      new Promise<number[]>((resolve) => {
        worker.once('message', (times) => resolve(times as number[]));
        worker.send({ url, room, token, clients: Math.min(PER_WORKER, JOINERS - w * PER_WORKER) });
      }),
  );
  const times = (await Promise.all(reports))
    .flat()
    .map((at) => at - started)
    .sort((a, b) => a - b);
  const serverCpuMs = cpuMsOf(server) - cpuBefore;
  return { allSyncedMs: times.at(-1) ?? Number.NaN, p50SyncedMs: percentile(times, 50), serverCpuMs };
}

async function measure(cache: 'on' | 'off'): Promise<WaveFigures> {
  const server = await startServer('journeyboard', null, { SYNC_ANSWER_CACHE: cache });
  try {
    const board = await openRoom(server, bigBoardFile(CARDS));
    // The room loaded and warm (one client synced and gone), so the wave measures joins, not the load.
    const warm = new WebsocketProvider(board.url, board.room, new Y.Doc(), {
      params: { token: board.token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    await new Promise<void>((resolve) => warm.once('sync', () => resolve()));
    await sleep(500);
    const figures = await joinWave(server, board.room, board.token);
    warm.destroy();
    process.stdout.write(
      `  cache ${cache}: all ${JOINERS} synced in ${fmt(figures.allSyncedMs)} ms (p50 ${fmt(figures.p50SyncedMs)} ms), server CPU ${fmt(figures.serverCpuMs)} ms\n`,
    );
    return figures;
  } finally {
    await stopServer(server);
  }
}

process.stdout.write(`Join wave: ${JOINERS} y-websocket clients join a ${CARDS}-card board at once\n`);
const on = await measure('on');
const off = await measure('off');
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}`;
const table = [
  `Join wave: ${JOINERS} y-websocket clients (disableBc), ${CARDS}-card board, ${PER_WORKER} clients per process; ${machine}`,
  '',
  '| figure | answer cache on | cache off | off / on |',
  '| --- | --- | --- | --- |',
  `| all synced (ms) | ${fmt(on.allSyncedMs)} | ${fmt(off.allSyncedMs)} | ${fmt(off.allSyncedMs / on.allSyncedMs, 2)}× |`,
  `| p50 synced (ms) | ${fmt(on.p50SyncedMs)} | ${fmt(off.p50SyncedMs)} | ${fmt(off.p50SyncedMs / on.p50SyncedMs, 2)}× |`,
  `| server CPU over the wave (ms) | ${fmt(on.serverCpuMs)} | ${fmt(off.serverCpuMs)} | ${fmt(off.serverCpuMs / on.serverCpuMs, 2)}× |`,
].join('\n');
process.stdout.write(`\n${table}\n`);
const artifacts = path.join(root, 'test/.artifacts');
mkdirSync(artifacts, { recursive: true });
writeFileSync(
  path.join(artifacts, 'bench-joins.json'),
  JSON.stringify({ machine, joiners: JOINERS, cards: CARDS, on, off }, null, 2),
);
writeFileSync(path.join(artifacts, 'bench-joins.md'), `${table}\n`);
process.exit(0);
