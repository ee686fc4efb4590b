/** Fork a future state, change it, compare it with the current state; inspect a card; edit offline and merge. */
import { addCard, readBoard } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { firstCell } from '../support/boards.js';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver, joinSynced, useClients } from '../support/clients.js';
import { flakyNetworkTo } from '../support/flaky-network.js';
import { useLiveApp } from '../support/live-app.js';
import { offlineCopy } from '../support/offline-copy.js';
import { action, addCardVia, cardNames, cardOn, openBoard, untilSaved } from '../support/pages.js';

const live = useLiveApp();
const clients = useClients();

describe('states, inspector and offline', () => {
  it('forks a future state with provenance and compares it with the current one', async () => {
    const board = await createBoardOver(live.server.url, 'Redesign');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner);
    await addCardVia(page, 'Waits on hold');
    await addCardVia(page, 'Fills in a form twice');
    await action(page, 'Fork future state');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Future state');
    await cardOn(page, 'Waits on hold').click();
    await page.keyboard.press('Delete');
    await addCardVia(page, 'Gets a call back');
    await expect
      .poll(() => {
        const snapshot = readBoard(live.server.rooms.get(board.id)!.doc);
        const future = snapshot.states.find((s) => s.kind === 'future');
        return snapshot.cards
          .filter((c) => c.stateId === future?.id)
          .map((c) => [c.text, c.derivedFrom !== null]);
      })
      .toEqual([
        ['Fills in a form twice', true],
        ['Gets a call back', false],
      ]);

    await page.getByRole('button', { name: 'Compare' }).click();
    const compare = page.getByRole('region', { name: 'Compare states' });
    await compare.waitFor();
    await expect(compare.getByRole('article', { name: 'Waits on hold (Removed)' }).count()).resolves.toBe(1);
    await expect(compare.getByRole('article', { name: 'Gets a call back (Added)' }).count()).resolves.toBe(1);
    await compare.getByText('1 added').waitFor();
    await page.screenshot({ path: screenshotPath('compare') });
    await page.context().close();
  });

  it('the inspector edits a card’s friction evidence and notes, stored on the server', async () => {
    const board = await createBoardOver(live.server.url, 'Inspect', 'online-order');
    const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const target = readBoard(live.server.rooms.get(board.id)!.doc).cards.find((c) => c.kind === 'friction')!;
    await cardOn(alice, target.text).click();
    const inspector = alice.getByRole('region', { name: 'Card details' });
    await inspector.getByLabel('Severity', { exact: true }).selectOption({ label: '5' });
    await inspector.getByLabel('How often', { exact: true }).fill('1200');
    await inspector.getByLabel('How often', { exact: true }).press('Enter');
    await inspector.getByLabel('Per', { exact: true }).selectOption({ label: 'month' });
    await inspector.getByLabel('Root cause', { exact: true }).fill('Carrier API has no delay events');
    await inspector.getByLabel('Notes', { exact: true }).fill('Seen in 3 of 5 store visits');
    await inspector.getByLabel('Notes', { exact: true }).blur();
    await expect
      .poll(() => {
        const updated = readBoard(live.server.rooms.get(board.id)!.doc).cards.find(
          (c) => c.id === target.id,
        )!;
        return [
          updated.friction.severity,
          updated.friction.frequency,
          updated.friction.rootCause,
          updated.notes,
        ];
      })
      .toEqual([
        5,
        { count: 1200, period: 'month' },
        'Carrier API has no delay events',
        'Seen in 3 of 5 store visits',
      ]);
    await alice.screenshot({ path: screenshotPath('inspector') });
    await alice.context().close();
  });

  it('keeps the board the server sends in this browser, as it came', async () => {
    const board = await createBoardOver(live.server.url, 'Kept');
    const writer = await joinSynced(clients, live.server.wsUrl, board.id, board.tokens.editor);
    for (const text of ['Searches the help pages', 'Calls the hotline', 'Gives up'])
      addCard(writer.doc, { ...firstCell(writer.doc), text });
    await expect.poll(() => readBoard(live.server.rooms.get(board.id)!.doc).cards.length).toBe(3);
    // The first sync is applied without Yjs encoding it again (boardConnection.ts): the
    // copy keeps the server's answer itself, and holds the whole board once written.
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer);
    const server = readBoard(live.server.rooms.get(board.id)!.doc);
    await expect.poll(async () => readBoard(await offlineCopy(page, board.id))).toEqual(server);
    await page.context().close();
  });

  it('edits made offline are kept in the browser (across a reload) and merge on reconnect', async () => {
    const board = await createBoardOver(live.server.url, 'Offline');
    const network = await flakyNetworkTo(live.server.port);
    const alice = await openBoard(live.browser, network.url, board.id, board.tokens.editor);
    const bob = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Bob');
    // Alice's train goes into a tunnel: her connection drops and every reconnect fails.
    network.setOnline(false);
    await expect
      .poll(() => alice.locator('.save-status').textContent(), { timeout: 5000 })
      .toMatch(/Offline/);
    await addCardVia(alice, 'Written on the train');
    await addCardVia(bob, 'Written in the office');
    // The tab reloads while still offline (the page cannot even load): the edit is only in this browser's IndexedDB.
    await alice.evaluate('location.reload()').catch(() => {});
    await alice.waitForTimeout(300);
    expect(readBoard(live.server.rooms.get(board.id)!.doc).cards.map((c) => c.text)).toEqual([
      'Written in the office',
    ]);
    network.setOnline(true);
    // The reload that failed offline may still be committing Chromium's error page, which
    // interrupts a navigation begun meanwhile: retry until the board itself has loaded.
    const boardUrl = `${network.url}/b/${board.id}#token=${board.tokens.editor}`;
    await expect
      .poll(
        () =>
          alice.goto(boardUrl).then(
            () => true,
            () => false,
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    await untilSaved(alice, 15_000);
    const texts = async (page: Page) => (await cardNames(page)).sort();
    await expect
      .poll(() => texts(bob), { timeout: 5000 })
      .toEqual(['Written in the office', 'Written on the train']);
    await expect.poll(() => texts(alice)).toEqual(['Written in the office', 'Written on the train']);
    await alice.context().close();
    await bob.context().close();
    await network.close();
  });
});
