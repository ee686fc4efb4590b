/**
 * The board's chrome at the sizes people use (1024 × 640, 1280 × 720, 1920 × 1080):
 * with a running timer nothing scrolls sideways, Share stays on screen and the title
 * reads whole; the minimap stays small and out of a side panel's way; the start page
 * shows recent boards above the fold.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { openBoard } from '../support/pages.js';

const live = useLiveApp();

const SIZES = [
  { width: 1024, height: 640 },
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;

const TITLE = 'Worked example: online order with delivery problems';

/** What a newcomer sees of the header: sideways scroll, where Share is, whether the title is cut. */
const headerFacts = (page: Page) =>
  page.evaluate(() => {
    const share = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Share');
    const box = share?.getBoundingClientRect();
    const title = document.querySelector('.board-header__title') as HTMLElement;
    return {
      scrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
      shareOnScreen: box !== undefined && box.width > 0 && box.left >= 0 && box.right <= window.innerWidth,
      titleCut: title.scrollWidth > title.clientWidth + 1,
    };
  });

describe('the board chrome at 1024, 1280 and 1920 wide', () => {
  it('keeps Share on screen and the title whole with a running timer, for an owner and a facilitator', async () => {
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
          .toEqual({ scrollsSideways: false, shareOnScreen: true, titleCut: false });
      }
      await page.context().close();
    }
  });
});
