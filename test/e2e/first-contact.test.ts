/**
 * What a newcomer hit first (issue 17), in Chromium at 1280 × 720: a new card out
 * of view takes the typing instead of letters running shortcuts, a severity on any
 * card is scored, and a long paste is cut to the field's limit with a word.
 */
import { readBoard } from '@journeyboard/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, addCardVia, cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);

async function openAt1280(boardId: string, token: string): Promise<Page> {
  const page = await openBoard(live.browser, live.server.url, boardId, token);
  await page.setViewportSize({ width: 1280, height: 720 });
  return page;
}

const hasFocus = (field: Locator) => field.evaluate((el) => el === document.activeElement).catch(() => false);

/** Pastes `text` into `field` as the clipboard would (a paste event carrying it). */
const paste = (field: Locator, text: string) =>
  field.evaluate((element, pasted) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData('text/plain', pasted);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }));
  }, text);

describe('first contact', () => {
  it('N brings a card that lands below the view into sight, and the letters typed are its text', async () => {
    const board = await createBoardOver(live.server.url, 'Below the fold');
    const page = await openAt1280(board.id, board.tokens.editor);
    // Pan the board down by hand until its first cell, where N puts a card, is below the visible area.
    const pane = (await page.locator('.react-flow__pane').boundingBox())!;
    for (let i = 0; i < 2; i++) {
      await page.mouse.move(pane.x + pane.width / 2, pane.y + 10);
      await page.mouse.down();
      await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height - 10, { steps: 8 });
      await page.mouse.up();
    }
    // The top of the board (its flow origin) now lies below the window's bottom edge.
    const top = await page
      .locator('.react-flow__viewport')
      .evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).f);
    expect(pane.y + top).toBeGreaterThan(720);

    await page.keyboard.press('n');
    const editor = page.getByRole('textbox', { name: 'Card text' });
    await expect.poll(() => hasFocus(editor), { timeout: 5000 }).toBe(true);
    // n, h and ? are letters of the text here, not "add card", "heat map" and "shortcuts".
    await page.keyboard.type('Why no hotel? n/h');
    await page.keyboard.press('Enter');
    await expect.poll(() => stored(board.id).cards.map((c) => c.text)).toEqual(['Why no hotel? n/h']);
    const card = (await cardOn(page, 'Why no hotel? n/h').boundingBox())!;
    expect(card.y).toBeGreaterThanOrEqual(0);
    expect(card.y + card.height).toBeLessThanOrEqual(720);
    expect(await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    expect(stored(board.id).cards).toHaveLength(1);

    // A new card left without a word goes away again: no blank cards pile up.
    await page.keyboard.press('n');
    await expect.poll(() => hasFocus(editor), { timeout: 5000 }).toBe(true);
    await expect.poll(() => stored(board.id).cards.length).toBe(2);
    await page.mouse.click(pane.x + 20, pane.y + pane.height - 20);
    await expect.poll(() => stored(board.id).cards.map((c) => c.text)).toEqual(['Why no hotel? n/h']);
    await page.context().close();
  });

  it('a severity on a touchpoint card scores it in the Friction panel', async () => {
    const board = await createBoardOver(live.server.url, 'Severity');
    const page = await openAt1280(board.id, board.tokens.editor);
    expect(stored(board.id).lanes[0]?.kind).not.toBe('friction');
    await addCardVia(page, 'Card declined at the gate');
    await cardOn(page, 'Card declined at the gate').click();
    const inspector = page.getByRole('region', { name: 'Card details' });
    await inspector.getByLabel('Kind', { exact: true }).selectOption({ label: 'touchpoint' });
    await inspector.getByLabel('Severity', { exact: true }).selectOption({ label: '5' });
    await expect.poll(() => stored(board.id).cards[0]?.friction.severity).toBe(5);
    expect(stored(board.id).cards[0]?.kind).toBe('touchpoint');
    await action(page, 'Friction');
    const panel = page.getByRole('region', { name: 'Friction', exact: true });
    const row = panel.getByRole('list', { name: 'Ranked friction points' }).locator(':scope > li').first();
    await expect
      .poll(() => row.locator('.friction-row__text').textContent())
      .toBe('Card declined at the gate');
    expect(await row.locator('.friction-row__score').textContent()).toBe('5');
    await page.context().close();
  });

  it('cuts a long paste to the field’s limit and says how much was kept', async () => {
    const board = await createBoardOver(live.server.url, 'Long pastes');
    const page = await openAt1280(board.id, board.tokens.editor);
    const notice = page.locator('.notice');

    // 228 KB into a new card's text: the first 2,000 characters are kept, and the person is told.
    await page.getByRole('button', { name: 'Add card' }).click();
    const editor = page.getByRole('textbox', { name: 'Card text' });
    await expect.poll(() => hasFocus(editor), { timeout: 5000 }).toBe(true);
    const transcript = 'Agent said the bag was in Zurich. '.repeat(7000).slice(0, 228 * 1024);
    await paste(editor, transcript);
    await expect.poll(() => notice.textContent()).toContain('Pasted text was cut to 2,000 characters');
    await page.keyboard.press('Enter');
    await expect.poll(() => stored(board.id).cards[0]?.text).toBe(transcript.slice(0, 2000));

    // 60k characters into the card's Notes: the first 20,000 are kept, not the whole paste thrown away.
    const notes = page.getByRole('region', { name: 'Card details' }).getByLabel('Notes', { exact: true });
    await notes.focus();
    const interview = 'Interview notes. '.repeat(4000).slice(0, 60_000);
    await paste(notes, interview);
    await expect.poll(() => stored(board.id).cards[0]?.notes).toBe(interview.slice(0, 20_000));
    await expect.poll(() => notice.textContent()).toContain('Pasted text was cut to 20,000 characters');
    await page.context().close();
  });
});
