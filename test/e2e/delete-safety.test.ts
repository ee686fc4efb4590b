/**
 * Deleting in Chromium without losing work by accident: a stage or lane that holds
 * cards asks first, naming what goes, and Esc or Cancel keep everything; an empty one
 * goes at once. The delete buttons are targets of at least 24 × 24 px.
 */
import { readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { openBoard } from '../support/pages.js';

const live = useLiveApp();

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);

describe('deleting a stage or lane', () => {
  it('asks before taking cards with it; Esc and Cancel keep everything', async () => {
    const board = await createBoardOver(live.server.url, 'Online order journey', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(40);
    const before = stored(board.id);
    const stage = before.stages.find((s) => before.cards.some((c) => c.stageId === s.id))!;
    const cards = before.cards.filter((c) => c.stageId === stage.id).length;
    const remove = page.getByRole('button', { name: `Delete stage ${stage.title}` });

    await page
      .getByRole('region', { name: `Stage ${stage.title}` })
      .locator('.header-title')
      .first()
      .hover();
    const box = await remove.boundingBox();
    // On screen, at the zoom that fits the board (under 1): rounded, as the zoom leaves sub-pixels.
    expect(Math.round(box?.width ?? 0)).toBeGreaterThanOrEqual(24);
    expect(Math.round(box?.height ?? 0)).toBeGreaterThanOrEqual(24);

    const question = page.getByRole('alertdialog', {
      name: `Remove stage “${stage.title}” and its ${cards} cards?`,
    });
    await remove.click();
    await question.waitFor();
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });

    await remove.click({ force: true });
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    // Nothing went while the question was open or after it was declined.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stored(board.id).stages.map((s) => s.id)).toContain(stage.id);
    expect(stored(board.id).cards.filter((c) => c.stageId === stage.id).length).toBe(cards);

    await remove.click({ force: true });
    await question.getByRole('button', { name: 'Remove stage' }).click();
    await expect.poll(() => stored(board.id).stages.map((s) => s.id)).not.toContain(stage.id);
    expect(stored(board.id).cards.filter((c) => c.stageId === stage.id)).toEqual([]);

    // A lane with cards asks the same way.
    const after = stored(board.id);
    const lane = after.lanes.find((l) => after.cards.some((c) => c.laneId === l.id))!;
    const laneCards = after.cards.filter((c) => c.laneId === lane.id).length;
    await page
      .getByRole('region', { name: `Lane ${lane.title}` })
      .locator('.header-title')
      .first()
      .hover();
    await page.getByRole('button', { name: `Delete lane ${lane.title}` }).click();
    const laneQuestion = page.getByRole('alertdialog', {
      name: `Remove lane “${lane.title}” and its ${laneCards === 1 ? '1 card' : `${laneCards} cards`}?`,
    });
    await laneQuestion.getByRole('button', { name: 'Cancel' }).click();
    expect(stored(board.id).lanes.map((l) => l.id)).toContain(lane.id);

    // An empty stage goes at once.
    await page.getByRole('button', { name: 'Add stage' }).click();
    await expect.poll(() => stored(board.id).stages.map((s) => s.title)).toContain('New stage');
    await page.getByRole('region', { name: 'Stage New stage' }).locator('.header-title').first().hover();
    await page.getByRole('button', { name: 'Delete stage New stage' }).click();
    await expect.poll(() => stored(board.id).stages.map((s) => s.title)).not.toContain('New stage');
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.context().close();
  });
});
