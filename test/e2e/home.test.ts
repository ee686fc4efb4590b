import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { useLiveApp } from '../support/live-app.js';

const live = useLiveApp();

describe('the home page in Chromium', () => {
  it('offers the blank journey, the service blueprint and both worked examples', async () => {
    const page = await live.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(live.server.url);
    await expect
      .poll(() => page.getByRole('heading', { level: 3 }).allTextContents())
      .toEqual([
        'Blank journey map',
        'Service blueprint',
        'Worked example: online order with delivery problems',
        'Worked example: airline baggage-recovery blueprint',
      ]);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Journeyboard');
    const file = screenshotPath('home');
    await page.screenshot({ path: file, fullPage: true });
    expect(readFileSync(file).length).toBeGreaterThan(10_000);
    await page.close();
  });
});
