/**
 * The board's chrome at the sizes people use (1024 × 640, 1280 × 720, 1920 × 1080):
 * with a running timer nothing scrolls sideways, Share stays on screen and the title
 * reads whole (on a narrower screen, in its tooltip when the toolbar's row cuts it);
 * the minimap stays small and out of a side panel's way; the start page shows recent
 * boards above the fold.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREEN_SIZES, screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { openBoard, untilSaved } from '../support/pages.js';

const live = useLiveApp();

const SIZES = SCREEN_SIZES;

const TITLE = 'Worked example: online order with delivery problems';

/** What a newcomer sees of the header: sideways scroll, where Share is, whether the title is cut. */
const headerFacts = (page: Page) =>
  page.evaluate(() => {
    const share = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Share');
    const box = share?.getBoundingClientRect();
    const title = document.querySelector('.board-header__title') as HTMLElement;
    const cut = title.scrollWidth > title.clientWidth + 1;
    // A title cut to leave the toolbar its one row shows whole in its tooltip (the owner's rename button's too).
    const tooltip = `${title.title} ${title.querySelector('button')?.title ?? ''}`;
    return {
      scrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
      shareOnScreen: box !== undefined && box.width > 0 && box.left >= 0 && box.right <= window.innerWidth,
      titleCut: cut,
      titleReadable: !cut || tooltip.includes(title.textContent ?? '\u0000'),
    };
  });

describe('the board chrome at 1024, 1280 and 1920 wide', () => {
  it('keeps Share on screen and the title readable with a running timer, for an owner and a facilitator', async () => {
    const board = await createBoardOver(live.server.url, TITLE, 'online-order');
    for (const role of ['owner', 'facilitator'] as const) {
      const page = await openBoard(live.browser, live.server.url, board.id, board.tokens[role]);
      if (role === 'owner') {
        await page.getByRole('button', { name: 'Timer' }).click();
        await page.getByRole('button', { name: '5 min', exact: true }).click();
      }
      await expect.poll(() => page.getByRole('status', { name: 'Workshop timer' }).count()).toBe(1);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.screenshot({ path: screenshotPath(`header-${role}-${size.width}x${size.height}`) });
        await expect
          .poll(() => headerFacts(page))
          .toMatchObject({
            scrollsSideways: false,
            shareOnScreen: true,
            titleReadable: true,
            // On a wide screen the title has room to be whole.
            ...(size.width >= 1920 ? { titleCut: false } : {}),
          });
      }
      await page.context().close();
    }
  });
});

/** The share of the canvas the mini map covers; 0 when it is not shown. */
const miniMapShare = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const map = document.querySelector('.react-flow__minimap')?.getBoundingClientRect();
    if (!canvas || !map || map.width === 0) return 0;
    return (map.width * map.height) / (canvas.width * canvas.height);
  });

describe('the mini map', () => {
  it('covers a tenth of the canvas at most, steps aside for a panel on a narrow screen, and stays hidden once hidden', async () => {
    const board = await createBoardOver(live.server.url, TITLE, 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const friction = page.getByRole('button', { name: 'Friction', exact: true });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await expect.poll(() => miniMapShare(page)).toBeGreaterThan(0);
      await expect(miniMapShare(page)).resolves.toBeLessThanOrEqual(0.1);
      await friction.click();
      await page.screenshot({ path: screenshotPath(`minimap-panel-${size.width}x${size.height}`) });
      if (size.width <= 1100) await expect.poll(() => miniMapShare(page)).toBe(0);
      else await expect(miniMapShare(page)).resolves.toBeLessThanOrEqual(0.1);
      await friction.click();
    }

    const toggle = page.getByRole('button', { name: 'Mini map' });
    await toggle.click();
    await expect.poll(() => page.locator('.react-flow__minimap').count()).toBe(0);
    await expect(toggle.getAttribute('aria-pressed')).resolves.toBe('false');
    // Remembered by this browser: a reload keeps it hidden until it is shown again.
    await page.reload();
    await untilSaved(page);
    await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(40);
    await expect(page.locator('.react-flow__minimap').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Mini map' }).click();
    await expect.poll(() => page.locator('.react-flow__minimap').count()).toBe(1);
    await page.context().close();
  });
});

describe('the start page', () => {
  it('shows recent boards above the fold at 1280 × 720', async () => {
    const boards = [];
    for (const title of ['First journey', 'Second journey', 'Third journey'])
      boards.push(await createBoardOver(live.server.url, title, 'blank-journey'));
    const context = await live.browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(() => localStorage.setItem('journeyboard:display-name', 'Alice'));
    const page = await context.newPage();
    for (const board of boards) {
      await page.goto(`${live.server.url}/b/${board.id}#token=${board.tokens.owner}`);
      await untilSaved(page);
    }
    await page.goto(live.server.url);
    const last = page.getByRole('link', { name: 'First journey' });
    await last.waitFor();
    const box = (await last.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(720);
    await page.screenshot({ path: screenshotPath('home-recent-1280x720') });
    await context.close();
  });
});
