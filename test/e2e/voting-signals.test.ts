/**
 * How a dot vote reaches the room in Chromium: a participant is told when the
 * facilitator opens a vote (a banner over the canvas), sees only their own dots while
 * it runs (no tally to follow), and the ranking once it ends. And a reason in the
 * Reasons panel points at its cards on the canvas.
 */
import { readBoard } from '@journeyboard/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();

// Friction points of the online-order template's current state.
const COST = 'Delivery cost and date only appear at the last checkout step';
const LATE = "Nobody tells me it's late; I find out when it doesn't turn up";

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);
const shown = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 10_000 });
const gone = (locator: Locator) => locator.waitFor({ state: 'hidden', timeout: 10_000 });
const banner = (page: Page) => page.getByRole('region', { name: 'Dot vote open' });
const addOnCard = (page: Page, text: string) =>
  cardOn(page, text).getByRole('button', { name: `Add dot to ${text}` });

describe('voting signals', () => {
  it('tells a participant a vote has opened, hides the tally while it runs, and shows the ranking after', async () => {
    const board = await createBoardOver(live.server.url, 'Signals', 'online-order');
    const fay = await openBoard(live.browser, live.server.url, board.id, board.tokens.facilitator, 'Fay');
    const pat = await openBoard(live.browser, live.server.url, board.id, board.tokens.participant, 'Pat');
    await expect(banner(pat).count()).resolves.toBe(0);

    // Fay opens a vote with the default: the tally stays hidden until it ends.
    await action(fay, 'Voting');
    const fayVoting = fay.getByRole('region', { name: 'Dot voting' });
    await fayVoting.getByLabel('Dots per person').fill('3');
    await expect(fayVoting.getByRole('checkbox', { name: /Show tally live/ }).isChecked()).resolves.toBe(
      false,
    );
    await fayVoting.getByRole('button', { name: 'Start voting' }).click();
    await expect.poll(() => stored(board.id).voteSessions.map((s) => s.liveTally)).toEqual([false]);

    // Pat, who had no panel open, is told on the canvas.
    await shown(banner(pat));
    await expect(banner(pat).textContent()).resolves.toContain(
      'Dot vote open: 3 dots each on friction points',
    );
    await pat.screenshot({ path: screenshotPath('vote-banner') });

    // Fay sees it too, and dismisses it: she knows.
    await shown(banner(fay));
    await banner(fay).getByRole('button', { name: 'Dismiss vote notice' }).click();
    await gone(banner(fay));

    // Fay puts two dots on the cost; Pat sees none of them, only his own count.
    await addOnCard(fay, COST).click();
    await addOnCard(fay, COST).click();
    await expect.poll(() => stored(board.id).votes.reduce((sum, v) => sum + v.dots, 0)).toBe(2);
    await shown(cardOn(fay, COST).getByText('2 yours'));
    await expect(cardOn(pat, COST).locator('.card-vote__total').textContent()).resolves.toBe('0 yours');

    // The banner leads to the Voting panel, which shows no tally.
    await banner(pat).getByRole('button', { name: 'Open voting' }).click();
    const patVoting = pat.getByRole('region', { name: 'Dot voting' });
    await shown(patVoting.getByText('Hidden until voting ends'));
    await expect(patVoting.getByRole('list', { name: 'Live tally' }).count()).resolves.toBe(0);
    await expect(patVoting.textContent()).resolves.not.toContain('dots placed');

    // Once Pat has voted the banner has done its work and goes.
    await addOnCard(pat, LATE).click();
    await gone(banner(pat));
    await shown(cardOn(pat, LATE).getByText('1 yours'));
    await expect(cardOn(pat, COST).locator('.card-vote__total').textContent()).resolves.toBe('0 yours');

    // Fay ends the vote: Pat sees the ranking with everyone's dots.
    await fayVoting.getByRole('button', { name: 'End voting' }).click();
    await expect
      .poll(
        () =>
          pat
            .getByRole('region', { name: /^Results:/ })
            .locator('tbody tr')
            .evaluateAll((trs) =>
              trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim())),
            ),
        { timeout: 5000 },
      )
      .toEqual([
        ['#1', COST, '2', '1'],
        ['#2', LATE, '1', '1'],
      ]);
    await fay.context().close();
    await pat.context().close();
  });

  it('highlights the cards of a reason on the canvas, and lets them go on a second click', async () => {
    const board = await createBoardOver(live.server.url, 'Reasons', 'online-order');
    const fay = await openBoard(live.browser, live.server.url, board.id, board.tokens.facilitator, 'Fay');
    // The selected cards' names, sorted: canvas order is not the point.
    const highlighted = async () =>
      (
        await fay.locator('article.card--selected').evaluateAll((cards) => cards.map((c) => c.ariaLabel))
      ).sort();

    await action(fay, 'Reasons');
    const reasons = fay.getByRole('region', { name: 'Interaction reasons' });
    const missed = reasons.getByRole('button', { name: 'Missed delivery / card left', exact: true });
    await missed.click();
    await expect
      .poll(highlighted)
      .toEqual(
        [
          "Carrier's failed-delivery card with a carrier reference number",
          'The card says I was out, but I was at home all day',
          "The app doesn't recognise the card's reference, so I can't rebook",
        ].sort(),
      );
    await expect(missed.getAttribute('aria-pressed')).resolves.toBe('true');
    await fay.screenshot({ path: screenshotPath('reason-highlight') });

    // A primary reason takes in its secondary reasons' cards; picking it moves the highlight.
    await reasons.getByRole('button', { name: 'Returns & refunds', exact: true }).click();
    await expect
      .poll(highlighted)
      .toEqual([
        'Refund confirmation email: "allow up to 14 days"',
        'Refund for a lost parcel takes up to two weeks',
      ]);
    await expect(missed.getAttribute('aria-pressed')).resolves.toBe('false');

    await reasons.getByRole('button', { name: 'Returns & refunds', exact: true }).click();
    await expect.poll(highlighted).toEqual([]);
    await fay.context().close();
  });
});
