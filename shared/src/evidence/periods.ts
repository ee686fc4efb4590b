/**
 * Periods of evidence (issue #14): the day, ISO week, month, quarter or year a contact
 * or a survey answer belongs to, as a sortable key. Real exports write dates many ways;
 * each is read into one key form so volumes from different files line up:
 * day '2026-03-14', week '2026-W11' (ISO 8601), month '2026-03', quarter '2026-Q1',
 * year '2026'. Pure date arithmetic in UTC days: no time zones, no locale.
 */

export type PeriodUnit = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Finest first: a period can be coarsened towards the end of this list, never back. */
export const PERIOD_UNITS: readonly PeriodUnit[] = ['day', 'week', 'month', 'quarter', 'year'];

const MONTH_LABELS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;
// Years outside this range are typing errors in an export, not evidence.
const MIN_YEAR = 1900;
const MAX_YEAR = 2200;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Days since 1970-01-01 of a calendar date (month 1-12). */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function dateOf(days: number): { year: number; month: number; day: number } {
  const date = new Date(days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function daysInMonth(year: number, month: number): number {
  return dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);
}

/** Monday 0 … Sunday 6. */
function weekday(days: number): number {
  return (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** The ISO week holding a day: its year is the year of the week's Thursday. */
function isoWeek(days: number): { year: number; week: number } {
  const thursday = days - weekday(days) + 3;
  const year = dateOf(thursday).year;
  return { year, week: Math.floor((thursday - dayNumber(year, 1, 1)) / 7) + 1 };
}

/** The Monday that starts ISO week 1 of a year (the week holding 4 January). */
function firstMonday(year: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - weekday(jan4);
}

function weeksIn(year: number): number {
  return isoWeek(dayNumber(year, 12, 28)).week;
}

const validYear = (year: number) => year >= MIN_YEAR && year <= MAX_YEAR;

function dayKey(year: number, month: number, day: number): { key: string; unit: PeriodUnit } | null {
  if (!validYear(year) || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { key: `${year}-${pad2(month)}-${pad2(day)}`, unit: 'day' };
}

function monthKey(year: number, month: number): { key: string; unit: PeriodUnit } | null {
  if (!validYear(year) || month < 1 || month > 12) return null;
  return { key: `${year}-${pad2(month)}`, unit: 'month' };
}

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** 1-12 for 'Mar', 'March' or 'Sept' (any case), -1 for anything else ('Marble'). */
function monthIndex(name: string): number {
  const lower = name.toLowerCase();
  const index = MONTH_NAMES.findIndex((full) => lower.length >= 3 && full.startsWith(lower));
  return index + 1 || -1;
}

// A time after a date (ISO 'T10:22:00Z', ' 10:22', ' 10:22:00 UTC') is ignored: the day is what counts.
const TIME = String.raw`(?:[T ]\d{1,2}:\d{2}.*)?`;
const ISO_DAY = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})${TIME}$`);
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})[/.](\d{1,2})[/.](\d{4})${TIME}$`);
const YEAR_MONTH = /^(\d{4})[-/](\d{1,2})$/;
const NAMED_MONTH = /^([A-Za-z]{3,9})\.?[ -](\d{4})$/;
const WEEK = /^(\d{4})-?W(\d{1,2})$/i;
const QUARTER_AFTER = /^(\d{4})[ -]?Q([1-4])$/i;
const QUARTER_BEFORE = /^Q([1-4])[ -]?(\d{4})$/i;
const YEAR = /^(\d{4})$/;

/**
 * Reads a period as written in an export. Day-first for slashed and dotted dates
 * (14/03/2026, 14.03.2026): a month-first date such as 03/14/2026 is refused rather
 * than guessed, since one file mixing both readings would be silently wrong.
 */
export function parsePeriod(value: string): { key: string; unit: PeriodUnit } | null {
  const text = value.trim();
  let m = ISO_DAY.exec(text);
  if (m) return dayKey(Number(m[1]), Number(m[2]), Number(m[3]));
  m = DAY_FIRST.exec(text);
  if (m) return dayKey(Number(m[3]), Number(m[2]), Number(m[1]));
  m = YEAR_MONTH.exec(text);
  if (m) return monthKey(Number(m[1]), Number(m[2]));
  m = NAMED_MONTH.exec(text);
  if (m) {
    const month = monthIndex(m[1] as string);
    return month > 0 ? monthKey(Number(m[2]), month) : null;
  }
  m = WEEK.exec(text);
  if (m) {
    const year = Number(m[1]);
    const week = Number(m[2]);
    if (!validYear(year) || week < 1 || week > weeksIn(year)) return null;
    return { key: `${year}-W${pad2(week)}`, unit: 'week' };
  }
  m = QUARTER_AFTER.exec(text) ?? QUARTER_BEFORE.exec(text);
  if (m) {
    const [year, quarter] = m[1]?.length === 4 ? [m[1], m[2]] : [m[2], m[1]];
    return validYear(Number(year)) ? { key: `${year}-Q${quarter}`, unit: 'quarter' } : null;
  }
  m = YEAR.exec(text);
  if (m && validYear(Number(m[1]))) return { key: m[1] as string, unit: 'year' };
  return null;
}

/** The unit of a key made by parsePeriod (or periodIn), null for anything else. */
export function periodUnit(key: string): PeriodUnit | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return 'day';
  if (/^\d{4}-W\d{2}$/.test(key)) return 'week';
  if (/^\d{4}-\d{2}$/.test(key)) return 'month';
  if (/^\d{4}-Q[1-4]$/.test(key)) return 'quarter';
  if (/^\d{4}$/.test(key)) return 'year';
  return null;
}

/** The coarser of two units (the one later in PERIOD_UNITS). */
export function coarserUnit(a: PeriodUnit, b: PeriodUnit): PeriodUnit {
  return PERIOD_UNITS.indexOf(a) >= PERIOD_UNITS.indexOf(b) ? a : b;
}

function unitOf(key: string): PeriodUnit {
  const unit = periodUnit(key);
  if (!unit) throw new RangeError(`not a period key: ${key}`);
  return unit;
}

/** First and one-past-last day numbers of a period. */
function span(key: string): { start: number; end: number } {
  const year = Number(key.slice(0, 4));
  switch (unitOf(key)) {
    case 'day': {
      const start = dayNumber(year, Number(key.slice(5, 7)), Number(key.slice(8, 10)));
      return { start, end: start + 1 };
    }
    case 'week': {
      const start = firstMonday(year) + (Number(key.slice(6)) - 1) * 7;
      return { start, end: start + 7 };
    }
    case 'month': {
      const month = Number(key.slice(5, 7));
      return { start: dayNumber(year, month, 1), end: dayNumber(year, month + 1, 1) };
    }
    case 'quarter': {
      const first = (Number(key.slice(6)) - 1) * 3 + 1;
      return { start: dayNumber(year, first, 1), end: dayNumber(year, first + 3, 1) };
    }
    case 'year':
      return { start: dayNumber(year, 1, 1), end: dayNumber(year + 1, 1, 1) };
  }
}

/**
 * The key of the coarser period that holds a period: a day's ISO week, month, quarter
 * or year; a week goes to the month (quarter, year) of its Thursday, as ISO weeks do.
 * Refining (month -> day) or a month into weeks has no single answer and throws.
 */
export function periodIn(key: string, unit: PeriodUnit, to: PeriodUnit): string {
  if (unit === to) return key;
  if (PERIOD_UNITS.indexOf(to) < PERIOD_UNITS.indexOf(unit) || (to === 'week' && unit !== 'day')) {
    throw new RangeError(`a ${unit} cannot be expressed in ${to}s`);
  }
  const { start } = span(key);
  // A week belongs where its Thursday is; any other period by its first day.
  const day = unit === 'week' ? start + 3 : start;
  if (to === 'week') {
    const { year, week } = isoWeek(day);
    return `${year}-W${pad2(week)}`;
  }
  const { year, month } = dateOf(day);
  if (to === 'month') return `${year}-${pad2(month)}`;
  if (to === 'quarter') return `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
  return String(year);
}

/** How many days a period lasts ('2026-02' -> 28), to compare volumes per day across periods. */
export function periodDays(key: string): number {
  const { start, end } = span(key);
  return end - start;
}

/** Chronological order; two periods starting on the same day put the shorter first. */
export function comparePeriods(a: string, b: string): number {
  const sa = span(a);
  const sb = span(b);
  return sa.start - sb.start || sa.end - sb.end;
}

/** How a period is shown: '14 Mar 2026', 'week 11, 2026', 'Mar 2026', 'Q1 2026', '2026'. */
export function periodLabel(key: string): string {
  const year = key.slice(0, 4);
  switch (unitOf(key)) {
    case 'day':
      return `${Number(key.slice(8, 10))} ${MONTH_LABELS[Number(key.slice(5, 7)) - 1]} ${year}`;
    case 'week':
      return `week ${Number(key.slice(6))}, ${year}`;
    case 'month':
      return `${MONTH_LABELS[Number(key.slice(5, 7)) - 1]} ${year}`;
    case 'quarter':
      return `${key.slice(5)} ${year}`;
    case 'year':
      return year;
  }
}
