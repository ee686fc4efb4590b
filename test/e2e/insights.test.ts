/**
 * Journey insights in Chromium: stage metrics in the stage header, interaction
 * reasons with tags and counts, each participant's own feeling about a step, and
 * the workshop timer everyone sees.
 */
import { countReasons, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { connectClient, createBoardOver, waitFor } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, aliceAndBob, cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();

describe('journey insights', () => {
  it('sets a stage metric with current and target; the other person sees it in the stage header', async () => {
    const { alice, bob } = await aliceAndBob(live, ['editor', 'viewer'], 'Metrics workshop');

    await alice.getByRole('button', { name: 'Edit metrics of Awareness' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Metrics of Awareness' });
    await dialog.getByLabel('Metric').selectOption('NPS');
    await dialog.getByLabel('Now').fill('500');
    await dialog.getByRole('button', { name: 'Save metric' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('between -100 and 100');

    await dialog.getByLabel('Now').fill('12');
    await dialog.getByLabel('Target').fill('40');
    await dialog.getByRole('button', { name: 'Save metric' }).click();
    await dialog.getByLabel('Metric').selectOption('CES');
    await dialog.getByLabel('Now').fill('4.5');
    await dialog.getByRole('button', { name: 'Save metric' }).click();
    await expect.poll(() => dialog.getByRole('row').count()).toBe(3);
    await dialog.getByRole('button', { name: 'Done' }).click();

    const header = bob.getByRole('list', { name: 'Metrics of Awareness' });
    await expect
      .poll(() => header.getByRole('listitem').allTextContents())
      .toEqual(['NPS 12 → 40', 'CES 4.5']);
    // A viewer reads metrics but has no editor for them.
    await expect(bob.getByRole('button', { name: 'Edit metrics of Awareness' }).count()).resolves.toBe(0);
    await bob.screenshot({ path: screenshotPath('insights-stage-metrics') });
    await alice.context().close();
    await bob.context().close();
  });

  it('edits primary and secondary reasons, tags a touchpoint, and counts it', async () => {
    const board = await createBoardOver(live.server.url, 'Reasons workshop', 'online-order');
    const alice = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);

    await action(alice, 'Reasons');
    const panel = alice.getByRole('region', { name: 'Interaction reasons' });
    await panel.getByRole('textbox', { name: 'New primary reason' }).fill('Returns');
    await panel.getByRole('button', { name: 'Add: New primary reason' }).click();
    await panel
      .getByRole('textbox', { name: 'New secondary reason of Returns', exact: true })
      .fill('Wrong size');
    await panel.getByRole('button', { name: 'Add: New secondary reason of Returns', exact: true }).click();
    await expect
      .poll(() =>
        panel.getByRole('list', { name: 'Secondary reasons of Returns', exact: true }).textContent(),
      )
      .toContain('Wrong size');

    // Tag a touchpoint in the card details.
    await action(alice, 'Reasons');
    const touchpoint = 'Product pages with stock badge and "order by 8pm for next day" banner';
    await cardOn(alice, touchpoint).click();
    const tags = alice.getByRole('group', { name: 'Interaction reasons of this card' });
    await tags.getByRole('checkbox', { name: 'Wrong size' }).check();

    // The counts shown are countReasons of the document every replica holds.
    const observer = connectClient(live.server.wsUrl, board.id, board.tokens.viewer);
    const tagged = () => {
      const snapshot = readBoard(observer.doc);
      const reason = snapshot.reasons.find((r) => r.title === 'Wrong size');
      return reason && snapshot.cards.some((c) => c.reasonIds.includes(reason.id)) ? reason.id : null;
    };
    await waitFor(() => tagged() !== null, 5000, 'the tag to reach another replica');
    const reasonId = tagged()!;
    const snapshot = readBoard(observer.doc);
    const current = snapshot.states.find((s) => s.kind === 'current')!;
    const counts = countReasons(snapshot, current.id);
    const parent = snapshot.reasons.find((r) => r.title === 'Returns')!;
    expect(counts.get(reasonId)).toEqual({ touchpoints: 1, friction: 0, total: 1 });
    expect(counts.get(parent.id)?.total).toBe(1);

    await action(alice, 'Reasons');
    await expect
      .poll(() => panel.getByLabel('Wrong size: 1 touchpoints, 0 friction points').textContent())
      .toBe('1');
    await expect(
      panel.getByLabel('Returns: 1 touchpoints, 0 friction points', { exact: true }).textContent(),
    ).resolves.toBe('1');
    await alice.screenshot({ path: screenshotPath('insights-reasons') });
    observer.destroy();
    await alice.context().close();
  });

  it('shows each participant’s feeling about a step as an average and a range', async () => {
    const { alice, bob } = await aliceAndBob(live, ['editor', 'editor'], 'Feelings workshop', 'online-order');
    const step = 'Positive: quick to find the right sizes';

    await cardOn(alice, step).click();
    await alice.getByRole('button', { name: 'I feel +2' }).click();
    await cardOn(bob, step).click();
    await bob.getByRole('button', { name: 'I feel -2' }).click();
    await expect(bob.getByRole('button', { name: 'I feel -2' }).getAttribute('aria-pressed')).resolves.toBe(
      'true',
    );

    for (const page of [alice, bob]) {
      await expect
        .poll(() => page.getByLabel("Everyone's feeling").textContent())
        .toBe('2 people: average 0, from -2 to +2 — people disagree here');
      await expect.poll(() => page.locator('.emotion-spread-mark--disagree').count()).toBe(1);
    }
    // Alice changes her mind: her own entry changes, Bob's stays.
    await alice.getByRole('button', { name: 'I feel -1' }).click();
    await expect
      .poll(() => bob.getByLabel("Everyone's feeling").textContent())
      .toBe('2 people: average -1.5, from -2 to -1');
    await bob.screenshot({ path: screenshotPath('insights-feelings') });
    await alice.context().close();
    await bob.context().close();
  });

  it('runs a workshop timer that every participant sees, paused and stopped for all', async () => {
    const { alice, bob } = await aliceAndBob(live, ['owner', 'viewer'], 'Timed workshop');

    await alice.getByRole('button', { name: 'Timer' }).click();
    const controls = alice.getByRole('dialog', { name: 'Workshop timer controls' });
    await controls.getByLabel('What for').fill('Silent ideation');
    await controls.getByRole('button', { name: '5 min', exact: true }).click();

    const clock = bob.getByRole('status', { name: 'Workshop timer' });
    await expect.poll(() => clock.textContent()).toMatch(/^Silent ideation0[45]:\d\d$/);
    await expect(bob.getByRole('button', { name: 'Timer' }).count()).resolves.toBe(0);

    await alice.getByRole('button', { name: 'Timer' }).click();
    await controls.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => clock.textContent()).toContain('paused');
    const paused = await clock.textContent();
    await bob.waitForTimeout(1500);
    await expect(clock.textContent()).resolves.toBe(paused);

    await controls.getByRole('button', { name: 'Stop timer' }).click();
    await expect.poll(() => clock.count()).toBe(0);
    await alice.context().close();
    await bob.context().close();
  });
});
