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
import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET_BYTES, firstLoad } from '../../client/scripts/first-load.mjs';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';

const live = useLiveApp();

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
    console.log(
      `first load: entry ${(load.entry.gzipBytes / 1024).toFixed(1)} KB, board ${(load.board.gzipBytes / 1024).toFixed(1)} KB gzipped`,
    );
  });

  it('says the board is opening while its code arrives, and offers a reload when the code cannot arrive', async () => {
    const board = await createBoardOver(live.server.url, 'Far away');
    const context = await live.browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(() => localStorage.setItem('journeyboard:display-name', 'Alice'));
    const page = await context.newPage();
    // The board's own chunk is held back, then lost (a dropped connection, a deploy that removed it).
    let held: (route: Route) => void = () => {};
    const asked = new Promise<Route>((resolve) => {
      held = resolve;
    });
    await page.route(/\/assets\/BoardPage-[^/]*\.js$/, (route) => held(route));
    await page.goto(`${live.server.url}/b/${board.id}#token=${board.tokens.editor}`);
    const route = await asked;
    await expect(page.getByRole('status').textContent()).resolves.toBe('Opening the board…');
    await route.abort('connectionfailed');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('Journeyboard could not load. Check the connection and reload the page.');
    await page.screenshot({ path: screenshotPath('first-load-failed') });
    // The connection is back: Reload opens the board.
    await page.unroute(/\/assets\/BoardPage-[^/]*\.js$/);
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.locator('.save-status').textContent(), { timeout: 10_000 }).toBe('Saved');
    await context.close();
  });
});
