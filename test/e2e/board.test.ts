/** Two people on one board in real Chromium: each sees the other's cards added, edited, moved and deleted. */
import { ROLE_DESCRIPTIONS, ROLES, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, addCardVia, aliceAndBob, cardOn, openBoard, untilSaved } from '../support/pages.js';

const live = useLiveApp();

describe('a board in Chromium', () => {
  it('shows a worked example as a swimlane map', async () => {
    const board = await createBoardOver(live.server.url, 'Online order journey', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner);
    await expect.poll(() => page.locator('.card').count()).toBeGreaterThan(40);
    await expect
      .poll(() => page.locator('.stage-column__header .header-title__text').allTextContents())
      .toContain('Order & pay');
    // The emotion lane draws its curve; the blueprint lines sit above frontstage and backstage.
    await expect(page.locator('.emotion-curve').count()).resolves.toBe(1);
    await expect(page.locator('.blueprint-line text').allTextContents()).resolves.toEqual([
      'Line of interaction',
      'Line of visibility',
    ]);
    await page.screenshot({ path: screenshotPath('board-online-order') });

    await page.getByRole('button', { name: 'Share' }).click();
    const share = page.getByRole('dialog', { name: 'Share this board' });
    // The dialog's code arrives on demand the first time it opens.
    await share.waitFor();
    // The owner sees every role's link, most powerful first, each with what it lets its holder do.
    await expect(share.getByRole('textbox').count()).resolves.toBe(ROLES.length);
    for (const [i, role] of ROLES.entries()) {
      await expect(share.getByRole('button', { name: `Copy ${role} link` }).count()).resolves.toBe(1);
      const field = share.getByRole('textbox').nth(i);
      await expect(field.inputValue()).resolves.toBe(board.links[role]);
      await expect(field.getAttribute('aria-describedby')).resolves.toBe(`share-${role}-about`);
      await expect(share.locator(`#share-${role}-about`).textContent()).resolves.toBe(
        ROLE_DESCRIPTIONS[role],
      );
    }
    await page.screenshot({ path: screenshotPath('share-dialog') });
    await share.getByRole('button', { name: 'Done' }).click();

    await action(page, 'Personas');
    const personas = page.getByRole('region', { name: 'Personas' });
    await expect.poll(() => personas.getByRole('article').count()).toBe(3);
    await action(page, 'Vision');
    await expect(page.getByLabel('What great looks like').inputValue()).resolves.not.toBe('');
    await page.context().close();
  });

  it('Alice adds, edits, moves and deletes a card; Bob sees each within a second', async () => {
    const { board, alice, bob } = await aliceAndBob(live, ['editor', 'editor'], 'Live workshop');

    await addCardVia(alice, 'Customer compares delivery options');
    await cardOn(bob, 'Customer compares delivery options').waitFor({ timeout: 1000 });

    await cardOn(alice, 'Customer compares delivery options').dblclick();
    await alice.getByRole('textbox', { name: 'Card text' }).fill('Customer compares delivery slots');
    await alice.keyboard.press('Enter');
    await cardOn(bob, 'Customer compares delivery slots').waitFor({ timeout: 1000 });

    // Drag the card into the third stage's second lane.
    const box = (await cardOn(alice, 'Customer compares delivery slots').boundingBox())!;
    const stage = (await alice.locator('.stage-column').nth(2).boundingBox())!;
    const lane = (await alice.locator('.lane-row').nth(1).boundingBox())!;
    await alice.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await alice.mouse.down();
    await alice.mouse.move(stage.x + stage.width / 2, lane.y + 20, { steps: 10 });
    await alice.mouse.move(stage.x + stage.width / 2, lane.y + lane.height / 2, { steps: 10 });
    await alice.mouse.up();
    const layout = readBoard(live.server.rooms.get(board.id)!.doc);
    await expect
      .poll(() => {
        const moved = readBoard(live.server.rooms.get(board.id)!.doc).cards[0];
        return moved ? [moved.stageId, moved.laneId] : null;
      })
      .toEqual([layout.stages[2]!.id, layout.lanes[1]!.id]);
    await expect
      .poll(async () => (await cardOn(bob, 'Customer compares delivery slots').boundingBox())?.x, {
        timeout: 1000,
      })
      .toBeGreaterThan(stage.x);
    await bob.screenshot({ path: screenshotPath('board-two-people') });

    await cardOn(alice, 'Customer compares delivery slots').click();
    await alice.keyboard.press('Delete');
    await expect.poll(() => bob.locator('.card').count(), { timeout: 1000 }).toBe(0);
    await alice.context().close();
    await bob.context().close();
  });

  it('a viewer link opens a read-only board with no edit affordances', async () => {
    const board = await createBoardOver(live.server.url, 'Observed', 'baggage-recovery');
    const viewer = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer);
    await expect.poll(() => viewer.locator('.card').count()).toBeGreaterThan(30);
    await viewer.getByText('View only').waitFor();
    await expect(viewer.getByRole('button', { name: 'Add card' }).count()).resolves.toBe(0);
    const first = viewer.locator('.card').first();
    await first.dblclick();
    await expect(viewer.getByRole('textbox', { name: 'Card text' }).count()).resolves.toBe(0);
    await viewer.screenshot({ path: screenshotPath('board-viewer') });
    await viewer.context().close();
  });

  it('asks a newcomer’s name once and remembers it; the token leaves the address bar and a reload still opens the board', async () => {
    const board = await createBoardOver(live.server.url, 'Names');
    const context = await live.browser.newContext();
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${live.server.url}/b/${board.id}#token=${board.tokens.editor}`);
    await page.getByRole('textbox', { name: 'Your name' }).fill('Priya');
    await page.getByRole('button', { name: 'Join the board' }).click();
    await untilSaved(page);
    // The token left the address bar and the socket's URL (it went as a subprotocol); the tab keeps it for a reload.
    expect(page.url()).toBe(`${live.server.url}/b/${board.id}`);
    expect(sockets.length).toBeGreaterThan(0);
    for (const url of sockets) expect(url).not.toContain('token');
    await page.reload();
    await untilSaved(page);
    await expect(page.getByRole('textbox', { name: 'Your name' }).count()).resolves.toBe(0);
    await context.close();
  });

  it('Undo takes back only one’s own change', async () => {
    const { alice, bob } = await aliceAndBob(live, ['editor', 'editor'], 'Undo check');
    await addCardVia(alice, 'Alice’s card');
    await addCardVia(bob, 'Bob’s card');
    await cardOn(alice, 'Bob’s card').waitFor({ timeout: 2000 });
    // Adding and typing may be one undo step or two (on a slow machine they are two, and
    // the first undo leaves an empty card): undo, each time until it shows, while Alice
    // sees more than Bob's card.
    const undo = alice.getByRole('button', { name: 'Undo' });
    const cards = () => alice.locator('.card').allTextContents();
    for (let i = 0; i < 3 && (await cards()).length > 1; i++) {
      const before = await cards();
      await undo.click({ timeout: 2000 });
      await expect.poll(cards).not.toEqual(before);
    }
    await expect
      .poll(() => bob.locator('.card').allTextContents(), { timeout: 2000 })
      .toEqual(['Bob’s card']);
    await expect.poll(() => alice.locator('.card').allTextContents()).toEqual(['Bob’s card']);
    await alice.context().close();
    await bob.context().close();
  });
});
