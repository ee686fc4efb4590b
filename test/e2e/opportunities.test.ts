/**
 * From friction to a plan: Alice turns a friction card into an opportunity, scores it
 * on the impact / effort matrix, puts it on the roadmap, and reads in the comparison
 * what the future state does to friction. A second y-websocket client checks that
 * each change reached the shared board.
 */
import {
  type BoardSnapshot,
  diffFriction,
  type Opportunity,
  quadrantOf,
  rankFriction,
  readBoard,
} from '@journeyboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { type Client, createBoardOver, joinSynced } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();
const clients: Client[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

const formatScore = (score: number) => score.toFixed(1);

describe('opportunities', () => {
  it('a friction card becomes an opportunity, scored on the matrix, planned on the roadmap, seen in the comparison', async () => {
    const board = await createBoardOver(live.server.url, 'Delivery redesign', 'online-order');
    const bob = await joinSynced(clients, live.server.wsUrl, board.id, board.tokens.viewer);
    const snapshot = (): BoardSnapshot => readBoard(bob.doc);
    const find = (title: string): Opportunity | undefined =>
      snapshot().opportunities.find((o) => o.title === title);

    const initial = snapshot();
    const current = initial.states.find((s) => s.kind === 'current')!;
    const future = initial.states.find((s) => s.kind === 'future')!;
    // The friction point that hurts most; opportunities already address it, one more will.
    const pain = rankFriction(initial, current.id).items[0]!.card;
    const alreadyLinked = initial.opportunities.filter((o) => o.frictionIds.includes(pain.id));
    const title = `Fix: ${pain.text}`;

    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);

    // Alice selects the friction card and creates an opportunity from it.
    await cardOn(page, pain.text).click();
    const inspector = page.getByRole('region', { name: 'Card details' });
    const linkedInInspector = inspector.getByRole('list', { name: 'Opportunities addressing this card' });
    await expect
      .poll(() => linkedInInspector.getByRole('listitem').allTextContents())
      .toEqual(alreadyLinked.map((o) => expect.stringContaining(o.title)));
    await page.screenshot({ path: screenshotPath('opportunities-inspector') });
    await inspector.getByRole('button', { name: 'Create opportunity' }).click();
    await expect.poll(() => find(title)?.frictionIds).toEqual([pain.id]);

    // The panel opens on the list, with the new opportunity unfolded and linked to the card.
    const panel = page.getByRole('region', { name: 'Opportunities', exact: true });
    await panel.waitFor();
    const item = panel.getByRole('article', { name: `Opportunity ${title}` });
    await expect
      .poll(() => item.getByRole('button', { name: title, exact: true }).getAttribute('aria-expanded'))
      .toBe('true');
    await expect
      .poll(() => item.getByRole('list', { name: `Friction linked to ${title}` }).textContent())
      .toContain(pain.text);
    await item.getByLabel('Owner', { exact: true }).fill('Carrier management');
    await item.getByLabel('Owner', { exact: true }).press('Enter');
    await expect.poll(() => find(title)?.owner).toBe('Carrier management');
    await page.screenshot({ path: screenshotPath('opportunities-list') });

    // On the matrix, Alice drags its chip into the quick wins.
    await panel.getByRole('tab', { name: 'Matrix' }).click();
    const matrix = panel.getByRole('region', { name: 'Impact and effort matrix' });
    const chip = matrix.getByRole('button', { name: `${title}: impact 3, effort 3, Structural work` });
    const from = (await chip.boundingBox())!;
    const quickWins = (await matrix.locator('.matrix__quadrant--quick-win').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(quickWins.x + quickWins.width / 2, quickWins.y + quickWins.height / 2, {
      steps: 8,
    });
    await page.mouse.up();
    await expect.poll(() => find(title) && quadrantOf(find(title)!)).toBe('quick-win');
    const dropped = find(title)!;
    expect([dropped.impact, dropped.effort]).not.toEqual([3, 3]);
    await expect
      .poll(() =>
        matrix
          .getByRole('button', {
            name: `${title}: impact ${dropped.impact}, effort ${dropped.effort}, Quick win`,
          })
          .count(),
      )
      .toBe(1);

    // The arrow keys re-score a focused chip: one step more impact.
    await matrix.getByRole('button', { name: new RegExp(`^${title}:`) }).focus();
    await page.keyboard.press('ArrowUp');
    await expect
      .poll(() => [find(title)?.impact, find(title)?.effort])
      .toEqual([Math.min(5, dropped.impact + 1), dropped.effort]);
    await page.screenshot({ path: screenshotPath('opportunities-matrix') });

    // On the roadmap, Alice drags it from Next to Later, and moves another with its button.
    await panel.getByRole('tab', { name: 'Roadmap' }).click();
    const column = (name: string) => panel.getByRole('region', { name, exact: true });
    const card = column('Next').getByRole('listitem', { name: title });
    const cardBox = (await card.boundingBox())!;
    const laterBox = (await column('Later').boundingBox())!;
    await page.mouse.move(cardBox.x + 20, cardBox.y + 12);
    await page.mouse.down();
    await page.mouse.move(laterBox.x + laterBox.width / 2, laterBox.y + 60, { steps: 8 });
    await page.mouse.up();
    await expect.poll(() => find(title)?.horizon).toBe('later');
    await expect.poll(() => column('Later').getByRole('listitem', { name: title }).count()).toBe(1);
    const other = initial.opportunities.find((o) => o.horizon === 'now')!;
    await column('Now')
      .getByRole('button', { name: `Move ${other.title} to Later` })
      .click();
    await expect.poll(() => find(other.title)?.horizon).toBe('later');
    await page.screenshot({ path: screenshotPath('opportunities-roadmap') });

    // In the future state, each opportunity says what it removes there, and the canvas marks what is addressed.
    await page.getByRole('tab', { name: future.title }).click();
    await panel.getByRole('tab', { name: 'List' }).click();
    const delay = initial.opportunities.find((o) => o.title.startsWith('Proactive delay notifications'))!;
    const effects = panel
      .getByRole('article', { name: `Opportunity ${delay.title}` })
      .getByRole('list', { name: `What ${delay.title} changes` });
    await expect.poll(() => effects.textContent()).toMatch(/Removes:.*\(−\d+\.\d\)/);
    await expect.poll(() => effects.textContent()).toMatch(/Reduces:.*\d+\.\d → \d+\.\d/);
    const stillThere = snapshot().cards.find(
      (c) => c.stateId === future.id && c.derivedFrom && delay.frictionIds.includes(c.derivedFrom),
    )!;
    await page.screenshot({ path: screenshotPath('opportunities-future') });
    await page.getByRole('button', { name: 'Opportunities', exact: true }).click();
    await expect
      .poll(() => cardOn(page, stillThere.text).locator('.card__addressed').textContent())
      .toMatch(/opportunit/i);

    // The comparison shows the friction totals before and after, as diffFriction computes them.
    await page.getByRole('button', { name: 'Compare' }).click();
    const compare = page.getByRole('region', { name: 'Compare states' });
    await compare.waitFor();
    const friction = compare.getByRole('region', { name: 'Friction before and after' });
    const diff = diffFriction(snapshot(), current.id, future.id);
    expect(diff.totalAfter).toBeLessThan(diff.totalBefore);
    await expect
      .poll(() => friction.textContent())
      .toContain(`${formatScore(diff.totalBefore)} → ${formatScore(diff.totalAfter)}`);
    const percent = Math.round(((diff.totalBefore - diff.totalAfter) / diff.totalBefore) * 100);
    await expect.poll(() => friction.textContent()).toContain(`−${percent}% less friction`);
    const removed = diff.changes.filter((c) => c.outcome === 'removed');
    await expect
      .poll(() => friction.getByRole('list', { name: 'Friction removed' }).getByRole('listitem').count())
      .toBe(removed.length);
    await page.screenshot({ path: screenshotPath('opportunities-compare') });
    await page.context().close();
  });
});
