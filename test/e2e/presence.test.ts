/**
 * Presence in Chromium: cursors with names, avatars, selections and drags of others,
 * follow, bring everyone, and the people bar of a big workshop.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { openBoardProvider } from '../../client/src/sync/provider.js';
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
    // Bob's cursor glides to each place by an animation, which fires no DOM events (a CSS
    // transition fired four a move, each through React's root listener).
    await alice.evaluate(() => {
      const counts = { glides: 0, transitions: 0 };
      (window as unknown as { __cursor: typeof counts }).__cursor = counts;
      const animate = Element.prototype.animate;
      Element.prototype.animate = function (this: Element, ...args: Parameters<Element['animate']>) {
        if (this.classList.contains('peer-cursor')) counts.glides++;
        return animate.apply(this, args);
      };
      document.addEventListener('transitionrun', () => counts.transitions++, true);
    });
    await bob.mouse.move(600, 450, { steps: 6 });
    const cursorCounts = () =>
      alice.evaluate(
        () => (window as unknown as { __cursor: { glides: number; transitions: number } }).__cursor,
      );
    await expect.poll(async () => (await cursorCounts()).glides, { timeout: 2000 }).toBeGreaterThan(0);
    expect((await cursorCounts()).transitions).toBe(0);
    // Asked for less motion, the cursor jumps to each place.
    await alice.emulateMedia({ reducedMotion: 'reduce' });
    const glidesBefore = (await cursorCounts()).glides;
    const bobsCursor = alice.locator('.peer-cursor');
    const placeBefore = await bobsCursor.evaluate((cursor) => (cursor as HTMLElement).style.transform);
    await bob.mouse.move(700, 500, { steps: 6 });
    await expect
      .poll(() => bobsCursor.evaluate((cursor) => (cursor as HTMLElement).style.transform), { timeout: 2000 })
      .not.toBe(placeBefore);
    expect((await cursorCounts()).glides).toBe(glidesBefore);
    await alice.emulateMedia({ reducedMotion: null });

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
    // Every place Bob's view passes through on its way (React Flow sets it on the viewport's style).
    await bob.locator('.react-flow__viewport').evaluate((viewport) => {
      const places: string[] = [];
      (window as unknown as { __places: string[] }).__places = places;
      new MutationObserver(() => places.push((viewport as HTMLElement).style.transform)).observe(viewport, {
        attributeFilter: ['style'],
      });
    });
    const placesSince = async (from: number) =>
      (await bob.evaluate(() => (window as unknown as { __places: string[] }).__places)).slice(from).length;

    // Alice zooms in somewhere, then calls everyone over: Bob's view flies there.
    await alice.mouse.move(700, 500);
    await alice.mouse.wheel(0, -400);
    await alice.waitForTimeout(300);
    await alice.getByRole('button', { name: 'Bring everyone to me' }).click();
    await expect.poll(() => viewportOf(bob), { timeout: 3000 }).toBe(await viewportOf(alice));
    expect(await placesSince(0)).toBeGreaterThan(3);

    // Bob asked his system for less motion: the next call takes him there in one step.
    await bob.emulateMedia({ reducedMotion: 'reduce' });
    const flown = await placesSince(0);
    const before = await viewportOf(alice);
    await alice.mouse.move(700, 500);
    await alice.mouse.wheel(0, 200);
    await expect.poll(() => viewportOf(alice)).not.toBe(before);
    await alice.waitForTimeout(300);
    await alice.getByRole('button', { name: 'Bring everyone to me' }).click();
    await expect.poll(() => viewportOf(bob), { timeout: 3000 }).toBe(await viewportOf(alice));
    await bob.waitForTimeout(400);
    expect(await placesSince(flown)).toBe(1);
    await bob.emulateMedia({ reducedMotion: null });

    // Only owners may call everyone over: Bob, an editor, is not offered it.
    expect(await bob.getByRole('button', { name: 'Bring everyone to me' }).count()).toBe(0);
    // Bob follows Alice: where she goes, his view goes.
    await bob.getByRole('button', { name: 'Follow Alice' }).click();
    const called = await viewportOf(alice);
    await alice.mouse.move(700, 500);
    await alice.mouse.wheel(0, 300);
    await expect.poll(() => viewportOf(alice)).not.toBe(called);
    await alice.waitForTimeout(300);
    await expect.poll(() => viewportOf(bob), { timeout: 3000 }).toBe(await viewportOf(alice));
    await alice.context().close();
    await bob.context().close();
  });
});

describe('presence in a big workshop', () => {
  it('shows ten avatars and the rest behind +N; anyone in the list can be followed', async () => {
    const board = await createBoardOver(live.server.url, 'Big workshop');
    const others = Array.from({ length: 29 }, (_, n) => {
      const doc = new Y.Doc();
      const provider = openBoardProvider(live.server.wsUrl, board.id, doc, {
        token: board.tokens.editor,
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      provider.awareness.setLocalState({
        user: { name: `Person ${n + 1}`, color: '#1971c2' },
        cursor: null,
        selection: [],
        drag: null,
        viewport: { x: -40 * n, y: 0, zoom: 1 },
        summon: null,
      });
      return provider;
    });
    try {
      const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner, 'Alice');
      const people = alice.getByRole('group', { name: 'People on this board' });
      const more = people.getByRole('button', { name: '19 more people' });
      await more.waitFor({ timeout: 5000 });
      await expect.poll(() => people.getByRole('button', { name: /^Follow / }).count()).toBe(10);

      // Everyone moves a cursor: Alice sees them all, and the bar stays as it was.
      for (let step = 1; step <= 5; step++) {
        for (const [n, provider] of others.entries()) {
          provider.awareness.setLocalStateField('cursor', { x: 100 + 20 * n, y: 100 + 10 * step });
        }
        await alice.waitForTimeout(70);
      }
      await expect.poll(() => alice.locator('.peer-cursor').count(), { timeout: 3000 }).toBe(29);
      expect(await people.getByRole('button', { name: /^Follow / }).count()).toBe(10);

      await more.click();
      const list = people.getByRole('list', { name: 'More people' });
      await expect.poll(() => list.getByRole('button', { name: /^Follow / }).count()).toBe(19);
      await alice.screenshot({ path: screenshotPath('presence-many') });
      await list.getByRole('button', { name: 'Follow Person 25' }).click();
      // The person followed is among the avatars shown, pressed; the list holds the others.
      const followed = people.getByRole('button', { name: 'Stop following Person 25' });
      await expect.poll(() => followed.getAttribute('aria-pressed')).toBe('true');
      expect(await people.getByRole('button', { name: /^Follow / }).count()).toBe(9);
      await more.click();
      await expect.poll(() => list.getByRole('button', { name: /^Follow / }).count()).toBe(19);
      expect(await list.getByRole('button', { name: /Person 25$/ }).count()).toBe(0);
      // Escape closes the list.
      await list.getByRole('button').first().focus();
      await alice.keyboard.press('Escape');
      await expect.poll(() => list.count()).toBe(0);
      expect(await more.getAttribute('aria-expanded')).toBe('false');
      await alice.context().close();
    } finally {
      for (const provider of others) provider.destroy();
    }
  });
});
