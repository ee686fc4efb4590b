/**
 * A person's identity on a board in Chromium: a newcomer is asked their name, the app
 * mints an identity once per browser and board, presents it on the board's WebSocket
 * (a subprotocol, so the server's connection knows the participant id), records
 * their comments under it, and a reload reuses it without asking or minting again.
 */
import { readBoard } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, addCardVia, cardOn, openBoard, untilSaved } from '../support/pages.js';

const live = useLiveApp();

interface StoredIdentity {
  participantId: string;
  identityToken: string;
  name: string;
}

const identityIn = (page: Page, boardId: string) =>
  page.evaluate(
    (key) => JSON.parse(localStorage.getItem(key) ?? 'null') as StoredIdentity | null,
    `journeyboard:identity:${boardId}`,
  );

/** Who the server sees on the board's live connections. */
const peopleOn = (boardId: string) =>
  [...(live.server.rooms.get(boardId)?.connections ?? [])].map((c) => c.participantId);

/** Every save status the page shows, in order, kept in `window.statuses`. */
function recordStatuses(): void {
  const seen: string[] = [];
  (window as unknown as { statuses: string[] }).statuses = seen;
  new MutationObserver(() => {
    const text = document.querySelector('.save-status')?.textContent ?? '';
    if (text && seen.at(-1) !== text) seen.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

/**
 * `name` opens the board on `token`'s link, and the first mint of their identity never
 * reaches the server (a dropped request, as from a busy one): the board opens without
 * one, and the app tries again (10 s later). `mints()` counts the tries.
 */
async function openWithFirstMintLost(boardId: string, token: string, name: string, before?: () => void) {
  const context = await live.browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript((shown) => localStorage.setItem('journeyboard:display-name', shown), name);
  if (before) await context.addInitScript(before);
  const page = await context.newPage();
  let tries = 0;
  await page.route(`**/api/boards/${boardId}/identities`, (route) =>
    tries++ === 0 ? route.abort('timedout') : route.continue(),
  );
  await page.goto(`${live.server.url}/b/${boardId}#token=${token}`);
  await untilSaved(page);
  expect(await identityIn(page, boardId)).toBeNull();
  return { context, page, mints: () => tries };
}

describe('a person’s identity on a board', () => {
  it('is minted once after the name is asked, presented on the socket, and reused by a reload', async () => {
    const board = await createBoardOver(live.server.url, 'Identity', 'online-order');
    const context = await live.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const mints: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith(`/api/boards/${board.id}/identities`))
        mints.push(request.url());
    });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));

    await page.goto(`${live.server.url}/b/${board.id}#token=${board.tokens.editor}`);
    await page.getByRole('textbox', { name: 'Your name' }).fill('Priya');
    await page.getByRole('button', { name: 'Join the board' }).click();
    await untilSaved(page);
    expect(mints).toHaveLength(1);
    const identity = await identityIn(page, board.id);
    expect(identity).toMatchObject({ name: 'Priya', participantId: expect.stringMatching(/\S/) });
    // The identity went as a subprotocol: not in the socket's URL, yet the server knows who this is.
    for (const url of sockets) expect(url).not.toContain('identity');
    await expect.poll(() => peopleOn(board.id)).toEqual([identity?.participantId]);

    // What Priya records carries her participant id.
    const text = (await page.locator('.card').first().getAttribute('aria-label')) as string;
    await cardOn(page, text).click();
    await page
      .getByRole('region', { name: 'Card details' })
      .getByRole('button', { name: 'Comments on this card' })
      .click();
    const comments = page.getByRole('region', { name: 'Comments' });
    await comments.getByRole('textbox', { name: `New comment on ${text}` }).fill('Who wrote this?');
    await comments.getByRole('button', { name: 'Comment', exact: true }).click();
    await expect
      .poll(() => readBoard(live.server.rooms.get(board.id)!.doc).comments.map((c) => c.author.id))
      .toEqual([identity?.participantId]);

    await page.reload();
    await untilSaved(page);
    await expect(page.getByRole('textbox', { name: 'Your name' }).count()).resolves.toBe(0);
    expect(mints).toHaveLength(1);
    expect(await identityIn(page, board.id)).toEqual(identity);
    await expect.poll(() => peopleOn(board.id)).toEqual([identity?.participantId]);
    await context.close();
  });

  it('is minted without asking in a browser that knows the name, and is this board’s only', async () => {
    const board = await createBoardOver(live.server.url, 'Known name');
    const other = await createBoardOver(live.server.url, 'Another board');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer, 'Vic');
    const identity = await identityIn(page, board.id);
    expect(identity?.name).toBe('Vic');
    // A viewer's link still gives the person an identity: the link is what they may do, the identity who they are.
    await expect.poll(() => peopleOn(board.id)).toEqual([identity?.participantId]);
    expect(await identityIn(page, other.id)).toBeNull();
    await page.context().close();
  });

  it('opens without one when the mint fails, tries again, and then writes as the person', async () => {
    const board = await createBoardOver(live.server.url, 'Late identity');
    const { context, page, mints } = await openWithFirstMintLost(board.id, board.tokens.participant, 'Pat');
    // Without an identity the server knows nobody on this connection.
    await expect.poll(() => peopleOn(board.id)).toEqual([null]);
    // Meanwhile Pat opens a panel and turns the heat map on.
    await action(page, 'Friction');
    const friction = page.getByRole('region', { name: 'Friction', exact: true });
    const heatMap = friction.getByRole('button', { name: 'Heat map' });
    await heatMap.click();
    await expect(heatMap.getAttribute('aria-pressed')).resolves.toBe('true');

    // The app tries again (10 s later) and connects as the person it minted.
    await expect.poll(() => identityIn(page, board.id), { timeout: 20_000 }).not.toBeNull();
    const identity = await identityIn(page, board.id);
    await expect.poll(() => peopleOn(board.id), { timeout: 10_000 }).toEqual([identity?.participantId]);
    await untilSaved(page);
    // Connected again, with a new store: what Pat had open is still open.
    expect(await friction.isVisible()).toBe(true);
    await expect(heatMap.getAttribute('aria-pressed')).resolves.toBe('true');
    await addCardVia(page, 'Written once the identity came');
    await expect
      .poll(() => readBoard(live.server.rooms.get(board.id)!.doc).cards.map((c) => c.authorId))
      .toEqual([identity?.participantId]);
    expect(mints()).toBe(2);
    await context.close();
  }, 60_000);

  it('presents an identity minted late on the same board: undo history kept, never offline', async () => {
    const board = await createBoardOver(live.server.url, 'Late identity, same board', 'online-order');
    // The switch of sockets must not say Offline: every status shown is recorded.
    const { context, page, mints } = await openWithFirstMintLost(
      board.id,
      board.tokens.editor,
      'Eve',
      recordStatuses,
    );
    const cardIds = () =>
      readBoard(live.server.rooms.get(board.id)!.doc)
        .cards.map((c) => c.id)
        .sort();
    const before = cardIds();
    // Before the identity comes, Eve (an editor) deletes a card.
    await page.locator('.card').first().click();
    await page.keyboard.press('Delete');
    await expect.poll(() => cardIds().length).toBe(before.length - 1);
    const statusesBefore = await page.evaluate(
      () => (window as unknown as { statuses: string[] }).statuses.length,
    );

    await expect.poll(() => identityIn(page, board.id), { timeout: 20_000 }).not.toBeNull();
    const identity = await identityIn(page, board.id);
    await expect.poll(() => peopleOn(board.id), { timeout: 10_000 }).toEqual([identity?.participantId]);
    await untilSaved(page);
    // The same document and its undo history: the delete made before is hers to undo.
    await action(page, 'Undo');
    await expect.poll(cardIds).toEqual(before);
    const statuses = await page.evaluate(() => (window as unknown as { statuses: string[] }).statuses);
    expect(statuses.slice(statusesBefore).filter((status) => status.startsWith('Offline'))).toEqual([]);
    expect(mints()).toBe(2);
    await context.close();
  }, 60_000);
});
