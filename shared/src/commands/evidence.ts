/**
 * Reading a team's own exports into the board (#14): contact volumes per reason,
 * survey readings per stage metric. Each import names its source; importing a source
 * of the same kind and name again replaces its numbers, so a monthly refresh never
 * counts a contact twice. Commands take numbers already aggregated
 * (evidence/contacts.ts, evidence/survey.ts): a million-row file becomes a few
 * thousand volumes before it reaches the document.
 */
import type * as Y from 'yjs';
import { LIMITS } from '../contract/limits.js';
import type { EvidenceKind } from '../entities/index.js';
import { BoardCommandError } from '../errors.js';
import { comparePeriods } from '../evidence/periods.js';
import { tidyTitle, titleKey } from '../evidence/values.js';
import { numberField, stringField } from '../fields.js';
import { newId } from '../ids.js';
import { metricTrends } from '../metrics.js';
import { collection, type EntityMap, entity, patchEntity, putEntity } from '../schema.js';
import { defineCommand, orderAmong, removeCommand, removeWhere, requireEntity } from './context.js';
import { metricId } from './structure.js';

/** What an import changed, for the person or script that ran it. */
export interface EvidenceSummary {
  sourceId: string;
  /** True when the source had been imported before and its numbers were replaced. */
  replaced: boolean;
  /** Contacts (or readings) the source holds now, and held before. */
  total: number;
  previousTotal: number;
  /** Volumes (or readings) written, and removed. */
  written: number;
  removed: number;
  /** Reasons (or stage metrics) the import added. */
  created: string[];
  periods: string[];
}

interface SourceInput {
  name: string;
  fileName: string;
  rows: number;
  unit: 'day' | 'week' | 'month' | 'quarter' | 'year';
  importedAt: number;
}

/** The source of this kind and name, emptied of its numbers, or a new one. */
function takeSource(
  doc: Y.Doc,
  kind: EvidenceKind,
  source: SourceInput,
  numbers: 'volumes' | 'readings',
): { id: string; replaced: boolean; removed: string[]; previousTotal: number } {
  const key = titleKey(source.name);
  let id: string | null = null;
  for (const [sourceId, map] of collection(doc, 'sources').entries()) {
    const m = map as EntityMap;
    if (stringField(m, 'kind') === kind && titleKey(stringField(m, 'name')) === key) id = sourceId;
  }
  const fields = { kind, ...source };
  if (id === null) {
    id = newId();
    putEntity(doc, 'sources', id, fields);
    return { id, replaced: false, removed: [], previousTotal: 0 };
  }
  patchEntity(entity(doc, 'sources', id) as EntityMap, fields);
  let previousTotal = 0;
  const sourceId = id;
  const removed = removeWhere(doc, numbers, (m) => {
    if (stringField(m, 'sourceId') !== sourceId) return false;
    previousTotal += numbers === 'volumes' ? (numberField(m, 'count') ?? 0) : 1;
    return true;
  });
  return { id, replaced: true, removed, previousTotal };
}

function tooMany(command: string, what: string, count: number, max: number): BoardCommandError {
  return new BoardCommandError(
    'invalid_input',
    command,
    '',
    `this would keep ${count.toLocaleString('en')} ${what} on the board, more than the ${max.toLocaleString('en')} a board holds; count in longer periods (unit=month or quarter) or fewer channels`,
  );
}

/**
 * Writes one contacts export's volumes under its reasons, making the primary and
 * secondary reasons it names that the board lacks (matched by title). A volume with a
 * secondary reason counts for the secondary; one without, for the primary.
 */
export const importContacts = defineCommand('importContacts', (doc, { source, volumes }): EvidenceSummary => {
  const taken = takeSource(doc, 'contacts', source, 'volumes');
  const kept = collection(doc, 'volumes').size;
  if (kept + volumes.length > LIMITS.maxVolumes)
    throw tooMany('importContacts', 'contact volumes', kept + volumes.length, LIMITS.maxVolumes);

  const primaries = new Map<string, string>();
  const secondaries = new Map<string, string>();
  for (const [id, value] of collection(doc, 'reasons').entries()) {
    const m = value as EntityMap;
    const parentId = m.get('parentId');
    const title = titleKey(stringField(m, 'title'));
    if (typeof parentId === 'string') secondaries.set(`${parentId}\n${title}`, id);
    else primaries.set(title, id);
  }
  const created: string[] = [];
  const reasonOf = (title: string, parentId: string | null): string => {
    const known = parentId === null ? primaries : secondaries;
    const key = parentId === null ? titleKey(title) : `${parentId}\n${titleKey(title)}`;
    const existing = known.get(key);
    if (existing) return existing;
    const id = newId();
    const order = orderAmong(doc, 'reasons', (r) => (r.get('parentId') ?? null) === parentId);
    putEntity(doc, 'reasons', id, { title: tidyTitle(title).slice(0, LIMITS.title), parentId, order });
    known.set(key, id);
    created.push(id);
    return id;
  };

  let total = 0;
  const periods = new Set<string>();
  for (const volume of volumes) {
    const primaryId = reasonOf(volume.primary, null);
    const reasonId = volume.secondary ? reasonOf(volume.secondary, primaryId) : primaryId;
    putEntity(doc, 'volumes', newId(), {
      sourceId: taken.id,
      reasonId,
      period: volume.period,
      channel: volume.channel,
      count: volume.count,
    });
    total += volume.count;
    periods.add(volume.period);
  }
  return {
    sourceId: taken.id,
    replaced: taken.replaced,
    total,
    previousTotal: taken.previousTotal,
    written: volumes.length,
    removed: taken.removed.length,
    created,
    periods: [...periods].sort(comparePeriods),
  };
});

/**
 * Writes one survey export's readings under its stages' metrics (made where missing),
 * and sets each metric's current value to its latest reading over all sources: the
 * stage header shows that value and the trend from the reading before.
 */
export const importSurvey = defineCommand('importSurvey', (doc, { source, readings }): EvidenceSummary => {
  for (const [i, reading] of readings.entries())
    requireEntity(doc, 'stages', reading.stageId, 'importSurvey', `readings.${i}.stageId`);
  const taken = takeSource(doc, 'survey', source, 'readings');
  const kept = collection(doc, 'readings').size;
  if (kept + readings.length > LIMITS.maxReadings)
    throw tooMany('importSurvey', 'survey readings', kept + readings.length, LIMITS.maxReadings);

  const created: string[] = [];
  const touched = new Set<string>();
  const periods = new Set<string>();
  for (const reading of readings) {
    const id = metricId(reading.stageId, reading.metric, reading.label);
    if (!entity(doc, 'metrics', id)) {
      putEntity(doc, 'metrics', id, {
        stageId: reading.stageId,
        name: reading.metric,
        label: reading.label,
        current: null,
        target: null,
      });
      created.push(id);
    }
    putEntity(doc, 'readings', newId(), {
      sourceId: taken.id,
      metricId: id,
      period: reading.period,
      value: reading.value,
      responses: reading.responses,
    });
    touched.add(id);
    periods.add(reading.period);
  }
  setCurrentFromReadings(doc, touched);
  return {
    sourceId: taken.id,
    replaced: taken.replaced,
    total: readings.length,
    previousTotal: taken.previousTotal,
    written: readings.length,
    removed: taken.removed.length,
    created,
    periods: [...periods].sort(comparePeriods),
  };
});

/** The metrics' current values become their latest readings' (metricTrends: the mean where sources measured the same period), in one pass over the readings. */
function setCurrentFromReadings(doc: Y.Doc, ids: ReadonlySet<string>): void {
  const readings = [];
  for (const value of collection(doc, 'readings').values()) {
    const m = value as EntityMap;
    const metricId = stringField(m, 'metricId');
    const reading = numberField(m, 'value');
    if (ids.has(metricId) && reading !== null)
      readings.push({ metricId, period: stringField(m, 'period'), value: reading, responses: null });
  }
  for (const [id, trend] of metricTrends(readings)) {
    const metric = entity(doc, 'metrics', id);
    if (metric) patchEntity(metric, { current: trend.value });
  }
}

/** Removes a source with its numbers; metrics it fed fall back to their other readings, or keep their value. */
export const removeSource = removeCommand('removeSource', 'sources', (doc, id) => {
  collection(doc, 'sources').delete(id);
  removeWhere(doc, 'volumes', (m) => stringField(m, 'sourceId') === id);
  const metrics = new Set<string>();
  removeWhere(doc, 'readings', (m) => {
    if (stringField(m, 'sourceId') !== id) return false;
    metrics.add(stringField(m, 'metricId'));
    return true;
  });
  setCurrentFromReadings(doc, metrics);
});
