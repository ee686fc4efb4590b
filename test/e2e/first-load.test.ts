/**
 * The first load (issue 16, must-show 3): what every page fetches before it runs,
 * the entry chunk and its static imports, stays within 150 KB gzipped; the board's
 * panels, dialogs, exports' menus and analytics are chunks of their own, loaded when
 * opened. Weighed on the built client (client/scripts/first-load.mjs). While a page's
 * code is on its way the page says so, and says so too when it cannot arrive.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addCard } from '@journeyboard/shared';
import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET_BYTES, firstLoad, fixedStackOf } from '../../client/scripts/first-load.mjs';
import { firstCell } from '../support/boards.js';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver, joinSynced, useClients } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { cardOn, untilSaved } from '../support/pages.js';

const live = useLiveApp();
const clients = useClients();
/** The board page's own chunk, which the tests here hold back. */
const BOARD_CHUNK = /\/assets\/BoardPage-[^/]*\.js$/;

const dist = fileURLToPath(new URL('../../client/dist', import.meta.url));

describe('the first load', () => {
  it('keeps the entry and its static imports within budget, and the panels out of the board’s first chunks', () => {
    const load = firstLoad(dist);
    expect(load.entry.gzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    // The start page never fetches the canvas or the board document.
    expect(load.home.gzipBytes).toBeLessThan(load.board.gzipBytes);
    const boardCode = load.board.files.map((file) => readFileSync(path.join(dist, file), 'utf8')).join('\n');
    // Each panel's own markup is in a chunk the board fetches only when the panel opens.
    for (const onDemand of ['Ranked friction points', 'Save version', 'Share this board', 'Compare states'])
      expect(boardCode.includes(onDemand), onDemand).toBe(false);
    // Every byte of the board's first load is put down to a package or to Journeyboard's own code,
    // and the stack's libraries are each found (what the build prints: the fixed stack's share).
    const shared = Object.values(load.board.byPackage).reduce((sum, bytes) => sum + bytes, 0);
    expect(Math.abs(shared - load.board.gzipBytes)).toBeLessThan(1);
    for (const library of ['react-dom', '@xyflow/react', 'yjs', 'y-websocket', 'zustand', 'journeyboard'])
      expect(load.board.byPackage[library], library).toBeGreaterThan(0);
    const stack = fixedStackOf(load.board);
    expect(Object.values(stack.groups).every((bytes) => bytes > 0)).toBe(true);
    console.log(
      `first load: entry ${(load.entry.gzipBytes / 1024).toFixed(1)} KB, board ${(load.board.gzipBytes / 1024).toFixed(1)} KB gzipped, of which the fixed stack ${(stack.gzipBytes / 1024).toFixed(1)} KB`,
    );
  });

  it('says the board is opening while its code arrives, and offers a reload when the code cannot arrive', async () => {
    const board = await createBoardOver(live.server.url, 'Far away');
    const { page, lose } = await openHeld(board.id, board.tokens.editor, 'Alice');
    await expect(page.getByRole('status').textContent()).resolves.toBe('Opening the board…');
    // The board's own chunk is lost (a dropped connection, a deploy that removed it).
    await lose();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Journeyboard could not load. Check the connection and reload the page.');
    await page.screenshot({ path: screenshotPath('first-load-failed') });
    // The connection is back: Reload opens the board.
    await page.unroute(BOARD_CHUNK);
    await page.getByRole('button', { name: 'Reload' }).click();
    await untilSaved(page);
    await page.context().close();
  });

  it('asks for the board’s details, identity and whole document while its code is on its way, and uses them', async () => {
    const board = await boardWithCard('Early', 'Waits for a call back');
    const opening = await openHeld(board.id, board.tokens.editor, 'Alice');
    // Everything the board needs is asked for, and the board itself has arrived, before its code.
    await expect.poll(() => opening.boardsReceived(), { timeout: 10_000 }).toBe(1);
    expect(opening.requests).toEqual([
      `GET /api/boards/${board.id}`,
      `POST /api/boards/${board.id}/identities`,
    ]);
    await opening.release();
    await untilSaved(opening.page);
    await cardOn(opening.page, 'Waits for a call back').waitFor();
    // The page took all of it over: one details request, one mint, one socket, the board sent once.
    expect(opening.requests).toHaveLength(2);
    expect(opening.sockets).toBe(1);
    expect(opening.boardsReceived()).toBe(1);
    expect(opening.boardRequests()).toBe(1);
    await opening.page.context().close();
  });

  it('connects anew when the early socket is closed before the page takes it over', async () => {
    const board = await boardWithCard('Restarted', 'Asks for a refund');
    const opening = await openHeld(board.id, board.tokens.editor, 'Alice');
    await expect.poll(() => opening.boardsReceived(), { timeout: 10_000 }).toBe(1);
    // The server goes away meanwhile (a restart): the page learns of it only once its code runs.
    live.server.rooms.closeConnections(board.id, 1012, 'restarting');
    await opening.release();
    await untilSaved(opening.page);
    await cardOn(opening.page, 'Asks for a refund').waitFor();
    expect(opening.sockets).toBe(2);
    await opening.page.context().close();
  });

  it('starts no socket for a newcomer, who is asked their name first', async () => {
    const board = await createBoardOver(live.server.url, 'Newcomer');
    const opening = await openHeld(board.id, board.tokens.editor, null);
    await expect.poll(() => opening.requests).toEqual([`GET /api/boards/${board.id}`]);
    expect(opening.sockets).toBe(0);
    await opening.release();
    await opening.page.getByRole('textbox', { name: 'Your name' }).fill('Nia');
    await opening.page.getByRole('button', { name: 'Join the board' }).click();
    await untilSaved(opening.page);
    expect(opening.requests).toEqual([
      `GET /api/boards/${board.id}`,
      `POST /api/boards/${board.id}/identities`,
    ]);
    expect(opening.sockets).toBe(1);
    expect(opening.boardsReceived()).toBe(1);
    await opening.page.context().close();
  });
});

/** A new board with one card on it, written by an editor over a socket of its own. */
async function boardWithCard(title: string, text: string) {
  const board = await createBoardOver(live.server.url, title);
  const writer = await joinSynced(clients, live.server.wsUrl, board.id, board.tokens.editor);
  addCard(writer.doc, { ...firstCell(writer.doc), text });
  return board;
}

/** y-protocols sync frames: step 1 (asks, with a state vector), step 2 (answers). */
const isSync = (step: 0 | 1) => (payload: string | Buffer) =>
  typeof payload !== 'string' && payload[0] === 0 && payload[1] === step;

/**
 * A board opened with its own chunk held back until `release` (or `lose`, which fails
 * it): what the page asks of the API, the sockets it opens, and the sync frames over
 * them, as they happen.
 */
async function openHeld(boardId: string, token: string, name: string | null) {
  const context = await live.browser.newContext({ viewport: { width: 1280, height: 720 } });
  if (name)
    await context.addInitScript((known) => localStorage.setItem('journeyboard:display-name', known), name);
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith('/api/')) requests.push(`${request.method()} ${url.pathname}`);
  });
  const received: Array<string | Buffer> = [];
  const sent: Array<string | Buffer> = [];
  let sockets = 0;
  page.on('websocket', (socket) => {
    sockets++;
    socket.on('framereceived', ({ payload }) => received.push(payload));
    socket.on('framesent', ({ payload }) => sent.push(payload));
  });
  let held: (route: Route) => void = () => {};
  const asked = new Promise<Route>((resolve) => {
    held = resolve;
  });
  await page.route(BOARD_CHUNK, (route) => held(route));
  await page.goto(`${live.server.url}/b/${boardId}#token=${token}`);
  const chunk = await asked;
  return {
    page,
    requests,
    get sockets() {
      return sockets;
    },
    boardsReceived: () => received.filter(isSync(1)).length,
    boardRequests: () => sent.filter(isSync(0)).length,
    release: () => chunk.continue(),
    lose: () => chunk.abort('connectionfailed'),
  };
}
