/**
 * Evidence from data over REST (#14): `POST /api/boards/:id/evidence?kind=contacts|survey`
 * with a CSV body, as a script refreshing the numbers sends it and as the app's import
 * dialog does. Real server, real file workers, a real y-websocket client watching the
 * board: what the route writes, everyone sees; what it refuses, nobody does.
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { MAX_EVIDENCE_UPLOADS_IN_FLIGHT } from '@journeyboard/server';
import { readBoard } from '@journeyboard/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, callApi, createBoardOver, joinSynced, waitFor } from '../support/clients.js';
import { parseCsv } from '../support/csv.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let small: TestServer;
const clients: Client[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'journeyboard-evidence-'));

beforeAll(async () => {
  server = await startTestServer();
  small = await startTestServer({ MAX_EVIDENCE_BYTES: '2000', EVIDENCE_IMPORTS_PER_BOARD_PER_MINUTE: '2' });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
  await small.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const post = (
  target: TestServer,
  boardId: string,
  token: string,
  query: string,
  body: BodyInit,
  name = 'contacts.csv',
) =>
  fetch(`${target.url}/api/boards/${boardId}/evidence?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'x-file-name': name },
    body,
    duplex: 'half',
  } as RequestInit);

const CONTACTS = [
  'Created at,Contact reason,Sub-reason,Channel',
  '2026-02-03,Delivery problem,Delivery is late,phone',
  '2026-02-14,Delivery problem,Delivery is late,chat',
  '2026-03-02,Delivery problem,Delivery is late,phone',
  '2026-03-09,Delivery problem,Parcel arrived damaged,email',
  '2026-03-11,Gift cards,Balance query,chat',
].join('\n');

async function watchedBoard(target = server) {
  const board = await createBoardOver(target.url, 'Online order', 'online-order');
  const viewer = await joinSynced(clients, target.wsUrl, board.id, board.tokens.viewer);
  return { board, viewer };
}

describe('importing contacts', () => {
  it('writes the volumes for everyone to see, and a second import of the source replaces them', async () => {
    const { board, viewer } = await watchedBoard();
    const response = await post(server, board.id, board.tokens.editor, 'kind=contacts', CONTACTS);
    expect(response.status).toBe(200);
    const summary = await response.json();
    expect(summary).toMatchObject({
      kind: 'contacts',
      rows: 5,
      total: 5,
      replaced: false,
      periods: ['2026-02', '2026-03'],
      source: { name: 'Contacts export', fileName: 'contacts.csv', unit: 'month' },
      mapping: { period: 0, primary: 1, secondary: 2, channel: 3, count: null },
    });
    expect(summary.created).toHaveLength(2); // "Gift cards" and its "Balance query"
    await waitFor(() => readBoard(viewer.doc).volumes.length === 5);
    const seen = readBoard(viewer.doc);
    const late = seen.reasons.find((r) => r.title === 'Delivery is late');
    expect(seen.volumes.filter((v) => v.reasonId === late?.id).reduce((n, v) => n + v.count, 0)).toBe(3);

    const again = await (await post(server, board.id, board.tokens.editor, 'kind=contacts', CONTACTS)).json();
    expect(again).toMatchObject({ replaced: true, previousTotal: 5, total: 5, created: [] });
    await waitFor(
      () => readBoard(viewer.doc).sources[0]?.importedAt === readBoard(viewer.doc).sources.at(-1)?.importedAt,
    );
    const after = readBoard(viewer.doc);
    expect([after.sources.length, after.volumes.reduce((n, v) => n + v.count, 0)]).toEqual([1, 5]);

    // The reasons table of the CSV export carries the same numbers, per period.
    const csv = parseCsv(
      await (
        await callApi(server.url, `/api/boards/${board.id}/export.csv?table=reasons`, board.tokens.viewer)
      ).text(),
    );
    const [header, ...rows] = csv;
    const row = rows.find((r) => r[0] === 'Delivery is late') as string[];
    expect(row[header?.indexOf('volume 2026-02') as number]).toBe('2');
    expect(row[header?.indexOf('volume 2026-03') as number]).toBe('1');
    expect(row[header?.indexOf('from') as number]).toBe('data');
  });

  it('lets editors and up import, nobody else', async () => {
    const { board } = await watchedBoard();
    for (const role of ['participant', 'viewer'] as const) {
      expect((await post(server, board.id, board.tokens[role], 'kind=contacts', CONTACTS)).status).toBe(403);
    }
    const anonymous = await fetch(`${server.url}/api/boards/${board.id}/evidence?kind=contacts`, {
      method: 'POST',
      body: CONTACTS,
    });
    expect(anonymous.status).toBe(401);
    expect((await post(server, board.id, board.tokens.owner, 'kind=contacts', CONTACTS)).status).toBe(200);
  });

  it('refuses a malformed file with its first problems and their rows, and imports nothing', async () => {
    const { board, viewer } = await watchedBoard();
    const before = Y.encodeStateVector(viewer.doc);
    const bad = [
      'period,primary reason,secondary reason,channel,count',
      '2026-03,Delivery problem,Delivery is late,phone,120',
      '2026-03,Delivery problem,Delivery is late,chat,lots',
      '2026-03,,Delivery is late,chat,4',
      'sometime,Payment & pricing,Payment failed,phone,9',
    ].join('\n');
    const response = await post(server, board.id, board.tokens.editor, 'kind=contacts', bad);
    expect(response.status).toBe(422);
    const problem = await response.json();
    expect(problem.detail).toMatch(/^nothing was imported: row 3: /);
    expect(problem.problems.map((p: { row: number }) => p.row)).toEqual([3, 4, 5]);
    // A column that is not in the file is refused by name.
    const wrong = await post(server, board.id, board.tokens.editor, 'kind=contacts&primary=Topic', CONTACTS);
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).detail).toContain('no column "Topic"');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(Y.encodeStateVector(viewer.doc)).toEqual(before);
    expect(readBoard(viewer.doc).sources).toEqual([]);
  });

  it('refuses hostile requests cheaply and clearly, writing nothing', async () => {
    const { board, viewer } = await watchedBoard();
    const editor = board.tokens.editor;
    const status = async (query: string, body: BodyInit, name?: string) =>
      (await post(server, board.id, editor, query, body, name)).status;
    expect(await status('kind=contacts&unit=fortnight', CONTACTS)).toBe(400);
    expect(await status('kind=recipes', CONTACTS)).toBe(400);
    expect(await status('kind=survey&stages=%7Bnot%20json', CONTACTS)).toBe(400);
    expect(await status(`kind=contacts&primary=${'x'.repeat(300)}`, CONTACTS)).toBe(400);
    // One 10 MB field with no line end: the reader stops at its bound, the file is refused.
    const field = await post(
      server,
      board.id,
      editor,
      'kind=contacts',
      `Contact reason\n${'a'.repeat(10 * 2 ** 20)}`,
    );
    expect(field.status).toBe(422);
    expect((await field.json()).problems[0].message).toMatch(/longer than/);
    // A file name that is not valid percent-encoding is kept as none.
    const named = await post(server, board.id, editor, 'kind=contacts', CONTACTS, '%E0%A4%A');
    expect((await named.json()).source.fileName).toBe('');
    await waitFor(() => readBoard(viewer.doc).sources.length === 1);
    expect(readBoard(viewer.doc).volumes.length).toBe(5);
  });

  it('receives so many files at once server-wide, and frees a place when an upload goes away', async () => {
    const { board, viewer } = await watchedBoard();
    const held = Array.from({ length: MAX_EVIDENCE_UPLOADS_IN_FLIGHT }, () => new AbortController());
    // Uploads that send their header and then nothing: each holds its place.
    const pending = held.map((controller) =>
      fetch(`${server.url}/api/boards/${board.id}/evidence?kind=contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${board.tokens.editor}`, 'content-type': 'text/csv' },
        body: new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('Contact reason\n')) }),
        duplex: 'half',
        signal: controller.signal,
      } as RequestInit).catch(() => null),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await post(server, board.id, board.tokens.editor, 'kind=contacts', CONTACTS);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    for (const controller of held) controller.abort();
    await Promise.all(pending);
    await expect
      .poll(
        async () => (await post(server, board.id, board.tokens.editor, 'kind=contacts', CONTACTS)).status,
        {
          timeout: 5_000,
        },
      )
      .toBe(200);
    await waitFor(() => readBoard(viewer.doc).volumes.length === 5);
  });

  it('bounds the body and the rate', async () => {
    const { board } = await watchedBoard(small);
    const big = `${CONTACTS}\n${'2026-03-11,Gift cards,Balance query,chat\n'.repeat(100)}`;
    expect((await post(small, board.id, board.tokens.editor, 'kind=contacts', big)).status).toBe(413);
    expect((await post(small, board.id, board.tokens.editor, 'kind=contacts', CONTACTS)).status).toBe(200);
    const limited = await post(small, board.id, board.tokens.editor, 'kind=contacts', CONTACTS);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it("streams a file of a million contacts through in seconds, with the worker's memory bounded", async () => {
    const { board, viewer } = await watchedBoard();
    const file = path.join(scratch, 'million.csv');
    const out = createWriteStream(file);
    out.write('Created at,Contact reason,Sub-reason,Channel\n');
    const primaries = [
      'Delivery problem',
      'Existing order',
      'Returns & refunds',
      'Payment & pricing',
      'Account & loyalty',
      'Product & stock',
    ];
    const channels = ['phone', 'chat', 'email'];
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed >>> 8;
    };
    const combinations = new Set<string>();
    for (let chunk = 0; chunk < 100; chunk++) {
      let lines = '';
      for (let i = 0; i < 10_000; i++) {
        const month = 1 + (next() % 3);
        const day = 1 + (next() % 28);
        const primary = primaries[next() % 6];
        const secondary = `Sub-reason ${next() % 7}`;
        const channel = channels[next() % 3];
        combinations.add(`${month}|${primary}|${secondary}|${channel}`);
        lines += `2026-0${month}-${String(day).padStart(2, '0')}T10:${String(i % 60).padStart(2, '0')}:00Z,${primary},${secondary},${channel}\n`;
      }
      if (!out.write(lines)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const bytes = statSync(file).size;

    const heapBefore = process.memoryUsage().rss;
    const started = performance.now();
    const response = await post(
      server,
      board.id,
      board.tokens.editor,
      'kind=contacts&source=Contact%20centre',
      Readable.toWeb(createReadStream(file)) as unknown as BodyInit,
      'million.csv',
    );
    const seconds = (performance.now() - started) / 1000;
    expect(response.status).toBe(200);
    const summary = await response.json();
    expect(summary).toMatchObject({
      rows: 1_000_000,
      total: 1_000_000,
      periods: ['2026-01', '2026-02', '2026-03'],
    });
    expect(summary.written).toBe(combinations.size);
    const logged = server.logs.find((line) => line.msg === 'evidence imported' && line.rows === 1_000_000);
    console.log(
      `[evidence] 1,000,000 rows (${(bytes / 2 ** 20).toFixed(1)} MB) imported in ${seconds.toFixed(2)} s; ` +
        `file worker peak RSS ${logged?.workerPeakRssMb} MB; server process RSS ${((process.memoryUsage().rss - heapBefore) / 2 ** 20).toFixed(1)} MB more`,
    );
    await waitFor(() => readBoard(viewer.doc).volumes.length === summary.written);
    expect(readBoard(viewer.doc).volumes.reduce((n, v) => n + v.count, 0)).toBe(1_000_000);
  }, 120_000);
});

describe('importing survey scores', () => {
  it('matches stages by title, asks for the rest, and sets the stage metrics with their history', async () => {
    const { board, viewer } = await watchedBoard();
    const stages = readBoard(viewer.doc).stages;
    const state = readBoard(viewer.doc).states.find((s) => s.kind === 'current');
    const [first, second] = stages.filter((s) => s.stateId === state?.id);
    const survey = [
      'stage,metric,response,date',
      ...Array.from(
        { length: 10 },
        (_, i) => `${first?.title},NPS,${[10, 10, 9, 9, 9, 8, 8, 7, 3, 0][i]},2026-02-1${i}`,
      ),
      ...Array.from(
        { length: 4 },
        (_, i) => `${first?.title.toUpperCase()},NPS,${[10, 10, 9, 6][i]},2026-03-0${i + 1}`,
      ),
      'Checkout,CSAT,5,2026-03-02',
      'Checkout,CSAT,2,2026-03-03',
    ].join('\n');
    const unmatched = await post(server, board.id, board.tokens.editor, 'kind=survey', survey, 'survey.csv');
    expect(unmatched.status).toBe(409);
    const problem = await unmatched.json();
    expect(problem.unmatched).toEqual(['Checkout']);
    expect(readBoard(viewer.doc).readings).toEqual([]);

    const stagesParam = encodeURIComponent(JSON.stringify({ Checkout: second?.id }));
    const response = await post(
      server,
      board.id,
      board.tokens.editor,
      `kind=survey&stages=${stagesParam}`,
      survey,
      'survey.csv',
    );
    expect(response.status).toBe(200);
    await waitFor(() => readBoard(viewer.doc).readings.length === 3);
    const seen = readBoard(viewer.doc);
    const nps = seen.metrics.find((m) => m.stageId === first?.id && m.name === 'NPS');
    // February: 5 promoters, 3 passives, 2 detractors = 30; March: 3 promoters, 1 detractor = 50.
    expect(nps?.current).toBe(50);
    expect(seen.readings.filter((r) => r.metricId === nps?.id).map((r) => [r.period, r.value])).toEqual([
      ['2026-02', 30],
      ['2026-03', 50],
    ]);
    expect(seen.metrics.find((m) => m.stageId === second?.id && m.name === 'CSAT')?.current).toBe(50);
  });
});
