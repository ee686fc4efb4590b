/** Survey readings: NPS, CSAT and CES from raw answers, scores as given, metric names, ranges, order. */
import {
  createCsvReader,
  createSurveyAggregator,
  metricOf,
  npsOf,
  parseSurvey,
  type SurveyMapping,
} from '@journeyboard/shared/evidence';
import { describe, expect, it } from 'vitest';
import { randomChunks } from './random.js';

describe('npsOf', () => {
  it('is % promoters minus % detractors, to 1 decimal', () => {
    // 5 promoters, 3 passives, 2 detractors: 50% - 20% = 30.
    expect(npsOf([10, 9, 9, 10, 9, 7, 8, 8, 3, 6])).toBe(30);
    expect(npsOf({ promoters: 5, passives: 3, detractors: 2 })).toBe(30);
    expect(npsOf({ promoters: 1, passives: 1, detractors: 1 })).toBe(0);
    expect(npsOf({ promoters: 1, passives: 0, detractors: 2 })).toBe(-33.3);
    expect(npsOf([0, 0, 0])).toBe(-100);
    expect(npsOf([])).toBeNaN();
    expect(() => npsOf([11])).toThrow(RangeError);
  });
});

describe('metricOf', () => {
  it.each([
    ['NPS', 'NPS'],
    ['Net Promoter Score', 'NPS'],
    ['csat', 'CSAT'],
    ['Customer satisfaction', 'CSAT'],
    ['CES', 'CES'],
    ['Customer Effort Score', 'CES'],
    ['How likely are you to recommend us to a friend?', 'NPS'],
    ['Trust', 'custom'],
    ['Services', 'custom'], // 'ces' only as a word
  ])('%s is %s', (name, metric) => {
    expect(metricOf(name)).toBe(metric);
  });
});

const RAW = [
  'Submitted at,Stage,Metric,Answer',
  '2026-01-03,Order,NPS,10',
  '2026-01-04,Order,NPS,9',
  '2026-01-05,order,nps,6',
  '2026-01-06,Order,NPS,',
  '2026-02-01,Order,NPS,8',
  '2026-01-10,Pay,CSAT,5',
  '2026-01-11,Pay,CSAT,4',
  '2026-01-12,Pay,satisfaction,2',
  '2026-01-13,Pay,Effort,2',
  '2026-01-14,Pay,Effort,5',
  '2026-01-15,Pay,Trust,3',
  '2026-01-16,Pay,trust,4',
].join('\n');

describe('parseSurvey', () => {
  it('computes NPS, CSAT, CES and custom means from raw answers per stage, metric and month', () => {
    const result = parseSurvey(RAW);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.mapping).toEqual({ stage: 1, metric: 2, score: null, response: 3, date: 0 });
    expect(result.aggregate.stages).toEqual(['Order', 'Pay']);
    expect(result.aggregate.rows).toBe(12);
    expect(result.aggregate.readings).toEqual([
      { stage: 'Order', metric: 'NPS', label: '', period: '2026-01', value: 33.3, responses: 3 },
      { stage: 'Order', metric: 'NPS', label: '', period: '2026-02', value: 0, responses: 1 },
      { stage: 'Pay', metric: 'CSAT', label: '', period: '2026-01', value: 66.7, responses: 3 },
      { stage: 'Pay', metric: 'CES', label: '', period: '2026-01', value: 3.5, responses: 2 },
      { stage: 'Pay', metric: 'custom', label: 'Trust', period: '2026-01', value: 3.5, responses: 2 },
    ]);
  });

  it('reads the same streamed in random chunks as read whole', () => {
    const whole = parseSurvey(RAW);
    const mapping = whole.mapping as SurveyMapping;
    for (let seed = 1; seed <= 30; seed += 1) {
      const aggregator = createSurveyAggregator(mapping);
      const reader = createCsvReader((fields, row) => {
        if (row > 1) aggregator.add(fields, row);
      });
      for (const chunk of randomChunks(RAW, seed, 9)) reader.write(chunk);
      reader.end();
      expect(aggregator.finish()).toEqual({ ok: true, aggregate: whole.ok && whole.aggregate });
    }
  });

  it('takes scores as given, averaging several rows for one stage, metric and period', () => {
    const text =
      'Stage;Metric;Score;Month\nDelivery;CSAT;82,5%;Jan 2026\nDelivery;CSAT;80;Jan 2026\nDelivery;NPS;-12;2026-01\n';
    const result = parseSurvey(text);
    expect(result.ok && result.aggregate.readings).toEqual([
      { stage: 'Delivery', metric: 'NPS', label: '', period: '2026-01', value: -12, responses: null },
      { stage: 'Delivery', metric: 'CSAT', label: '', period: '2026-01', value: 81.25, responses: null },
    ]);
  });

  it('without a metric column: 0-10 answers are NPS, others a custom metric named by the header', () => {
    const nps = parseSurvey('Stage,Rating\nOrder,9\nOrder,3\n', undefined, { today: '2026-05-05' });
    expect(nps.ok && nps.aggregate.readings).toEqual([
      { stage: 'Order', metric: 'NPS', label: '', period: '2026-05-05', value: 0, responses: 2 },
    ]);
    const custom = parseSurvey('Stage,Rating\nOrder,9\nOrder,30\n', undefined, { today: '2026-05-05' });
    expect(custom.ok && custom.aggregate.readings).toEqual([
      { stage: 'Order', metric: 'custom', label: 'Rating', period: '2026-05-05', value: 19.5, responses: 2 },
    ]);
    const csat = parseSurvey('Stage,CSAT response\nOrder,5\nOrder,3\n', undefined, { today: '2026-05-05' });
    expect(csat.ok && csat.aggregate.readings[0]).toMatchObject({ metric: 'CSAT', value: 50 });
  });

  it('refuses answers out of range, with their rows', () => {
    const text = 'Stage,Metric,Response\nOrder,NPS,11\nPay,CSAT,0\nPay,CES,7.5\nPay,NPS,great\n,NPS,5\n';
    const result = parseSurvey(text);
    expect(!result.ok && result.problems).toEqual([
      { row: 2, message: '11 is out of range: an NPS response is a whole number from 0 to 10' },
      { row: 3, message: '0 is out of range: a CSAT response is a whole number from 1 to 5' },
      { row: 4, message: '7.5 is out of range: a CES response is a whole number from 1 to 7' },
      { row: 5, message: 'the response "great" is not a number' },
      { row: 6, message: 'the stage is empty' },
    ]);
  });

  it('refuses more readings than its limit', () => {
    const rows = ['Stage,Response'];
    for (let i = 0; i < 30; i += 1) rows.push(`Stage ${i},7`);
    const result = parseSurvey(rows.join('\n'), undefined, { maxReadings: 20, today: '2026-01-01' });
    expect(!result.ok && result.problems[0]).toEqual({
      row: 22,
      message: 'more than 20 readings of stage, metric and period: is the stage column the right one?',
    });
  });

  it('keeps memory bounded by readings: 200,000 raw answers make two readings', () => {
    const mapping: SurveyMapping = { stage: 0, metric: null, score: null, response: 1, date: null };
    const aggregator = createSurveyAggregator(mapping, { today: '2026-01-01' });
    for (let i = 0; i < 200_000; i += 1) aggregator.add([i % 2 ? 'Order' : 'Pay', String(i % 11)], i + 2);
    const result = aggregator.finish();
    expect(result.ok && result.aggregate.readings.map((r) => r.responses)).toEqual([100_000, 100_000]);
  });
});
