/**
 * The board's toolbar (issue 16, must-show 4): grouped actions in one row at 1280 × 720
 * and 1920 × 1080 with the saving badge and people on show, usable at 1024 wide; a
 * tooltip with each icon's name and shortcut; a More menu worked from the keyboard
 * the way the ARIA menu-button pattern says.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { moreMenu, openBoard, toolbarOf } from '../support/pages.js';

const live = useLiveApp();

const TITLE = 'Online order with delivery problems';

/** How the header lies: its rows of controls, sideways scroll, and what is off screen. */
const headerFacts = (page: Page) =>
  page.evaluate(() => {
    const row = document.querySelector('.board-header__row') as HTMLElement;
    const tops = new Set(
      [...row.children].map((child) => {
        const box = child.getBoundingClientRect();
        return Math.round(box.top + box.height / 2);
      }),
    );
    const offScreen = (selector: string) => {
      const box = document.querySelector(selector)?.getBoundingClientRect();
      return !box || box.width === 0 || box.left < 0 || box.right > window.innerWidth;
    };
    return {
      rows: Math.max(...tops) - Math.min(...tops) > 12 ? 'more than one' : 'one',
      scrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
      hidden: ['.save-status', '.people', '.share-button', '.menu-button', '.toolbar'].filter(offScreen),
    };
  });

describe('the toolbar', () => {
  it('fits one row at 1280 and 1920 wide for an owner and a facilitator, and stays whole at 1024', async () => {
    const board = await createBoardOver(live.server.url, TITLE, 'online-order');
    for (const role of ['owner', 'facilitator'] as const) {
      const page = await openBoard(live.browser, live.server.url, board.id, board.tokens[role]);
      // Someone else on the board, so the people bar has a face in it.
      const bob = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Bob');
      await page.getByRole('button', { name: 'Follow Bob' }).waitFor();
      // A running timer: the clock takes its room in the header too.
      await page.getByRole('button', { name: 'Timer' }).click();
      await page.getByRole('button', { name: '5 min', exact: true }).click();
      await page.getByRole('status', { name: 'Workshop timer' }).waitFor();
      for (const size of [
        { width: 1920, height: 1080 },
        { width: 1280, height: 720 },
        { width: 1024, height: 640 },
      ]) {
        await page.setViewportSize(size);
        const facts = headerFacts(page);
        await expect.poll(() => facts.then((f) => f.scrollsSideways)).toBe(false);
        await page.screenshot({ path: screenshotPath(`toolbar-${role}-${size.width}x${size.height}`) });
        await expect(headerFacts(page)).resolves.toMatchObject({
          ...(size.width >= 1280 ? { rows: 'one' } : {}),
          hidden: [],
        });
      }
      await page.getByRole('button', { name: 'Timer' }).click();
      await page.getByRole('button', { name: 'Stop timer' }).click();
      await page.context().close();
      await bob.context().close();
    }
  });

  it('names each icon in a tooltip with its shortcut, on hover and on keyboard focus', async () => {
    const board = await createBoardOver(live.server.url, TITLE, 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await page.setViewportSize({ width: 1280, height: 720 });
    const undo = toolbarOf(page).getByRole('button', { name: 'Undo', exact: true });
    await expect(undo.getAttribute('aria-keyshortcuts')).resolves.toBe('Control+Z');
    const tip = (locator: typeof undo) =>
      locator.evaluate((button) => {
        const after = getComputedStyle(button, '::after');
        return {
          text: after.content.split(' / ')[0],
          shown: after.visibility === 'visible' && after.opacity === '1',
        };
      });
    await expect(tip(undo)).resolves.toEqual({ text: '"Undo · Ctrl+Z"', shown: false });
    const heatMap = toolbarOf(page).getByRole('button', { name: 'Heat map', exact: true });
    await heatMap.hover();
    await expect.poll(() => tip(heatMap)).toEqual({ text: '"Heat map · H"', shown: true });
    // The tooltip is not read as part of the name: the button keeps its own.
    await expect(heatMap.count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath('toolbar-tooltip-1280x720') });
    // Keyboard focus shows it without a pointer.
    await page.mouse.move(600, 500);
    await toolbarOf(page).getByRole('button', { name: 'Add card' }).focus();
    await page.keyboard.press('Tab');
    const addStage = toolbarOf(page).getByRole('button', { name: 'Add stage', exact: true });
    await expect.poll(() => addStage.evaluate((b) => b === document.activeElement)).toBe(true);
    await expect.poll(() => tip(addStage)).toEqual({ text: '"Add stage"', shown: true });
    await page.context().close();
  });
});

describe('the More menu', () => {
  it('opens, moves and closes from the keyboard, and gives focus back to its button', async () => {
    const board = await createBoardOver(live.server.url, TITLE, 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner);
    await page.setViewportSize({ width: 1280, height: 720 });
    const more = toolbarOf(page).getByRole('button', { name: 'More actions' });
    const menu = moreMenu(page);
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    await expect(more.getAttribute('aria-haspopup')).resolves.toBe('menu');
    await expect(more.getAttribute('aria-expanded')).resolves.toBe('false');

    // Enter opens it on its first item; the arrows go round; Home and End go to the ends.
    await more.focus();
    await page.keyboard.press('Enter');
    await menu.waitFor();
    await expect(more.getAttribute('aria-expanded')).resolves.toBe('true');
    const items = await menu
      .locator('[role^="menuitem"]')
      .evaluateAll((all) => all.map((item) => item.querySelector('.menu__label')?.textContent ?? ''));
    expect(items).toEqual([
      'Vision',
      'Personas',
      'Reasons',
      'Versions',
      'Keyboard shortcuts',
      'Fork future state',
    ]);
    await expect.poll(focused).toBe('Vision');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Personas');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toContain('Fork future state');
    await page.keyboard.press('Home');
    await expect.poll(focused).toBe('Vision');
    await page.keyboard.press('End');
    await expect.poll(focused).toContain('Fork future state');
    await page.screenshot({ path: screenshotPath('toolbar-more-menu-1280x720') });

    // Escape closes it and focus goes back to More; Arrow Up opens it on its last item.
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);
    await expect.poll(() => more.evaluate((b) => b === document.activeElement)).toBe(true);
    await expect(more.getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toContain('Fork future state');
    await page.keyboard.press('Escape');

    // An item runs from the keyboard: the Versions panel opens, and the menu shows it on.
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Vision');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(focused).toBe('Versions');
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Version name' }).waitFor();
    await expect.poll(() => menu.count()).toBe(0);
    await more.click();
    await expect(
      menu.getByRole('menuitemcheckbox', { name: 'Versions' }).getAttribute('aria-checked'),
    ).resolves.toBe('true');
    // The shortcut is said to assistive technology, not read as part of the name.
    const help = menu.getByRole('menuitem', { name: 'Keyboard shortcuts', exact: true });
    await expect(help.getAttribute('aria-keyshortcuts')).resolves.toBe('?');
    await help.click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.context().close();
  });
});
