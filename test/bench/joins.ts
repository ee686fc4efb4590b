/**
 * Join-wave benchmark (issue #18, item 4): JOINERS clients join a 2,000-card board
 * at once, and the time until every one has synced is printed, with the server's CPU
 * time over the wave, beside the same wave with the room's answer cache off
 * (SYNC_ANSWER_CACHE=off: the board encoded per joiner). Each joiner leaves once synced.
 *
 * The joiners are wire clients by default (join-worker.ts): they send what a provider
 * sends and are synced when the server's answer has arrived whole, so the wave times
 * the server. BENCH_JOIN_REPLICAS=1 adds the same waves of official y-websocket
 * providers (disableBc), which also decode the board: on a 2-core machine 500 of them
 * take minutes of client CPU. Prints numbers and ratios; asserts nothing timed.
 *
 *   pnpm bench:joins        (BENCH_JOINERS, default 500; BENCH_CARDS, default 2000;
 *                            BENCH_JOIN_REPLICAS=1)
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
const REPLICAS = process.env.BENCH_JOIN_REPLICAS === '1';
type JoinerKind = 'wire' | 'replica';
/** Clients per generator process: 500 replicas of the board do not fit one Node heap; wire joiners hold nothing. */
const PER_WORKER: Record<JoinerKind, number> = { replica: 50, wire: 250 };
const here = path.dirname(fileURLToPath(import.meta.url));

interface WaveFigures {
  allSyncedMs: number;
  p50SyncedMs: number;
  serverCpuMs: number;
}

/** Every joiner connects at once, from JOINERS / PER_WORKER processes; resolves with when each synced. */
async function joinWave(
  server: ServerHandle,
  room: string,
  token: string,
  kind: JoinerKind,
): Promise<WaveFigures> {
  const perWorker = PER_WORKER[kind];
  const url = `ws://127.0.0.1:${server.port}/sync`;
  const workers = Array.from({ length: Math.ceil(JOINERS / perWorker) }, () =>
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
        worker.send({ url, room, token, kind, clients: Math.min(perWorker, JOINERS - w * perWorker) });
      }),
  );
  const times = (await Promise.all(reports))
    .flat()
    .map((at) => at - started)
    .sort((a, b) => a - b);
  const serverCpuMs = cpuMsOf(server) - cpuBefore;
  return { allSyncedMs: times.at(-1) ?? Number.NaN, p50SyncedMs: percentile(times, 50), serverCpuMs };
}

async function measure(kind: JoinerKind, cache: 'on' | 'off'): Promise<WaveFigures> {
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
    const figures = await joinWave(server, board.room, board.token, kind);
    warm.destroy();
    process.stdout.write(
      `  ${kind} joiners, cache ${cache}: all ${JOINERS} synced in ${fmt(figures.allSyncedMs)} ms (p50 ${fmt(figures.p50SyncedMs)} ms), server CPU ${fmt(figures.serverCpuMs)} ms\n`,
    );
    return figures;
  } finally {
    await stopServer(server);
  }
}

process.stdout.write(`Join wave: ${JOINERS} clients join a ${CARDS}-card board at once\n`);
const kinds: JoinerKind[] = REPLICAS ? ['wire', 'replica'] : ['wire'];
const waves: Array<{ kind: JoinerKind; on: WaveFigures; off: WaveFigures }> = [];
for (const kind of kinds)
  waves.push({ kind, on: await measure(kind, 'on'), off: await measure(kind, 'off') });
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}`;
const describe: Record<JoinerKind, string> = {
  wire: 'wire joiners (the answer received whole, not decoded)',
  replica: `y-websocket providers (disableBc, the board decoded), ${PER_WORKER.replica} per process`,
};
const table = [
  `Join wave: ${JOINERS} clients, ${CARDS}-card board; ${machine}`,
  '',
  '| joiners | figure | answer cache on | cache off | off / on |',
  '| --- | --- | --- | --- | --- |',
  ...waves.flatMap(({ kind, on, off }) => [
    `| ${describe[kind]} | all synced (ms) | ${fmt(on.allSyncedMs)} | ${fmt(off.allSyncedMs)} | ${fmt(off.allSyncedMs / on.allSyncedMs, 2)}× |`,
    `| | p50 synced (ms) | ${fmt(on.p50SyncedMs)} | ${fmt(off.p50SyncedMs)} | ${fmt(off.p50SyncedMs / on.p50SyncedMs, 2)}× |`,
    `| | server CPU over the wave (ms) | ${fmt(on.serverCpuMs)} | ${fmt(off.serverCpuMs)} | ${fmt(off.serverCpuMs / on.serverCpuMs, 2)}× |`,
  ]),
].join('\n');
process.stdout.write(`\n${table}\n`);
const artifacts = path.join(root, 'test/.artifacts');
mkdirSync(artifacts, { recursive: true });
writeFileSync(
  path.join(artifacts, 'bench-joins.json'),
  JSON.stringify(
    {
      machine,
      joiners: JOINERS,
      cards: CARDS,
      ...Object.fromEntries(waves.map(({ kind, on, off }) => [kind, { on, off }])),
    },
    null,
    2,
  ),
);
writeFileSync(path.join(artifacts, 'bench-joins.md'), `${table}\n`);
process.exit(0);
