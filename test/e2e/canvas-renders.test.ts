/**
 * Work only where it shows (issue 16, must-show 2), in Chromium on a 2,000-card board:
 * opening it draws only the cards in sight, from the first frame on; one remote change
 * draws a card component a few times at most, not once per card; zoomed out, cards
 * are plain shapes; zoomed in, only the cards and lines in sight
 * are in the document.
 *
 * Renders are counted through React's devtools hook (the one React DevTools uses, which
 * the production build also calls): after each commit it walks the fibers that worked
 * in that commit and counts those of CardNode's view. The app carries no test code.
 */
import { readBoard, updateCard } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CARD_HANDLES } from '../../client/src/canvas/cardHandles.js';
import { bigBoardFile } from '../bench/big-board.js';
import { screenshotPath } from '../support/browser.js';
import { joinSynced, useClients } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { cardOn, untilSaved } from '../support/pages.js';

const live = useLiveApp();
const clients = useClients();
const CARDS = 2000;

// A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
// A fiber rendered in a commit when it is new, or when React flagged it PerformedWork (1);
// a subtree whose child is the previous tree's own was not visited, so it is not walked.
const RENDER_COUNTER = `
  localStorage.setItem('journeyboard:display-name', 'Alice');
  window.__cardRenders = 0;
  window.__mostCardNodes = 0;
  const isCardView = (f) =>
    f.tag === 0 && f.memoizedProps && f.memoizedProps.type === 'card' && f.memoizedProps.data && f.memoizedProps.data.card;
  const walk = (first) => {
    for (let f = first; f; f = f.sibling) {
      const before = f.alternate;
      if (isCardView(f) && (before === null || (f.flags & 1) === 1)) window.__cardRenders++;
      if (f.child && (before === null || before.child !== f.child)) walk(f.child);
    }
  };
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    inject: () => 1,
    onCommitFiberRoot: (_id, root) => {
      walk(root.current.child);
      window.__mostCardNodes = Math.max(window.__mostCardNodes, document.querySelectorAll('.react-flow__node-card').length);
    },
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    checkDCE: () => {},
  };
`;

const renders = (page: Page) =>
  page.evaluate(() => (window as unknown as { __cardRenders: number }).__cardRenders);
const resetRenders = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { __cardRenders: number }).__cardRenders = 0;
  });

describe('a 2,000-card board in Chromium', () => {
  it('draws one card again for a remote edit and a remote drag; zoomed out, cards are plain shapes', async () => {
    const imported = await fetch(`${live.server.url}/api/boards/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(bigBoardFile(CARDS)),
    });
    const board = (await imported.json()) as { id: string; tokens: { editor: string } };
    const context = await live.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript({ content: RENDER_COUNTER });
    const page = await context.newPage();
    await page.goto(`${live.server.url}/b/${board.id}#token=${board.tokens.editor}`);
    await untilSaved(page, 30_000);
    // Fitted to the view (as far out as the canvas goes), a board this big shows part of
    // its cards, every one a plain shape; those out of sight are not in the document.
    await expect
      .poll(() => page.locator('.react-flow__node-card').count(), { timeout: 30_000 })
      .toBeGreaterThan(100);
    const far = await page.locator('.react-flow__node-card').count();
    expect(far).toBeLessThan(CARDS);
    expect(await page.locator('.card--far').count()).toBe(far);
    expect(await page.locator('.card__text').count()).toBe(0);
    expect(await renders(page)).toBeGreaterThanOrEqual(far);
    // From the first commit on, only the cards in sight were drawn: React Flow, told every
    // node's size and handles (flowNodes.ts, sized), did not draw all 2,000 to measure them.
    expect(
      await page.evaluate(() => (window as unknown as { __mostCardNodes: number }).__mostCardNodes),
    ).toBe(far);
    expect(await renders(page)).toBeLessThan(2 * far);
    await page.screenshot({ path: screenshotPath('big-board-far') });

    // Bob, elsewhere, rewrites one card.
    const bob = await joinSynced(clients, live.server.wsUrl, board.id, board.tokens.editor);
    // Two cards in sight: their ids as the page draws them.
    const idOf = (n: number) => page.locator('.card').nth(n).getAttribute('data-card-id') as Promise<string>;
    const [editedId, draggedId] = [await idOf(3), await idOf(40)];
    expect(readBoard(bob.doc).cards.some((c) => c.id === editedId)).toBe(true);
    await resetRenders(page);
    updateCard(bob.doc, { id: editedId, text: 'Waits on hold for twenty minutes' });
    await cardOn(page, 'Waits on hold for twenty minutes').waitFor({ timeout: 10_000 });
    const afterEdit = await renders(page);
    expect(afterEdit).toBeGreaterThanOrEqual(1);
    expect(afterEdit).toBeLessThanOrEqual(3);

    // Bob drags another card: each step of the drag moves that card and draws it at most once more.
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob', color: '#e8590c' });
    const nodeOf = (id: string) =>
      page
        .locator(`.react-flow__node:has([data-card-id="${id}"])`)
        .evaluate((el) => (el as HTMLElement).style.transform);
    const [x, y] = ((await nodeOf(draggedId)).match(/-?[\d.]+/g) ?? []).map(Number) as [number, number];
    await resetRenders(page);
    for (let step = 1; step <= 5; step++) {
      const at = { x: x + 40 * step, y: y + 30 * step };
      bob.provider.awareness.setLocalStateField('drag', { id: draggedId, ...at });
      await expect.poll(() => nodeOf(draggedId)).toBe(`translate(${at.x}px, ${at.y}px)`);
    }
    const afterDrag = await renders(page);
    expect(afterDrag).toBeGreaterThanOrEqual(1);
    expect(afterDrag).toBeLessThanOrEqual(5 + 2);

    // Zoomed in on the card Bob rewrote: the cards read again, and only those in sight are drawn.
    const box = (await cardOn(page, 'Waits on hold for twenty minutes').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    // On the way, just above zoom 0.1: the plain shapes, big enough to look at.
    const zoom = () =>
      page
        .locator('.react-flow__viewport')
        .evaluate((viewport) => new DOMMatrix(getComputedStyle(viewport).transform).a);
    await page.mouse.wheel(0, -600);
    await expect.poll(zoom).toBeGreaterThan(0.2);
    expect(await page.locator('.card--far').count()).toBe(
      await page.locator('.react-flow__node-card').count(),
    );
    await page.screenshot({ path: screenshotPath('big-board-far-closer') });
    for (let turn = 0; turn < 4; turn++) await page.mouse.wheel(0, -600);
    await expect.poll(() => page.locator('.card--far').count(), { timeout: 10_000 }).toBe(0);
    await cardOn(page, 'Waits on hold for twenty minutes').locator('.card__text').waitFor();
    const inSight = await page.locator('.react-flow__node-card').count();
    expect(inSight).toBeGreaterThan(0);
    expect(inSight).toBeLessThan(CARDS / 10);
    expect(await page.locator('.card__text').count()).toBe(inSight);
    // The handles React Flow was told of are where the card draws them: lines and the
    // line being drawn start from these until React Flow next measures the card.
    const drawn = await cardOn(page, 'Waits on hold for twenty minutes').evaluate((card) => {
      const node = card.closest('.react-flow__node') as HTMLElement;
      const box = node.getBoundingClientRect();
      const scale = box.width / node.offsetWidth;
      return [...node.querySelectorAll<HTMLElement>('.react-flow__handle')].map((handle) => {
        const at = handle.getBoundingClientRect();
        const flow = (n: number) => Math.round(n / scale);
        return {
          type: handle.classList.contains('source') ? 'source' : 'target',
          position: handle.dataset.handlepos,
          x: flow(at.left - box.left),
          y: flow(at.top - box.top),
          width: flow(at.width),
          height: flow(at.height),
        };
      });
    });
    expect(drawn).toEqual(CARD_HANDLES);
    await page.screenshot({ path: screenshotPath('big-board-near') });
    await context.close();
  }, 180_000);
});
