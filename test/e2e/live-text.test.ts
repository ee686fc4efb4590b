/**
 * Live text (issue 17, bug 8), in Chromium: what is typed into a card or an
 * inspector field reaches the others and the server while it is typed, without
 * Enter or leaving the field, a reload mid-edit keeps it, and undo takes it back a
 * word run at a time.
 */
import { readBoard } from '@journeyboard/shared';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { addCardVia, aliceAndBob, cardOn, openBoard, untilSaved } from '../support/pages.js';

const live = useLiveApp();

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);

const hasFocus = (field: Locator) => field.evaluate((el) => el === document.activeElement).catch(() => false);

describe('live text', () => {
  it('Bob sees a card’s text within a second while Alice is still typing it, and her reload keeps it', async () => {
    const { board, alice, bob } = await aliceAndBob(live, ['editor', 'editor'], 'Live card text');
    await alice.getByRole('button', { name: 'Add card' }).click();
    const editor = alice.getByRole('textbox', { name: 'Card text' });
    await expect.poll(() => hasFocus(editor), { timeout: 5000 }).toBe(true);
    await alice.keyboard.type('Bag lost in Zurich', { delay: 30 });

    // No Enter, no click elsewhere: Alice is still writing.
    await expect.poll(() => cardOn(bob, 'Bag lost in Zurich').count(), { timeout: 1000 }).toBe(1);
    expect(await hasFocus(editor)).toBe(true);
    await bob.screenshot({ path: screenshotPath('live-text-bob-sees-typing') });

    // More words, then a reload once they have been typed for 300 ms: they are on the board.
    await alice.keyboard.type(', then found', { delay: 30 });
    await alice.waitForTimeout(350);
    await alice.reload();
    await untilSaved(alice);
    await expect.poll(() => cardOn(alice, 'Bag lost in Zurich, then found').count()).toBe(1);
    expect(stored(board.id).cards.map((c) => c.text)).toEqual(['Bag lost in Zurich, then found']);
    await alice.context().close();
    await bob.context().close();
  });

  it('Ctrl+Z takes back the typing a word run at a time', async () => {
    const board = await createBoardOver(live.server.url, 'Undo words');
    const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await alice.getByRole('button', { name: 'Add card' }).click();
    const editor = alice.getByRole('textbox', { name: 'Card text' });
    await expect.poll(() => hasFocus(editor), { timeout: 5000 }).toBe(true);
    await alice.keyboard.type('Bag lost in Zurich', { delay: 30 });
    await alice.keyboard.press('Enter');
    await expect.poll(() => stored(board.id).cards[0]?.text).toBe('Bag lost in Zurich');

    const undone: Array<string | undefined> = [];
    for (let step = 0; step < 4; step += 1) {
      const before = stored(board.id).cards[0]?.text;
      await alice.keyboard.press('Control+z');
      await expect.poll(() => stored(board.id).cards[0]?.text).not.toBe(before);
      undone.push(stored(board.id).cards[0]?.text);
    }
    expect(undone).toEqual(['Bag lost in ', 'Bag lost ', 'Bag ', '']);
    await alice.context().close();
  });

  it('inspector fields go to the board while typed, and Per is offered once How often has a number', async () => {
    const { board, alice, bob } = await aliceAndBob(live, ['editor', 'editor'], 'Live fields');
    await addCardVia(alice, 'Queue at the desk');
    await cardOn(alice, 'Queue at the desk').click();
    const inspector = alice.getByRole('region', { name: 'Card details' });
    const often = inspector.getByLabel('How often', { exact: true });
    const per = inspector.getByLabel('Per', { exact: true });
    expect(await per.isDisabled()).toBe(true);

    await often.click();
    await alice.keyboard.type('12');
    await expect.poll(() => per.isEnabled(), { timeout: 1000 }).toBe(true);
    expect(await hasFocus(often)).toBe(true);
    expect(stored(board.id).cards[0]?.friction.frequency).toEqual({ count: 12, period: 'week' });
    await per.selectOption({ label: 'month' });
    await expect
      .poll(() => stored(board.id).cards[0]?.friction.frequency)
      .toEqual({ count: 12, period: 'month' });

    // Root cause, typed and not left: Bob's inspector shows it.
    await inspector.getByLabel('Root cause', { exact: true }).click();
    await alice.keyboard.type('One agent for two flights', { delay: 20 });
    await cardOn(bob, 'Queue at the desk').click();
    const bobs = bob.getByRole('region', { name: 'Card details' }).getByLabel('Root cause', { exact: true });
    await expect.poll(() => bobs.inputValue(), { timeout: 1000 }).toBe('One agent for two flights');
    await alice.screenshot({ path: screenshotPath('live-text-per-enabled-while-typing') });
    await alice.context().close();
    await bob.context().close();
  });

  it('while Alice types in a field, Bob’s change to it does not replace her words; the last to type wins', async () => {
    const { board, alice, bob } = await aliceAndBob(live, ['editor', 'editor'], 'Both typing');
    await addCardVia(alice, 'Refund takes weeks');
    await cardOn(alice, 'Refund takes weeks').click();
    await cardOn(bob, 'Refund takes weeks').click();
    const alices = alice
      .getByRole('region', { name: 'Card details' })
      .getByLabel('Owning team', { exact: true });
    const bobs = bob.getByRole('region', { name: 'Card details' }).getByLabel('Owning team', { exact: true });

    await alices.click();
    await alice.keyboard.type('Pay', { delay: 20 });
    await expect.poll(() => stored(board.id).cards[0]?.friction.ownerTeam).toBe('Pay');
    await bobs.fill('Finance');
    await bobs.press('Enter');
    await expect.poll(() => stored(board.id).cards[0]?.friction.ownerTeam).toBe('Finance');
    // Alice's box still holds her words; her next keystrokes send them.
    expect(await alices.inputValue()).toBe('Pay');
    await alice.keyboard.type('ments', { delay: 20 });
    await expect.poll(() => stored(board.id).cards[0]?.friction.ownerTeam).toBe('Payments');
    await expect.poll(() => bobs.inputValue()).toBe('Payments');
    await alice.context().close();
    await bob.context().close();
  });
});
