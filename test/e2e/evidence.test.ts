/**
 * Evidence from data in Chromium (#14): the Reasons panel's import dialog previews a
 * contacts export, guesses its columns (a person corrects one), imports it through the
 * evidence route, and the panel shows volumes, the Pareto chart and the channel mix;
 * a friction card's typed frequency visibly overrides the evidence until it is
 * cleared; a malformed file is refused with its rows. Screenshots are saved at
 * 1280 × 720 and 1920 × 1080 for a person to look at.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshotPath } from '../support/browser.js';
import { createBoardOver } from '../support/clients.js';
import { useLiveApp } from '../support/live-app.js';
import { action, cardOn, openBoard } from '../support/pages.js';

const live = useLiveApp();
const SHOWN = { timeout: 10_000 };

/** A contacts export as a contact-centre tool writes it: one row per contact, its own header names. */
function contactsExport(): string {
  const reasons: Array<[string, string, string, number]> = [
    ['Delivery problem', 'Delivery is late', 'phone', 9],
    ['Delivery problem', 'Missed delivery / card left', 'chat', 4],
    ['Existing order', 'Where is my order', 'chat', 7],
    ['Existing order', 'Change delivery address', 'email', 2],
    ['Returns & refunds', 'Refund status', 'email', 2],
    ['Payment & pricing', 'Payment failed', 'phone', 1],
  ];
  const lines = ['Ticket ID,Created at,Contact reason,Sub-reason,Channel'];
  let id = 1000;
  for (const [month, scale] of [
    ['02', 1],
    ['03', 2],
  ] as const) {
    for (const [primary, secondary, channel, n] of reasons) {
      for (let i = 0; i < n * scale; i++)
        lines.push(
          `${id++},2026-${month}-${String((i % 27) + 1).padStart(2, '0')} 09:30,${primary},${secondary},${channel}`,
        );
    }
  }
  return lines.join('\n');
}

const dialog = (page: Page) => page.getByRole('dialog', { name: 'Import evidence' });

async function openImport(page: Page) {
  await action(page, 'Reasons');
  await page.getByRole('button', { name: 'Import data…' }).click();
  await dialog(page).waitFor();
}

async function chooseFile(page: Page, name: string, text: string) {
  await dialog(page)
    .getByLabel('CSV or TSV file')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await dialog(page).getByRole('region', { name: 'First rows of the file' }).waitFor();
}

describe('evidence from data', () => {
  it('imports a contacts export through the mapping step and shows volumes, the Pareto chart and the channel mix', async () => {
    const board = await createBoardOver(live.server.url, 'Online order', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await page.setViewportSize({ width: 1280, height: 720 });
    await openImport(page);
    await chooseFile(page, 'contacts-march.csv', contactsExport());

    // The guess: the dates are the period, the reasons and the channel by their names, no count (one row per contact).
    const column = (field: string) => dialog(page).getByLabel(`Column for ${field}`, { exact: true });
    const chosen = async (field: string) =>
      column(field).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? '');
    expect(await chosen('Period or date')).toBe('Created at');
    expect(await chosen('Primary reason')).toBe('Contact reason');
    expect(await chosen('Secondary reason')).toBe('Sub-reason');
    expect(await chosen('Channel')).toBe('Channel');
    expect(await chosen('Count')).toBe('none');
    // A person corrects a guess and puts it back: the preview marks the column it maps.
    await column('Channel').selectOption({ label: 'none' });
    expect(await dialog(page).locator('th', { hasText: 'Channel' }).textContent()).toBe('Channel');
    await column('Channel').selectOption({ label: 'Channel' });
    await expect
      .poll(() => dialog(page).locator('th', { hasText: 'Created at' }).textContent())
      .toContain('Period or date');
    await page.screenshot({ path: screenshotPath('evidence-mapping-1280x720') });

    await dialog(page).getByRole('button', { name: 'Import' }).click();
    const summary = dialog(page).getByRole('status', { name: 'Imported' });
    await expect
      .poll(() => summary.textContent(), SHOWN)
      .toContain('Imported 75 rows from “Contacts export”');
    expect(await summary.textContent()).toContain('75 contacts over 2 periods');
    await dialog(page).getByRole('button', { name: 'Done' }).click();

    const panel = page.getByRole('region', { name: 'Interaction reasons' });
    const pareto = panel.getByRole('img', { name: /^Pareto of contact reasons in Mar 2026/ });
    await pareto.waitFor(SHOWN);
    // March: 50 contacts; Delivery problem 26 and Existing order 18 make up 88 %.
    expect(await pareto.getAttribute('aria-label')).toBe(
      'Pareto of contact reasons in Mar 2026: Delivery problem, Existing order make up 88 % of contacts',
    );
    expect(await panel.getByText('50 contacts').isVisible()).toBe(true);
    expect(await panel.getByRole('status', { name: 'Delivery is late: 18 contacts, 36 %' }).isVisible()).toBe(
      true,
    );
    expect(await panel.getByRole('img', { name: /^chat 44 %, phone 40 %, email 16 %$/ }).isVisible()).toBe(
      true,
    );
    // Reasons with no data read as typed by hand.
    expect(await panel.getByTitle('No contact data: this reason was typed by hand').count()).toBeGreaterThan(
      0,
    );
    expect(await panel.getByRole('region', { name: 'Evidence sources' }).textContent()).toContain(
      'contacts-march.csv',
    );
    await page.screenshot({ path: screenshotPath('evidence-reasons-1280x720') });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: screenshotPath('evidence-reasons-1920x1080') });

    // A friction card tagged "Delivery is late" keeps its typed frequency, and says the evidence is overridden.
    // The inspector shows with no panel open: Reasons again closes it.
    await action(page, 'Reasons');
    const card = cardOn(page, "Nobody tells me it's late; I find out when it doesn't turn up");
    await card.click();
    const inspector = page.getByRole('region', { name: 'Card details' });
    const note = inspector.getByRole('note');
    await expect
      .poll(() => note.textContent(), SHOWN)
      .toMatch(/^Typed by hand, overriding the evidence: 18 \/ month, Contacts export of /);
    await note.getByRole('button', { name: 'Use the evidence' }).click();
    expect(await inspector.getByLabel('How often', { exact: true }).inputValue()).toBe('');
    await expect
      .poll(() => note.textContent(), SHOWN)
      .toMatch(/^From evidence: 18 \/ month, Contacts export of /);
    await page.screenshot({ path: screenshotPath('evidence-friction-1920x1080') });

    // The business case says what its score rests on, and the coverage overlay hatches friction with no evidence.
    await action(page, 'Friction');
    const basis = page.getByRole('figure', { name: 'What the score rests on' });
    await expect
      .poll(() => basis.textContent(), SHOWN)
      .toMatch(/^[1-9]\d* % from data\d+ % estimated\d+ % no frequency$/);
    await page.getByRole('button', { name: 'Evidence', exact: true }).click();
    const coverage = page.getByRole('img', {
      name: /^Evidence coverage: \d+ of \d+ friction points have no evidence$/,
    });
    await coverage.waitFor(SHOWN);
    await page.screenshot({ path: screenshotPath('evidence-coverage-1920x1080') });
    await page.context().close();
  });

  it('imports the example survey into the Online order template, and its stage headers show the scores with their trend', async () => {
    const board = await createBoardOver(live.server.url, 'Online order', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openImport(page);
    await dialog(page)
      .getByRole('radio', { name: /^Survey scores/ })
      .check();
    await dialog(page).getByRole('button', { name: 'Try the example survey' }).click();
    await dialog(page).getByRole('region', { name: 'First rows of the file' }).waitFor();
    // Every stage of the file is a stage of the template: nothing to map.
    expect(await dialog(page).getByRole('group', { name: 'Stages not on this board' }).count()).toBe(0);
    await dialog(page).getByRole('button', { name: 'Import' }).click();
    const summary = dialog(page).getByRole('status', { name: 'Imported' });
    await expect.poll(() => summary.textContent(), SHOWN).toMatch(/readings over 3 periods/);
    await dialog(page).getByRole('button', { name: 'Done' }).click();
    await action(page, 'Reasons');

    const metrics = page.getByRole('list', { name: 'Metrics of Order & pay' }).first();
    await expect.poll(() => metrics.textContent(), SHOWN).toMatch(/NPS -?\d+(\.\d)? [▲▼]\d/);
    const nps = metrics.getByRole('listitem').filter({ hasText: /^NPS/ });
    expect(await nps.getAttribute('title')).toMatch(
      /^NPS: now -?\d+(\.\d)? \(Mar 2026, (up|down) [\d.]+ on Feb 2026; [\d,]+ responses\)/,
    );
    await page.screenshot({ path: screenshotPath('evidence-survey-1920x1080') });
    await page.context().close();
  });

  it('refuses a malformed file with its rows, and imports nothing', async () => {
    const board = await createBoardOver(live.server.url, 'Online order', 'online-order');
    const page = await openBoard(live.browser, live.server.url, board.id, board.tokens.editor);
    await openImport(page);
    await chooseFile(
      page,
      'broken.csv',
      [
        'month,primary reason,secondary reason,count',
        '2026-03,Delivery problem,Delivery is late,12',
        '2026-03,Delivery problem,Delivery is late,many',
      ].join('\n'),
    );
    await dialog(page).getByRole('button', { name: 'Import' }).click();
    const alert = dialog(page).getByRole('alert');
    await expect.poll(() => alert.textContent(), SHOWN).toContain('nothing was imported: row 3:');
    expect(await page.getByRole('region', { name: 'Evidence sources' }).count()).toBe(0);
    await page.context().close();
  });
});
