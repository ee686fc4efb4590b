/**
 * The friction business case in Chromium: the ranked list agrees with the shared
 * scoring, filters narrow it, a row takes you to its card, the board's weights
 * rescore it for everyone, and the heat map colours the canvas.
 */
import { type BoardSnapshot, rankFriction, readBoard } from '@journeyboard/shared';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();

const number = (text: string | null) => Number((text ?? '').replace(/[,%]/g, ''));

function serverBoard(boardId: string): BoardSnapshot {
  return readBoard(live.server.rooms.get(boardId)!.doc);
}

/** What the ranked list shows: each row's card text, score and share (in %). */
async function rowsOf(panel: Locator) {
  // Only the list's own items: each row's tooltip holds a list of its own.
  const rows = panel.getByRole('list', { name: 'Ranked friction points' }).locator(':scope > li');
  return rows.evaluateAll((items) =>
    items.map((item) => ({
      text: item.querySelector('.friction-row__text')?.textContent ?? '',
      score: item.querySelector('.friction-row__score')?.textContent ?? '',
      share: item.querySelector('.friction-row__share')?.textContent ?? '',
    })),
  );
}

async function openFriction(page: Page): Promise<Locator> {
  await action(page, 'Friction');
  const panel = page.getByRole('region', { name: 'Friction', exact: true });
  await panel.getByRole('list', { name: 'Ranked friction points' }).waitFor();
  return panel;
}

describe('friction analytics', () => {
  it('ranks, filters, focuses, rescores and maps the friction of a journey', async () => {
    const board = await createBoardOver(live.server.url, 'Online order', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner);
    const snapshot = serverBoard(board.id);
    const stateId = snapshot.states[0]!.id;
    const expected = rankFriction(snapshot, stateId);
    expect(expected.items.length).toBeGreaterThan(5);

    const panel = await openFriction(page);
    const summary = panel.getByRole('definition');
    await expect(summary.allTextContents()).resolves.toEqual([
      String(expected.total),
      String(expected.items.length),
      String(expected.unassessed),
    ]);

    // Highest first, the same order and scores as the shared scoring, and the shares make up the whole.
    const rows = await rowsOf(panel);
    expect(rows.map((r) => r.text)).toEqual(expected.items.map((i) => i.card.text));
    const scores = rows.map((r) => number(r.score));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBe(expected.items[0]!.score.score);
    const shares = rows.reduce((sum, r) => sum + number(r.share), 0);
    expect(Math.abs(shares - 100)).toBeLessThan(0.05 * rows.length);

    // Hovering a row explains its score.
    const top = expected.items[0]!;
    const topRow = panel.getByRole('button', { name: top.card.text, exact: true });
    await topRow.hover();
    const why = panel.getByRole('tooltip').filter({ visible: true });
    await expect.poll(() => why.textContent()).toContain(`severity ${top.score.severity} of 5`);
    await page.screenshot({ path: screenshotPath('friction-explanation') });

    // One segment: fewer rows, each of that persona, shares of the narrower total.
    const persona = snapshot.personas.find((p) =>
      expected.items.some((i) => i.card.friction.segmentId === p.id),
    )!;
    const forPersona = rankFriction(snapshot, stateId, { segmentId: persona.id });
    expect(forPersona.items.length).toBeLessThan(expected.items.length);
    await panel.getByLabel('Segment', { exact: true }).selectOption({ label: persona.name });
    await expect
      .poll(async () => (await rowsOf(panel)).map((r) => r.text))
      .toEqual(forPersona.items.map((i) => i.card.text));
    const filteredShares = (await rowsOf(panel)).reduce((sum, r) => sum + number(r.share), 0);
    expect(Math.abs(filteredShares - 100)).toBeLessThan(0.05 * forPersona.items.length);
    await panel.getByText('Filtered:').waitFor();
    await page.screenshot({ path: screenshotPath('friction-filtered') });
    await panel.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => (await rowsOf(panel)).length).toBe(expected.items.length);

    // A row selects its card and brings it to the middle of the canvas; the panel stays open.
    const last = expected.items.at(-1)!;
    await panel.getByRole('button', { name: last.card.text, exact: true }).click();
    await expect.poll(() => cardOn(page, last.card.text).getAttribute('class')).toContain('card--selected');
    const canvas = (await page.locator('.canvas').boundingBox())!;
    await expect
      .poll(
        async () => {
          const box = await cardOn(page, last.card.text).boundingBox();
          return box ? Math.abs(box.x + box.width / 2 - (canvas.x + canvas.width / 2)) : Infinity;
        },
        { timeout: 3000 },
      )
      .toBeLessThan(4);
    await panel.waitFor();

    // Closing the panel leaves the card selected: the inspector shows its score and why.
    await action(page, 'Friction');
    const score = page
      .getByRole('region', { name: 'Card details' })
      .getByRole('region', { name: 'Friction score' });
    await expect.poll(() => score.textContent()).toContain(`Friction score ${last.score.score}`);
    await expect(score.textContent()).resolves.toContain(last.score.explanation[0]);
    await score.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('friction-inspector') });
    await action(page, 'Friction');

    // Doubling the weight of priority personas rescores their friction, on the server and in the list.
    await panel.getByRole('button', { name: 'Scoring settings' }).click();
    await panel.getByRole('group', { name: 'Priority weights' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('friction-settings') });
    const priority = panel
      .getByRole('group', { name: 'Priority weights' })
      .getByLabel('Priority', { exact: true });
    await priority.fill('2.5');
    await priority.press('Enter');
    await expect.poll(() => serverBoard(board.id).settings.scoring.priorityWeights.priority).toBe(2.5);
    const rescored = rankFriction(serverBoard(board.id), stateId);
    expect(rescored.total).toBeGreaterThan(expected.total);
    await expect.poll(() => summary.first().textContent()).toBe(String(rescored.total));
    await expect
      .poll(async () => (await rowsOf(panel)).map((r) => number(r.score)))
      .toEqual(rescored.items.map((i) => i.score.score));

    // The heat map: coloured cells under the cards, their totals, and a legend; the toolbar button agrees.
    const heatToggle = panel.getByRole('button', { name: 'Heat map' });
    await expect(heatToggle.getAttribute('aria-pressed')).resolves.toBe('false');
    await heatToggle.click();
    await expect(heatToggle.getAttribute('aria-pressed')).resolves.toBe('true');
    const toolbarToggle = page
      .getByRole('toolbar', { name: 'Board actions' })
      .getByRole('button', { name: 'Heat map' });
    await expect(toolbarToggle.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.locator('.react-flow__controls-fitview').click();
    const heatMap = page.getByRole('img', { name: /^Friction heat map/ });
    await heatMap.waitFor();
    const cells = heatMap.locator('.heat-cell');
    await expect.poll(() => cells.count()).toBeGreaterThan(0);
    const fills = await cells
      .locator('rect')
      .evaluateAll((rects) => rects.map((r) => getComputedStyle(r).fill));
    expect(fills.every((fill) => fill.startsWith('rgba(') || fill.startsWith('rgb('))).toBe(true);
    expect(new Set(fills).size).toBeGreaterThan(1);
    const hottest = await heatMap.locator('.heat-cell[data-intensity="1"] .heat-cell__total').textContent();
    expect(number(hottest)).toBeGreaterThan(0);
    await heatMap.locator('.heat-legend').waitFor();
    // The layer lies under the cards.
    const layerZ = await page
      .locator('.react-flow__node-heatMap')
      .evaluate((n) => Number(getComputedStyle(n).zIndex));
    const cardZ = await page
      .locator('.react-flow__node-card')
      .first()
      .evaluate((n) => Number(getComputedStyle(n).zIndex));
    expect(layerZ).toBeLessThan(cardZ);
    await page.screenshot({ path: screenshotPath('friction-heat-map') });
    await panel.screenshot({ path: screenshotPath('friction-panel') });

    // The H shortcut toggles it off again.
    await page.keyboard.press('h');
    await expect.poll(() => heatMap.count()).toBe(0);
    await expect(heatToggle.getAttribute('aria-pressed')).resolves.toBe('false');
    await page.context().close();
  });

  it('a viewer reads the business case and the heat map but cannot change the weights', async () => {
    const board = await createBoardOver(live.server.url, 'Online order', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer, 'Vic');
    const panel = await openFriction(page);
    await panel.getByRole('button', { name: 'Scoring settings' }).click();
    const tierHigh = panel
      .getByRole('group', { name: 'Value tier weights' })
      .getByLabel('High', { exact: true });
    await expect(tierHigh.getAttribute('readonly')).resolves.not.toBeNull();
    await expect(panel.getByLabel('Frequency per', { exact: true }).isDisabled()).resolves.toBe(true);
    await page
      .getByRole('toolbar', { name: 'Board actions' })
      .getByRole('button', { name: 'Heat map' })
      .click();
    await expect.poll(() => page.locator('.heat-cell').count()).toBeGreaterThan(0);
    await page.context().close();
  });
});
