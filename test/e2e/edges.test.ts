/**
 * Edges in Chromium, as a newcomer draws and reads them: a line dropped anywhere on
 * a card's body connects (through the board's commands, so permissions apply), the
 * worked example's arrowheads show at fit zoom with labels clear of cards, and the
 * canvas draws each line along the same route as the picture export.
 */

import { renderSvg } from '@journeyboard/server';
import { type BoardSnapshot, edgeGeometry, GRID, layoutState, readBoard } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { openBoard } from '../support/pages.js';

const live = useLiveApp();

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);
const currentState = (board: BoardSnapshot) => board.states.find((s) => s.kind === 'current')!.id;

/** Drags from the source card's right handle and lets go over the middle of the target card's body. */
async function dragLineOntoBody(page: Page, from: string, to: string, screenshot?: string): Promise<void> {
  const source = page.locator(`.card[data-card-id="${from}"]`);
  const target = page.locator(`.card[data-card-id="${to}"]`);
  await source.hover();
  const handle = (await source.locator('.react-flow__handle-right').boundingBox())!;
  const goal = (await target.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(goal.x + goal.width / 2, goal.y + goal.height / 2, { steps: 12 });
  await page.mouse.move(goal.x + goal.width / 2 + 1, goal.y + goal.height / 2, { steps: 2 });
  if (screenshot) await page.screenshot({ path: screenshotPath(screenshot) });
  await page.mouse.up();
}

/** Waits until the canvas stops moving (fit and zoom may animate). */
async function viewSettled(page: Page): Promise<void> {
  const transform = () =>
    page.locator('.react-flow__viewport').evaluate((v) => getComputedStyle(v).transform);
  let last = '';
  await expect
    .poll(async () => {
      const now = await transform();
      const still = now === last;
      last = now;
      return still;
    })
    .toBe(true);
}

/** Two cards of the current state far enough apart that no handle lies near the target's middle. */
function twoCards(board: BoardSnapshot): [string, string] {
  const layout = layoutState(board, currentState(board));
  const linked = new Set(board.edges.map((e) => `${e.from}>${e.to}`));
  const first = layout.cards[0]!;
  const other = layout.cards.find(
    (p) => p.x > first.x + GRID.stageWidth && !linked.has(`${first.card.id}>${p.card.id}`),
  )!;
  return [first.card.id, other.card.id];
}

describe('edges people can draw and read', () => {
  it('draws nothing when a viewer makes the same drag', async () => {
    const board = await createBoardOver(live.server.url, 'Viewer drag', 'online-order');
    const viewer = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer, 'Vera');
    const before = stored(board.id).edges.length;
    const [from, to] = twoCards(stored(board.id));
    await viewer.locator(`.card[data-card-id="${from}"]`).hover();
    // No handle to start from: the canvas offers connecting only to those who may draw lines.
    await expect(viewer.locator('.react-flow__handle.connectable').count()).resolves.toBe(0);
    await dragLineOntoBody(viewer, from, to);
    await viewer.locator(`.card[data-card-id="${to}"]`).click();
    expect(stored(board.id).edges.length).toBe(before);
    await viewer.context().close();
  });

  it('connects a line dropped on the middle of a card’s body', async () => {
    const board = await createBoardOver(live.server.url, 'Drop anywhere', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const [from, to] = twoCards(stored(board.id));
    const connected = () => stored(board.id).edges.some((e) => e.from === from && e.to === to);
    await dragLineOntoBody(page, from, to, 'edges-drop-on-body');
    await expect.poll(connected).toBe(true);
    await expect
      .poll(() => page.locator('.react-flow__edge').count())
      .toBe(stored(board.id).edges.filter((e) => e.stateId === currentState(stored(board.id))).length);
    await page.context().close();
  });

  it('draws the worked example with arrowheads visible at fit zoom and labels clear of cards', async () => {
    const board = await createBoardOver(live.server.url, 'Worked example', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const edges = stored(board.id).edges.filter((e) => e.stateId === currentState(stored(board.id)));
    for (const size of [
      { width: 1024, height: 640 },
      { width: 1440, height: 900 },
    ]) {
      await page.setViewportSize(size);
      await page.getByRole('button', { name: 'Fit View' }).click();
      await viewSettled(page);
      await page.screenshot({
        path: screenshotPath(`edges-worked-example-fit-${size.width}x${size.height}`),
      });
      const seen = await page.evaluate(() => {
        const rects = (selector: string) =>
          [...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect());
        const cards = rects('.card');
        const labels = rects('.edge-label');
        const overlaps = (a: DOMRect, b: DOMRect) =>
          a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
        const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
        const line = document.querySelector('.react-flow__edge-path') as SVGPathElement;
        return {
          zoom,
          lineWidth: Number.parseFloat(getComputedStyle(line).strokeWidth) * zoom,
          arrows: rects('.edge-arrow').map((a) => Math.max(a.width, a.height)),
          labels: labels.length,
          labelsOverCards: labels.filter((l) => cards.some((c) => overlaps(l, c))).length,
          // Each label is what shows at its own centre: no line drawn over it. (Labels let the
          // pointer through to the canvas, so they take hits only for this look.)
          labelsCovered: [...document.querySelectorAll<HTMLElement>('.edge-label')].filter((l) => {
            l.style.pointerEvents = 'auto';
            const r = l.getBoundingClientRect();
            const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            l.style.pointerEvents = '';
            return top !== l && !l.contains(top);
          }).length,
        };
      });
      // The whole map on screen: zoomed well out.
      expect(seen.zoom).toBeLessThan(0.6);
      expect(seen.lineWidth).toBeGreaterThanOrEqual(1.5);
      expect(seen.arrows).toHaveLength(edges.length);
      // At least 8 screen pixels long: an arrowhead a person can see at the zoom that shows the whole map.
      for (const arrow of seen.arrows) expect(arrow).toBeGreaterThanOrEqual(8);
      expect(seen.labels).toBe(edges.filter((e) => e.label || e.kind === 'handoff').length);
      expect(seen.labelsOverCards).toBe(0);
      expect(seen.labelsCovered).toBe(0);
    }
    // Closer in, as people read labels.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Zoom In' }).click();
    await viewSettled(page);
    await page.screenshot({ path: screenshotPath('edges-worked-example-close') });
    await page.context().close();
  });

  it('routes each line on the canvas exactly as the picture export does', async () => {
    const board = await createBoardOver(live.server.url, 'Same routes', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const snapshot = stored(board.id);
    const stateId = currentState(snapshot);
    const onCanvas = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('.react-flow__edge')].map((e) => [
          e.getAttribute('data-id'),
          e.querySelector('.react-flow__edge-path')?.getAttribute('d'),
        ]),
      ),
    );
    const svg = renderSvg(snapshot, { stateId });
    const exported = Object.fromEntries(
      [...svg.matchAll(/<path data-edge-id="([^"]+)" d="([^"]+)"/g)].map((m) => [m[1], m[2]]),
    );
    const shared = Object.fromEntries(
      edgeGeometry(layoutState(snapshot, stateId), snapshot.edges).map((g) => [g.edge.id, g.path]),
    );
    expect(Object.keys(shared).length).toBeGreaterThan(5);
    expect(onCanvas).toEqual(shared);
    expect(exported).toEqual(shared);
    // And each label where the export sets it: the same text at the same centre.
    const canvasLabels = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.edge-label')].map(
        (l) =>
          `${l.textContent} @ ${/translate\(([-\d.]+)px, ([-\d.]+)px\)/.exec(l.style.transform)?.slice(1).join(',')}`,
      ),
    );
    const sharedLabels = edgeGeometry(layoutState(snapshot, stateId), snapshot.edges).flatMap((g) =>
      g.label ? [`${g.label.text} @ ${g.label.x},${g.label.y}`] : [],
    );
    expect(canvasLabels.sort()).toEqual(sharedLabels.sort());

    // A selected line keeps its kind's colour (React Flow would grey it) and gains a glow.
    const first = snapshot.cards.find((c) => c.text.startsWith('Browses'))!;
    const straight = snapshot.edges.find((e) => e.from === first.id)!;
    const line = page.locator(`.react-flow__edge[data-id="${straight.id}"]`);
    await line.click();
    await expect.poll(() => line.getAttribute('class')).toContain('selected');
    const stroke = await line
      .locator('.react-flow__edge-path')
      .evaluate((path) => getComputedStyle(path).stroke);
    expect(stroke).toBe('rgb(76, 110, 245)'); // EDGE_STYLES.flow
    await page.screenshot({ path: screenshotPath('edges-selected') });
    await page.context().close();
  });
});
