/** The example files of docs/evidence.md import as the documentation says: columns guessed, nothing refused. */
import { readFileSync } from 'node:fs';
import { parseContacts, parseSurvey } from '@journeyboard/shared/evidence';
import { describe, expect, it } from 'vitest';

const example = (name: string) =>
  readFileSync(new URL(`../../../docs/examples/${name}`, import.meta.url), 'utf8');

describe('docs/examples', () => {
  it('contacts.csv: about 2,000 contacts over three months, six reasons and Other', () => {
    const result = parseContacts(example('contacts.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mapping).toEqual({ period: 1, primary: 2, secondary: 3, channel: 4, count: null });
    const { aggregate } = result;
    expect(aggregate.unit).toBe('month');
    expect(aggregate.periods).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(aggregate.total).toBe(aggregate.rows);
    expect(aggregate.total).toBeGreaterThan(1800);
    const primaries = new Set(aggregate.volumes.map((v) => v.primary));
    expect([...primaries].sort()).toEqual([
      'Account',
      'Delivery',
      'Order changes',
      'Other',
      'Payment',
      'Product info',
      'Returns',
    ]);
    const other = aggregate.volumes.filter((v) => v.primary === 'Other').reduce((sum, v) => sum + v.count, 0);
    expect(other / aggregate.total).toBeGreaterThan(0.04);
    expect(other / aggregate.total).toBeLessThan(0.08);
    expect(new Set(aggregate.volumes.map((v) => v.channel))).toEqual(new Set(['phone', 'chat', 'email']));
  });

  it('survey.csv: monthly NPS for five stages and CSAT for two', () => {
    const result = parseSurvey(example('survey.csv'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mapping).toEqual({ stage: 1, metric: 2, score: null, response: 3, date: 0 });
    const { readings, stages } = result.aggregate;
    expect([...stages].sort()).toEqual(['Delivery', 'Discover', 'Order', 'Pay', 'Returns']);
    expect(readings.filter((r) => r.metric === 'NPS')).toHaveLength(15);
    expect(readings.filter((r) => r.metric === 'CSAT').map((r) => r.stage)).toEqual(
      Array(3).fill('Delivery').concat(Array(3).fill('Pay')),
    );
    for (const reading of readings) expect(reading.responses).toBeGreaterThan(50);
  });
});
