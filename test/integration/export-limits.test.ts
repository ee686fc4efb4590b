/**
 * Export limits: each link and each board may ask for so many exports a minute,
 * the export pool takes EXPORT_WORKERS at once and EXPORT_QUEUE waiting; beyond
 * either the answer is 429 with Retry-After and a problem body, and nothing else is
 * disturbed. A worker that dies fails its own export only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Role } from '@journeyboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigBoardFile } from '../bench/big-board.js';
import { createBoardOver } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

let rated: TestServer;
let pooled: TestServer;

beforeAll(async () => {
  [rated, pooled] = await Promise.all([
    startTestServer({ EXPORTS_PER_TOKEN_PER_MINUTE: '2', EXPORTS_PER_BOARD_PER_MINUTE: '3' }),
    startTestServer({
      EXPORT_WORKERS: '1',
      EXPORT_QUEUE: '1',
      EXPORTS_PER_TOKEN_PER_MINUTE: '0',
      EXPORTS_PER_BOARD_PER_MINUTE: '0',
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([rated.stop(), pooled.stop()]);
});

const download = (server: TestServer, boardId: string, format: string, token: string) =>
  fetch(`${server.url}/api/boards/${boardId}/export.${format}`, {
    headers: { authorization: `Bearer ${token}` },
  });

async function importBig(server: TestServer) {
  const response = await fetch(`${server.url}/api/boards/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bigBoardFile(2000)),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; tokens: Record<Role, string> };
}

/** The export worker processes of an in-process server: children of this process, given its data directory. */
function exportWorkers(server: TestServer): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        return (
          ppid === process.pid && command.includes('export/worker.js') && command.includes(server.dataDir)
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('export rate limits', () => {
  it('a link past EXPORTS_PER_TOKEN_PER_MINUTE, then its board past EXPORTS_PER_BOARD_PER_MINUTE, get 429 with Retry-After', async () => {
    const board = await createBoardOver(rated.url);
    for (let i = 0; i < 2; i++)
      expect((await download(rated, board.id, 'json', board.tokens.viewer)).status).toBe(200);
    const linkRefused = await download(rated, board.id, 'csv', board.tokens.viewer);
    expect(linkRefused.status).toBe(429);
    expect(linkRefused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Two a minute: the next one in 30 s.
    expect(Number(linkRefused.headers.get('retry-after'))).toBeGreaterThan(25);
    expect(Number(linkRefused.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect(await linkRefused.json()).toMatchObject({ title: 'Too many exports', status: 429 });

    // Another link of the board has its own allowance, until the board's is spent.
    expect((await download(rated, board.id, 'json', board.tokens.editor)).status).toBe(200);
    const boardRefused = await download(rated, board.id, 'json', board.tokens.owner);
    expect(boardRefused.status).toBe(429);
    expect(((await boardRefused.json()) as { detail: string }).detail).toMatch(
      /^this board may ask for 3 exports/,
    );

    // Other boards are not touched; bad requests cost no allowance.
    const other = await createBoardOver(rated.url);
    expect((await download(rated, other.id, 'docx', other.tokens.viewer)).status).toBe(400);
    for (let i = 0; i < 2; i++)
      expect((await download(rated, other.id, 'json', other.tokens.viewer)).status).toBe(200);
  });
});

describe('the export pool', () => {
  it('past EXPORT_WORKERS running and EXPORT_QUEUE waiting, answers 429 with Retry-After at once', async () => {
    const big = await importBig(pooled);
    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const response = await download(pooled, big.id, 'pptx', big.tokens.viewer);
        const body = await response.arrayBuffer();
        return {
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          bytes: body.byteLength,
        };
      }),
    );
    const made = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(made.length + refused.length).toBe(4);
    // One running and one waiting are taken; at least one of the others found the queue full.
    expect(made.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    // A whole 2,000-card deck, deflated (some 9 MB stored).
    for (const answer of made) expect(answer.bytes).toBeGreaterThan(300_000);
    for (const answer of refused) expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(exportWorkers(pooled)).toHaveLength(1);
  });

  it('a worker that dies fails its own export with 500; the next export gets a new worker', async () => {
    const big = await importBig(pooled);
    expect((await download(pooled, big.id, 'json', big.tokens.viewer)).status).toBe(200);
    const [worker] = exportWorkers(pooled);
    expect(worker).toBeDefined();
    const dying = download(pooled, big.id, 'pptx', big.tokens.viewer);
    // The worker has the job (a 2,000-card deck takes far longer than this) when it is killed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    process.kill(worker as number, 'SIGKILL');
    const failed = await dying;
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({
      title: 'Export refused',
      detail: 'the export process stopped (SIGKILL)',
    });
    const next = await download(pooled, big.id, 'svg', big.tokens.viewer);
    expect(next.status).toBe(200);
    expect((await next.text()).startsWith('<svg')).toBe(true);
    expect(exportWorkers(pooled).filter((pid) => pid !== worker)).toHaveLength(1);
  });
});
