/**
 * The Versions panel in Chromium (#17): save a named version, list it, see the
 * automatic version the server keeps before a stage is removed, preview it read only,
 * and restore it (the owner only, after a question) for everyone, another browser
 * included. Deleting more than five cards at once asks first.
 */
import { readBoard } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { useLiveApp } from '../support/live-app.js';
import { action, aliceAndBob, cardOn } from '../support/pages.js';

const live = useLiveApp();
/** Round trips through a busy machine: the server, the other browser, the list read again. */
const WAIT = { timeout: 10_000 };

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);

const openVersions = async (page: Page) => {
  await action(page, 'Versions');
  return page.getByRole('region', { name: 'Versions' });
};

const versionNames = (page: Page) =>
  page.getByRole('list', { name: 'Saved versions' }).locator('.version__name').allTextContents();

describe('the Versions panel', () => {
  it('saves, lists, previews and restores; another browser sees the restored board', async () => {
    const { board, alice, bob } = await aliceAndBob(live, ['owner', 'editor'], 'Versions', 'online-order');
    const panel = await openVersions(alice);
    await expect.poll(() => panel.getByText('No versions yet.').count(), WAIT).toBe(1);
    await panel.getByRole('textbox', { name: 'Version name' }).fill('Kickoff');
    await panel.getByRole('button', { name: 'Save version' }).click();
    await expect.poll(() => versionNames(alice), WAIT).toEqual(['Kickoff']);

    // Bob removes a stage and its cards (saying yes to the question).
    const before = stored(board.id);
    const stage = before.stages.find((s) => before.cards.some((c) => c.stageId === s.id))!;
    const cards = before.cards.filter((c) => c.stageId === stage.id).length;
    await bob
      .getByRole('region', { name: `Stage ${stage.title}` })
      .locator('.header-title')
      .first()
      .hover();
    await bob.getByRole('button', { name: `Delete stage ${stage.title}` }).click();
    await bob.getByRole('alertdialog').getByRole('button', { name: 'Remove stage' }).click();
    await expect.poll(() => stored(board.id).stages.map((s) => s.id), WAIT).not.toContain(stage.id);

    // Alice's open panel lists the automatic version the server kept, newest first, marked.
    const automatic = `Before removing stage ‘${stage.title}’`;
    await expect.poll(() => versionNames(alice), WAIT).toEqual([automatic, 'Kickoff']);
    const item = panel.getByRole('listitem').filter({ hasText: automatic });
    await expect.poll(() => item.locator('.version__kind').textContent(), WAIT).toBe('Automatic');

    // The preview reads the version, not the board: the stage is there, marked gone from the board now.
    await alice.getByRole('button', { name: `Preview ${automatic}` }).click();
    const preview = alice.getByRole('region', { name: `Preview of ${automatic}` });
    await expect
      .poll(() => preview.locator('.version-preview__gone').allTextContents(), WAIT)
      .toEqual([`${stage.title}${cards} cardsnot on the board now`]);
    await alice.screenshot({ path: screenshotPath('versions-panel-preview') });
    expect(stored(board.id).stages.map((s) => s.id)).not.toContain(stage.id);

    // Bob lists versions but may not restore them.
    const bobPanel = await openVersions(bob);
    await expect.poll(() => versionNames(bob), WAIT).toEqual([automatic, 'Kickoff']);
    expect(await bobPanel.getByRole('button', { name: /^(Restore|Delete)/ }).count()).toBe(0);

    // Alice restores, after a question that Cancel answers with nothing changed.
    await alice.getByRole('button', { name: `Restore ${automatic}` }).click();
    const question = alice.getByRole('alertdialog', { name: `Restore “${automatic}” for everyone?` });
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    await alice.getByRole('button', { name: `Restore ${automatic}` }).click();
    await alice.screenshot({ path: screenshotPath('versions-restore-question') });
    await question.getByRole('button', { name: 'Restore' }).click();

    await bob
      .getByRole('region', { name: `Stage ${stage.title}` })
      .first()
      .waitFor();
    expect(stored(board.id).cards.filter((c) => c.stageId === stage.id)).toHaveLength(cards);
    // The restore can itself be undone: the board before it is kept too.
    await expect
      .poll(() => versionNames(alice), WAIT)
      .toEqual([`Before restoring “${automatic}”`, automatic, 'Kickoff']);
    await alice.screenshot({ path: screenshotPath('versions-panel') });
    // The owner deletes a version (the named quota waits on that), after a question.
    await alice.getByRole('button', { name: 'Delete Kickoff' }).click();
    await alice
      .getByRole('alertdialog', { name: 'Delete version “Kickoff”?' })
      .getByRole('button', { name: 'Delete version' })
      .click();
    await expect
      .poll(() => versionNames(alice), WAIT)
      .toEqual([`Before restoring “${automatic}”`, automatic]);
    expect(await bobPanel.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await alice.setViewportSize({ width: 1024, height: 640 });
    await alice.screenshot({ path: screenshotPath('versions-panel-1024x640') });
    await alice.context().close();
    await bob.context().close();
  }, 90_000);

  it('asks before more than five cards are deleted at once, and not for five', async () => {
    const { board, alice, bob } = await aliceAndBob(live, ['editor', 'viewer'], 'Many cards', 'online-order');
    await bob.context().close();
    const texts = stored(board.id).cards.map((c) => c.text);
    const select = async (count: number, from: number) => {
      await alice.keyboard.press('Escape');
      for (const [i, text] of texts.slice(from, from + count).entries()) {
        await cardOn(alice, text).click({ modifiers: i === 0 ? [] : ['Control'] });
      }
    };
    await select(5, 0);
    await alice.keyboard.press('Delete');
    await expect.poll(() => stored(board.id).cards.length, WAIT).toBe(texts.length - 5);
    expect(await alice.getByRole('alertdialog').count()).toBe(0);

    await select(6, 5);
    await alice.keyboard.press('Delete');
    const question = alice.getByRole('alertdialog', { name: 'Delete 6 cards?' });
    await question.waitFor();
    await alice.screenshot({ path: screenshotPath('delete-many-cards-question') });
    await question.getByRole('button', { name: 'Cancel' }).click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stored(board.id).cards.length).toBe(texts.length - 5);

    await alice.getByRole('button', { name: 'Delete selection' }).click();
    await question.getByRole('button', { name: 'Delete cards' }).click();
    await expect.poll(() => stored(board.id).cards.length, WAIT).toBe(texts.length - 11);
    await alice.context().close();
  }, 60_000);
});
