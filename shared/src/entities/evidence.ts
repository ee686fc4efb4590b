/**
 * Evidence from a team's own data (#14): the exports a board has read (contact
 * reasons, survey scores), the contact volumes per reason they brought, and the
 * survey readings behind each stage metric. Numbers typed by hand stay on the cards
 * and metrics themselves; these say where a number came from.
 */
import { choice, entity, number, ref, text, timestamp, title } from './fields.js';
import { EVIDENCE_KINDS, FREQUENCY_PERIODS, LIMITS } from './vocabulary.js';

/** One export read into the board. Re-reading a source of the same kind and name replaces its numbers. */
export const sources = entity('source', 'editor', {
  kind: choice(EVIDENCE_KINDS),
  /** What people call the export ("contacts export"); the key a re-import replaces by. */
  name: title('Untitled source', { max: LIMITS.title }),
  fileName: text({ max: LIMITS.title, default: '' }),
  importedAt: timestamp({ default: 0 }),
  /** Rows the file held (contacts, or survey answers). */
  rows: number({ min: 0, integer: true, default: 0 }),
  /** The length of the periods its numbers are counted in. */
  unit: choice(FREQUENCY_PERIODS, { default: 'month' }),
});

/** Contacts of one reason in one period (and channel), as one source counted them. */
export const volumes = entity('volume', 'editor', {
  sourceId: ref('sources'),
  reasonId: ref('reasons'),
  /** A period key (evidence/periods.ts): 2026-03, 2026-W11, 2026-Q1, 2026-03-14, 2026. */
  period: text({ max: LIMITS.periodKey, nonEmpty: true }),
  channel: text({ max: LIMITS.channel, nullable: true }),
  count: number({ min: 0, max: LIMITS.maxFrequencyCount, integer: true }),
});

/** A stage metric's value in one period, as one survey source measured it: the metric's history. */
export const readings = entity('reading', 'editor', {
  sourceId: ref('sources'),
  metricId: ref('metrics'),
  period: text({ max: LIMITS.periodKey, nonEmpty: true }),
  value: number({ min: -LIMITS.maxMetricValue, max: LIMITS.maxMetricValue }),
  /** Answers behind the value, when the file held raw answers. */
  responses: number({ min: 0, integer: true, nullable: true }),
});

export const evidenceEntities = { sources, volumes, readings };
