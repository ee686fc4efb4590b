/**
 * The example files of docs/evidence.md import as the documentation says: columns
 * guessed, nothing refused, and in the Online order template's own reasons and stages,
 * so that importing them into a board made from it fills what its cards are tagged with.
 */
import { readFileSync } from 'node:fs';
import { parseContacts, parseSurvey } from '@journeyboard/shared/evidence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  createBoard,
  findTemplate,
  importContacts,
  rankFriction,
  readBoard,
  reasonVolumes,
  updateCard,
} from '../../src/index.js';

const example = (name: string) =>
  readFileSync(new URL(`../../../docs/examples/${name}`, import.meta.url), 'utf8');

const template = findTemplate('online-order');
if (!template) throw new Error('the Online order template');
const TEMPLATE_REASONS = new Map(
  (template.reasons ?? []).map((r) => [r.title, (r.secondary ?? []).map((s) => s.title)]),
);
const TEMPLATE_STAGES = template.journey.stages.map((s) => s.title);

function parsedContacts() {
  const result = parseContacts(example('contacts.csv'));
  if (!result.ok) throw new Error('contacts.csv parses');
  return result;
}

describe('docs/examples', () => {
  it("contacts.csv: about 2,000 contacts over three months, in the template's reasons and a small Other", () => {
    const result = parsedContacts();
    expect(result.mapping).toEqual({ period: 1, primary: 2, secondary: 3, channel: 4, count: null });
    const { aggregate } = result;
    expect(aggregate.unit).toBe('month');
    expect(aggregate.periods).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(aggregate.total).toBe(aggregate.rows);
    expect(aggregate.total).toBeGreaterThan(1800);
    expect(aggregate.total).toBeLessThan(2200);
    const primaries = new Set(aggregate.volumes.map((v) => v.primary));
    expect([...primaries].sort()).toEqual([...TEMPLATE_REASONS.keys(), 'Other'].sort());
    for (const volume of aggregate.volumes) {
      if (volume.primary === 'Other') expect(volume.secondary).toBeNull();
      else expect(TEMPLATE_REASONS.get(volume.primary)).toContain(volume.secondary);
    }
    const other = aggregate.volumes.filter((v) => v.primary === 'Other').reduce((sum, v) => sum + v.count, 0);
    expect(other / aggregate.total).toBeGreaterThan(0.04);
    expect(other / aggregate.total).toBeLessThan(0.08);
    expect(new Set(aggregate.volumes.map((v) => v.channel))).toEqual(new Set(['phone', 'chat', 'email']));
  });

  it("survey.csv: monthly NPS for five of the template's stages and CSAT for two", () => {
    const result = parseSurvey(example('survey.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mapping).toEqual({ stage: 1, metric: 2, score: null, response: 3, date: 0 });
    const { readings, stages } = result.aggregate;
    expect(stages).toHaveLength(5);
    for (const stage of stages) expect(TEMPLATE_STAGES).toContain(stage);
    expect(readings.filter((r) => r.metric === 'NPS')).toHaveLength(15);
    expect(readings.filter((r) => r.metric === 'CSAT').map((r) => r.stage)).toEqual(
      Array(3).fill('Delivery day').concat(Array(3).fill('Order & pay')),
    );
    for (const reading of readings) expect(reading.responses).toBeGreaterThan(50);
  });
});

describe('the example contacts in a board made from the Online order template', () => {
  function imported() {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Online order', template: 'online-order', createdAt: 1 });
    const reasonsBefore = readBoard(doc).reasons.length;
    const { aggregate } = parsedContacts();
    const summary = importContacts(doc, {
      source: {
        name: 'Contacts export',
        fileName: 'contacts.csv',
        rows: aggregate.rows,
        unit: aggregate.unit ?? 'month',
        importedAt: Date.UTC(2026, 10, 30),
      },
      volumes: aggregate.volumes,
    });
    return { doc, summary, reasonsBefore };
  }

  it('fills the reasons the template already has, adding only Other', () => {
    const { doc, summary, reasonsBefore } = imported();
    const board = readBoard(doc);
    expect(board.reasons).toHaveLength(reasonsBefore + 1);
    expect(summary.created.map((id) => board.reasons.find((r) => r.id === id)?.title)).toEqual(['Other']);
    const volumes = reasonVolumes(board);
    expect(volumes.latest).toBe('2026-03');
    // The worked example's story: three reasons make up 80 % of March's contacts.
    expect(volumes.pareto.map((bar) => bar.title).slice(0, 3)).toEqual([
      'Existing order',
      'Delivery problem',
      'Returns & refunds',
    ]);
    expect(volumes.pareto.filter((bar) => bar.vital)).toHaveLength(3);
    expect(volumes.pareto).toHaveLength(7);
  });

  it("gives the template's tagged friction cards their frequency from the data once their estimates are cleared", () => {
    const { doc } = imported();
    const board = readBoard(doc);
    const state = board.states.find((s) => s.kind === 'current');
    if (!state) throw new Error('a current state');
    const ranked = rankFriction(board, state.id).items;
    const tagged = ranked.filter((item) => item.card.reasonIds.length > 0);
    expect(tagged.length).toBeGreaterThanOrEqual(3);
    // A typed estimate wins over the data, but the data is there beside it.
    for (const item of tagged) {
      expect(item.score.frequencySource).toBe('typed');
      expect(item.score.evidence?.count).toBeGreaterThan(0);
    }
    for (const item of tagged) updateCard(doc, { id: item.card.id, friction: { frequency: null } });
    const fromData = rankFriction(readBoard(doc), state.id).items.filter(
      (item) => item.score.frequencySource === 'evidence',
    );
    expect(fromData.length).toBeGreaterThanOrEqual(3);
    expect(fromData.map((item) => item.card.id).sort()).toEqual(tagged.map((item) => item.card.id).sort());
  });
});
