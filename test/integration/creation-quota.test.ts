/**
 * Creating boards needs no token, so it is limited per client address (req.ip: the
 * proxy's X-Forwarded-For when the request comes from a loopback proxy), creation
 * and import alike, with 429 and Retry-After beyond; and no new board is made while
 * the data directory's disk is low (503). Existing boards keep working meanwhile.
 */
import { createBoard, exportBoardJson } from '@journeyboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startTestServer, type TestServer } from '../support/server.js';

let limited: TestServer;
let unlimited: TestServer;
let lowDisk: TestServer;

beforeAll(async () => {
  [limited, unlimited, lowDisk] = await Promise.all([
    startTestServer({ CREATE_BOARDS_PER_HOUR: '3' }),
    startTestServer({ CREATE_BOARDS_PER_HOUR: '0' }),
    // More free disk than any machine has: the server must refuse new boards.
    startTestServer({ MIN_FREE_DISK_MB: String(1024 ** 3) }),
  ]);
});
afterAll(async () => {
  await Promise.all([limited.stop(), unlimited.stop(), lowDisk.stop()]);
});

const create = (server: TestServer, from: string) =>
  fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify({ title: 'Mine', template: 'blank-journey' }),
  });

const importFrom = (server: TestServer, from: string, file: unknown) =>
  fetch(`${server.url}/api/boards/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify(file),
  });

describe('creating boards without a token', () => {
  it('is limited per address, imports included: 429 with Retry-After beyond CREATE_BOARDS_PER_HOUR', async () => {
    const first = await create(limited, '198.51.100.1');
    expect(first.status).toBe(201);
    const board = (await first.json()) as { id: string; tokens: { viewer: string } };
    const file = await (
      await fetch(`${limited.url}/api/boards/${board.id}/export.json`, {
        headers: { authorization: `Bearer ${board.tokens.viewer}` },
      })
    ).json();
    expect((await importFrom(limited, '198.51.100.1', file)).status).toBe(201);
    expect((await create(limited, '198.51.100.1')).status).toBe(201);

    for (const refused of [
      await create(limited, '198.51.100.1'),
      await importFrom(limited, '198.51.100.1', file),
    ]) {
      expect(refused.status).toBe(429);
      expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // Three an hour: the next one in 20 minutes.
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(1190);
      expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(1200);
      expect(await refused.json()).toMatchObject({ title: 'Too many new boards', status: 429 });
    }
    // Another address has its own allowance; the refused one's boards still work.
    expect((await create(limited, '198.51.100.2')).status).toBe(201);
    expect(
      (
        await fetch(`${limited.url}/api/boards/${board.id}`, {
          headers: { authorization: `Bearer ${board.tokens.viewer}` },
        })
      ).status,
    ).toBe(200);
  });

  it('counts an IPv6 /64 as one address', async () => {
    for (const suffix of ['1', '2', 'ffff:1'])
      expect((await create(limited, `2001:db8:7:7::${suffix}`)).status).toBe(201);
    expect((await create(limited, '2001:db8:7:7:abcd::1')).status).toBe(429);
    expect((await create(limited, '2001:db8:7:8::1')).status).toBe(201);
  });

  it('CREATE_BOARDS_PER_HOUR=0 turns the limit off for trusted networks', async () => {
    for (let i = 0; i < 8; i++) expect((await create(unlimited, '198.51.100.9')).status).toBe(201);
  });

  it('refuses new boards with 503 while the disk is below MIN_FREE_DISK_MB; nothing is made', async () => {
    const refused = await create(lowDisk, '198.51.100.3');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ title: 'Server storage low', status: 503 });
    const doc = new Y.Doc();
    createBoard(doc, { title: 'A file', template: 'blank-journey' });
    expect((await importFrom(lowDisk, '198.51.100.3', exportBoardJson(doc))).status).toBe(503);
    expect(lowDisk.logs.filter((line) => line.msg === 'board created')).toEqual([]);
  });
});
