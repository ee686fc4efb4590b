/**
 * Exports end to end: `GET /api/boards/:id/export.<format>` with any role's token,
 * and the `journeyboard export` command line reading the database or a board file
 * with no server running. Bad requests get a clear error and no file.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  type BoardSnapshot,
  exportBoardJson,
  importBoardJson,
  isFrictionCard,
  parseBoardJson,
  rankFriction,
  readBoard,
} from '@journeyboard/shared';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type Client, connectClient, createBoardOver, joinSynced, waitFor } from '../support/clients.js';
import { parseCsv } from '../support/csv.js';
import { childEnv, startTestServer, type TestServer } from '../support/server.js';

const CLI = fileURLToPath(new URL('../../server/dist/cli.js', import.meta.url));
const execFileAsync = promisify(execFile);
/** The command line reads SQLite in --data-dir: the tests' DATABASE_URL is not passed on. */
const run = (file: string, args: string[]) => execFileAsync(file, args, { env: childEnv() });

let server: TestServer;
let limited: TestServer;
const clients: Client[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'journeyboard-export-'));

beforeAll(async () => {
  server = await startTestServer();
  limited = await startTestServer({ MAX_EXPORT_CARDS: '5' });
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
  await limited.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function liveBoard(target: TestServer, template = 'online-order') {
  const board = await createBoardOver(target.url, 'Online order review', template);
  const client = await joinSynced(clients, target.wsUrl, board.id, board.tokens.viewer);
  return { board, snapshot: readBoard(client.doc) };
}

const download = (target: TestServer, boardId: string, file: string, token?: string) =>
  fetch(`${target.url}/api/boards/${boardId}/export.${file}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

/** Parses our CSV (quoted cells with doubled quotes, CRLF rows). */

function frictionCount(board: BoardSnapshot): number {
  return board.cards.filter((c) => isFrictionCard(c, board)).length;
}

describe('exports over HTTP', () => {
  it('gives the versioned board file to a viewer, equal to the live board', async () => {
    const { board, snapshot } = await liveBoard(server);
    const response = await download(server, board.id, 'json', board.tokens.viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-disposition')).toContain('Online-order-review.json');
    const file = parseBoardJson(await response.text());
    // A board file leaves out the repairs and the live room's facilitation controls.
    const { repairs: _, facilitation: __, ...expected } = snapshot;
    expect(file.board).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('writes friction points with their scores and opportunities as CSV', async () => {
    const { board, snapshot } = await liveBoard(server);
    const friction = parseCsv(await (await download(server, board.id, 'csv', board.tokens.editor)).text());
    const [header, ...rows] = friction;
    expect(header).toContain('score');
    expect(rows).toHaveLength(frictionCount(snapshot));
    const current = snapshot.states.find((s) => s.kind === 'current')!;
    const ranked = rankFriction(snapshot, current.id).items;
    const scoreColumn = header!.indexOf('score');
    const textColumn = header!.indexOf('friction point');
    const currentRows = rows.filter((r) => r[0] === current.title);
    expect(currentRows.map((r) => [r[textColumn], Number(r[scoreColumn])])).toEqual(
      ranked.map((i) => [i.card.text, i.score.score]),
    );

    const response = await download(server, board.id, 'csv?table=opportunities', board.tokens.viewer);
    expect(response.headers.get('content-disposition')).toContain('-opportunities.csv');
    const [oppHeader, ...oppRows] = parseCsv(await response.text());
    expect(oppHeader!.slice(0, 4)).toEqual(['opportunity', 'quadrant', 'impact', 'effort']);
    expect(oppRows.map((r) => r[0])).toEqual(snapshot.opportunities.map((o) => o.title));
  });

  it('draws every card of a state into SVG and PNG, and a selection alone', async () => {
    const { board, snapshot } = await liveBoard(server);
    const current = snapshot.states.find((s) => s.kind === 'current')!;
    const svg = await (await download(server, board.id, 'svg', board.tokens.viewer)).text();
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const titles = [...svg.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1]);
    expect(titles).toHaveLength(snapshot.cards.filter((c) => c.stateId === current.id).length);

    const png = Buffer.from(
      await (await download(server, board.id, 'png', board.tokens.viewer)).arrayBuffer(),
    );
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const width = png.readUInt32BE(16);
    expect(width).toBeGreaterThan(1000);

    const picked = snapshot.cards.filter((c) => c.stateId === current.id).slice(0, 2);
    const selection = await (
      await download(server, board.id, `svg?cards=${picked.map((c) => c.id).join(',')}`, board.tokens.viewer)
    ).text();
    expect([...selection.matchAll(/<g><title>/g)]).toHaveLength(2);
    const selectionPng = Buffer.from(
      await (
        await download(server, board.id, `png?cards=${picked[0]!.id}`, board.tokens.viewer)
      ).arrayBuffer(),
    );
    expect(selectionPng.readUInt32BE(16)).toBeLessThan(400);
  });

  it('makes the deck and its PDF for any role', async () => {
    const { board } = await liveBoard(server);
    const pptx = await download(server, board.id, 'pptx', board.tokens.viewer);
    expect(pptx.status).toBe(200);
    const zip = await JSZip.loadAsync(await pptx.arrayBuffer());
    expect(Object.keys(zip.files).some((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))).toBe(true);
    const pdf = await download(server, board.id, 'pdf', board.tokens.editor);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('refuses an unknown format, a missing or foreign token, and a board too big to draw', async () => {
    const { board } = await liveBoard(server);
    const unknown = await download(server, board.id, 'docx', board.tokens.owner);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { detail: string }).detail).toContain(
      'unknown format "docx": use one of pptx, pdf, png, svg, json, csv',
    );
    const badOption = await download(server, board.id, 'csv?table=people', board.tokens.owner);
    expect(badOption.status).toBe(400);
    expect((await download(server, board.id, 'json')).status).toBe(401);
    const other = await createBoardOver(server.url, 'Another board');
    expect((await download(server, board.id, 'json', other.tokens.owner)).status).toBe(403);

    const big = await liveBoard(limited);
    const refused = await download(limited, big.board.id, 'pptx', big.board.tokens.viewer);
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(
      /cards; PPTX export draws at most 5/,
    );
    // Data formats are not limited.
    expect((await download(limited, big.board.id, 'csv', big.board.tokens.viewer)).status).toBe(200);
  });
});

describe('journeyboard export on the command line', () => {
  it('exports a board from the database and from a board file, with no server running', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'journeyboard-cli-'));
    const local = await startTestServer({}, dataDir);
    const board = await createBoardOver(local.url, 'CLI board', 'baggage-recovery');
    const client = connectClient(local.wsUrl, board.id, board.tokens.viewer);
    await client.synced;
    await waitFor(() => readBoard(client.doc).cards.length > 0);
    const file = exportBoardJson(client.doc);
    client.destroy();
    await local.close(); // the server is gone; the database stays

    const deck = path.join(scratch, 'deck.pptx');
    const fromDb = await run('node', [CLI, 'export', board.id, '--data-dir', dataDir, '--out', deck]);
    expect(fromDb.stdout).toContain('(pptx,');
    expect(readFileSync(deck).subarray(0, 2).toString()).toBe('PK');

    const boardFile = path.join(scratch, 'board.json');
    writeFileSync(boardFile, JSON.stringify(file));
    const csv = path.join(scratch, 'friction.csv');
    await run('node', [CLI, 'export', boardFile, '--format', 'csv', '--out', csv]);
    const rows = parseCsv(readFileSync(csv, 'utf8'));
    const imported = new Y.Doc();
    importBoardJson(imported, file);
    expect(rows.length - 1).toBe(frictionCount(readBoard(imported)));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a malformed board file, an unknown format and a missing board, writing nothing', async () => {
    const malformed = path.join(scratch, 'broken.json');
    writeFileSync(malformed, '{"format": "journeyboard.board", "formatVersion": 1, "board": {');
    const out = path.join(scratch, 'never.pptx');
    const failures = [
      { args: [malformed, '--out', out], message: /broken\.json is not a valid board file:\n {2}not JSON/ },
      { args: [malformed, '--out', path.join(scratch, 'never.docx')], message: /unknown format "docx"/ },
      { args: ['no-such-board', '--data-dir', scratch, '--out', out], message: /no Journeyboard database/ },
      { args: [malformed], message: /--out FILE is required/ },
    ];
    for (const failure of failures) {
      const result = await run('node', [CLI, 'export', ...failure.args]).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(failure.message);
    }
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(scratch).filter((name) => name.includes('never') || name.endsWith('.part'))).toEqual(
      [],
    );
  });
});
