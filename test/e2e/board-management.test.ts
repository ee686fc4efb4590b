/**
 * Managing boards from the UI (issue #17, finding 10): a board is named when it is
 * created, and that name is what the recent list shows.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { useLiveApp } from '../support/live-app.js';

const live = useLiveApp();

async function namedPage(name: string): Promise<Page> {
  const context = await live.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: `localStorage.setItem('journeyboard:display-name', '${name}')` });
  return context.newPage();
}

async function shot(page: Page, name: string): Promise<void> {
  const file = screenshotPath(name);
  await page.screenshot({ path: file });
  expect(readFileSync(file).length).toBeGreaterThan(10_000);
}

describe('board management in Chromium', () => {
  it('names a board at creation, and the recent list shows that name', async () => {
    const page = await namedPage('Owner');
    await page.goto(live.server.url);
    await page.getByRole('button', { name: 'Create board from Blank journey map' }).click();
    const name = page.getByRole('textbox', { name: 'Board name' });
    await expect(name.inputValue()).resolves.toBe('Blank journey map');
    // Escape backs out without creating anything.
    await name.press('Escape');
    await expect(page.getByRole('textbox', { name: 'Board name' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Create board from Blank journey map' }).click();
    await page.getByRole('textbox', { name: 'Board name' }).fill('Checkout journey 2026');
    await shot(page, 'board-management-name-at-creation');
    await page.getByRole('textbox', { name: 'Board name' }).press('Enter');
    await page.waitForURL(/\/b\/[^/#]+$/);
    await expect
      .poll(() => page.locator('.board-header__title').textContent(), { timeout: 10_000 })
      .toBe('Checkout journey 2026');

    await page.goto(live.server.url);
    await expect(page.getByRole('link', { name: 'Checkout journey 2026' }).count()).resolves.toBe(1);
    await page.context().close();
  });
});
