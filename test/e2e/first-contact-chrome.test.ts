/**
 * Chrome that crowded the map (issue 17, finding 13): zoomed in, the stage and lane
 * headers stay at the canvas's edges and keep working; the matrix shows every chip's
 * whole title without overlaps; Compare's two panes scroll as one.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { openBoard } from '../support/pages.js';

const live = useLiveApp();

const TITLE = 'Worked example: online order with delivery problems';

async function workedExample(): Promise<Page> {
  const board = await createBoardOver(live.server.url, TITLE, 'online-order');
  const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner);
  await page.setViewportSize({ width: 1280, height: 720 });
  await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(20);
  return page;
}

/** Where the headers in sight sit against the canvas's edges, in screen pixels. */
const headerEdges = (page: Page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('.react-flow')!.getBoundingClientRect();
    const inSight = (box: DOMRect) =>
      box.right > canvas.left &&
      box.left < canvas.right &&
      box.bottom > canvas.top &&
      box.top < canvas.bottom;
    const boxes = (selector: string) =>
      [...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect()).filter(inSight);
    const stages = boxes('.stage-column__header');
    const lanes = boxes('.lane-row__header');
    return {
      stagesInSight: stages.length,
      lanesInSight: lanes.length,
      stagesAtTop: stages.every((box) => Math.abs(box.top - canvas.top) <= 1),
      lanesAtLeft: lanes.every((box) => Math.abs(box.left - canvas.left) <= 1),
    };
  });

describe('the stage and lane headers, zoomed in', () => {
  it('stay pinned to the top and left of the canvas, and their buttons still work', async () => {
    const page = await workedExample();
    // From the whole map, zoomed in round its middle: the grid's top-left corner goes out of sight.
    for (let i = 0; i < 4; i++) await page.locator('.react-flow__controls-zoomin').click();
    await expect
      .poll(() => headerEdges(page))
      .toEqual({
        stagesInSight: expect.any(Number),
        lanesInSight: expect.any(Number),
        stagesAtTop: true,
        lanesAtLeft: true,
      });
    const edges = await headerEdges(page);
    expect(edges.stagesInSight).toBeGreaterThan(0);
    expect(edges.lanesInSight).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('frozen-headers-zoomed') });

    // A pinned header is still a header: rename the first stage in sight from where it is pinned.
    const stage = page.locator('.stage-column__header').filter({ visible: true });
    const names = await page.evaluate(() => {
      const canvas = document.querySelector('.react-flow')!.getBoundingClientRect();
      const lanes = document.querySelector('.lane-row__header')!.getBoundingClientRect();
      return [...document.querySelectorAll('.stage-column__header')]
        .filter((e) => {
          const box = e.getBoundingClientRect();
          return box.left >= lanes.right && box.right < canvas.right;
        })
        .map((e) => e.getAttribute('aria-label')!);
    });
    const name = names[0]!;
    const header = page.getByRole('region', { name, exact: true });
    await header.locator('.header-title').hover();
    const title = name.replace(/^Stage /, '');
    await header.getByRole('button', { name: `Rename stage ${title}` }).click();
    await page.getByRole('textbox', { name: `Rename stage ${title}` }).fill(`${title} (pinned)`);
    await page.keyboard.press('Enter');
    await expect.poll(() => stage.getByText(`${title} (pinned)`).count()).toBe(1);
    await page.context().close();
  });
});

describe('the priority matrix', () => {
  it('shows each chip whole, inside its quadrant, with none over another', async () => {
    const page = await workedExample();
    await page.getByRole('button', { name: 'Opportunities', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Opportunities', exact: true });
    await panel.getByRole('tab', { name: 'Matrix' }).click();
    const matrix = panel.getByRole('region', { name: 'Impact and effort matrix' });
    await expect.poll(() => matrix.getByRole('button').count()).toBeGreaterThan(5);
    await page.screenshot({ path: screenshotPath('matrix-chips') });
    const chips = await matrix.evaluate((square) => {
      const frame = square.getBoundingClientRect();
      return [...square.querySelectorAll('button')].map((chip) => {
        const box = chip.getBoundingClientRect();
        return {
          title: chip.getAttribute('title'),
          text: chip.textContent,
          cut: chip.scrollHeight > chip.clientHeight + 1 || chip.scrollWidth > chip.clientWidth + 1,
          inside:
            box.left >= frame.left &&
            box.right <= frame.right &&
            box.top >= frame.top &&
            box.bottom <= frame.bottom,
          box: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
        };
      });
    });
    for (const chip of chips) {
      expect(chip, chip.text ?? '').toMatchObject({ cut: false, inside: true });
      expect(chip.title).toContain(chip.text);
    }
    const overlaps = chips.flatMap((a, i) =>
      chips
        .slice(i + 1)
        .filter(
          (b) =>
            a.box.left < b.box.right - 1 &&
            b.box.left < a.box.right - 1 &&
            a.box.top < b.box.bottom - 1 &&
            b.box.top < a.box.bottom - 1,
        )
        .map((b) => `${a.text} / ${b.text}`),
    );
    expect(overlaps).toEqual([]);
    await page.context().close();
  });
});

describe('Compare', () => {
  it('scrolls its two panes as one, so the same lane stays level in both', async () => {
    const page = await workedExample();
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    const panes = page.locator('.compare__scroll');
    await expect.poll(() => panes.count()).toBe(2);
    const box = (await panes.first().boundingBox())!;
    // Over the part of the first pane in sight (the friction comparison sits above the panes).
    await page.mouse.move(box.x + box.width / 2, box.y + 60);
    await page.mouse.wheel(120, 200);
    const scrolled = () =>
      panes.evaluateAll((elements) => elements.map((e) => ({ top: e.scrollTop, left: e.scrollLeft })));
    await expect
      .poll(async () => {
        const [first, second] = await scrolled();
        return first!.top > 0 && first!.top === second!.top && first!.left === second!.left;
      })
      .toBe(true);
    // The same lane (the first one) sits at the same height in both panes.
    const laneTops = await panes.evaluateAll((elements) =>
      elements.map((e) => e.querySelector('.compare__lane')!.getBoundingClientRect().top),
    );
    expect(Math.abs(laneTops[0]! - laneTops[1]!)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: screenshotPath('compare-linked-scroll') });
    await page.context().close();
  });
});
