/** The Export menu in Chromium: each format downloads from the server with this person's link. */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();

async function exportVia(page: Page, item: string) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  await page.getByRole('menuitem', { name: item }).click();
  const file = await download;
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path()) as string) };
}

describe('the Export menu', () => {
  it('downloads the deck, a picture of the selection and the friction CSV, also for a viewer', async () => {
    const board = await createBoardOver(live.server.url, 'Delivery review', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer);

    await page.getByRole('button', { name: 'Export' }).click();
    const menu = page.getByRole('menu', { name: 'Export formats' });
    await expect(menu.getByRole('menuitem').count()).resolves.toBe(9);
    await expect(
      menu.getByRole('menuitem', { name: 'Picture of the selection (PNG)' }).isDisabled(),
    ).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('export-menu') });
    await page.keyboard.press('Escape');
    await expect.poll(() => menu.count()).toBe(0);

    const deck = await exportVia(page, 'Slides (PowerPoint)');
    expect(deck.name).toBe('Delivery-review.pptx');
    expect(deck.bytes.subarray(0, 2).toString()).toBe('PK');

    await cardOn(page, 'Refund for a lost parcel takes up to two weeks').click();
    const picture = await exportVia(page, 'Picture of the selection (PNG)');
    expect(picture.name).toBe('Delivery-review.png');
    expect(picture.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(picture.bytes.readUInt32BE(16)).toBeLessThan(400); // one card, not the whole map

    const csv = await exportVia(page, 'Friction points with scores (CSV)');
    expect(csv.name).toBe('Delivery-review-friction.csv');
    expect(csv.bytes.toString('utf8')).toContain('Refund for a lost parcel takes up to two weeks');
    await page.context().close();
  });
});
