/**
 * The servers a benchmark measures, each in its own process: the built Journeyboard
 * server, the reference @y/websocket-server and @hocuspocus/server (whose clients speak
 * its own protocol: bench/load-worker.ts), all with the memory probe preloaded.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');

export type Kind = 'journeyboard' | 'reference' | 'hocuspocus';

/** What a server's clients speak: Hocuspocus prefixes every message with the document's name. */
export type Protocol = 'y-websocket' | 'hocuspocus';

/** The peers' scripts, run with tsx. */
const PEER_SCRIPTS = { reference: 'reference-server.ts', hocuspocus: 'hocuspocus-server.ts' } as const;
const PROBE = ['--expose-gc', '--require', path.join(here, 'memory-probe.cjs')];

export interface ServerHandle {
  kind: Kind;
  child: ChildProcess;
  port: number;
  dataDir: string | null;
}

/**
 * BENCH_CPU_PROF=<dir>: Journeyboard runs under V8's sampling profiler and writes a
 * .cpuprofile there when it exits; `tsx bench/cpu-profile.ts <file>` summarises it.
 * BENCH_CPU_PROF_INTERVAL sets the sampling interval in µs (V8's default, 1,000, sees
 * little of a path that takes half a millisecond).
 */
function cpuProfile(): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  const interval = process.env.BENCH_CPU_PROF_INTERVAL;
  if (!dir) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...(interval ? [`--cpu-prof-interval=${interval}`] : [])];
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let nextPort = 20_000 + Math.floor(Math.random() * 20_000);

/** Starts a server on a fresh loopback port; `env` adds to Journeyboard's (e.g. SYNC_ANSWER_CACHE). */
export async function startServer(
  kind: Kind,
  dataDir: string | null = null,
  env: Record<string, string> = {},
): Promise<ServerHandle> {
  const port = nextPort++;
  const dir = kind === 'journeyboard' ? (dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'jb-bench-'))) : null;
  const child =
    kind === 'journeyboard'
      ? spawn(process.execPath, [...PROBE, ...cpuProfile(), path.join(root, 'server/dist/main.js')], {
          env: {
            ...process.env,
            PORT: String(port),
            HOST: '127.0.0.1',
            DATA_DIR: dir as string,
            LOG_LEVEL: 'warn',
            MAX_MESSAGES_PER_SECOND: '100000',
            MAX_CONNECTIONS_PER_ROOM: '5000',
            ...env,
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        })
      : spawn(process.execPath, [...PROBE, '--import', 'tsx', path.join(here, PEER_SCRIPTS[kind])], {
          env: { ...process.env, PORT: String(port) },
          stdio: ['ignore', 'pipe', 'inherit'],
          cwd: path.join(root, 'test'),
        });
  for (let i = 0; i < 200; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/${kind === 'journeyboard' ? 'healthz' : ''}`);
      if (response.ok) return { kind, child, port, dataDir: dir };
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`${kind} server did not start`);
}

export async function stopServer(server: ServerHandle, removeData = true): Promise<void> {
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  if (removeData && server.dataDir) rmSync(server.dataDir, { recursive: true, force: true });
}

/** A room to load: a fresh board (with its editor token) on Journeyboard, a named room on the reference. */
export async function openRoom(
  server: ServerHandle,
  boardFile?: unknown,
): Promise<{ room: string; token: string; url: string; protocol: Protocol }> {
  const url = `ws://127.0.0.1:${server.port}${server.kind === 'hocuspocus' ? '' : '/sync'}`;
  const protocol = server.kind === 'hocuspocus' ? 'hocuspocus' : 'y-websocket';
  if (server.kind !== 'journeyboard')
    return { room: `bench-${Math.random().toString(36).slice(2)}`, token: '', url, protocol };
  const response = await fetch(`http://127.0.0.1:${server.port}/api/boards${boardFile ? '/import' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(boardFile ?? { title: 'Benchmark', template: 'blank-journey' }),
  });
  const board = (await response.json()) as { id: string; tokens: { editor: string } };
  return { room: board.id, token: board.tokens.editor, url, protocol };
}

/** The server's memory after a full GC, via the preloaded probe: JS heap and external buffers, and RSS. */
export async function memoryAfterGc(
  server: ServerHandle,
): Promise<{ heap: number; external: number; rss: number }> {
  const stdout = server.child.stdout;
  if (!stdout) throw new Error('server stdout is not piped');
  const reading = new Promise<{ heap: number; external: number; rss: number }>((resolve) => {
    const onData = (chunk: Buffer) => {
      const line = String(chunk)
        .split('\n')
        .find((l) => l.startsWith('MEMORY '));
      if (!line) return;
      stdout.off('data', onData);
      const usage = JSON.parse(line.slice(7)) as { heapUsed: number; external: number; rss: number };
      resolve({ heap: usage.heapUsed, external: usage.external, rss: usage.rss });
    };
    stdout.on('data', onData);
  });
  server.child.kill('SIGUSR2');
  return reading;
}

/** CPU time (user + system, ms) a server process has used so far, from /proc; NaN off Linux. */
export function cpuMsOf(server: ServerHandle): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
  } catch {
    return Number.NaN;
  }
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  // USER_HZ is 100 on every Linux this runs on.
  return ticks * 10;
}
