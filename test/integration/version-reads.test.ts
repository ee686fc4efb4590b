/**
 * Reading a named version's state (the preview) holds the whole version in memory
 * until it has gone out: each board may serve VERSION_READS_PER_BOARD_PER_MINUTE
 * (a quarter of that at once), and beyond that the answer is 429 with Retry-After,
 * while other boards' previews are served as before. The worst case: the largest
 * version this server keeps (MAX_BOARD_BYTES just above it), asked for many times at once.
 */
import { importBoardState, type Role } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { bigBoardFile } from '../bench/big-board.js';
import { createBoardOver } from '../support/clients.js';
import { useTestServer } from '../support/server.js';

const PER_MINUTE = 12;
const AT_ONCE = PER_MINUTE / 4;
const FLOOD = 60;
const bigFile = bigBoardFile(3000);
const bigBytes = importBoardState(bigFile).state.byteLength;

const server = useTestServer({
  VERSION_READS_PER_BOARD_PER_MINUTE: String(PER_MINUTE),
  // The big board is as big as a board here may be: its version is the largest there can be.
  MAX_BOARD_BYTES: String(Math.ceil(bigBytes * 1.05)),
});

const api = (path: string, token: string, init: RequestInit = {}) =>
  fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
  });

async function withVersion(board: { id: string; tokens: Record<Role, string> }) {
  const saved = await api(`/api/boards/${board.id}/versions`, board.tokens.editor, {
    method: 'POST',
    body: JSON.stringify({ name: 'Before the workshop' }),
  });
  expect(saved.status).toBe(201);
  const version = (await saved.json()) as { id: string; bytes: number };
  return { ...version, path: `/api/boards/${board.id}/versions/${version.id}/state` };
}

describe('reading versions', () => {
  it('serves a board so many version reads a minute, 429 with Retry-After beyond, and other boards meanwhile', async () => {
    const imported = await fetch(`${server.url}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bigFile),
    });
    expect(imported.status).toBe(201);
    const big = (await imported.json()) as { id: string; tokens: Record<Role, string> };
    const other = await createBoardOver(server.url, 'Someone else’s board');
    const [bigVersion, otherVersion] = await Promise.all([withVersion(big), withVersion(other)]);
    expect(bigVersion.bytes).toBeGreaterThan(bigBytes * 0.9);

    // Many reads of the largest version at once, and the other board's previews among them.
    const flood = Array.from({ length: FLOOD }, () => api(bigVersion.path, big.tokens.viewer));
    const others = Array.from({ length: AT_ONCE }, () => api(otherVersion.path, other.tokens.viewer));
    const answers = await Promise.all(flood);
    const served = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 429);
    expect(served.length + refused.length).toBe(FLOOD);
    // A quarter of the minute's allowance at once, and what refilled (one in 5 s) while the flood was answered.
    expect(served.length).toBeGreaterThanOrEqual(AT_ONCE);
    expect(served.length).toBeLessThanOrEqual(AT_ONCE + 2);
    for (const response of served) expect((await response.arrayBuffer()).byteLength).toBe(bigVersion.bytes);
    for (const response of refused) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const problem = (await response.json()) as { title: string; retryAfterSeconds: number };
      expect(problem.title).toBe('Too many version reads');
      expect(problem.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    }
    for (const response of await Promise.all(others)) {
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBe(otherVersion.bytes);
    }

    // Retry-After tells the truth: after that long the big board serves its version again.
    const retryAfter = Number((refused.at(-1) as Response).headers.get('retry-after'));
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    const again = await api(bigVersion.path, big.tokens.owner);
    expect(again.status).toBe(200);
    expect((await again.arrayBuffer()).byteLength).toBe(bigVersion.bytes);
  }, 60_000);
});
