/**
 * Survey scores per journey stage (issue #14): NPS, CSAT, CES or a custom measure, per
 * stage and period, from a survey tool's export. A file either holds raw answers (one
 * response per row, aggregated here by counts, so memory does not grow with rows) or
 * scores already computed (the value as given; several rows for one stage, metric and
 * period are averaged). All or nothing, like contacts: any problem refuses the file.
 *
 * Definitions (docs/evidence.md):
 * - NPS: answers 0-10; % promoters (9-10) minus % detractors (0-6), -100…100, 1 decimal.
 * - CSAT: answers 1-5; % of 4s and 5s, 0…100, 1 decimal.
 * - CES: answers 1-7; the mean, 2 decimals.
 * - custom: the mean, 2 decimals.
 */
import { createBuckets } from './buckets.js';
import type { SurveyMapping } from './columns.js';
import { type ImportResult, importDay } from './contacts.js';
import type { CsvReaderOptions } from './csv.js';
import { comparePeriods, type PeriodUnit, parsePeriod } from './periods.js';
import { createProblemLog, formatCount, MAX_PROBLEMS } from './problems.js';
import { createEvidenceReader, guessedColumns } from './read-file.js';
import { parseNumber, roundTo, tidyTitle, titleKey } from './values.js';

export const METRIC_KINDS = ['NPS', 'CSAT', 'CES', 'custom'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export interface SurveyReading {
  stage: string;
  metric: MetricKind;
  /** A custom metric's name as written; '' for NPS, CSAT and CES. */
  label: string;
  period: string;
  value: number;
  /** How many raw answers the value is computed from; null for a score given as is. */
  responses: number | null;
}

export interface SurveyAggregate {
  rows: number;
  /** Sorted by stage (alphabetically), metric (as METRIC_KINDS), label, period. */
  readings: SurveyReading[];
  /** Stages in order of first appearance in the file, first spelling kept. */
  stages: string[];
}

export interface SurveyOptions {
  today?: string;
  /** 'auto' (default): the coarsest unit among the rows; dated raw answers are counted per month. */
  unit?: PeriodUnit | 'auto';
  maxProblems?: number;
  /** Distinct (stage, metric, period) readings before the file is refused. */
  maxReadings?: number;
  /**
   * The value column's header, for a file without a metric column: 'NPS', 'CSAT score' or
   * 'Effort' name their metric; any other name is a custom metric's label.
   */
  label?: string;
}

export const SURVEY_LIMITS = { maxReadings: 5000 } as const;
/** A stage metric's label as long as a board keeps it (the metrics entity's `label`). */
const MAX_LABEL = 60;

/** The answer ranges of raw responses, and the range of a score given as is. */
const RANGES: Record<Exclude<MetricKind, 'custom'>, { raw: [number, number]; score: [number, number] }> = {
  NPS: { raw: [0, 10], score: [-100, 100] },
  CSAT: { raw: [1, 5], score: [0, 100] },
  CES: { raw: [1, 7], score: [1, 7] },
};

/**
 * The metric a name stands for ('Net Promoter Score', 'csat', 'Customer effort'), or custom.
 * 'recommend' is NPS too: survey tools often export the question ('How likely are you to
 * recommend us?') where a metric name would be.
 */
export function metricOf(name: string): MetricKind {
  const text = ` ${titleKey(name).replace(/[^a-z0-9]+/g, ' ')} `;
  if (/ (nps|net promoter|recommend) /.test(text)) return 'NPS';
  if (/ (csat|satisfaction) /.test(text)) return 'CSAT';
  if (/ (ces|effort) /.test(text)) return 'CES';
  return 'custom';
}

/** % promoters (9-10) minus % detractors (0-6), rounded to 1 decimal; NaN without responses. */
export function npsOf(
  responses: readonly number[] | { promoters: number; passives: number; detractors: number },
): number {
  let counts = responses as { promoters: number; passives: number; detractors: number };
  if (Array.isArray(responses)) {
    counts = { promoters: 0, passives: 0, detractors: 0 };
    for (const answer of responses as readonly number[]) {
      if (!Number.isInteger(answer) || answer < 0 || answer > 10)
        throw new RangeError(`not an NPS answer: ${answer}`);
      if (answer >= 9) counts.promoters += 1;
      else if (answer >= 7) counts.passives += 1;
      else counts.detractors += 1;
    }
  }
  const total = counts.promoters + counts.passives + counts.detractors;
  if (total === 0) return Number.NaN;
  return roundTo(((counts.promoters - counts.detractors) * 100) / total, 1);
}

/** What one (stage, metric, period) has gathered: enough for any metric's value, whatever the row count. */
interface Tally {
  n: number;
  sum: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** CSAT's satisfied answers (4 and 5). */
  top: number;
}

const newTally = (): Tally => ({ n: 0, sum: 0, promoters: 0, passives: 0, detractors: 0, top: 0 });

function mergeTally(into: Tally, from: Tally) {
  into.n += from.n;
  into.sum += from.sum;
  into.promoters += from.promoters;
  into.passives += from.passives;
  into.detractors += from.detractors;
  into.top += from.top;
}

/** A file without a metric column whose value column names none: NPS if every answer is 0-10, else custom. */
const UNDECIDED = 'undecided';
const SEPARATOR = '\u0001';

export function createSurveyAggregator(
  mapping: SurveyMapping,
  options: SurveyOptions = {},
): {
  add(fields: string[], row: number): void;
  finish(): ImportResult<SurveyAggregate>;
} {
  const raw = mapping.response !== null;
  const valueColumn = mapping.response ?? mapping.score;
  const maxReadings = options.maxReadings ?? SURVEY_LIMITS.maxReadings;
  const log = createProblemLog(options.maxProblems ?? MAX_PROBLEMS);
  const buckets = createBuckets<Tally>({
    fixed: options.unit && options.unit !== 'auto' ? options.unit : null,
    daysAsMonths: raw && mapping.date !== null,
    create: newTally,
    merge: mergeTally,
  });
  const noDate = mapping.date === null ? importDay(options.today) : null;
  // A custom metric always has a name: the value column's header, else 'Score'.
  const fileLabel = tidyTitle(options.label ?? '').slice(0, MAX_LABEL) || 'Score';
  const fileMetric: MetricKind | typeof UNDECIDED =
    metricOf(fileLabel) !== 'custom' ? metricOf(fileLabel) : raw ? UNDECIDED : 'custom';
  const stages = new Map<string, string>(); // key -> first spelling, in order of appearance
  const labels = new Map<string, string>();
  let undecidedIsNps = true;
  let rows = 0;
  let refused = false;

  const cell = (fields: string[], column: number | null) =>
    column === null ? '' : (fields[column] ?? '').trim();

  return {
    add(fields, row) {
      if (refused || fields.every((field) => field.trim() === '')) return;
      rows += 1;
      const stage = cell(fields, mapping.stage);
      const written = cell(fields, valueColumn);
      // An unanswered question is a blank cell, not a problem: the respondent skipped it.
      if (written === '') return;
      let ok = true;
      if (stage === '') {
        log.add(row, 'the stage is empty');
        ok = false;
      }
      let metric: MetricKind | typeof UNDECIDED = fileMetric;
      let label = metric === 'custom' ? fileLabel : '';
      if (mapping.metric !== null) {
        const name = cell(fields, mapping.metric);
        metric = metricOf(name);
        label = metric === 'custom' ? tidyTitle(name) : '';
        if (name === '') {
          log.add(row, 'the metric is empty');
          ok = false;
        }
      }
      // A custom metric's name is its label on the stage header, which keeps at most so many characters.
      if (label.length > MAX_LABEL) {
        log.add(
          row,
          `the metric "${label.slice(0, 40)}…" is longer than the ${MAX_LABEL} characters a stage metric's name may have`,
        );
        ok = false;
      }
      const value = parseNumber(written);
      if (value === null) {
        log.add(row, `the ${raw ? 'response' : 'score'} "${written.slice(0, 40)}" is not a number`);
        ok = false;
      } else if (metric !== 'custom' && metric !== UNDECIDED) {
        const [low, high] = RANGES[metric][raw ? 'raw' : 'score'];
        if (value < low || value > high || (raw && !Number.isInteger(value))) {
          const what = raw
            ? `${an(metric)} response is a whole number from ${low} to ${high}`
            : `${an(metric)} score is from ${low} to ${high}`;
          log.add(row, `${written} is out of range: ${what}`);
          ok = false;
        }
      }
      let period = noDate;
      if (mapping.date !== null) {
        const date = cell(fields, mapping.date);
        period = parsePeriod(date);
        if (!period) {
          log.add(row, `the date "${date.slice(0, 40)}" is not a date, week, month, quarter or year`);
          ok = false;
        }
      }
      if (!ok || value === null || !period) return;
      const stageKey = titleKey(stage);
      if (!stages.has(stageKey)) stages.set(stageKey, tidyTitle(stage));
      const labelKey = titleKey(label);
      if (!labels.has(labelKey)) labels.set(labelKey, label);
      const bucket = buckets.get([stageKey, metric, labelKey].join(SEPARATOR), period);
      if (typeof bucket === 'string') {
        log.add(row, bucket);
        return;
      }
      if (buckets.size > maxReadings) {
        refused = true;
        log.add(
          row,
          `more than ${formatCount(maxReadings)} readings of stage, metric and period: is the stage column the right one?`,
        );
        return;
      }
      const tally = bucket.value;
      tally.n += 1;
      tally.sum += value;
      if (metric === UNDECIDED && !(Number.isInteger(value) && value >= 0 && value <= 10))
        undecidedIsNps = false;
      if (value >= 9) tally.promoters += 1;
      else if (value >= 7) tally.passives += 1;
      else tally.detractors += 1;
      if (value >= 4) tally.top += 1;
    },
    finish() {
      if (log.count > 0) return { ok: false, problems: log.problems, more: log.more };
      const readings: SurveyReading[] = [];
      for (const bucket of buckets.values()) {
        const [stageKey, kind, labelKey] = bucket.subject.split(SEPARATOR) as [string, string, string];
        const tally = bucket.value;
        let metric = kind as MetricKind;
        let label = labels.get(labelKey) ?? '';
        if (kind === UNDECIDED) {
          metric = undecidedIsNps ? 'NPS' : 'custom';
          label = undecidedIsNps ? '' : fileLabel;
        }
        readings.push({
          stage: stages.get(stageKey) ?? stageKey,
          metric,
          label,
          period: bucket.period,
          value: raw ? rawValue(metric, tally) : roundTo(tally.sum / tally.n, 2),
          responses: raw ? tally.n : null,
        });
      }
      readings.sort(
        (a, b) =>
          a.stage.localeCompare(b.stage) ||
          METRIC_KINDS.indexOf(a.metric) - METRIC_KINDS.indexOf(b.metric) ||
          a.label.localeCompare(b.label) ||
          comparePeriods(a.period, b.period),
      );
      return {
        ok: true,
        aggregate: { rows, readings, stages: [...stages.values()] },
      };
    },
  };
}

/** 'an NPS', 'a CSAT': the article as the name is read aloud. */
const an = (metric: MetricKind) => (metric === 'NPS' ? `an ${metric}` : `a ${metric}`);

function rawValue(metric: MetricKind, tally: Tally): number {
  if (metric === 'NPS') return npsOf(tally);
  if (metric === 'CSAT') return roundTo((tally.top * 100) / tally.n, 1);
  return roundTo(tally.sum / tally.n, 2);
}

/** A whole survey file at once (see parseContacts): read, columns guessed unless given, aggregated. */
export function parseSurvey(
  text: string,
  mapping?: SurveyMapping,
  options: SurveyOptions & CsvReaderOptions = {},
): ImportResult<SurveyAggregate> & { mapping: SurveyMapping | null } {
  // Without a metric column, the value column's header says which metric it holds.
  const reader = createEvidenceReader(
    guessedColumns('survey', mapping),
    (chosen, header) =>
      createSurveyAggregator(chosen, {
        ...options,
        label: options.label ?? header[chosen.response ?? chosen.score ?? -1],
      }),
    options,
  );
  reader.write(text);
  return reader.end();
}
