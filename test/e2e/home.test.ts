import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshotPath } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the home page in Chromium', () => {
  it('offers the blank journey, the service blueprint and both worked examples', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
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
