/**
 * Managing boards from the UI (issue #17, finding 10): a board is named when it is
 * created, and that name is what the recent list shows; its owner renames it in
 * place and everyone in the room sees the new title; states are renamed in place and
 * a future one deleted after a confirmation; a lane's kind is changed from its header;
 * the owner deletes the board from the Share dialog by typing its title.
 */
import { readFileSync } from 'node:fs';
import { readBoard } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, openBoard } from '../support/pages.js';

const live = useLiveApp();

async function namedPage(name: string): Promise<Page> {
  const context = await live.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: `localStorage.setItem('journeyboard:display-name', '${name}')` });
  return context.newPage();
}

async function shot(page: Page, name: string): Promise<void> {
  const file = screenshotPath(name);
  await page.screenshot({ path: file });
  expect(readFileSync(file).length).toBeGreaterThan(10_000);
}

describe('board management in Chromium', () => {
  it('names a board at creation, and the recent list shows that name', async () => {
    const page = await namedPage('Owner');
    await page.goto(live.server.url);
    await page.getByRole('button', { name: 'Create board from Blank journey map' }).click();
    const name = page.getByRole('textbox', { name: 'Board name' });
    await expect(name.inputValue()).resolves.toBe('Blank journey map');
    // Escape backs out without creating anything.
    await name.press('Escape');
    await expect(page.getByRole('textbox', { name: 'Board name' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Create board from Blank journey map' }).click();
    await page.getByRole('textbox', { name: 'Board name' }).fill('Checkout journey 2026');
    await shot(page, 'board-management-name-at-creation');
    await page.getByRole('textbox', { name: 'Board name' }).press('Enter');
    await page.waitForURL(/\/b\/[^/#]+$/);
    await expect
      .poll(() => page.locator('.board-header__title').textContent(), { timeout: 10_000 })
      .toBe('Checkout journey 2026');

    await page.goto(live.server.url);
    await expect
      .poll(() => page.getByRole('link', { name: 'Checkout journey 2026' }).count(), { timeout: 10_000 })
      .toBe(1);
    await page.context().close();
  });

  it('lets the owner rename the board in place; others see it live and may not rename', async () => {
    const board = await createBoardOver(live.server.url, 'Returns journey');
    const owner = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner, 'Owner');
    const editor = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Editor');
    await expect(editor.getByRole('button', { name: /^Rename board/ }).count()).resolves.toBe(0);

    await owner.getByRole('button', { name: 'Rename board Returns journey' }).click();
    const field = owner.getByRole('textbox', { name: 'Board title' });
    await expect(field.inputValue()).resolves.toBe('Returns journey');
    // Escape leaves the title as it was.
    await field.fill('Not this');
    await field.press('Escape');
    await expect(owner.locator('.board-header__title').textContent()).resolves.toBe('Returns journey');

    await owner.getByRole('button', { name: 'Rename board Returns journey' }).click();
    await owner.getByRole('textbox', { name: 'Board title' }).fill('Returns and refunds');
    await shot(owner, 'board-management-rename-board');
    await owner.getByRole('textbox', { name: 'Board title' }).press('Enter');
    await expect.poll(() => owner.locator('.board-header__title').textContent()).toBe('Returns and refunds');
    await expect.poll(() => editor.locator('.board-header__title').textContent()).toBe('Returns and refunds');
    const stored = await fetch(`${live.server.url}/api/boards/${board.id}`, {
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    await expect(stored.json()).resolves.toMatchObject({ title: 'Returns and refunds' });
    // The editor's recent list follows the rename it saw.
    await editor.goto(live.server.url);
    await expect
      .poll(() => editor.getByRole('link', { name: 'Returns and refunds' }).count(), { timeout: 10_000 })
      .toBe(1);
    await owner.context().close();
    await editor.context().close();
  });

  it('renames a state in place and deletes a future state after a confirmation, never the current one', async () => {
    const board = await createBoardOver(live.server.url, 'States board');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Editor');
    const viewer = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer, 'Viewer');
    // The current state is renamable but never deletable.
    await expect(page.getByRole('button', { name: 'Rename state Current state' }).count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Delete state Current state' }).count()).resolves.toBe(0);
    await expect(viewer.getByRole('button', { name: /^Rename state/ }).count()).resolves.toBe(0);

    await action(page, 'Fork future state');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Future state');
    // Double-clicking the tab renames it; Escape leaves it be.
    await page.getByRole('tab', { name: 'Future state' }).dblclick();
    await page.getByRole('textbox', { name: 'Rename state Future state' }).fill('Nope');
    await page.getByRole('textbox', { name: 'Rename state Future state' }).press('Escape');
    await expect(page.getByRole('tab', { name: 'Future state' }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Rename state Future state' }).click();
    await page.getByRole('textbox', { name: 'Rename state Future state' }).fill('Self-service returns');
    await page.getByRole('textbox', { name: 'Rename state Future state' }).press('Enter');
    await expect
      .poll(() => viewer.getByRole('tab').allTextContents())
      .toEqual(['Current state', 'Self-service returns']);

    // Cancel keeps the state; Delete state removes it for everyone.
    await page.getByRole('button', { name: 'Delete state Self-service returns' }).click();
    await shot(page, 'board-management-delete-state');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('tab').count()).resolves.toBe(2);
    await page.getByRole('button', { name: 'Delete state Self-service returns' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete state' }).click();
    await expect.poll(() => viewer.getByRole('tab').allTextContents()).toEqual(['Current state']);
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Current state');
    await page.context().close();
    await viewer.context().close();
  });

  it("changes a lane's kind from its header, for those who may edit lanes only", async () => {
    const board = await createBoardOver(live.server.url, 'Lanes board');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Editor');
    const viewer = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer, 'Viewer');
    await expect(viewer.getByRole('combobox', { name: /^Kind of lane/ }).count()).resolves.toBe(0);
    const kind = page.getByRole('combobox', { name: 'Kind of lane Feelings' });
    await expect(kind.inputValue()).resolves.toBe('emotions');
    await kind.selectOption({ label: 'Evidence' });
    await expect
      .poll(
        () => readBoard(live.server.rooms.get(board.id)!.doc).lanes.find((l) => l.title === 'Feelings')?.kind,
      )
      .toBe('evidence');
    await shot(page, 'board-management-lane-kind');
    await page.context().close();
    await viewer.context().close();
  });

  it('lets the owner delete the board from the Share dialog once its title is typed', async () => {
    const board = await createBoardOver(live.server.url, 'Doomed board');
    const editor = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Editor');
    await editor.getByRole('button', { name: 'Share' }).click();
    await expect(editor.getByRole('button', { name: 'Delete board…' }).count()).resolves.toBe(0);
    await editor.context().close();

    const owner = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner, 'Owner');
    await owner.getByRole('button', { name: 'Share' }).click();
    await owner.getByRole('button', { name: 'Delete board…' }).click();
    const confirm = owner.getByRole('button', { name: 'Delete board', exact: true });
    const typed = owner.getByRole('textbox', { name: /Type its title/ });
    // A near miss does not arm the button.
    await typed.fill('Doomed');
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await typed.fill('Doomed board');
    await expect(confirm.isEnabled()).resolves.toBe(true);
    await shot(owner, 'board-management-delete-board');
    await confirm.click();

    await owner.waitForURL(`${live.server.url}/`);
    await expect.poll(() => owner.getByRole('heading', { name: 'Start from a template' }).count()).toBe(1);
    await expect(owner.getByRole('link', { name: 'Doomed board' }).count()).resolves.toBe(0);
    const gone = await fetch(`${live.server.url}/api/boards/${board.id}`, {
      headers: { authorization: `Bearer ${board.tokens.owner}` },
    });
    // Its links stop working: the server no longer knows the token.
    expect(gone.status).toBe(401);
    await owner.context().close();
  });
});
