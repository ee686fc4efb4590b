/**
 * A hostile board file cannot stall or fill the server: the built server (its own
 * process, so its memory is measured alone) answers 25 MB built to cost the most
 * with 422 in under 2 s, its memory growing less than 200 MB (the server's peak, which
 * bounds its heap growth too, plus that of the file worker that reads the file), and
 * reports at most 100 problems with a count of the rest. The server's peak is the
 * kernel's high-water mark (/proc/<pid>/status VmHWM), reset before each request, so
 * a spike between two samples cannot hide; the worker's is sampled every 10 ms.
 * It times the server, so it runs with the load project: last, alone on the machine.
 */
import { type BoardFile, PROBLEM_LIMITS } from '@journeyboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardOver } from '../support/clients.js';
import {
  costlyCardsFile,
  emptyCardsFile,
  IMPORT_BODY_LIMIT,
  withCards as withCardsOf,
} from '../support/hostile-files.js';
import { freePort } from '../support/ports.js';
import { descendants, memoryOf, resetPeakMemory } from '../support/processes.js';
import { removeDataDir, type ServerProcess, spawnServer, tempDataDir } from '../support/server.js';

const MB = 1_000_000;

let server: ServerProcess;
let dataDir: string;
/** The envelope and the parts of a valid board a hostile file keeps, so its cards are what gets checked. */
let valid: BoardFile;

beforeAll(async () => {
  dataDir = tempDataDir();
  server = await spawnServer(dataDir, await freePort());
  const board = await createBoardOver(server.url, 'Source');
  const response = await fetch(`${server.url}/api/boards/${board.id}/export.json`, {
    headers: { authorization: `Bearer ${board.tokens.viewer}` },
  });
  valid = (await response.json()) as BoardFile;
});
afterAll(async () => {
  server.child.kill('SIGKILL');
  await server.exited;
  removeDataDir(dataDir);
});

/** A board file whose `cards` is the given JSON text. */
const withCards = (cardsJson: string) => withCardsOf(valid, cardsJson);

/**
 * Sends a body and reports the answer, the time it took and how far memory rose: the
 * server's peak, plus the peak of the file workers it reads board files in.
 */
async function importMeasured(body: string, query = '') {
  const pid = server.child.pid as number;
  resetPeakMemory(pid);
  const before = memoryOf(pid);
  const workersMb = () => descendants(pid).reduce((sum, worker) => sum + worker.rssMb, 0);
  const workersBefore = workersMb();
  let workersPeak = workersBefore;
  const sampler = setInterval(() => {
    workersPeak = Math.max(workersPeak, workersMb());
  }, 10);
  const started = performance.now();
  const response = await fetch(`${server.url}/api/boards/import${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  clearInterval(sampler);
  const growthMb = memoryOf(pid).peakMb - before.rssMb + (workersPeak - workersBefore);
  return { response, text, ms, growthMb };
}

describe('importing a hostile board file', () => {
  it('a file of 20,000 empty cards reports 100 problems and counts the rest, in a small answer', async () => {
    const body = withCards(`[${Array(20_000).fill('{}').join(',')}]`);
    // Today's code answered 140,000 problems in 13 MB.
    const { response, text } = await importMeasured(body);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = JSON.parse(text) as {
      problems: string[];
      problemsOmitted: number;
      stoppedEarly: boolean;
    };
    expect(problem.problems).toHaveLength(PROBLEM_LIMITS.reported);
    expect(problem.problems[0]).toBe('board.cards[0].id: Invalid input: expected string, received undefined');
    // Counting stops with the item that reached the limit, so a few more than the limit were counted.
    expect(problem.problemsOmitted).toBeGreaterThanOrEqual(PROBLEM_LIMITS.counted - PROBLEM_LIMITS.reported);
    expect(problem.problemsOmitted).toBeLessThan(PROBLEM_LIMITS.counted);
    expect(problem.stoppedEarly).toBe(true);
    expect(text.length).toBeLessThan(32 * 1024);
  });

  it('25 MB of empty cards is refused before it is parsed: 422 in under 2 s, memory under 200 MB', async () => {
    const body = emptyCardsFile(valid);
    expect(body.length).toBeGreaterThan(24 * MB);
    const { response, text, ms, growthMb } = await importMeasured(body);
    console.log(`25 MB of empty cards: ${Math.round(ms)} ms, peak memory +${Math.round(growthMb)} MB`);
    expect(response.status).toBe(422);
    expect((JSON.parse(text) as { problems: string[] }).problems).toEqual([
      '(file): a list or object with more than 20,000 entries',
    ]);
    expect(ms).toBeLessThan(2000);
    expect(growthMb).toBeLessThan(200);
  });

  it('25 MB within every bound, built to cost the most memory, is answered 422 in under 2 s, memory under 200 MB', async () => {
    const body = costlyCardsFile(valid);
    expect(body.length).toBeGreaterThan(23 * MB);
    expect(body.length).toBeLessThan(IMPORT_BODY_LIMIT);
    const { response, text, ms, growthMb } = await importMeasured(body);
    console.log(`25 MB within the bounds: ${Math.round(ms)} ms, peak memory +${Math.round(growthMb)} MB`);
    expect(response.status).toBe(422);
    const problem = JSON.parse(text) as { problems: string[]; problemsOmitted: number };
    expect(problem.problems[0]).toBe('board.cards[0].id: Invalid input: expected string, received undefined');
    expect(problem.problems).toHaveLength(PROBLEM_LIMITS.reported);
    expect(problem.problemsOmitted).toBeGreaterThan(0);
    expect(ms).toBeLessThan(2000);
    expect(growthMb).toBeLessThan(200);
  });

  it('deeply nested, value-dense or name-rich text is refused by its bounds, before it is parsed', async () => {
    const deep = await importMeasured(withCards(`${'['.repeat(100_000)}${']'.repeat(100_000)}`));
    expect(deep.response.status).toBe(422);
    expect(deep.text).toMatch(/nested deeper than 32 levels/);
    const dense = await importMeasured(
      withCards(`[${Array.from({ length: 100 }, () => `[${Array(15_000).fill('0').join(',')}]`).join(',')}]`),
    );
    expect(dense.response.status).toBe(422);
    expect(dense.text).toMatch(/more than 1,000,000 values/);
    // A million members with distinct names took today's server 6 s and 600 MB to parse.
    let member = 0;
    const card = () =>
      `{${Array.from({ length: 47 }, () => `"${'x'.repeat(16)}${(member++).toString(36)}":0`).join(',')}}`;
    const named = await importMeasured(withCards(`[${Array.from({ length: 20_000 }, card).join(',')}]`));
    expect(named.response.status).toBe(422);
    expect(named.text).toMatch(/more than 1,000 different member names/);
    expect(named.ms).toBeLessThan(2000);
    expect(named.growthMb).toBeLessThan(200);
  });

  it('the server still imports a good file afterwards; ?title= over 200 characters is 400, not 500', async () => {
    const file = JSON.stringify(valid);
    const tooLong = await fetch(`${server.url}/api/boards/import?title=${'t'.repeat(201)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: file,
    });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toMatchObject({ title: 'Invalid request query' });
    const copied = await fetch(`${server.url}/api/boards/import?title=${'t'.repeat(200)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: file,
    });
    expect(copied.status).toBe(201);
    expect(((await copied.json()) as { title: string }).title).toBe('t'.repeat(200));
  });
});
