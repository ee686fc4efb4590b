/**
 * A canvas card's opportunity chip is a link (#17, finding 12): clicking it opens the
 * Opportunities panel on the opportunities addressing the card, unfolded, scrolled
 * into view and marked; with the panel already open, another card's chip moves the
 * mark to its own opportunities.
 */
import { readBoard } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();
/** Round trips through a busy machine: the server, the other browser, the list read again. */
const WAIT = { timeout: 10_000 };

/** The titles of the opportunities marked in the panel, and whether each is unfolded and on screen. */
const marked = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('.opportunity--focused')].map((item) => {
      const box = item.getBoundingClientRect();
      const panel = item.closest('.side-panel')?.getBoundingClientRect();
      return {
        title: item.querySelector('.opportunity__title')?.textContent,
        open: item.querySelector('.opportunity__toggle')?.getAttribute('aria-expanded') === 'true',
        inView: panel !== undefined && box.top >= panel.top && box.top < panel.bottom,
      };
    }),
  );

describe('an opportunity chip on a canvas card', () => {
  it('opens the Opportunities panel on its opportunities, unfolded, in view and marked', async () => {
    const board = await createBoardOver(live.server.url, 'Linked opportunities', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const snapshot = readBoard(live.server.rooms.get(board.id)!.doc);
    // The chips mark a future state's friction cards, addressed through the card they were forked from.
    const future = snapshot.states.find((s) => s.kind === 'future')!;
    await page.getByRole('tab', { name: future.title }).click();
    // Two friction cards each addressed by one opportunity, a different one: the mark must move.
    const addressed = snapshot.cards
      .filter((c) => c.stateId === future.id && c.derivedFrom)
      .map((card) => ({
        card,
        by: snapshot.opportunities.filter(
          (o) => o.status !== 'dropped' && o.frictionIds.includes(card.derivedFrom!),
        ),
      }))
      .filter(({ by }) => by.length === 1);
    const first = addressed[0]!;
    const second = addressed.find(({ by }) => by[0]!.id !== first.by[0]!.id)!;
    expect(second).toBeDefined();

    expect(await page.locator('.side-panel').getByRole('region', { name: 'Opportunities' }).count()).toBe(0);
    await cardOn(page, first.card.text)
      .getByRole('button', { name: `Show the opportunity addressing this card: ${first.by[0]!.title}` })
      .click();
    await page.locator('.side-panel').getByRole('region', { name: 'Opportunities' }).waitFor();
    await expect
      .poll(() => marked(page), WAIT)
      .toEqual([{ title: first.by[0]!.title, open: true, inView: true }]);
    await page.screenshot({ path: screenshotPath('opportunity-chip-link') });

    // The panel is open already: the other card's chip moves the mark.
    await cardOn(page, second.card.text).locator('.card__addressed').click();
    await expect
      .poll(() => marked(page), WAIT)
      .toEqual([{ title: second.by[0]!.title, open: true, inView: true }]);
    await page.context().close();
  }, 60_000);
});
