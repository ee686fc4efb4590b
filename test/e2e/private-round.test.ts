/**
 * A private writing round in Chromium: a facilitator and two participants, each in a
 * browser of their own. Drafts live in each participant's IndexedDB (surviving a
 * reload), only their counts travel, and the reveal puts every note on the board as
 * its writer's card; the notes then go to a dot vote.
 */
import { readBoard } from '@journeyboard/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { cardOn, openBoard, toolbarOf, untilSaved } from '../support/pages.js';

const live = useLiveApp();

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);
// Three browsers on two busy cores: presence after a reload can take a few seconds to go round.
const shown = (locator: Locator) => locator.waitFor({ state: 'visible', timeout: 20_000 });
const banner = (page: Page) => page.getByRole('region', { name: 'Private writing round' });
const panelButton = (page: Page, name: string) => toolbarOf(page).getByRole('button', { name });

/** Double-clicks the empty lower part of a cell (stage × lane) and types a note there. */
async function writeIn(page: Page, stageId: string, laneId: string, text: string): Promise<void> {
  const stage = (await page.locator(`.react-flow__node[data-id="stage:${stageId}"]`).boundingBox())!;
  const lane = (await page.locator(`.react-flow__node[data-id="lane:${laneId}"]`).boundingBox())!;
  await page.mouse.dblclick(stage.x + stage.width / 2, lane.y + lane.height * 0.92);
  const editor = page.getByRole('textbox', { name: 'Draft text' });
  await shown(editor);
  await editor.fill(text);
  await page.keyboard.press('Enter');
  await shown(page.getByRole('article', { name: `Draft: ${text}` }));
}

/** A blank board with Fay facilitating and Pat and Quinn participating, each in a browser of their own. */
async function workshop(title: string) {
  const board = await createBoardOver(live.server.url, title, 'blank-journey');
  const fay = await openBoard(live.browser, live.server.url, board.id, board.tokens.facilitator, 'Fay');
  const pat = await openBoard(live.browser, live.server.url, board.id, board.tokens.participant, 'Pat');
  const quinn = await openBoard(live.browser, live.server.url, board.id, board.tokens.participant, 'Quinn');
  const { stages, lanes } = stored(board.id);
  const friction = lanes.find((l) => l.kind === 'friction')!;
  return { board, fay, pat, quinn, stages: stages.map((s) => s.id), friction };
}

/** The facilitator starts a round on one lane, with the shared timer. */
async function startRound(page: Page, laneTitle: string): Promise<void> {
  await page.getByRole('button', { name: '✎ Private writing round' }).click();
  const start = page.getByRole('region', { name: 'Start a private writing round' });
  await start.getByLabel('Notes go to').selectOption({ label: laneTitle });
  await start.getByLabel('Minutes (0 for no timer)').fill('5');
  await start.getByRole('button', { name: 'Start round' }).click();
}

describe('a private writing round', () => {
  it('keeps notes private while drafting and reveals them all at once as their writers’ cards', async () => {
    const { board, fay, pat, quinn, stages, friction } = await workshop('Private round');
    const [awareness, consideration, purchase] = stages as [string, string, string];

    // Only the facilitator is offered the round.
    await expect(pat.getByRole('button', { name: '✎ Private writing round' }).count()).resolves.toBe(0);
    await startRound(fay, friction.title);
    for (const page of [fay, pat, quinn]) {
      await shown(banner(page));
      await shown(banner(page).getByLabel('Round timer'));
    }
    await expect.poll(() => stored(board.id).timer?.label).toBe('Private writing');

    await writeIn(pat, awareness, friction.id, 'Adverts promise next-day delivery');
    await writeIn(pat, consideration, friction.id, 'Cannot compare delivery options');
    await writeIn(quinn, consideration, friction.id, 'Size guide is hidden');
    // Quinn drops out mid-round, once the draft is saved, and comes back: the draft is still there, in this browser only.
    await expect.poll(() => quinn.locator('.draft-pile[aria-busy="true"]').count()).toBe(0);
    await quinn.reload();
    await untilSaved(quinn);
    await shown(quinn.getByRole('article', { name: 'Draft: Size guide is hidden' }));
    await writeIn(quinn, purchase, friction.id, 'Coupon code rejected at payment');

    // Each sees the other's count, never the notes; the server has none of them.
    await shown(banner(pat).getByText('Quinn · 2 drafts'));
    await shown(banner(quinn).getByText('Pat · 2 drafts'));
    await shown(banner(fay).getByText('4 notes drafted by 2 people'));
    await expect(pat.getByText('Size guide is hidden').count()).resolves.toBe(0);
    await expect(quinn.getByText('Cannot compare delivery options').count()).resolves.toBe(0);
    await expect(fay.locator('.draft-note').count()).resolves.toBe(0);
    expect(stored(board.id).cards).toEqual([]);
    await pat.screenshot({ path: screenshotPath('private-round-drafting') });

    await banner(fay).getByRole('button', { name: 'Reveal notes' }).click();
    const notes = {
      pat: ['Adverts promise next-day delivery', 'Cannot compare delivery options'],
      quinn: ['Size guide is hidden', 'Coupon code rejected at payment'],
    };
    for (const page of [fay, pat, quinn])
      for (const text of [...notes.pat, ...notes.quinn]) await shown(cardOn(page, text));
    await expect.poll(() => stored(board.id).cards.length).toBe(4);
    const authorOf = (text: string) => stored(board.id).cards.find((c) => c.text === text)?.authorId;
    expect(authorOf(notes.pat[0]!)).toBeTruthy();
    expect(authorOf(notes.pat[1]!)).toBe(authorOf(notes.pat[0]!));
    expect(authorOf(notes.quinn[0]!)).toBeTruthy();
    expect(authorOf(notes.quinn[1]!)).toBe(authorOf(notes.quinn[0]!));
    expect(authorOf(notes.quinn[0]!)).not.toBe(authorOf(notes.pat[0]!));
    expect(stored(board.id).cards.every((c) => c.laneId === friction.id)).toBe(true);
    // The round's countdown ended with it.
    expect(stored(board.id).timer).toBeNull();
    // The drafts are gone from every browser, and the banner with them.
    for (const page of [pat, quinn]) await expect.poll(() => page.locator('.draft-note').count()).toBe(0);
    await expect.poll(() => banner(pat).count()).toBe(0);
    // A reload after the reveal commits nothing again.
    await quinn.reload();
    await untilSaved(quinn);
    await quinn.waitForTimeout(500);
    expect(stored(board.id).cards).toHaveLength(4);
    await fay.screenshot({ path: screenshotPath('private-round-revealed') });
    for (const page of [fay, pat, quinn]) await page.context().close();
  }, 120_000);

  it('puts the revealed notes to a dot vote within each participant’s allowance', async () => {
    const { board, fay, pat, quinn, stages, friction } = await workshop('Round then vote');
    const notes = { pat: ['Cannot compare delivery options'], quinn: ['Coupon code rejected at payment'] };
    await startRound(fay, friction.title);
    await writeIn(pat, stages[1]!, friction.id, notes.pat[0]!);
    await writeIn(quinn, stages[3]!, friction.id, notes.quinn[0]!);
    await shown(banner(fay).getByText('2 notes drafted by 2 people'));
    await banner(fay).getByRole('button', { name: 'Reveal notes' }).click();
    for (const page of [fay, pat, quinn]) await shown(cardOn(page, notes.quinn[0]!));

    // Two dots each on the friction lane, where the notes landed.
    await panelButton(fay, 'Voting').click();
    const fayVoting = fay.getByRole('region', { name: 'Dot voting' });
    await fayVoting.getByLabel('Title').fill('Fix first');
    await fayVoting.getByLabel('Dots per person').fill('2');
    await fayVoting.getByRole('button', { name: 'Start voting' }).click();
    for (const [page, votes] of [
      [pat, [notes.quinn[0]!, notes.quinn[0]!]],
      [quinn, [notes.quinn[0]!, notes.pat[0]!]],
    ] as const) {
      await panelButton(page, 'Voting').click();
      const voting = page.getByRole('region', { name: 'Dot voting' });
      const list = voting.getByRole('list', { name: 'Cards to vote on' });
      for (const text of votes) await list.getByRole('button', { name: `Add dot to ${text}` }).click();
      await shown(voting.getByText('All 2 dots placed'));
      // The allowance holds: a third dot is not offered.
      await expect(
        list.getByRole('button', { name: `Add dot to ${notes.pat[0]!}` }).isDisabled(),
      ).resolves.toBe(true);
    }
    await expect.poll(() => stored(board.id).votes.reduce((sum, v) => sum + v.dots, 0)).toBe(4);
    await fayVoting.getByRole('button', { name: 'End voting' }).click();
    await fayVoting.getByRole('button', { name: 'Apply as priority' }).click();
    await expect.poll(() => stored(board.id).cards.find((c) => c.text === notes.quinn[0])?.priority).toBe(1);
    await shown(cardOn(pat, notes.quinn[0]!).getByRole('img', { name: 'Priority 1' }));
    await shown(cardOn(quinn, notes.pat[0]!).getByRole('img', { name: 'Priority 2' }));
    for (const page of [fay, pat, quinn]) await page.context().close();
  }, 120_000);
});
