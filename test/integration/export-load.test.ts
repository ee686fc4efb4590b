/**
 * Exports cannot stall the live rooms or fill the memory: while rounds of 20
 * parallel PNG and PPTX exports of a 2,000-card board hit the built server (its own
 * process, default export pool of 2 workers and a queue of 8, no rate limit so the
 * pool takes the whole crowd), two y-websocket clients in another board time edit
 * round-trips. Every export succeeds or is refused with 429 and Retry-After; the
 * edit round-trip p99 stays under 50 ms over hundreds of samples; no more PNG
 * rasterisers run at once than there are workers; the server's peak resident
 * memory stays under 1.5 GB.
 *
 * The one timed assertion the hardening issue asks for. It holds on a busy 2-core
 * machine because exports run off the main thread at a lower CPU priority; today's
 * code, which built decks on the main thread and started a rasteriser per PNG
 * request, answered edits seconds late.
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigBoardFile } from '../bench/big-board.js';
import { percentile } from '../bench/stats.js';
import { createBoardOver } from '../support/clients.js';
import type { EditSample } from '../support/edit-probe.js';
import { freePort } from '../support/ports.js';
import { removeDataDir, type ServerProcess, spawnServer, tempDataDir } from '../support/server.js';

const ROUNDS = 2;
const PARALLEL = 20;
/** The server process itself (exports run outside it), and with its export workers and rasterisers. */
const SERVER_RSS_BOUND_MB = 400;
const TOTAL_RSS_BOUND_MB = 1536;

let server: ServerProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await spawnServer(dataDir, await freePort(), {
    EXPORTS_PER_BOARD_PER_MINUTE: '0',
    EXPORTS_PER_TOKEN_PER_MINUTE: '0',
  });
});
afterAll(async () => {
  server.child.kill('SIGKILL');
  await server.exited;
  removeDataDir(dataDir);
});

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  // A process that has just ended (a zombie) has no memory lines.
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** The server's descendants now (its export workers and their PNG rasterisers), with their resident memory. */
function descendants(server: number): Array<{ rasteriser: boolean; rssMb: number }> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: Array<{ rasteriser: boolean; rssMb: number }> = [];
  for (const pid of parents.keys()) {
    let up = parents.get(pid);
    while (up !== undefined && up > 1 && up !== server) up = parents.get(up);
    if (up !== server) continue;
    try {
      const rasteriser = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('rasterise.mjs');
      found.push({ rasteriser, rssMb: memoryOf(pid).rssMb });
    } catch {
      // ended
    }
  }
  return found;
}

/** Starts the edit probe (test/support/edit-probe.ts) in a process of its own, on `boardId`. */
async function startProbe(boardId: string, token: string) {
  const child = fork(fileURLToPath(new URL('../support/edit-probe.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  const next = (type: string) =>
    new Promise<{ samples?: EditSample[] }>((resolve, reject) => {
      const onMessage = (message: { type: string; reason?: string; samples?: EditSample[] }) => {
        if (message.type === 'failed') reject(new Error(message.reason));
        else if (message.type === type) {
          child.off('message', onMessage);
          resolve(message);
        }
      };
      child.on('message', onMessage);
    });
  const started = next('started');
  child.send({ type: 'start', wsUrl: server.wsUrl, boardId, token });
  await started;
  return {
    stop: async (): Promise<EditSample[]> => {
      const reply = next('samples');
      child.send({ type: 'stop' });
      return (await reply).samples ?? [];
    },
  };
}

describe('exports under load', () => {
  it('20 parallel PNG and PPTX exports of a 2,000-card board keep a live room’s edits under 50 ms p99', async () => {
    const imported = await fetch(`${server.url}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bigBoardFile(2000)),
    });
    expect(imported.status).toBe(201);
    const big = (await imported.json()) as { id: string; tokens: { viewer: string } };

    const room = await createBoardOver(server.url, 'Live room');
    const probe = await startProbe(room.id, room.tokens.editor);
    await new Promise((resolve) => setTimeout(resolve, 500)); // warm up the edit path

    const pid = server.child.pid as number;
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const before = memoryOf(pid);
    let mostRasterisers = 0;
    let mostChildrenMb = 0;
    const watcher = setInterval(() => {
      const children = descendants(pid);
      mostRasterisers = Math.max(mostRasterisers, children.filter((c) => c.rasteriser).length);
      mostChildrenMb = Math.max(
        mostChildrenMb,
        children.reduce((sum, c) => sum + c.rssMb, 0),
      );
    }, 25);

    const loadStarted = Date.now();
    const answers: Array<{ format: string; status: number; retryAfter: string | null; bytes: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      const requests = Array.from({ length: PARALLEL }, async (_, i) => {
        const format = i % 2 === 0 ? 'png' : 'pptx';
        const response = await fetch(`${server.url}/api/boards/${big.id}/export.${format}`, {
          headers: { authorization: `Bearer ${big.tokens.viewer}` },
        });
        let bytes = 0;
        for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).byteLength;
        answers.push({
          format,
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          bytes,
        });
      });
      await Promise.all(requests);
    }
    const loadEnded = Date.now();
    const samples = await probe.stop();
    clearInterval(watcher);
    const after = memoryOf(pid);

    const during = samples.filter((s) => s.at >= loadStarted && s.at <= loadEnded);
    const sorted = during.map((s) => s.ms).sort((x, y) => x - y);
    const p50 = percentile(sorted, 50);
    const p99 = percentile(sorted, 99);
    const made = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    console.log(
      `${answers.length} exports (${made.length} made, ${refused.length} refused), ${sorted.length} edits: ` +
        `round-trip p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms; ` +
        `server RSS ${before.rssMb.toFixed(0)} → peak ${after.peakMb.toFixed(0)} MB, its export processes at most ${mostChildrenMb.toFixed(0)} MB; ` +
        `at most ${mostRasterisers} rasterisers at once`,
    );

    expect(answers).toHaveLength(ROUNDS * PARALLEL);
    expect(made.length + refused.length).toBe(answers.length);
    for (const answer of refused) expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    // The pool really worked through both formats: each round, 2 running and 8 waiting are taken.
    expect(made.filter((a) => a.format === 'png').length).toBeGreaterThanOrEqual(ROUNDS * 2);
    expect(made.filter((a) => a.format === 'pptx').length).toBeGreaterThanOrEqual(ROUNDS * 2);
    for (const answer of made) expect(answer.bytes).toBeGreaterThan(100_000);
    expect(mostRasterisers).toBeLessThanOrEqual(2);
    expect(sorted.length).toBeGreaterThanOrEqual(300);
    expect(p99).toBeLessThan(50);
    expect(after.peakMb).toBeLessThan(SERVER_RSS_BOUND_MB);
    expect(after.peakMb + mostChildrenMb).toBeLessThan(TOTAL_RSS_BOUND_MB);
  }, 180_000);
});
