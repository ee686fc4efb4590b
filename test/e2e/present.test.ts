/**
 * Present in Chromium: the board's story full screen from live data. Opened with P
 * and from the toolbar, stepped by buttons and keys, jumped from the slide list, left
 * with Escape; a card edited elsewhere shows on the slide within a second; the
 * presentation link opens it for a viewer; it shows the texts the PPTX shows;
 * others follow the presenter's slide through presence; and a key pressed in the
 * first frame of the board or of the slides goes where it is meant to.
 */
import { readBoard, updateCard } from '@journeyboard/shared';
import { buildDeck } from '@journeyboard/shared/story';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver, joinSynced, useClients } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { addCardVia, aliceAndBob, cardOn, keyOnArrival, keySent, openBoard } from '../support/pages.js';

const live = useLiveApp();
const clients = useClients();

const presentation = (page: Page) => page.getByRole('dialog', { name: /^Presentation:/ });
const counter = (page: Page) => presentation(page).getByRole('status', { name: 'Slide' });
const slideTexts = (page: Page) => page.locator('svg.present__slide').textContent();
const bare = (text: string | null) => (text ?? '').replace(/\s+/g, '');

/** The smallest text on the slide on show, in screen pixels. */
const smallestTextPx = (page: Page) =>
  page.evaluate(() => {
    const svg = document.querySelector<SVGSVGElement>('svg.present__slide');
    const scale = svg?.getScreenCTM()?.a ?? 0;
    const sizes = [...document.querySelectorAll('svg.present__slide tspan')].map(
      (t) => Number(t.getAttribute('font-size')) * scale,
    );
    return Math.min(...sizes);
  });

/** How long a poll waits for what a loaded machine shows late (a page opening, presence arriving). */
const SHOWN = { timeout: 10_000 };

async function expectCounter(page: Page, text: string) {
  await expect.poll(() => counter(page).textContent(), SHOWN).toBe(text);
}

describe('Present', () => {
  it('opens with P and the toolbar, steps by buttons and keys, jumps from the list and leaves with Escape', async () => {
    const board = await createBoardOver(live.server.url, 'Delivery review', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.keyboard.press('p');
    await presentation(page).waitFor();
    const total = Number(/^1 \/ (\d+)$/.exec((await counter(page).textContent()) ?? '')?.[1]);
    expect(total).toBeGreaterThan(10);
    await expect.poll(() => slideTexts(page), SHOWN).toContain('Delivery review');
    expect(await smallestTextPx(page)).toBeGreaterThanOrEqual(14);
    await page.screenshot({ path: screenshotPath('present-title-1280x720') });

    await presentation(page).getByRole('button', { name: 'Next slide' }).click();
    await expectCounter(page, `2 / ${total}`);
    for (const [key, at] of [
      ['ArrowRight', 3],
      ['PageDown', 4],
      [' ', 5],
      ['ArrowDown', 6],
      ['ArrowLeft', 5],
      ['PageUp', 4],
      ['ArrowUp', 3],
      ['End', total],
      ['Home', 1],
    ] as const) {
      // The focus stays where the click left it (a button): the keys still step.
      await page.locator('.present').focus();
      await page.keyboard.press(key);
      await expectCounter(page, `${at} / ${total}`);
    }
    await presentation(page).getByRole('button', { name: 'Previous slide' }).isDisabled();
    expect(await presentation(page).getByRole('button', { name: 'Previous slide' }).isDisabled()).toBe(true);

    // The slide list: one button per slide, named by its title; a press jumps there.
    await presentation(page).getByRole('button', { name: 'Slides' }).click();
    const list = page.getByRole('navigation', { name: 'Slides' });
    await list.waitFor();
    expect(await list.getByRole('button').count()).toBe(total);
    const titles = await list.getByRole('button').allTextContents();
    const heatMap = titles.findIndex((t) => /Friction heat map/.test(t));
    expect(heatMap).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('present-slide-list-1280x720') });
    await list.getByRole('button').nth(heatMap).click();
    await expectCounter(page, `${heatMap + 1} / ${total}`);
    await expect.poll(() => list.count(), SHOWN).toBe(0);
    const shownTitle = await page.locator('svg.present__slide').getAttribute('aria-label');
    expect(titles[heatMap]).toContain(shownTitle);
    expect(await smallestTextPx(page)).toBeGreaterThanOrEqual(14);
    await page.mouse.move(640, 300);
    await page.screenshot({ path: screenshotPath('present-heat-map-1280x720') });

    // The journey overview: the whole grid on one slide, its card texts still 14 px or more.
    const overview = titles.findIndex((t) => /Journey overview/.test(t));
    expect(overview).toBeGreaterThan(0);
    await (await openedList(page)).getByRole('button').nth(overview).click();
    await expectCounter(page, `${overview + 1} / ${total}`);
    expect(await smallestTextPx(page)).toBeGreaterThanOrEqual(14);
    await page.mouse.move(640, 300);
    await page.screenshot({ path: screenshotPath('present-overview-1280x720') });

    // Nothing reaches the board behind: N would add a card there.
    const cardsBefore = await page.getByRole('article').count();
    await page.keyboard.press('n');
    await page.keyboard.press('Escape');
    await expect.poll(() => presentation(page).count(), SHOWN).toBe(0);
    expect(await page.getByRole('article').count()).toBe(cardsBefore);

    // And from the toolbar; the board's shortcuts list P.
    await page
      .getByRole('toolbar', { name: 'Board actions' })
      .getByRole('button', { name: 'Present' })
      .click();
    await presentation(page).waitFor();
    await expectCounter(page, `1 / ${total}`);
    await page.keyboard.press('Escape');
    await expect.poll(() => presentation(page).count(), SHOWN).toBe(0);
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect.poll(() => help.getByRole('row', { name: 'P Present' }).count(), SHOWN).toBe(1);
    await page.context().close();
  });

  it('shows a card edited elsewhere on the slide on show within a second', async () => {
    const board = await createBoardOver(live.server.url, 'Live story', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const bob = await joinSynced(clients, live.server.wsUrl, board.id, board.tokens.editor);
    const snapshot = readBoard(bob.doc);
    const card = snapshot.cards.find((c) => c.text === 'Refund for a lost parcel takes up to two weeks');
    if (!card) throw new Error('the worked example has its refund card');
    const at = buildDeck(snapshot).slides.findIndex(
      (s) => s.kind === 'journey-map' && s.cardIds?.includes(card.id),
    );
    expect(at).toBeGreaterThan(0);

    await page.keyboard.press('p');
    await presentation(page).getByRole('button', { name: 'Slides' }).click();
    await page.getByRole('navigation', { name: 'Slides' }).getByRole('button').nth(at).click();
    await expect.poll(() => slideTexts(page).then(bare), SHOWN).toContain(bare('Refund for a lost parcel'));

    updateCard(bob.doc, { id: card.id, text: 'Refunds now paid the same day' });
    const edited = Date.now();
    await expect
      .poll(() => slideTexts(page).then(bare), { timeout: 1_000, interval: 25 })
      .toContain(bare('Refunds now paid the same day'));
    console.log(`[present] an edit reached the slide on show in ${Date.now() - edited} ms`);
    await page.context().close();
  });

  it('opens the presentation link for a viewer, read-only, with the token out of the address bar', async () => {
    const board = await createBoardOver(live.server.url, 'Baggage story', 'baggage-recovery');
    // A person who only watches: no name known to this browser, none asked.
    const context = await live.browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${live.server.url}/p/${board.id}#token=${board.tokens.viewer}`);
    await presentation(page).waitFor({ timeout: 10_000 });
    await expect.poll(() => counter(page).textContent(), SHOWN).toMatch(/^1 \/ \d+$/);
    expect(page.url()).toBe(`${live.server.url}/p/${board.id}`);
    expect(await page.getByRole('dialog', { name: /name/i }).count()).toBe(0);
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    const list = await openedList(page);
    const map = (await list.getByRole('button').allTextContents()).findIndex((t) => /Journey map/i.test(t));
    await list.getByRole('button').nth(map).click();
    expect(await smallestTextPx(page)).toBeGreaterThanOrEqual(14);
    await page.mouse.move(960, 400);
    await page.screenshot({ path: screenshotPath('present-link-map-1920x1080') });

    await page.keyboard.press('Escape');
    await expect.poll(() => presentation(page).count(), SHOWN).toBe(0);
    await page.getByText('View only').waitFor();
    await context.close();
  });

  it('shows the slides and texts of the exported PowerPoint file', async () => {
    const board = await createBoardOver(live.server.url, 'Delivery review', 'online-order');
    const response = await fetch(`${live.server.url}/api/boards/${board.id}/export.pptx`, {
      headers: { authorization: `Bearer ${board.tokens.viewer}` },
    });
    expect(response.status).toBe(200);
    const zip = await JSZip.loadAsync(await response.arrayBuffer());
    const names = Object.keys(zip.files)
      .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
      .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]));
    const exported = await Promise.all(
      names.map(async (name) => {
        const xml = (await zip.file(name)?.async('string')) ?? '';
        const texts = [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1] ?? '');
        return bare(
          texts
            .join('')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&quot;/g, '"')
            .replace(/&apos;/g, "'")
            .replace(/&amp;/g, '&'),
        );
      }),
    );

    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.viewer);
    await page.keyboard.press('p');
    await expectCounter(page, `1 / ${exported.length}`);
    for (const [i, texts] of exported.entries()) {
      await expectCounter(page, `${i + 1} / ${exported.length}`);
      expect(bare(await slideTexts(page)), `slide ${i + 1}`).toBe(texts);
      await page.keyboard.press('ArrowRight');
    }
    await page.context().close();
  });
});

describe('Presenter settings', () => {
  it('lets an editor hide a slide and write its notes, kept in the board for everyone and the PPTX', async () => {
    const board = await createBoardOver(live.server.url, 'Notes story', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const bob = await joinSynced(clients, live.server.wsUrl, board.id, board.tokens.editor);
    const deck = buildDeck(readBoard(bob.doc));
    const overview = deck.slides.findIndex((s) => s.kind === 'journey-overview');
    const total = deck.slides.length;

    await page.keyboard.press('p');
    await (await openedList(page)).getByRole('button').nth(overview).click();
    await expectCounter(page, `${overview + 1} / ${total}`);
    await presentation(page).getByRole('button', { name: 'Hide slide' }).click();
    // Left out: the slide after it takes its place, and the deck is one shorter for everyone.
    await expectCounter(page, `${overview + 1} / ${total - 1}`);
    await expect.poll(() => buildDeck(readBoard(bob.doc)).slides.length, SHOWN).toBe(total - 1);
    const shownKey = deck.slides[overview + 1]?.key ?? '';

    await presentation(page).getByRole('button', { name: 'Notes' }).click();
    const notes = page.getByRole('textbox', { name: /^Notes for / });
    await notes.fill('Open with the refund: two weeks. Space and arrows type here.');
    await expectCounter(page, `${overview + 1} / ${total - 1}`);
    await notes.press('Escape');
    await expect
      .poll(() => readBoard(bob.doc).slides.find((s) => s.id === shownKey)?.notes, SHOWN)
      .toBe('Open with the refund: two weeks. Space and arrows type here.');
    await page.screenshot({ path: screenshotPath('present-notes-1440x900') });

    const list = await openedList(page);
    await list.getByRole('button', { name: 'Show 1 hidden slide' }).click();
    await expect.poll(() => buildDeck(readBoard(bob.doc)).slides.length, SHOWN).toBe(total);
    await expect.poll(() => counter(page).textContent(), SHOWN).toMatch(new RegExp(` / ${total}$`));
    await page.context().close();
  });
});

async function openedList(page: Page) {
  await presentation(page).getByRole('button', { name: 'Slides' }).click();
  const list = page.getByRole('navigation', { name: 'Slides' });
  await list.waitFor();
  return list;
}

describe('Following a presentation', () => {
  it('shows the presenter’s slide to those who follow, who can step away and come back; the link follows too', async () => {
    const { board, alice, bob } = await aliceAndBob(
      live,
      ['editor', 'editor'],
      'Followed story',
      'online-order',
    );
    await alice.keyboard.press('p');
    await presentation(alice).waitFor();
    const total = Number(/^1 \/ (\d+)$/.exec((await counter(alice).textContent()) ?? '')?.[1]);

    const follow = bob
      .getByRole('region', { name: 'Presentation' })
      .getByRole('button', { name: 'Follow presentation' });
    await follow.waitFor();
    await bob.screenshot({ path: screenshotPath('present-follow-offer-1440x900') });
    await follow.click();
    await expectCounter(bob, `1 / ${total}`);
    await presentation(bob)
      .getByText(/^Following /)
      .waitFor();

    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('ArrowRight');
    await expectCounter(alice, `3 / ${total}`);
    await expectCounter(bob, `3 / ${total}`);

    // Bob steps on by himself: he stays where he is while Alice moves on, until he follows again.
    await bob.keyboard.press('ArrowRight');
    await expectCounter(bob, `4 / ${total}`);
    const back = presentation(bob).getByRole('button', { name: /^Follow / });
    await back.waitFor();
    for (const _ of [1, 2, 3]) await alice.keyboard.press('ArrowRight');
    await expectCounter(alice, `6 / ${total}`);
    await bob.screenshot({ path: screenshotPath('present-stepped-away-1440x900') });
    expect(await counter(bob).textContent()).toBe(`4 / ${total}`);
    await back.click();
    await expectCounter(bob, `6 / ${total}`);

    // The presentation link, for someone who only watches, follows Alice from the start.
    const context = await live.browser.newContext({ viewport: { width: 1280, height: 720 } });
    const watcher = await context.newPage();
    await watcher.goto(`${live.server.url}/p/${board.id}#token=${board.tokens.viewer}`);
    await expectCounter(watcher, `6 / ${total}`);
    await alice.keyboard.press('ArrowLeft');
    await expectCounter(watcher, `5 / ${total}`);
    await expectCounter(bob, `5 / ${total}`);
    await watcher.screenshot({ path: screenshotPath('present-following-1280x720') });

    // Alice stops: the others stay on her last slide, free to step.
    await alice.keyboard.press('Escape');
    await expect.poll(() => presentation(alice).count(), SHOWN).toBe(0);
    await expect
      .poll(
        () =>
          presentation(bob)
            .getByText(/^Following /)
            .count(),
        SHOWN,
      )
      .toBe(0);
    expect(await counter(bob).textContent()).toBe(`5 / ${total}`);
    await watcher.keyboard.press('ArrowRight');
    await expectCounter(watcher, `6 / ${total}`);
    await context.close();
    await alice.context().close();
    await bob.context().close();
  });

  it('lets an owner bring everyone into the presentation, once: who leaves stays out', async () => {
    const { alice, bob } = await aliceAndBob(live, ['owner', 'editor'], 'Everyone in', 'baggage-recovery');
    await alice.keyboard.press('p');
    await presentation(alice).waitFor();
    await alice.keyboard.press('ArrowRight');
    // Alice owns the board: she may call everyone in (the server drops an editor's call: attack-presence).
    await presentation(alice).getByRole('button', { name: 'Bring everyone' }).click();
    await presentation(bob).waitFor();
    await presentation(bob)
      .getByText(/^Following /)
      .waitFor();
    await expect.poll(() => counter(bob).textContent(), SHOWN).toMatch(/^2 \//);

    await bob.keyboard.press('Escape');
    await expect.poll(() => presentation(bob).count(), SHOWN).toBe(0);
    await alice.keyboard.press('ArrowRight');
    await expectCounter(alice, (await counter(alice).textContent())?.replace(/^\d+/, '3') ?? '');
    // The call was answered: Bob is offered the presentation again, not pulled back in.
    await bob
      .getByRole('region', { name: 'Presentation' })
      .getByRole('button', { name: 'Follow presentation' })
      .waitFor();
    expect(await presentation(bob).count()).toBe(0);
    await alice.context().close();
    await bob.context().close();
  });

  it('takes the keys from the slides’ first frame: none reaches the board behind them', async () => {
    const board = await createBoardOver(live.server.url, 'Keys');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await addCardVia(page, 'Stays on the board');
    await cardOn(page, 'Stays on the board').click();
    // Delete the moment the slides are in the page, before their first paint. The slides'
    // code arrives in its own chunk, so their first commit is not the P press's own.
    await keyOnArrival(page, '.present', 'Delete');
    await page.keyboard.press('p');
    await presentation(page).waitFor();
    expect(await keySent(page)).toBe('Delete');
    await page.keyboard.press('Escape');
    await expect.poll(() => presentation(page).count(), SHOWN).toBe(0);
    expect(await cardOn(page, 'Stays on the board').count()).toBe(1);
    expect(readBoard(live.server.rooms.get(board.id)!.doc).cards.map((c) => c.text)).toEqual([
      'Stays on the board',
    ]);
    await page.context().close();
  });

  it('shows the board with Saved, and opens with P pressed in that first frame', async () => {
    const board = await createBoardOver(live.server.url, 'First frame', 'online-order');
    const context = await live.browser.newContext({ viewport: { width: 1280, height: 720 } });
    await context.addInitScript(() => {
      localStorage.setItem('journeyboard:display-name', 'Alice');
      // P, the moment the page first says Saved (before that frame's paint): with the board
      // arriving early, often the workspace's very first frame. The board is on screen with
      // it, so Present is ready then too.
      const seen = new MutationObserver(() => {
        if (document.querySelector('.save-status')?.textContent !== 'Saved') return;
        seen.disconnect();
        const present = document.querySelector<HTMLButtonElement>('button[aria-keyshortcuts="P"]');
        document.body.dataset.presentReady = String(present?.disabled === false);
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'p', bubbles: true }));
      });
      document.addEventListener('DOMContentLoaded', () =>
        seen.observe(document.body, { childList: true, subtree: true }),
      );
    });
    const page = await context.newPage();
    await page.goto(`${live.server.url}/b/${board.id}#token=${board.tokens.editor}`);
    await presentation(page).waitFor(SHOWN);
    expect(await page.evaluate(() => document.body.dataset.presentReady)).toBe('true');
    await context.close();
  });
});
