/** Evidence sources, their contact volumes and survey readings (#14). */
import { ENTITIES, type EntityCollection, EVIDENCE_KINDS, type EvidenceKind } from '../entities/index.js';
import type { EvidenceSourceRecord, MetricReading, ReasonVolume } from '../model.js';
import { compareTuples, type Known, type Reader } from './reader.js';

interface Ids {
  add<T extends { id: string }>(name: EntityCollection, items: T[]): T[];
}

/**
 * Sources by import time; volumes and readings whose source and subject exist, sorted
 * by their keys. A volume of a deleted reason or a reading of a deleted metric is
 * skipped (the commands that delete those take them along; this is for files and
 * concurrent edits that crossed).
 */
export function readEvidence(
  r: Reader,
  known: Known,
  ids: Ids,
): { sources: EvidenceSourceRecord[]; volumes: ReasonVolume[]; readings: MetricReading[] } {
  const read: EvidenceSourceRecord[] = [];
  for (const [id, m] of r.entries('sources')) {
    const kind = m.get('kind');
    if (!EVIDENCE_KINDS.includes(kind as EvidenceKind))
      r.skip('source', id, `unknown kind "${String(kind)}"`);
    else read.push(r.entity(ENTITIES.sources, id, m, known, { kind: kind as EvidenceKind }));
  }
  const sources = ids.add(
    'sources',
    read.sort((a, b) => compareTuples([a.importedAt, a.id], [b.importedAt, b.id])),
  );
  const sourceIds = new Set(sources.map((s) => s.id));
  const volumes: ReasonVolume[] = [];
  for (const [id, m] of r.entries('volumes')) {
    const volume = r.entity(ENTITIES.volumes, id, m, known);
    if (volume.count === null) r.skip('volume', id, 'its count is not a whole number');
    else if (!sourceIds.has(volume.sourceId))
      r.skip('volume', id, `source "${volume.sourceId}" does not exist`);
    else if (!known('reasons', volume.reasonId))
      r.skip('volume', id, `reason "${volume.reasonId}" does not exist`);
    else volumes.push(volume);
  }
  const readings: MetricReading[] = [];
  for (const [id, m] of r.entries('readings')) {
    const reading = r.entity(ENTITIES.readings, id, m, known);
    if (reading.value === null) r.skip('reading', id, 'its value is not a number');
    else if (!sourceIds.has(reading.sourceId))
      r.skip('reading', id, `source "${reading.sourceId}" does not exist`);
    else if (!known('metrics', reading.metricId))
      r.skip('reading', id, `metric "${reading.metricId}" does not exist`);
    else readings.push(reading);
  }
  const volumeKey = (v: ReasonVolume) => [v.reasonId, v.period, v.channel ?? '', v.sourceId, v.id];
  const readingKey = (v: MetricReading) => [v.metricId, v.period, v.sourceId, v.id];
  return {
    sources,
    volumes: volumes.sort((a, b) => compareTuples(volumeKey(a), volumeKey(b))),
    readings: readings.sort((a, b) => compareTuples(readingKey(a), readingKey(b))),
  };
}
