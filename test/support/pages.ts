/** Board pages in Chromium, driven the way a person uses them. */
import type { Role } from '@journeyboard/shared';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type CreatedBoard, createBoardOver } from './clients.js';
import type { LiveApp } from './live-app.js';

export async function openBoard(
  browser: Browser,
  baseUrl: string,
  boardId: string,
  token: string,
  name = 'Alice',
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // The name is asked once per browser; these people have answered already.
  await context.addInitScript((display) => localStorage.setItem('journeyboard:display-name', display), name);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/b/${boardId}#token=${token}`);
  await untilSaved(page);
  return page;
}

/** Waits until the page's save status says the board is saved. */
export const untilSaved = (page: Page, timeout = 10_000) =>
  expect.poll(() => page.locator('.save-status').textContent(), { timeout }).toBe('Saved');

/** A new board with Alice and then Bob on it, each in a browser of their own, on the links of `roles`. */
export async function aliceAndBob(
  live: LiveApp,
  roles: readonly [Role, Role],
  title: string,
  template?: string,
): Promise<{ board: CreatedBoard; alice: Page; bob: Page }> {
  const board = await createBoardOver(live.server.url, title, template);
  const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens[roles[0]]);
  const bob = await openBoard(live.browser, live.server.url, board.id, board.tokens[roles[1]], 'Bob');
  return { board, alice, bob };
}

export const cardOn = (page: Page, text: string) => page.getByRole('article', { name: text, exact: true });

/**
 * The cards' accessible names (their texts) in document order: zoomed far out a card
 * draws no text (canvas/CardNode.tsx's FAR_ZOOM), but it keeps its name.
 */
export const cardNames = (page: Page) =>
  page.locator('.card').evaluateAll((cards) => cards.map((card) => card.getAttribute('aria-label') ?? ''));

export async function addCardVia(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Add card' }).click();
  await page.getByRole('textbox', { name: 'Card text' }).fill(text);
  await page.keyboard.press('Enter');
}

/** The board's toolbar, where every action and panel toggle stands, as a button or in its More menu. */
export const toolbarOf = (page: Page) => page.getByRole('toolbar', { name: 'Board actions' });

/** The items of the toolbar's More menu, once it is open. */
export const moreMenu = (page: Page) => page.getByRole('menu', { name: 'More actions' });

/**
 * Runs a toolbar action or toggles a panel by its name, as a person does: its
 * button, or, for what the toolbar keeps in its More menu, More and then the item.
 * Waits for either to be there, so it may be called while the board still opens.
 */
export async function action(page: Page, name: string): Promise<void> {
  const toolbar = toolbarOf(page);
  const button = toolbar.getByRole('button', { name, exact: true });
  const more = toolbar.getByRole('button', { name: 'More actions' });
  await button.or(more).first().waitFor();
  if ((await button.count()) > 0) return button.click();
  await more.click();
  const menu = moreMenu(page);
  await menu
    .getByRole('menuitem', { name, exact: true })
    .or(menu.getByRole('menuitemcheckbox', { name, exact: true }))
    .click();
}

/** The names the More menu offers this person (opened, read, and closed again with Escape). */
export async function moreActions(page: Page): Promise<string[]> {
  await toolbarOf(page).getByRole('button', { name: 'More actions' }).click();
  const menu = moreMenu(page);
  await menu.waitFor();
  const names = await menu
    .locator('[role^="menuitem"]')
    .evaluateAll((items) => items.map((item) => item.querySelector('.menu__label')?.textContent ?? ''));
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'detached' });
  return names;
}

/**
 * Sends `key` (a keydown on the page's body) the moment an element matching `selector`
 * is in the page: in the microtask after React's commit, before that frame is painted,
 * which is what a person pressing the key as the element appears sends. `keySent` says
 * whether it went.
 */
export function keyOnArrival(page: Page, selector: string, key: string): Promise<void> {
  return page.evaluate(
    ([selector, key]) => {
      const seen = new MutationObserver(() => {
        if (!document.querySelector(selector)) return;
        seen.disconnect();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
        document.body.dataset.keySent = key;
      });
      seen.observe(document.body, { childList: true, subtree: true });
    },
    [selector, key] as const,
  );
}

/** The key keyOnArrival sent, or null while its element has not arrived. */
export const keySent = (page: Page) => page.evaluate(() => document.body.dataset.keySent ?? null);
