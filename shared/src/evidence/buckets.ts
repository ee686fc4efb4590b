/**
 * Totals per (something, period), kept at one period unit while rows stream in. When a
 * row comes with a coarser period than those seen so far (a monthly row among daily
 * ones), every total so far is folded into the coarser unit: the map only ever merges,
 * so its size stays bounded by the distinct combinations at the final unit, never by rows.
 */
import { coarserUnit, type PeriodUnit, periodIn } from './periods.js';

export interface Bucket<V> {
  /** What the total is of, without its period (for example reason + channel). */
  readonly subject: string;
  period: string;
  value: V;
}

export interface BucketOptions<V> {
  /** A unit chosen by the person importing; null for 'auto' (the coarsest unit among the rows). */
  fixed: PeriodUnit | null;
  /** With 'auto', days are read as months (one row per contact: a day is too fine to show). */
  daysAsMonths: boolean;
  create(): V;
  merge(into: V, from: V): void;
}

export interface Buckets<V> {
  /** The bucket of a row, or a reason why its period cannot be placed at the fixed unit. */
  get(subject: string, period: { key: string; unit: PeriodUnit }): Bucket<V> | string;
  readonly unit: PeriodUnit | null;
  readonly size: number;
  values(): IterableIterator<Bucket<V>>;
}

const SEPARATOR = '\u0000';
/** Distinct periods remembered (a century of days); more are placed without the memo. */
const MAX_PLACED = 40_000;

export function createBuckets<V>(options: BucketOptions<V>): Buckets<V> {
  let unit: PeriodUnit | null = options.fixed;
  let map = new Map<string, Bucket<V>>();
  // Periods at the current unit by their key as read: a file has few distinct dates and
  // many rows, and periodIn does date arithmetic. Emptied when the unit changes.
  let placed = new Map<string, string>();

  const coarsen = (to: PeriodUnit) => {
    const from = unit as PeriodUnit;
    const folded = new Map<string, Bucket<V>>();
    for (const bucket of map.values()) {
      const period = periodIn(bucket.period, from, to);
      const key = bucket.subject + SEPARATOR + period;
      const into = folded.get(key);
      if (into) options.merge(into.value, bucket.value);
      else folded.set(key, { subject: bucket.subject, period, value: bucket.value });
    }
    map = folded;
    unit = to;
    placed = new Map();
  };

  return {
    get(subject, period) {
      let target: PeriodUnit;
      if (options.fixed) {
        target = options.fixed;
        if (coarserUnit(period.unit, target) !== target || (target === 'week' && period.unit !== 'day')) {
          return `the period ${period.key} is a ${period.unit}, which does not fit in one ${target}`;
        }
      } else {
        const own = options.daysAsMonths && period.unit === 'day' ? 'month' : period.unit;
        target = unit ? coarserUnit(unit, own) : own;
        if (unit && target !== unit) coarsen(target);
        unit = target;
      }
      let key = placed.get(period.key);
      if (key === undefined) {
        key = periodIn(period.key, period.unit, target);
        if (placed.size < MAX_PLACED) placed.set(period.key, key);
      }
      const id = subject + SEPARATOR + key;
      let bucket = map.get(id);
      if (!bucket) {
        bucket = { subject, period: key, value: options.create() };
        map.set(id, bucket);
      }
      return bucket;
    },
    get unit() {
      return unit;
    },
    get size() {
      return map.size;
    },
    values() {
      return map.values();
    },
  };
}
