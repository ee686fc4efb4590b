/** Opportunities, stage metrics and interaction reasons. */
import { ENTITIES } from '../entities/index.js';
import { numberField, stringField } from '../fields.js';
import { type InteractionReason, METRIC_NAMES, type Stage, type StageMetric } from '../model.js';
import { compareOrdered } from '../order.js';
import { byIndex, compareTuples, type Known, type Reader } from './reader.js';

/** Metrics of stages that exist; within a stage NPS, CSAT, CES, then custom ones by label, as people read the header. */
export function readMetrics(r: Reader, known: Known, stages: Stage[]): StageMetric[] {
  const stageIndex = byIndex(stages);
  const metrics: StageMetric[] = [];
  for (const [id, m] of r.entries('metrics')) {
    const stageId = stringField(m, 'stageId');
    if (!stageIndex.has(stageId)) {
      r.skip('metric', id, `stage "${stageId}" does not exist`);
      continue;
    }
    const current = numberField(m, 'current');
    const target = numberField(m, 'target');
    const stored = [m.get('current'), m.get('target')];
    if (stored.some((value, i) => value !== undefined && value !== null && [current, target][i] === null))
      r.repair('metric', id, 'a value is not a number');
    metrics.push(r.entity(ENTITIES.metrics, id, m, known, { stageId, current, target }));
  }
  const key = (mt: StageMetric) => [
    stageIndex.get(mt.stageId) ?? 0,
    METRIC_NAMES.indexOf(mt.name),
    mt.label,
    mt.id,
  ];
  return metrics.sort((a, b) => compareTuples(key(a), key(b)));
}

/** Primary reasons in order, each followed by its secondary reasons in order. */
export function readReasons(r: Reader, known: Known): InteractionReason[] {
  const all = r.entries('reasons').map(([id, m]) => r.entity(ENTITIES.reasons, id, m, known));
  const primaries = all.filter((reason) => reason.parentId === null).sort(compareOrdered);
  const primaryIds = new Set(primaries.map((p) => p.id));
  const result: InteractionReason[] = [];
  for (const primary of primaries) {
    result.push(primary, ...all.filter((reason) => reason.parentId === primary.id).sort(compareOrdered));
  }
  for (const reason of all) {
    if (reason.parentId !== null && !primaryIds.has(reason.parentId)) {
      r.skip('reason', reason.id, `parent "${reason.parentId}" is not a primary reason`);
    }
  }
  return result;
}
