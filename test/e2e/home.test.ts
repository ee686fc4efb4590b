import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { useLiveApp } from '../support/live-app.js';
import { untilSaved } from '../support/pages.js';

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

  it('creates a board from a template, lists it under recent boards, and opens a share link', async () => {
    const context = await live.browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript({
      content: "localStorage.setItem('journeyboard:display-name', 'Facilitator')",
    });
    const page = await context.newPage();
    await page.goto(live.server.url);
    await page.getByRole('button', { name: 'Create board from Service blueprint' }).click();
    // The name is asked first, prefilled with the template's.
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    // The board opens from its link, and the token leaves the address bar (screen sharing shows it).
    await page.waitForURL(/\/b\/[^/#]+$/);
    await untilSaved(page);
    expect(page.url()).not.toContain('token');
    // The title is drawn from the synced board on the next frame: poll rather than read once.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Service blueprint');
    const boardId = new URL(page.url()).pathname.split('/')[2] as string;

    await page.goto(live.server.url);
    await expect(page.getByRole('link', { name: 'Service blueprint' }).getAttribute('href')).resolves.toMatch(
      new RegExp(`^/b/${boardId}#token=`),
    );

    const response = await fetch(`${live.server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Shared with me', template: 'blank-journey' }),
    });
    const shared = (await response.json()) as { links: { viewer: string } };
    await page.getByRole('textbox', { name: 'Share link' }).fill(shared.links.viewer);
    await page.getByRole('button', { name: 'Open' }).click();
    await untilSaved(page);
    await page.getByText('View only').waitFor();
    await context.close();
  });
});
