/** Editing the grid in Chromium: headers in place, the keyboard, copy and paste, edges, the help overlay. */
import { readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { addCardVia, cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);

describe('editing the grid', () => {
  it('renames, reorders and deletes stages and lanes in place', async () => {
    const board = await createBoardOver(live.server.url, 'Headers');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    // A header's tools show (and take presses) while its title is hovered or focused.
    const hoverHeader = (name: string) =>
      page.getByRole('region', { name }).locator('.header-title').first().hover();
    await hoverHeader('Stage Awareness');
    await page.getByRole('button', { name: 'Rename stage Awareness' }).click();
    await page.getByRole('textbox', { name: 'Rename stage Awareness' }).fill('Discover');
    await page.keyboard.press('Enter');
    await hoverHeader('Stage Discover');
    await page.getByRole('button', { name: 'Move stage Discover right' }).click();
    await hoverHeader('Lane Opportunities');
    await page.getByRole('button', { name: 'Delete lane Opportunities' }).click();
    await page.getByRole('button', { name: 'Add stage' }).click();
    await expect
      .poll(() =>
        stored(board.id)
          .stages.map((s) => s.title)
          .slice(0, 2),
      )
      .toEqual(['Interest', 'Discover']);
    await expect.poll(() => stored(board.id).stages.at(-1)?.title).toBe('New stage');
    await expect.poll(() => stored(board.id).lanes.map((l) => l.title)).not.toContain('Opportunities');
    await page.context().close();
  });

  it('moves, edits, copies and pastes a card from the keyboard, and lists shortcuts', async () => {
    const board = await createBoardOver(live.server.url, 'Keyboard');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    // Keyboard only: N adds a card and opens it for writing; Enter keeps the text and leaves it selected.
    await page.locator('.react-flow__pane').click();
    await page.keyboard.press('n');
    await page.keyboard.type('Keyboard card');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Alt+ArrowRight');
    await page.keyboard.press('Alt+ArrowDown');
    const layout = stored(board.id);
    await expect
      .poll(() => {
        const card = stored(board.id).cards[0];
        return card && [card.stageId, card.laneId];
      })
      .toEqual([layout.stages[1]!.id, layout.lanes[1]!.id]);
    await page.keyboard.press('Enter');
    await page.getByRole('textbox', { name: 'Card text' }).fill('Edited by keyboard');
    await page.keyboard.press('Enter');
    await cardOn(page, 'Edited by keyboard').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect
      .poll(() => stored(board.id).cards.map((c) => c.text))
      .toEqual(['Edited by keyboard', 'Edited by keyboard']);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await help.getByText('Move the card to the next stage').waitFor();
    await page.screenshot({ path: screenshotPath('help') });
    await page.context().close();
  });

  it('selects several cards with Ctrl+click and deletes them together; exports the board file', async () => {
    const board = await createBoardOver(live.server.url, 'Multi');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    for (const text of ['One', 'Two', 'Three']) await addCardVia(page, text);
    await cardOn(page, 'One').click();
    await cardOn(page, 'Three').click({ modifiers: ['Control'] });
    await page.keyboard.press('Delete');
    await expect.poll(() => stored(board.id).cards.map((c) => c.text)).toEqual(['Two']);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: 'Board file (JSON)' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('Multi.json');
    const content = JSON.parse(
      await (await import('node:fs/promises')).readFile((await file.path()) as string, 'utf8'),
    );
    expect(content).toMatchObject({ format: 'journeyboard.board', board: { meta: { title: 'Multi' } } });
    await page.context().close();
  });

  it('draws the template’s edges and connects two cards by dragging between them', async () => {
    const board = await createBoardOver(live.server.url, 'Edges', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const current = stored(board.id).states.find((s) => s.kind === 'current')!.id;
    const edgesOfCurrent = () => stored(board.id).edges.filter((e) => e.stateId === current).length;
    const before = edgesOfCurrent();
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(before);
    expect(await page.locator('.react-flow__edge.edge--handoff').count()).toBeGreaterThan(0);
    const cards = page.locator('.card');
    const source = cards.nth(0);
    const target = cards.nth(10);
    await source.hover();
    const handle = (await source.locator('.react-flow__handle-right').boundingBox())!;
    const goal = (await target.boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(goal.x + 4, goal.y + goal.height / 2, { steps: 10 });
    await page.mouse.move(goal.x + 2, goal.y + goal.height / 2, { steps: 2 });
    await page.mouse.up();
    await expect.poll(edgesOfCurrent).toBe(before + 1);
    await page.context().close();
  });
});
