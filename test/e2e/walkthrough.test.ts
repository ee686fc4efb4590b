/**
 * The whole product at the sizes people use (1024 × 640, 1280 × 720, 1920 × 1080),
 * walked as a newcomer walks it (issue 17, must-show 8): the start page, a blank
 * board, the worked example with each side panel open, and every dialog. Each view
 * is saved as test/.artifacts/walkthrough-<size>-<what>.png for a person to look at,
 * and checked: nothing scrolls sideways and the main controls are on screen.
 * One browser; the three sizes walk side by side, each in a window of its own, to stay fast.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREEN_SIZES, type ScreenSize, screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, cardNames, cardOn, toolbarOf, untilSaved } from '../support/pages.js';

const live = useLiveApp();

const SIZES = SCREEN_SIZES;
type Size = ScreenSize;

const PANELS = [
  'Vision',
  'Personas',
  'Friction',
  'Opportunities',
  'Reasons',
  'Voting',
  'Comments',
  'Versions',
];

/** Whether the page scrolls sideways, and which of `controls` are not wholly on screen. */
async function layoutProblems(page: Page, controls: Locator[]): Promise<string[]> {
  const problems: string[] = [];
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  if (sideways) problems.push('the page scrolls sideways');
  const { width, height } = page.viewportSize()!;
  for (const control of controls) {
    const box = await control.boundingBox();
    const on = box && box.width > 0 && box.x >= 0 && box.y >= 0 && box.x + box.width <= width + 0.5;
    if (!on || box.y + box.height > height + 0.5) problems.push(`${control} is not on screen`);
  }
  return problems;
}

/** Saves what the page shows now and checks it fits. */
async function look(page: Page, size: Size, what: string, controls: Locator[] = []): Promise<void> {
  await page.screenshot({ path: screenshotPath(`walkthrough-${size.width}x${size.height}-${what}`) });
  expect(await layoutProblems(page, controls), `${what} at ${size.width}×${size.height}`).toEqual([]);
}

async function waitSaved(page: Page): Promise<void> {
  await untilSaved(page);
}

describe('a newcomer walks the product at 1024, 1280 and 1920 wide', () => {
  it('sees every view and dialog whole, with no sideways scroll', async () => {
    const example = await createBoardOver(
      live.server.url,
      'Online order with delivery problems',
      'online-order',
    );
    const blank = await createBoardOver(live.server.url, 'New journey', 'blank-journey');
    const personIn = async (size: Size, name: string | null) => {
      const context = await live.browser.newContext({ viewport: size });
      if (name)
        await context.addInitScript((n) => localStorage.setItem('journeyboard:display-name', n), name);
      return context.newPage();
    };
    // The worked example, with a saved version for the Versions panel's questions.
    const exampleUrl = `${live.server.url}/b/${example.id}#token=${example.tokens.owner}`;
    const first = await personIn(SIZES[0], 'Alice');
    await first.goto(exampleUrl);
    await waitSaved(first);
    await action(first, 'Versions');
    await first.getByRole('textbox', { name: 'Version name' }).fill('Kickoff');
    await first.getByRole('button', { name: 'Save version' }).click();
    await first.getByRole('button', { name: 'Restore Kickoff' }).waitFor();
    const cardTexts = await cardNames(first);
    await first.context().close();

    // The three sizes side by side, each in its own browser window: they only look and cancel.
    const walk = async (size: Size) => {
      const page = await personIn(size, 'Alice');
      // Someone this browser does not know yet: asked for a name before the board opens.
      const stranger = await personIn(size, null);
      const panels = toolbarOf(page);

      // The start page, and naming a new board.
      await page.goto(live.server.url);
      const create = page.getByRole('button', { name: 'Create board from Blank journey map' });
      await create.waitFor();
      await look(page, size, 'start', [page.getByRole('heading', { level: 1 }), create]);
      await create.click();
      const boardName = page.getByRole('textbox', { name: 'Board name' });
      await look(page, size, 'start-name-board', [boardName]);

      // A blank board, and the name question for someone new.
      await page.goto(`${live.server.url}/b/${blank.id}#token=${blank.tokens.owner}`);
      await waitSaved(page);
      const share = page.getByRole('button', { name: 'Share', exact: true });
      const addCard = page.getByRole('button', { name: 'Add card' });
      await look(page, size, 'blank-board', [page.locator('.board-header__title'), share, addCard]);
      await stranger.goto(`${live.server.url}/b/${blank.id}#token=${blank.tokens.editor}`);
      const nameDialog = stranger.getByRole('dialog');
      await nameDialog.waitFor();
      await look(stranger, size, 'dialog-your-name', [nameDialog]);

      // The worked example, then each side panel.
      await page.goto(exampleUrl);
      await waitSaved(page);
      await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(20);
      const main = [page.locator('.board-header__title'), share, addCard, panels];
      await look(page, size, 'example', main);
      for (const name of PANELS) {
        await action(page, name);
        const panel = page.locator('.side-panel');
        await panel.waitFor();
        // Its code arrives on demand: the picture is of the panel, not of "Loading the panel…".
        await expect
          .poll(() =>
            panel
              .getByRole('status')
              .filter({ hasText: /^Loading/ })
              .count(),
          )
          .toBe(0);
        await look(page, size, `panel-${name.toLowerCase()}`, [...main, panel]);
        await action(page, name);
        await expect.poll(() => panel.count()).toBe(0);
      }

      // The header's dialogs and popovers.
      // An opener is a button, or a way to reach one (the More menu's items).
      const dialogs: Array<[string, Locator | (() => Promise<void>), Locator]> = [
        ['share', share, page.getByRole('dialog', { name: 'Share this board' })],
        [
          'shortcuts',
          () => action(page, 'Keyboard shortcuts'),
          page.getByRole('dialog', { name: 'Keyboard shortcuts' }),
        ],
        [
          'timer',
          page.getByRole('button', { name: 'Timer' }),
          page.getByRole('dialog', { name: 'Workshop timer controls' }),
        ],
        [
          'export',
          page.getByRole('button', { name: 'Export', exact: true }),
          page.getByRole('menu', { name: 'Export formats' }),
        ],
      ];
      for (const [what, opener, popup] of dialogs) {
        await (typeof opener === 'function' ? opener() : opener.click());
        await popup.waitFor();
        await look(page, size, `dialog-${what}`, [popup]);
        if (what === 'share') {
          await popup.getByRole('button', { name: 'Delete board…' }).click();
          const typed = popup.getByRole('textbox', { name: /^Deleting ends this board/ });
          await typed.scrollIntoViewIfNeeded();
          await look(page, size, 'dialog-delete-board', [typed]);
        }
        await page.keyboard.press('Escape');
        await expect.poll(() => popup.count()).toBe(0);
      }

      // The canvas's questions: a stage's metrics, deleting a stage, a lane, a state, many cards.
      const stage = (await page.locator('.stage-column__header').first().getAttribute('aria-label'))!;
      const stageTitle = stage.replace(/^Stage /, '');
      await page.getByRole('button', { name: `Edit metrics of ${stageTitle}` }).click();
      const metrics = page.getByRole('dialog', { name: /^Metrics of / });
      await look(page, size, 'dialog-stage-metrics', [metrics]);
      await page.keyboard.press('Escape');
      await expect.poll(() => metrics.count()).toBe(0);
      const ask = async (what: string, header: Locator, button: string) => {
        await header.locator('.header-title').first().hover();
        await header.getByRole('button', { name: button }).click();
        await answer(what);
      };
      const answer = async (what: string) => {
        const question = page.getByRole('alertdialog');
        await question.waitFor();
        await look(page, size, `dialog-${what}`, [question]);
        await question.getByRole('button', { name: 'Cancel' }).click();
        await expect.poll(() => question.count()).toBe(0);
      };
      await ask('delete-stage', page.getByRole('region', { name: stage }), `Delete stage ${stageTitle}`);
      const lane = (await page.locator('.lane-row__header').first().getAttribute('aria-label'))!;
      await ask(
        'delete-lane',
        page.getByRole('region', { name: lane }),
        `Delete lane ${lane.replace(/^Lane /, '')}`,
      );
      const future = page.getByRole('tab').nth(1);
      const futureTitle = (await future.textContent())!;
      await future.click();
      await page.getByRole('button', { name: `Delete state ${futureTitle}` }).click();
      await answer('delete-state');
      await page.getByRole('tab').first().click();
      await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(20);
      for (const [i, text] of cardTexts.slice(0, 6).entries()) {
        await cardOn(page, text).click({ modifiers: i === 0 ? [] : ['Control'] });
      }
      await page.keyboard.press('Delete');
      await answer('delete-cards');
      await page.keyboard.press('Escape');

      // The Versions panel's questions.
      await action(page, 'Versions');
      await page.getByRole('button', { name: 'Restore Kickoff' }).click();
      await answer('restore-version');
      await page.getByRole('button', { name: 'Delete Kickoff' }).click();
      await answer('delete-version');
      await action(page, 'Versions');

      // Comparing the current state with the future one.
      await page.getByRole('button', { name: 'Compare', exact: true }).click();
      const compare = page.getByRole('region', { name: 'Compare states' });
      await compare.waitFor();
      await look(page, size, 'compare', [share, page.getByRole('button', { name: 'Close comparison' })]);
      await page.getByRole('button', { name: 'Close comparison' }).click();
      await stranger.context().close();
      await page.context().close();
    };
    await Promise.all(SIZES.map(walk));
  }, 120_000);
});
