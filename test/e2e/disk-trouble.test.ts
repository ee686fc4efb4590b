/**
 * A full disk under a live board: the badge says the edit is not saved (the server
 * closed with 1011), the card stays on the page and in this browser, nobody else
 * gets it; once there is space again it is stored, reaches the others and the badge
 * says Saved. The disk is filled for real SQLite: the store's page cap held at the
 * file's size and the free space left in its pages used up (see
 * test/integration/disk-trouble.test.ts, which also covers a read-only file).
 */
import { applyStoredState } from '@journeyboard/server';
import { readBoard } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { fillDisk, sqliteOf } from '../support/disk.js';
import { useLiveApp } from '../support/live-app.js';
import { addCardVia, cardNames, cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();

const NOT_SAVED = 'Not saved: the server cannot store changes. Your edits are kept in this browser.';
const STORAGE_FAILED = 'storage failed; closing the room without accepting the edit';

function storedTexts(boardId: string): string[] {
  const doc = new Y.Doc();
  applyStoredState(doc, sqliteOf(live.server).loadState(boardId));
  return readBoard(doc)
    .cards.map((card) => card.text)
    .sort();
}

const texts = async (page: Page) => (await cardNames(page)).sort();
const badge = (page: Page) => page.locator('.save-status');

describe('a full disk', () => {
  it('the badge says not saved, the card stays in the browser and is stored once there is space', async () => {
    const board = await createBoardOver(live.server.url, 'Full disk');
    const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const bob = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Bob');
    await addCardVia(alice, 'Stored before the disk filled');
    await expect.poll(() => texts(bob), { timeout: 5000 }).toEqual(['Stored before the disk filled']);
    // The server's echo of Alice's own edit is what tells her browser it is stored.
    await expect.poll(() => badge(alice).textContent(), { timeout: 5000 }).toBe('Saved');

    await fillDisk(live.server);
    try {
      await addCardVia(alice, 'Written on a full disk');
      await expect.poll(() => badge(alice).textContent(), { timeout: 5000 }).toBe(NOT_SAVED);
      expect(await badge(alice).getAttribute('class')).toContain('save-status--unsaved');
      // Alice reconnects, resends and is refused again: still not saved, the card still on her board.
      await expect
        .poll(() => live.server.logs.filter((line) => line.msg === STORAGE_FAILED).length, {
          timeout: 10_000,
        })
        .toBeGreaterThanOrEqual(2);
      expect(await badge(alice).textContent()).toBe(NOT_SAVED);
      await cardOn(alice, 'Written on a full disk').waitFor();
      expect(await texts(bob)).toEqual(['Stored before the disk filled']);
      expect(storedTexts(board.id)).toEqual(['Stored before the disk filled']);
      await alice.screenshot({ path: screenshotPath('disk-full-not-saved') });
    } finally {
      sqliteOf(live.server).limitPages(null);
    }

    const everything = ['Stored before the disk filled', 'Written on a full disk'];
    await expect.poll(() => badge(alice).textContent(), { timeout: 20_000 }).toBe('Saved');
    expect(await badge(alice).getAttribute('class')).not.toContain('save-status--unsaved');
    expect(storedTexts(board.id)).toEqual(everything);
    await expect.poll(() => texts(bob), { timeout: 5000 }).toEqual(everything);
    await alice.reload();
    await expect.poll(() => badge(alice).textContent(), { timeout: 10_000 }).toBe('Saved');
    await expect.poll(() => texts(alice)).toEqual(everything);
    await alice.context().close();
    await bob.context().close();
  });
});
