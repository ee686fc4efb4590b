import { numberField, stringField } from '../fields.js';
import {
  type BoardMeta,
  DEFAULT_SCORING,
  FREQUENCY_PERIODS,
  type FrequencyPeriod,
  LIMITS,
  PERSONA_PRIORITIES,
  SCHEMA_VERSION,
  type ScoringSettings,
  VALUE_TIERS,
} from '../model.js';
import { META_FIELDS, metaMap, SETTING_KEYS, settingsMap, visionText } from '../schema.js';
import type { Reader } from './reader.js';

export const EMPTY_META: BoardMeta = {
  title: 'Untitled board',
  schemaVersion: 0,
  createdAt: 0,
  template: '',
  vision: '',
  objective: '',
};

export function readMeta(r: Reader): BoardMeta {
  const meta = metaMap(r.doc);
  for (const key of meta.keys()) {
    if (!(META_FIELDS as readonly string[]).includes(key))
      r.skip('meta', 'meta', `unknown field "${key}" ignored`);
  }
  const schemaVersion = numberField(meta, 'schemaVersion');
  if (schemaVersion === null) r.repair('meta', 'meta', 'missing schemaVersion');
  else if (schemaVersion > SCHEMA_VERSION) {
    r.skip(
      'meta',
      'meta',
      `schema version ${schemaVersion} is newer than ${SCHEMA_VERSION}: read as far as understood`,
    );
  } else if (schemaVersion < SCHEMA_VERSION) {
    r.repair('meta', 'meta', `schema version ${schemaVersion} predates ${SCHEMA_VERSION}: run migrateBoard`);
  }
  const title = stringField(meta, 'title').trim();
  if (!title) r.repair('meta', 'meta', 'missing title');
  return {
    title: title ? stringField(meta, 'title') : EMPTY_META.title,
    schemaVersion: schemaVersion ?? 0,
    createdAt: numberField(meta, 'createdAt') ?? 0,
    template: stringField(meta, 'template'),
    vision: visionText(r.doc).toString(),
    objective: stringField(meta, 'objective'),
  };
}

/** The board's scoring settings over the defaults; a bad value keeps its default and is reported. */
export function readScoring(r: Reader): ScoringSettings {
  const settings = settingsMap(r.doc);
  const weight = (key: string, fallback: number): number => {
    const value = settings.get(key);
    if (value === undefined) return fallback;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= LIMITS.maxWeight)
      return value;
    r.repair('settings', key, `weight ${String(value)} is not a number from 0 to ${LIMITS.maxWeight}`);
    return fallback;
  };
  const period = settings.get(SETTING_KEYS.period);
  const validPeriod = (FREQUENCY_PERIODS as readonly unknown[]).includes(period);
  if (period !== undefined && !validPeriod)
    r.repair('settings', SETTING_KEYS.period, 'not a frequency period');
  const tierWeights = { ...DEFAULT_SCORING.tierWeights };
  for (const tier of VALUE_TIERS) tierWeights[tier] = weight(SETTING_KEYS.tier(tier), tierWeights[tier]);
  const priorityWeights = { ...DEFAULT_SCORING.priorityWeights };
  for (const p of PERSONA_PRIORITIES)
    priorityWeights[p] = weight(SETTING_KEYS.priority(p), priorityWeights[p]);
  return {
    period: validPeriod ? (period as FrequencyPeriod) : DEFAULT_SCORING.period,
    tierWeights,
    priorityWeights,
    unknownSegmentWeight: weight(SETTING_KEYS.unknownSegment, DEFAULT_SCORING.unknownSegmentWeight),
  };
}
