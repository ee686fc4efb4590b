/** Workshop tools in Chromium with two people: a dot vote from start to card priority, and a comment thread. */
import { readBoard } from '@journeyboard/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { cardOn, openBoard, toolbarOf } from '../support/pages.js';

const live = useLiveApp();

// Friction points of the online-order template's current state.
const COST = 'Delivery cost and date only appear at the last checkout step';
const LATE = "Nobody tells me it's late; I find out when it doesn't turn up";
const TRACKING = 'Tracking stays on "Dispatched" for days, so I have no idea where it is';

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);
const shown = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 5000 });
const panelButton = (page: Page, name: string) => toolbarOf(page).getByRole('button', { name });

async function resultRows(page: Page): Promise<string[][]> {
  const rows = page.getByRole('region', { name: 'Results: Problems to fix first' }).locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.trim() ?? '')),
  );
}

describe('workshop tools', () => {
  it('runs a dot vote: two people spend their dots, the tally ranks them, and the ranking becomes priority', async () => {
    const board = await createBoardOver(live.server.url, 'Vote workshop', 'online-order');
    const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner, 'Alice');
    const bob = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Bob');

    // Alice, facilitating, opens a vote on the friction lane with three dots each.
    await panelButton(alice, 'Voting').click();
    const aliceVoting = alice.getByRole('region', { name: 'Dot voting' });
    await aliceVoting.getByLabel('Title').fill('Problems to fix first');
    await expect(aliceVoting.getByRole('radio', { name: /Friction lane/ }).isChecked()).resolves.toBe(true);
    await aliceVoting.getByLabel('Dots per person').fill('3');
    // This room follows the tally as it grows (by default it stays hidden until the end).
    await aliceVoting.getByRole('checkbox', { name: /Show tally live/ }).check();
    await aliceVoting.getByRole('button', { name: 'Start voting' }).click();
    await shown(aliceVoting.getByText('3 of 3 dots left'));

    // Bob sees the session open, with his own three dots.
    await panelButton(bob, 'Voting').click();
    const bobVoting = bob.getByRole('region', { name: 'Dot voting' });
    await shown(bobVoting.getByRole('region', { name: 'Voting: Problems to fix first' }));
    await shown(bobVoting.getByText('3 of 3 dots left'));
    // Only cards in scope carry the dot control: friction points yes, other lanes no.
    await shown(cardOn(bob, COST).getByRole('button', { name: `Add dot to ${COST}` }));
    await expect(
      bob
        .getByRole('article', { name: 'Delivery promise engine sets the date from the carrier SLA table' })
        .getByRole('button')
        .count(),
    ).resolves.toBe(0);

    // Alice votes on the canvas: two dots on the hidden cost, one on nobody saying it's late.
    const addOnCard = (page: Page, text: string) =>
      cardOn(page, text).getByRole('button', { name: `Add dot to ${text}` });
    await addOnCard(alice, COST).click();
    await addOnCard(alice, COST).click();
    await addOnCard(alice, LATE).click();
    await shown(aliceVoting.getByText('All 3 dots placed'));
    // A fourth dot is refused: every Add dot is disabled, on the cards and in the panel.
    await expect(addOnCard(alice, TRACKING).isDisabled()).resolves.toBe(true);
    await expect(addOnCard(alice, TRACKING).getAttribute('title')).resolves.toBe('No dots left');
    await expect(
      aliceVoting.getByRole('button', { name: `Add dot to ${TRACKING}` }).isDisabled(),
    ).resolves.toBe(true);

    // Bob votes from the panel's list: one on the cost, two on tracking; he moves one back first.
    const bobList = bobVoting.getByRole('list', { name: 'Cards to vote on' });
    await bobList.getByRole('button', { name: `Add dot to ${COST}` }).click();
    await bobList.getByRole('button', { name: `Add dot to ${LATE}` }).click();
    await bobList.getByRole('button', { name: `Remove dot from ${LATE}` }).click();
    await bobList.getByRole('button', { name: `Add dot to ${TRACKING}` }).click();
    await bobList.getByRole('button', { name: `Add dot to ${TRACKING}` }).click();
    await shown(bobVoting.getByText('All 3 dots placed'));
    await expect.poll(() => stored(board.id).votes.reduce((sum, v) => sum + v.dots, 0)).toBe(6);

    // Both watch the same live tally, and the cards show the totals.
    for (const page of [alice, bob]) {
      const tally = page.getByRole('list', { name: 'Live tally' }).getByRole('listitem');
      await expect
        .poll(() => tally.allTextContents(), { timeout: 3000 })
        .toEqual([
          expect.stringContaining(COST),
          expect.stringContaining(TRACKING),
          expect.stringContaining(LATE),
        ]);
    }
    await shown(cardOn(bob, COST).getByText('· 1 yours'));

    await aliceVoting.getByRole('button', { name: 'End voting' }).click();
    const expected = [
      ['#1', COST, '3', '2'],
      ['#2', TRACKING, '2', '1'],
      ['#3', LATE, '1', '1'],
    ];
    await expect.poll(() => resultRows(alice)).toEqual(expected);
    await expect.poll(() => resultRows(bob), { timeout: 3000 }).toEqual(expected);
    // Voting is over: the dot controls leave the cards.
    await expect.poll(() => cardOn(bob, COST).getByRole('button', { name: /dot/ }).count()).toBe(0);

    await aliceVoting.getByRole('button', { name: 'Apply as priority' }).click();
    for (const page of [alice, bob]) {
      const badge = cardOn(page, COST).getByRole('img', { name: 'Priority 1' });
      await shown(badge);
      await expect(badge.textContent()).resolves.toBe('#1');
      await shown(cardOn(page, TRACKING).getByRole('img', { name: 'Priority 2' }));
    }
    await expect.poll(() => stored(board.id).cards.find((c) => c.text === COST)?.priority).toBe(1);
    await alice.screenshot({ path: screenshotPath('workshop-vote-results') });
    await alice.context().close();
    await bob.context().close();
  });

  it('keeps a comment thread: Alice asks, Bob sees it as new, replies, Alice resolves it', async () => {
    const board = await createBoardOver(live.server.url, 'Comment workshop', 'online-order');
    const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner, 'Alice');
    const bob = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Bob');

    // Alice opens the card's comments from its details and starts a thread.
    await cardOn(alice, COST).click();
    await alice
      .getByRole('region', { name: 'Card details' })
      .getByRole('button', { name: 'Comments on this card' })
      .click();
    const aliceComments = alice.getByRole('region', { name: 'Comments' });
    await aliceComments
      .getByRole('textbox', { name: `New comment on ${COST}` })
      .fill('Could we show the delivery cost on the product page?');
    await aliceComments.getByRole('button', { name: 'Comment', exact: true }).click();
    await shown(aliceComments.getByRole('article', { name: 'Thread by Alice' }));

    // Bob sees a comment badge with an unread marker on the card, and a count on the header button.
    const bobBadge = cardOn(bob, COST).getByRole('button', { name: '1 comment, 1 unread' });
    await shown(bobBadge);
    await expect(panelButton(bob, 'Comments').textContent()).resolves.toBe('Comments1 unread');
    await bobBadge.click();
    const bobComments = bob.getByRole('region', { name: 'Comments' });
    const bobThread = bobComments.getByRole('article', { name: 'Thread by Alice' });
    await shown(bobThread.getByText('Could we show the delivery cost on the product page?'));
    await shown(bobThread.getByText('New', { exact: true }));
    // Reading it clears the marker, on the card and in the header.
    await shown(cardOn(bob, COST).getByRole('button', { name: '1 comment', exact: true }));
    await expect(panelButton(bob, 'Comments').textContent()).resolves.toBe('Comments');
    await bob.screenshot({ path: screenshotPath('workshop-comment-thread-new') });

    await bobThread.getByRole('button', { name: 'Reply' }).click();
    await bobThread
      .getByRole('textbox', { name: 'Reply to Alice' })
      .fill('Yes: pricing can expose it from the basket service.');
    await bobThread.getByRole('button', { name: 'Send reply' }).click();
    await shown(bobThread.getByText('Yes: pricing can expose it from the basket service.'));

    // Alice has the thread open: the reply arrives in it, marked new.
    const aliceThread = aliceComments.getByRole('article', { name: 'Thread by Alice' });
    await shown(aliceThread.getByText('Yes: pricing can expose it from the basket service.'));
    await shown(aliceThread.getByText('New', { exact: true }));
    await alice.screenshot({ path: screenshotPath('workshop-comment-thread') });
    await aliceThread.getByRole('button', { name: 'Resolve' }).click();

    // Bob sees it resolved: folded away, and the card no longer counts it as open.
    await shown(bobComments.getByText('Resolved', { exact: true }));
    await expect
      .poll(() => bobComments.getByRole('article', { name: /^Thread by Alice/ }).isVisible())
      .toBe(false);
    await expect
      .poll(() =>
        cardOn(bob, COST)
          .getByRole('button', { name: /comment/ })
          .count(),
      )
      .toBe(0);
    await bobComments.locator('summary').click();
    await shown(
      bobComments
        .getByRole('article', { name: 'Thread by Alice, resolved' })
        .getByRole('button', { name: 'Reopen' }),
    );
    await expect.poll(() => stored(board.id).comments.find((c) => c.parentId === null)?.resolved).toBe(true);

    // Without a target the panel lists the state's threads, each leading back to its card.
    await bobComments.getByRole('button', { name: 'All comments' }).click();
    const link = bobComments.getByRole('list', { name: 'Threads' }).getByRole('button');
    await expect(link.count()).resolves.toBe(1);
    await expect(link.textContent()).resolves.toContain('Resolved');
    await alice.context().close();
    await bob.context().close();
  });
});
