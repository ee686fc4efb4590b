/** Presence in Chromium: cursors with names, avatars, selections and drags of others, follow, bring everyone. */
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();

describe('presence', () => {
  it('Alice sees Bob’s cursor, avatar, selection and drag while it happens', async () => {
    const board = await createBoardOver(live.server.url, 'Presence', 'online-order');
    const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Alice');
    const bob = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Bob Builder');

    await expect.poll(() => alice.getByRole('button', { name: 'Follow Bob Builder' }).count()).toBe(1);
    await bob.mouse.move(500, 400);
    await bob.mouse.move(520, 420, { steps: 4 });
    await alice.locator('.peer-cursor__name', { hasText: 'Bob Builder' }).waitFor({ timeout: 2000 });

    const target = alice.locator('.card').first();
    const text = (await target.getAttribute('aria-label')) as string;
    await cardOn(bob, text).click();
    await expect
      .poll(() => cardOn(alice, text).getAttribute('class'), { timeout: 2000 })
      .toContain('card--peer-selected');

    const box = (await cardOn(bob, text).boundingBox())!;
    const before = (await cardOn(alice, text).boundingBox())!;
    await bob.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await bob.mouse.down();
    await bob.mouse.move(box.x + box.width / 2 + 150, box.y + box.height / 2 + 120, { steps: 12 });
    // Mid-drag: nothing is in the document yet, but Alice already sees the card travel.
    await expect
      .poll(async () => (await cardOn(alice, text).boundingBox())!.x - before.x, { timeout: 2000 })
      .toBeGreaterThan(40);
    await expect.poll(() => cardOn(alice, text).getAttribute('class')).toContain('card--peer-dragging');
    await alice.screenshot({ path: screenshotPath('presence') });
    await bob.mouse.up();
    await alice.context().close();
    await bob.context().close();
  });

  it('follow a person, and bring everyone to me', async () => {
    const board = await createBoardOver(live.server.url, 'Facilitation');
    const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner, 'Alice');
    const bob = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Bob');
    const viewportOf = (page: typeof alice) =>
      page.locator('.react-flow__viewport').evaluate((el) => getComputedStyle(el).transform);

    // Alice zooms in somewhere, then calls everyone over.
    await alice.mouse.move(700, 500);
    await alice.mouse.wheel(0, -400);
    await alice.waitForTimeout(300);
    await alice.getByRole('button', { name: 'Bring everyone to me' }).click();
    await expect.poll(() => viewportOf(bob), { timeout: 3000 }).toBe(await viewportOf(alice));

    // Bob follows Alice: where she goes, his view goes.
    await bob.getByRole('button', { name: 'Follow Alice' }).click();
    await alice.mouse.wheel(0, 300);
    await alice.waitForTimeout(300);
    await expect.poll(() => viewportOf(bob), { timeout: 3000 }).toBe(await viewportOf(alice));
    await alice.context().close();
    await bob.context().close();
  });
});
