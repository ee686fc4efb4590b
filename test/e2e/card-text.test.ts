/**
 * Cards and stage headers that read well (issue 16, must-show 5): a card's text cut
 * after whole lines ends with an ellipsis and shows in full on hover (its tooltip), on
 * keyboard focus (the card grows over its neighbours) and in the inspector; a stage's
 * metric chips wrap and collapse to "+N" instead of being cut.
 */
import { readBoard, setMetric } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver, joinSynced, useClients } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { addCardVia, cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();
const clients = useClients();

const LONG =
  'The parcel tracking page said "out for delivery" all day, then at 9 pm it changed to "attempted, ' +
  'customer not in" although I was at home the whole time and the doorbell works; nobody rang.';

/** How a card's text box lies: clamped lines, whether it is cut, and whether it stays inside the card. */
const textFacts = (page: import('playwright-core').Page, text: string) =>
  cardOn(page, text)
    .locator('.card__text')
    .evaluate((box) => {
      const card = box.closest('.card') as HTMLElement;
      const style = getComputedStyle(box);
      const lineHeight = Number.parseFloat(style.lineHeight);
      const shown = box.getBoundingClientRect();
      const meta = card.querySelector('.card__meta')?.getBoundingClientRect();
      const outer = card.getBoundingClientRect();
      return {
        clamp: style.webkitLineClamp,
        cut: box.scrollHeight > box.clientHeight + 1,
        wholeLines:
          Math.abs(box.clientHeight / lineHeight - Math.round(box.clientHeight / lineHeight)) < 0.05,
        insideCard: shown.bottom <= outer.bottom + 0.5 && (meta ? meta.bottom <= outer.bottom + 0.5 : true),
        tooltip: box.getAttribute('title'),
      };
    });

describe('card text', () => {
  it('is cut after whole lines with an ellipsis, and shows whole on hover, keyboard focus and in the inspector', async () => {
    const board = await createBoardOver(live.server.url, 'Long notes', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await page.setViewportSize({ width: 1280, height: 720 });
    await addCardVia(page, LONG);
    await expect
      .poll(() => textFacts(page, LONG))
      .toEqual({
        clamp: '3',
        cut: true,
        wholeLines: true,
        insideCard: true,
        tooltip: LONG,
      });
    // Every card of the worked example keeps its lines and chips inside itself.
    const allInside = await page.locator('.card__text').evaluateAll((boxes) =>
      boxes.every((box) => {
        const card = (box.closest('.card') as HTMLElement).getBoundingClientRect();
        const meta = box.parentElement?.querySelector('.card__meta')?.getBoundingClientRect();
        return (
          box.getBoundingClientRect().bottom <= card.bottom + 0.5 &&
          (!meta || meta.bottom <= card.bottom + 0.5)
        );
      }),
    );
    expect(allInside).toBe(true);
    await page.keyboard.press('Escape');
    // The picture shows the card's details beside it, not the line shown while their code arrives.
    await page.getByRole('region', { name: 'Card details' }).waitFor();
    await page.screenshot({ path: screenshotPath('card-cut-1280x720') });
    await cardOn(page, LONG).screenshot({ path: screenshotPath('card-cut-closeup') });

    // Keyboard focus: the card grows to show the whole text, over its neighbours.
    const node = page.locator('.react-flow__node-card', { has: cardOn(page, LONG) });
    const heightBefore = (await node.locator('.card').boundingBox())!.height;
    await node.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => node.evaluate((n) => n.matches(':focus-visible'))).toBe(true);
    await expect.poll(() => textFacts(page, LONG).then((f) => f.cut)).toBe(false);
    await expect
      .poll(async () => (await node.locator('.card').boundingBox())!.height)
      .toBeGreaterThan(heightBefore);
    await page.screenshot({ path: screenshotPath('card-focused-1280x720') });

    // Selected, the inspector holds the whole text.
    await cardOn(page, LONG).click();
    const inspector = page.getByRole('region', { name: 'Card details' });
    await expect.poll(() => inspector.getByLabel('Text').inputValue()).toBe(LONG);
    await page.context().close();
  });

  it('keeps a tooltip to a few paragraphs for a very long text', async () => {
    const board = await createBoardOver(live.server.url, 'Transcript');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    const transcript = 'Agent said the bag was in Zurich. '.repeat(3000);
    await addCardVia(page, transcript);
    const text = page.locator('.card .card__text').first();
    await expect.poll(async () => ((await text.getAttribute('title')) ?? '').length).toBeGreaterThan(600);
    const tooltip = (await text.getAttribute('title')) ?? '';
    expect(tooltip.length).toBeLessThan(700);
    expect(tooltip.startsWith(transcript.slice(0, 600))).toBe(true);
    await page.context().close();
  });
});

describe('stage header chips', () => {
  it('wrap onto two rows and collapse the rest into "+N", all of them in its tooltip', async () => {
    const board = await createBoardOver(live.server.url, 'Measured', 'online-order');
    const writer = await joinSynced(clients, live.server.wsUrl, board.id, board.tokens.owner);
    const stage = readBoard(writer.doc).stages[1]!;
    const added = [
      { name: 'custom', label: 'Basket abandonment', current: 31, target: 20 },
      { name: 'custom', label: 'Payment errors', current: 4, target: 1 },
      { name: 'custom', label: 'Delivery slot picks', current: 62, target: 80 },
      { name: 'custom', label: 'Promo code use', current: 12, target: 15 },
    ] as const;
    for (const metric of added) setMetric(writer.doc, { stageId: stage.id, ...metric });
    const metrics = readBoard(writer.doc).metrics.filter((m) => m.stageId === stage.id);
    expect(metrics.length).toBeGreaterThan(2);

    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.owner);
    await page.setViewportSize({ width: 1920, height: 1080 });
    const chips = page.getByRole('list', { name: `Metrics of ${stage.title}` });
    const more = chips.locator('.stage-metric--more');
    await expect.poll(() => more.textContent()).toContain(`+${metrics.length - 2}`);
    await expect(more.getAttribute('title')).resolves.toContain('Promo code use');
    // Nothing cut: every chip is whole inside the list, and the list inside its header.
    const facts = await chips.evaluate((list) => {
      const box = list.getBoundingClientRect();
      const header = (list.closest('.stage-column__header') as HTMLElement).getBoundingClientRect();
      const items = [...list.children].map((chip) => chip.getBoundingClientRect());
      return {
        chipsInside: items.every((c) => c.bottom <= box.bottom + 0.5 && c.right <= box.right + 0.5),
        chipsCut: [...list.querySelectorAll('.stage-metric')].some((c) => c.scrollWidth > c.clientWidth + 1),
        listInside: box.bottom <= header.bottom + 0.5,
        rows: new Set(items.map((c) => Math.round(c.top))).size,
      };
    });
    await page.screenshot({ path: screenshotPath('stage-many-metrics-1920x1080') });
    await page
      .getByRole('region', { name: `Stage ${stage.title}` })
      .first()
      .screenshot({ path: screenshotPath('stage-many-metrics-closeup') });
    expect(facts).toEqual({ chipsInside: true, chipsCut: false, listInside: true, rows: 2 });
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.screenshot({ path: screenshotPath('stage-many-metrics-1280x720') });
    await page.context().close();
  });
});
