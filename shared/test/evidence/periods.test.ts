/** Periods as exports write them, ISO weeks across year boundaries, coarsening and lengths. */
import {
  comparePeriods,
  parsePeriod,
  periodDays,
  periodIn,
  periodLabel,
  periodUnit,
} from '@journeyboard/shared/evidence';
import { describe, expect, it } from 'vitest';

describe('parsePeriod', () => {
  it.each([
    ['2026-03-14', '2026-03-14', 'day'],
    ['2026-03-14T10:22:00Z', '2026-03-14', 'day'],
    ['2026-03-14 23:59:59 UTC', '2026-03-14', 'day'],
    ['2026-03-14T23:30:00-05:00', '2026-03-14', 'day'],
    ['2026/03/14', '2026-03-14', 'day'],
    ['2026-3-4', '2026-03-04', 'day'],
    ['14/03/2026', '2026-03-14', 'day'],
    ['14.03.2026', '2026-03-14', 'day'],
    ['4/3/2026 09:15', '2026-03-04', 'day'],
    ['2026-03', '2026-03', 'month'],
    ['2026/03', '2026-03', 'month'],
    ['Mar 2026', '2026-03', 'month'],
    ['March 2026', '2026-03', 'month'],
    ['sept 2026', '2026-09', 'month'],
    ['Dec-2026', '2026-12', 'month'],
    ['2026-W11', '2026-W11', 'week'],
    ['2026W01', '2026-W01', 'week'],
    ['2026-W53', '2026-W53', 'week'],
    ['2026-Q1', '2026-Q1', 'quarter'],
    ['Q4 2026', '2026-Q4', 'quarter'],
    ['2026', '2026', 'year'],
    ['  2026-03  ', '2026-03', 'month'],
  ])('reads %s as %s (%s)', (value, key, unit) => {
    expect(parsePeriod(value)).toEqual({ key, unit });
  });

  it.each([
    '',
    'yesterday',
    '2026-13',
    '2026-02-30',
    '31/04/2026',
    '03/14/2026', // month first: refused, not guessed
    '2025-W53', // 2025 has 52 ISO weeks
    '2026-Q5',
    'Marble 2026',
    '12345',
    '0001-01-01',
  ])('refuses %j', (value) => {
    expect(parsePeriod(value)).toBeNull();
  });
});

describe('periodIn', () => {
  it('puts days in their ISO week across year boundaries', () => {
    expect(periodIn('2026-01-01', 'day', 'week')).toBe('2026-W01'); // a Thursday
    expect(periodIn('2027-01-01', 'day', 'week')).toBe('2026-W53'); // a Friday: 2026 has 53 weeks
    expect(periodIn('2024-12-30', 'day', 'week')).toBe('2025-W01'); // a Monday
    expect(periodIn('2021-01-03', 'day', 'week')).toBe('2020-W53'); // a Sunday
    expect(periodIn('2026-03-14', 'day', 'week')).toBe('2026-W11');
  });

  it('coarsens a day to its month, quarter and year', () => {
    expect(periodIn('2026-03-14', 'day', 'month')).toBe('2026-03');
    expect(periodIn('2026-03-14', 'day', 'quarter')).toBe('2026-Q1');
    expect(periodIn('2026-10-01', 'day', 'quarter')).toBe('2026-Q4');
    expect(periodIn('2026-03-14', 'day', 'year')).toBe('2026');
    expect(periodIn('2026-05', 'month', 'quarter')).toBe('2026-Q2');
    expect(periodIn('2026-Q3', 'quarter', 'year')).toBe('2026');
  });

  it('puts a week in the month, quarter and year of its Thursday', () => {
    // 2026-W53 runs Mon 28 Dec 2026 to Sun 3 Jan 2027; its Thursday is 31 Dec 2026.
    expect(periodIn('2026-W53', 'week', 'month')).toBe('2026-12');
    // 2025-W01 runs Mon 30 Dec 2024 to Sun 5 Jan 2025; its Thursday is 2 Jan 2025.
    expect(periodIn('2025-W01', 'week', 'month')).toBe('2025-01');
    expect(periodIn('2025-W01', 'week', 'year')).toBe('2025');
    expect(periodIn('2026-W14', 'week', 'quarter')).toBe('2026-Q2'); // Thursday 2 April
  });

  it('refuses to refine', () => {
    expect(() => periodIn('2026-03', 'month', 'day')).toThrow(RangeError);
    expect(() => periodIn('2026-03', 'month', 'week')).toThrow(RangeError);
  });
});

describe('periodDays, comparePeriods, periodLabel', () => {
  it('gives the length of each period in days', () => {
    expect(periodDays('2026-02')).toBe(28);
    expect(periodDays('2028-02')).toBe(29);
    expect(periodDays('2026-03-14')).toBe(1);
    expect(periodDays('2026-W11')).toBe(7);
    expect(periodDays('2026-Q1')).toBe(90);
    expect(periodDays('2028-Q1')).toBe(91);
    expect(periodDays('2026')).toBe(365);
    expect(periodDays('2028')).toBe(366);
  });

  it('orders periods by their start, the shorter first', () => {
    const keys = [
      '2026',
      '2026-Q1',
      '2026-02',
      '2026-01',
      '2026-01-01',
      '2026-W01',
      '2025-12-31',
      '2025-12-28',
    ];
    expect([...keys].sort(comparePeriods)).toEqual([
      '2025-12-28',
      '2026-W01', // Monday 29 December 2025 to Sunday 4 January 2026
      '2025-12-31',
      '2026-01-01',
      '2026-01',
      '2026-Q1',
      '2026',
      '2026-02',
    ]);
  });

  it('labels periods for people', () => {
    expect(periodLabel('2026-03-14')).toBe('14 Mar 2026');
    expect(periodLabel('2026-W11')).toBe('week 11, 2026');
    expect(periodLabel('2026-03')).toBe('Mar 2026');
    expect(periodLabel('2026-Q1')).toBe('Q1 2026');
    expect(periodLabel('2026')).toBe('2026');
    expect(periodUnit('2026-W11')).toBe('week');
    expect(periodUnit('nonsense')).toBeNull();
  });
});
