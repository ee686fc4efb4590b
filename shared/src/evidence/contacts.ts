/**
 * Contact volumes by reason (issue #14): a help-desk export, either one row per contact
 * (a ticket, a call) or already counted (a count column), summed per primary reason,
 * secondary reason, period and channel. That is what the board shows as evidence on a
 * pain point: how many customers got in touch about it, and whether that is growing.
 *
 * Rows stream through add(); memory is bounded by the distinct combinations, not by the
 * rows. The import is all or nothing: one problem and finish() returns the problems
 * (the first few with their rows, and how many more), so a board never shows a total
 * that silently left rows out.
 */
import { type Bucket, createBuckets } from './buckets.js';
import type { ContactMapping } from './columns.js';
import type { CsvProblem, CsvReaderOptions } from './csv.js';
import { comparePeriods, type PeriodUnit, parsePeriod } from './periods.js';
import { createProblemLog, formatCount, MAX_PROBLEMS } from './problems.js';
import { createEvidenceReader, guessedColumns } from './read-file.js';
import { parseCount, tidyTitle, titleKey } from './values.js';

export interface ContactVolume {
  primary: string;
  secondary: string | null;
  period: string;
  channel: string | null;
  count: number;
}

export interface ContactAggregate {
  /** Data rows read (the header and blank lines aside). */
  rows: number;
  unit: PeriodUnit;
  /** Every period seen, in order. */
  periods: string[];
  volumes: ContactVolume[];
  total: number;
}

export interface AggregateOptions {
  /** 'auto' (default): the coarsest unit among the rows; a one-row-per-contact file's days are read as months. */
  unit?: PeriodUnit | 'auto';
  /** ISO date naming the single period of a file without a period column (default: today, UTC). */
  today?: string;
  maxProblems?: number;
  /** Distinct (primary, secondary, period, channel) combinations before the file is refused. */
  maxCombinations?: number;
  /** Distinct (primary, secondary) reasons before the file is refused. */
  maxReasons?: number;
}

export type ImportResult<A> =
  | { ok: true; aggregate: A }
  | { ok: false; problems: CsvProblem[]; more: number };

export const CONTACT_LIMITS = { maxCombinations: 20_000, maxReasons: 500 } as const;
/** A reason's title and a channel as long as a board keeps them (LIMITS.title, LIMITS.channel). */
const MAX_TITLE = 200;
const MAX_CHANNEL = 40;

/** The import date as a day period: today in UTC unless the caller names it. */
export function importDay(today?: string): { key: string; unit: PeriodUnit } {
  const day = parsePeriod(today ?? new Date().toISOString().slice(0, 10));
  if (day?.unit === 'day') return day;
  throw new RangeError(`today must be an ISO date, not ${today}`);
}

const MAX_SPELLINGS = 5000;

/** The first spelling of each title, by its key (case and spacing aside). */
class Spellings {
  private readonly first = new Map<string, string>();
  // Keys by the cell as written: most rows repeat a spelling seen before. Bounded, since a
  // free-text column would otherwise grow it with every row before the reason limit trips.
  private readonly keys = new Map<string, string>();
  /** The key of a title, remembering how it was first written. */
  key(value: string): string {
    const known = this.keys.get(value);
    if (known !== undefined) return known;
    const key = titleKey(value);
    if (!this.first.has(key)) this.first.set(key, tidyTitle(value));
    if (this.keys.size < MAX_SPELLINGS) this.keys.set(value, key);
    return key;
  }
  spelling(key: string): string {
    return this.first.get(key) ?? key;
  }
  get size(): number {
    return this.first.size;
  }
}

const SEPARATOR = '\u0001';

export function createContactAggregator(
  mapping: ContactMapping,
  options: AggregateOptions = {},
): {
  add(fields: string[], row: number): void;
  finish(): ImportResult<ContactAggregate>;
} {
  const maxCombinations = options.maxCombinations ?? CONTACT_LIMITS.maxCombinations;
  const maxReasons = options.maxReasons ?? CONTACT_LIMITS.maxReasons;
  const log = createProblemLog(options.maxProblems ?? MAX_PROBLEMS);
  const fixed = options.unit && options.unit !== 'auto' ? options.unit : null;
  const buckets = createBuckets<{ count: number }>({
    fixed,
    daysAsMonths: mapping.count === null && mapping.period !== null,
    create: () => ({ count: 0 }),
    merge: (into, from) => {
      into.count += from.count;
    },
  });
  const noPeriod = mapping.period === null ? importDay(options.today) : null;
  const titles = new Spellings();
  const channels = new Spellings();
  const reasons = new Set<string>();
  let rows = 0;
  let refused = false; // a limit was passed: the rest of the file is not read

  const cell = (fields: string[], column: number | null) =>
    column === null ? '' : (fields[column] ?? '').trim();

  return {
    add(fields, row) {
      if (refused) return;
      // A row of empty cells (a spreadsheet's trailing ",,,,") is not a contact.
      if (fields.every((field) => field.trim() === '')) return;
      rows += 1;
      const primary = cell(fields, mapping.primary);
      const secondary = cell(fields, mapping.secondary);
      const channel = cell(fields, mapping.channel);
      let ok = true;
      if (primary === '') {
        log.add(row, 'the primary reason is empty');
        ok = false;
      }
      // What a board keeps: a reason's title, a card's channel (contract/limits.ts says the same numbers).
      for (const [what, value, max] of [
        ['primary reason', primary, MAX_TITLE],
        ['secondary reason', secondary, MAX_TITLE],
        ['channel', channel, MAX_CHANNEL],
      ] as const) {
        if (value.length > max) {
          log.add(
            row,
            `the ${what} is ${formatCount(value.length)} characters long; a board keeps at most ${max}`,
          );
          ok = false;
        }
      }
      let count = 1;
      if (mapping.count !== null) {
        const written = cell(fields, mapping.count);
        const parsed = parseCount(written);
        if (parsed === null) {
          log.add(row, `the count "${written.slice(0, 40)}" is not a whole number of contacts`);
          ok = false;
        } else count = parsed;
      }
      let period = noPeriod;
      if (mapping.period !== null) {
        const written = cell(fields, mapping.period);
        period = parsePeriod(written);
        if (!period) {
          log.add(row, `the period "${written.slice(0, 40)}" is not a date, week, month, quarter or year`);
          ok = false;
        }
      }
      if (!ok || !period) return;
      const reason = titles.key(primary) + SEPARATOR + (secondary === '' ? '' : titles.key(secondary));
      reasons.add(reason);
      if (reasons.size > maxReasons) {
        refused = true;
        log.add(
          row,
          `more than ${formatCount(maxReasons)} different reasons: is the reason column the right one (not a free-text description)?`,
        );
        return;
      }
      const subject = reason + SEPARATOR + (channel === '' ? '' : channels.key(channel));
      const bucket = buckets.get(subject, period);
      if (typeof bucket === 'string') {
        log.add(row, bucket);
        return;
      }
      bucket.value.count += count;
      if (buckets.size > maxCombinations) {
        refused = true;
        log.add(
          row,
          `more than ${formatCount(maxCombinations)} combinations of reason, period and channel: choose a coarser period or fewer columns`,
        );
      }
    },
    finish() {
      if (log.count > 0) return { ok: false, problems: log.problems, more: log.more };
      const volumes: ContactVolume[] = [];
      const periods = new Set<string>();
      let total = 0;
      for (const bucket of buckets.values() as IterableIterator<Bucket<{ count: number }>>) {
        const [primary, secondary, channel] = bucket.subject.split(SEPARATOR) as [string, string, string];
        periods.add(bucket.period);
        total += bucket.value.count;
        volumes.push({
          primary: titles.spelling(primary),
          secondary: secondary === '' ? null : titles.spelling(secondary),
          period: bucket.period,
          channel: channel === '' ? null : channels.spelling(channel),
          count: bucket.value.count,
        });
      }
      volumes.sort(
        (a, b) =>
          a.primary.localeCompare(b.primary) ||
          (a.secondary ?? '').localeCompare(b.secondary ?? '') ||
          comparePeriods(a.period, b.period) ||
          (a.channel ?? '').localeCompare(b.channel ?? ''),
      );
      return {
        ok: true,
        aggregate: {
          rows,
          unit: buckets.unit ?? noPeriod?.unit ?? 'day',
          periods: [...periods].sort(comparePeriods),
          volumes,
          total,
        },
      };
    },
  };
}

/**
 * A whole contacts file at once: read, columns guessed (unless given), aggregated. For
 * tests and small files; a large upload streams through createCsvReader and
 * createContactAggregator instead.
 */
export function parseContacts(
  text: string,
  mapping?: ContactMapping,
  options: AggregateOptions & CsvReaderOptions = {},
): ImportResult<ContactAggregate> & { mapping: ContactMapping | null } {
  const reader = createEvidenceReader(
    guessedColumns('contacts', mapping),
    (chosen) => createContactAggregator(chosen, options),
    options,
  );
  reader.write(text);
  return reader.end();
}
