/**
 * The five roles in Chromium: a participant offered only what the write rules let
 * them do, a facilitator's structure lock seen by everyone, and a change the server
 * refuses dropped with the browser's copy of the board.
 */
import { ORIGINS, readBoard, renameStage } from '@journeyboard/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { keepUpdate, offlineCopy } from '../support/offline-copy.js';
import { addCardVia, cardOn, moreActions, openBoard, untilSaved } from '../support/pages.js';

const live = useLiveApp();

const stored = (boardId: string) => readBoard(live.server.rooms.get(boardId)!.doc);
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Board actions' });

describe('roles in the app', () => {
  it('offers a participant their own notes and nothing of the structure or of others’ notes', async () => {
    const board = await createBoardOver(live.server.url, 'Participants');
    const eddie = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Eddie');
    await addCardVia(eddie, 'Eddie’s note');
    await expect.poll(() => stored(board.id).cards.map((c) => c.text)).toEqual(['Eddie’s note']);

    const pia = await openBoard(live.browser, live.server.url, board.id, board.tokens.participant, 'Pia');
    await cardOn(pia, 'Eddie’s note').waitFor();
    // No control for the structure, the facilitation, or someone else's note.
    for (const name of ['Rename stage Awareness', 'Delete stage Awareness', 'Delete lane Customer actions'])
      await expect(pia.getByRole('button', { name }).count()).resolves.toBe(0);
    for (const name of ['Add stage', 'Add lane'])
      await expect(toolbar(pia).getByRole('button', { name }).count()).resolves.toBe(0);
    await expect(moreActions(pia)).resolves.not.toContain('Fork future state');
    for (const name of ['Timer', 'Lock structure', 'Bring everyone to me'])
      await expect(pia.getByRole('button', { name }).count()).resolves.toBe(0);
    await cardOn(pia, 'Eddie’s note').click();
    await expect(toolbar(pia).getByRole('button', { name: 'Delete selection' }).isDisabled()).resolves.toBe(
      true,
    );
    const inspector = pia.getByRole('region', { name: 'Card details' });
    await expect(inspector.getByLabel('Text').getAttribute('readonly')).resolves.not.toBeNull();
    await inspector.getByText('only its author or an editor changes this card').waitFor();
    await pia.screenshot({ path: screenshotPath('roles-participant') });
    await pia.keyboard.press('Delete');

    // Their own note: added, written, rewritten, and stored under their name.
    await addCardVia(pia, 'Pia’s note');
    await cardOn(pia, 'Pia’s note').dblclick();
    await pia.getByRole('textbox', { name: 'Card text' }).fill('Pia’s rewritten note');
    await pia.keyboard.press('Enter');
    await expect
      .poll(() => stored(board.id).cards.map((c) => c.text))
      .toEqual(['Eddie’s note', 'Pia’s rewritten note']);
    const own = stored(board.id).cards.find((c) => c.text === 'Pia’s rewritten note');
    const eddies = stored(board.id).cards.find((c) => c.text === 'Eddie’s note');
    expect(own?.authorId).toMatch(/\S/);
    expect(own?.authorId).not.toBe(eddies?.authorId);
    await cardOn(pia, 'Pia’s rewritten note').click();
    await expect(toolbar(pia).getByRole('button', { name: 'Delete selection' }).isEnabled()).resolves.toBe(
      true,
    );
    await pia.context().close();
    await eddie.context().close();
  });

  it('locks the structure: the facilitator’s toggle, a badge for everyone, no stage controls for editors', async () => {
    const board = await createBoardOver(live.server.url, 'Locked workshop', 'online-order');
    const fay = await openBoard(live.browser, live.server.url, board.id, board.tokens.facilitator, 'Fay');
    const eddie = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor, 'Eddie');
    const stage = stored(board.id).stages[0]!.title;
    await expect(eddie.getByRole('button', { name: `Rename stage ${stage}` }).count()).resolves.toBe(1);
    await expect(eddie.getByRole('button', { name: 'Lock structure' }).count()).resolves.toBe(0);

    const lock = fay.getByRole('button', { name: 'Lock structure' });
    await lock.click();
    await expect.poll(() => stored(board.id).facilitation.structureLocked).toBe(true);
    await expect(lock.getAttribute('aria-pressed')).resolves.toBe('true');
    await eddie.getByText('Structure locked').waitFor();
    await expect.poll(() => eddie.getByRole('button', { name: `Rename stage ${stage}` }).count()).toBe(0);
    await expect(toolbar(eddie).getByRole('button', { name: 'Add stage' }).count()).resolves.toBe(0);
    // Facilitators keep the structure in hand while it is locked.
    await expect(fay.getByRole('button', { name: `Rename stage ${stage}` }).count()).resolves.toBe(1);
    await fay.screenshot({ path: screenshotPath('roles-facilitator-locked') });
    await fay.context().close();
    await eddie.context().close();
  });

  it('drops a change the server refused, with this browser’s copy of the board, and loads it again', async () => {
    const board = await createBoardOver(live.server.url, 'Refused');
    const pia = await openBoard(live.browser, live.server.url, board.id, board.tokens.participant, 'Pia');
    const stage = stored(board.id).stages[0]!;
    // Away from the board, a rename the participant may not make lands in the browser's copy
    // (as an older app, or an edit made before a lock, would leave it).
    const kept = () => offlineCopy(pia, board.id);
    // y-indexeddb writes what arrives a moment later: leave once the stage is in the copy.
    await expect.poll(async () => readBoard(await kept()).stages.map((s) => s.id)).toContain(stage.id);
    await pia.goto(`${live.server.url}/`);
    const doc = await kept();
    const before = Y.encodeStateVector(doc);
    renameStage(doc, { id: stage.id, title: 'Hijacked' }, ORIGINS.local);
    await keepUpdate(pia, board.id, Y.encodeStateAsUpdate(doc, before));

    await pia.goto(`${live.server.url}/b/${board.id}#token=${board.tokens.participant}`);
    // The server's own reason, shown once the board has been loaded again.
    await pia
      .getByText(
        /^Your last change was not kept: only editors change a stage.s title\. The board was loaded again\.$/,
      )
      .waitFor({ timeout: 10_000 });
    await untilSaved(pia);
    await pia
      .getByRole('region', { name: `Stage ${stage.title}` })
      .filter({ visible: true })
      .first()
      .waitFor();
    await pia.screenshot({ path: screenshotPath('roles-refused-notice') });
    await expect(pia.getByText('Hijacked').count()).resolves.toBe(0);
    expect(stored(board.id).stages[0]?.title).toBe(stage.title);
    // The copy kept now is the server's: nothing left to send again.
    await expect
      .poll(async () => readBoard(await kept()).stages.find((s) => s.id === stage.id)?.title)
      .toBe(stage.title);
    await pia.context().close();
  });
});
