/** Contact volumes: one row per contact or counted, spellings, thousands separators, problems, limits, chunking. */
import {
  type ContactMapping,
  createContactAggregator,
  createCsvReader,
  describeProblems,
  parseContacts,
} from '@journeyboard/shared/evidence';
import { describe, expect, it } from 'vitest';
import { randomChunks, seeded } from './random.js';

const PER_CONTACT = [
  'Created at,Contact reason,Sub-reason,Channel',
  '2026-01-05T09:00:00Z,Delivery,Late,phone',
  '2026-01-20 10:00,delivery ,late,Phone',
  '2026-01-21,DELIVERY,  Damaged   in transit ,chat',
  '2026-02-02,Payment,,email',
  '2026-02-03,Payment,,email',
  ',,,',
  '2026-03-31,"Delivery","Late","phone"',
].join('\r\n');

describe('parseContacts', () => {
  it('counts one row per contact per month, reasons compared without case or spacing, first spelling kept', () => {
    const result = parseContacts(PER_CONTACT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mapping).toEqual({ period: 0, primary: 1, secondary: 2, channel: 3, count: null });
    expect(result.aggregate).toEqual({
      rows: 6,
      unit: 'month', // one row per contact: days are counted per month
      periods: ['2026-01', '2026-02', '2026-03'],
      total: 6,
      volumes: [
        {
          primary: 'Delivery',
          secondary: 'Damaged in transit',
          period: '2026-01',
          channel: 'chat',
          count: 1,
        },
        { primary: 'Delivery', secondary: 'Late', period: '2026-01', channel: 'phone', count: 2 },
        { primary: 'Delivery', secondary: 'Late', period: '2026-03', channel: 'phone', count: 1 },
        { primary: 'Payment', secondary: null, period: '2026-02', channel: 'email', count: 2 },
      ],
    });
  });

  it('keeps days for an already counted file, with thousands separators', () => {
    const text =
      'Date;Reason;Volume\n2026-03-01;Delivery;1,240\n2026-03-01;Payment;1 005\n2026-03-02;Delivery;7\n';
    const result = parseContacts(text);
    expect(result.ok && result.aggregate).toMatchObject({
      unit: 'day',
      periods: ['2026-03-01', '2026-03-02'],
      total: 2252,
      volumes: [
        { primary: 'Delivery', period: '2026-03-01', count: 1240 },
        { primary: 'Delivery', period: '2026-03-02', count: 7 },
        { primary: 'Payment', period: '2026-03-01', count: 1005 },
      ],
    });
  });

  it('coarsens mixed units to the coarsest seen', () => {
    const text =
      'Period,Reason,Count\n2026-01-15,Delivery,2\n2026-W05,Delivery,3\n2026-02,Delivery,4\nQ1 2026,Payment,1\n';
    const result = parseContacts(text);
    expect(result.ok && result.aggregate).toMatchObject({
      unit: 'quarter',
      periods: ['2026-Q1'],
      volumes: [
        { primary: 'Delivery', period: '2026-Q1', count: 9 },
        { primary: 'Payment', period: '2026-Q1', count: 1 },
      ],
    });
  });

  it('puts a file without a period column in the import day', () => {
    const result = parseContacts('Reason\nDelivery\nDelivery\n', undefined, { today: '2026-04-02' });
    expect(result.ok && result.aggregate).toMatchObject({ unit: 'day', periods: ['2026-04-02'], total: 2 });
  });

  it('uses a unit chosen by the caller, and refuses a period coarser than it', () => {
    const mapping: ContactMapping = { period: 0, primary: 1, secondary: null, channel: null, count: null };
    const weekly = parseContacts('d,r\n2026-01-01,A\n2026-01-04,A\n2026-01-05,A\n', mapping, {
      unit: 'week',
    });
    expect(weekly.ok && weekly.aggregate.periods).toEqual(['2026-W01', '2026-W02']);
    const refused = parseContacts('d,r\n2026-01-01,A\n2026-02,A\n', mapping, { unit: 'week' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems).toEqual([
      { row: 3, message: 'the period 2026-02 is a month, which does not fit in one week' },
    ]);
  });

  it('lists problems with their rows, the first ten, and counts the rest', () => {
    const rows = [
      'Date,Reason,Count',
      '2026-01-01,,1',
      'someday,Delivery,1',
      '2026-01-01,Payment,1.5',
      '2026-01-01,Payment,-2',
    ];
    for (let i = 0; i < 1234; i += 1) rows.push('2026-01-01,Returns,lots');
    const result = parseContacts(rows.join('\n'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.slice(0, 4)).toEqual([
      { row: 2, message: 'the primary reason is empty' },
      { row: 3, message: 'the period "someday" is not a date, week, month, quarter or year' },
      { row: 4, message: 'the count "1.5" is not a whole number of contacts' },
      { row: 5, message: 'the count "-2" is not a whole number of contacts' },
    ]);
    expect(result.problems).toHaveLength(10);
    expect(result.more).toBe(1238 - 10);
    expect(describeProblems(result.problems, result.more).at(-1)).toBe('and 1,228 more');
    expect(describeProblems(result.problems, result.more)[0]).toBe('row 2: the primary reason is empty');
  });

  it('refuses a file with too many reasons (a free-text column) or combinations, and stops counting', () => {
    const rows = ['Reason'];
    for (let i = 0; i < 600; i += 1) rows.push(`Customer wrote message number ${i}`);
    const reasons = parseContacts(rows.join('\n'), undefined, { today: '2026-01-01' });
    expect(!reasons.ok && reasons.problems).toEqual([
      { row: 502, message: expect.stringContaining('more than 500 different reasons') },
    ]);
    const days = ['Date,Reason,Count'];
    for (let day = 0; day < 400; day += 1) {
      for (const reason of ['A', 'B', 'C'])
        days.push(`${new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10)},${reason},1`);
    }
    const combinations = parseContacts(days.join('\n'), undefined, { maxCombinations: 1000 });
    expect(!combinations.ok && combinations.problems[0]?.message).toContain('more than 1,000 combinations');
  });

  it('refuses an empty file', () => {
    expect(parseContacts('\uFEFF\r\n')).toEqual({
      ok: false,
      problems: [{ row: 0, message: 'the file is empty' }],
      more: 0,
      mapping: null,
    });
  });

  it('refuses a file whose header gives no reason column, in words', () => {
    const result = parseContacts('Date,Count\n2026-01-01,3\n');
    expect(!result.ok && result.problems).toEqual([
      { row: 1, message: 'choose the column holding the primary reason' },
    ]);
  });
});

/** One-row-per-contact rows from a seed, as text, and their counts kept the plain way. */
function generated(seed: number, count: number) {
  const random = seeded(seed);
  const reasons = ['Delivery', 'delivery', 'Payment', 'Returns', ' Account ', 'Product info'];
  const secondaries = ['', 'Late', 'LATE', 'Damaged', 'Wrong item, again', 'He said "no"'];
  const channels = ['phone', 'chat', 'email', ''];
  const lines = ['Created at,Contact reason,Sub-reason,Channel'];
  const naive = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    const date = `2026-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`;
    const primary = random.pick(reasons);
    const secondary = random.pick(secondaries);
    const channel = random.pick(channels);
    const quote = (text: string) => (/[",]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);
    lines.push([date, primary, secondary, channel].map(quote).join(','));
    const key = [primary.trim().toLowerCase(), secondary.toLowerCase(), date.slice(0, 7), channel].join('|');
    naive.set(key, (naive.get(key) ?? 0) + 1);
  }
  return { text: `${lines.join(random.next() < 0.5 ? '\n' : '\r\n')}\n`, naive };
}

describe('createContactAggregator (property)', () => {
  it('counts random one-row-per-contact files, streamed in random chunks, as a plain count does', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const { text, naive } = generated(seed, 50 + seed * 10);
      const mapping: ContactMapping = { period: 0, primary: 1, secondary: 2, channel: 3, count: null };
      const aggregator = createContactAggregator(mapping);
      let header = true;
      const reader = createCsvReader((fields, row) => {
        if (header) header = false;
        else aggregator.add(fields, row);
      });
      for (const chunk of randomChunks(text, seed * 7919, 64)) reader.write(chunk);
      reader.end();
      expect(reader.problems).toEqual([]);
      const result = aggregator.finish();
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const counted = new Map<string, number>();
      for (const volume of result.aggregate.volumes) {
        const key = [
          volume.primary.toLowerCase(),
          (volume.secondary ?? '').toLowerCase(),
          volume.period,
          volume.channel ?? '',
        ].join('|');
        counted.set(key, volume.count);
      }
      expect(counted).toEqual(naive);
      expect(result.aggregate.total).toBe(50 + seed * 10);
    }
  });
});
