/** Board pages in Chromium, driven the way a person uses them. */
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';

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
  await expect.poll(() => page.locator('.save-status').textContent(), { timeout: 10_000 }).toBe('Saved');
  return page;
}

export const cardOn = (page: Page, text: string) => page.getByRole('article', { name: text, exact: true });

export async function addCardVia(page: Page, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Add card' }).click();
  await page.getByRole('textbox', { name: 'Card text' }).fill(text);
  await page.keyboard.press('Enter');
}
