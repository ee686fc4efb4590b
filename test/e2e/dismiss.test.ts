/**
 * Every dialog and popover a newcomer opens: Esc closes it, a press outside closes it,
 * focus moves into it on opening and back to what opened it on closing; the Timer
 * popover also closes once the timer is stopped.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, keyOnArrival, keySent, moreMenu, openBoard, untilSaved } from '../support/pages.js';

const live = useLiveApp();

const focusInside = (popup: Locator) => popup.evaluate((box) => box.contains(document.activeElement));
const focusOn = (opener: Locator) => opener.evaluate((button) => document.activeElement === button);

/**
 * Opens `popup` with `opener` (or `open`, for one reached through a menu, whose
 * focus then returns to the menu's button), checks focus went in, closes it with Esc
 * and then with a press outside.
 */
async function checkDismissal(
  page: Page,
  name: string,
  opener: Locator,
  popup: Locator,
  open = () => opener.click(),
) {
  await open();
  await popup.waitFor({ timeout: 2000 });
  await expect.poll(() => focusInside(popup)).toBe(true);
  await page.screenshot({ path: screenshotPath(`dialog-${name}`) });
  if ((await popup.getAttribute('aria-modal')) === 'true') {
    // A modal dialog keeps Tab to itself, both ways round.
    for (let i = 0; i < 12; i++) await page.keyboard.press('Tab');
    await expect(focusInside(popup)).resolves.toBe(true);
    for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+Tab');
    await expect(focusInside(popup)).resolves.toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect.poll(() => popup.count()).toBe(0);
  await expect.poll(() => focusOn(opener)).toBe(true);

  await open();
  await popup.waitFor({ timeout: 2000 });
  // Outside the dialog: the board's bottom-left corner (the backdrop over it, for a modal one).
  const size = page.viewportSize()!;
  await page.mouse.click(120, size.height - 12);
  await expect.poll(() => popup.count()).toBe(0);
}

describe('dialogs and popovers', () => {
  it('close on Esc and on a press outside, taking focus in and giving it back', async () => {
    const board = await createBoardOver(live.server.url, 'Dismissal', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner);
    await checkDismissal(
      page,
      'share',
      page.getByRole('button', { name: 'Share' }),
      page.getByRole('dialog', { name: 'Share this board' }),
    );
    const more = page.getByRole('button', { name: 'More actions' });
    await checkDismissal(page, 'more-actions', more, moreMenu(page));
    await checkDismissal(
      page,
      'shortcuts',
      more,
      page.getByRole('dialog', { name: 'Keyboard shortcuts' }),
      () => action(page, 'Keyboard shortcuts'),
    );
    await checkDismissal(
      page,
      'timer',
      page.getByRole('button', { name: 'Timer' }),
      page.getByRole('dialog', { name: 'Workshop timer controls' }),
    );
    await checkDismissal(
      page,
      'export',
      page.getByRole('button', { name: 'Export', exact: true }),
      page.getByRole('menu', { name: 'Export formats' }),
    );
    const stage = await page.locator('.stage-column__header').first().getAttribute('aria-label');
    await checkDismissal(
      page,
      'stage-metrics',
      page.getByRole('button', { name: `Edit metrics of ${stage!.replace(/^Stage /, '')}` }),
      page.getByRole('dialog', { name: /^Metrics of / }),
    );
    await page.context().close();
  });

  it('closes the Timer popover once the timer is stopped', async () => {
    const board = await createBoardOver(live.server.url, 'Stopping', 'blank-journey');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.facilitator);
    const timer = page.getByRole('button', { name: 'Timer' });
    const controls = page.getByRole('dialog', { name: 'Workshop timer controls' });
    await timer.click();
    await controls.getByRole('button', { name: '5 min', exact: true }).click();
    await expect.poll(() => controls.count()).toBe(0);
    await timer.click();
    await controls.getByRole('button', { name: 'Stop timer' }).click();
    await expect.poll(() => controls.count()).toBe(0);
    await expect.poll(() => page.getByRole('status', { name: 'Workshop timer' }).count()).toBe(0);
    await page.context().close();
  });

  it('closes a dialog whose code arrives on demand with Esc pressed in its first frame', async () => {
    const board = await createBoardOver(live.server.url, 'First frame', 'blank-journey');
    const context = await live.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(() => localStorage.setItem('journeyboard:display-name', 'Alice'));
    // The help's code is held back until after the press, so the dialog comes in a commit
    // of its own (the chunk's arrival), not the key press's, as on a slow network.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await context.route(/HelpOverlay-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const page = await context.newPage();
    await page.goto(`${live.server.url}/b/${board.id}#token=${board.tokens.editor}`);
    await untilSaved(page);
    // Esc the moment the help dialog is in the page, before its first paint.
    await keyOnArrival(page, '.help', 'Escape');
    await page.keyboard.press('?');
    release();
    await expect.poll(() => keySent(page)).toBe('Escape');
    await expect.poll(() => page.evaluate(() => document.querySelector('.help') === null)).toBe(true);
    await context.close();
  });
});
