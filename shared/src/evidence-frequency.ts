/**
 * How often a friction point happens, by the evidence (#14): the contacts of the
 * reasons its card is tagged with, in each contacts source's latest period,
 * normalised to the board's scoring period. A frequency typed on the card overrides
 * it (friction.ts says which one a score used).
 */

import { comparePeriods, periodDays } from './evidence/periods.js';
import type { BoardSnapshot, FrequencyPeriod } from './model.js';

/** Days in each scoring period, to move a count from one period to another. */
export const PERIOD_DAYS: Record<FrequencyPeriod, number> = {
  day: 1,
  week: 7,
  month: 365.25 / 12,
  quarter: 365.25 / 4,
  year: 365.25,
};

export interface EvidenceFrequency {
  /** Contacts per scoring period, summed over the sources. */
  rate: number;
  period: FrequencyPeriod;
  /** Contacts counted, and the periods (one per source) they were counted in. */
  count: number;
  periods: string[];
  /** The sources the count came from, for "contacts export of 1 Mar 2026". */
  sources: Array<{ id: string; name: string; importedAt: number }>;
}

/**
 * Evidence frequency per friction card with tagged reasons that have volumes. A
 * primary reason counts its secondary reasons' contacts too; a reason tagged twice
 * (itself and through its primary) counts once.
 */
export function evidenceFrequencies(
  board: Pick<BoardSnapshot, 'cards' | 'reasons' | 'volumes' | 'sources' | 'settings'>,
): Map<string, EvidenceFrequency> {
  const result = new Map<string, EvidenceFrequency>();
  if (board.volumes.length === 0) return result;
  const period = board.settings.scoring.period;
  const latestOf = new Map<string, string>();
  for (const volume of board.volumes) {
    const latest = latestOf.get(volume.sourceId);
    if (latest === undefined || comparePeriods(volume.period, latest) > 0)
      latestOf.set(volume.sourceId, volume.period);
  }
  // reason -> source -> contacts in that source's latest period
  const latestCounts = new Map<string, Map<string, number>>();
  for (const volume of board.volumes) {
    if (latestOf.get(volume.sourceId) !== volume.period) continue;
    const bySource = latestCounts.get(volume.reasonId) ?? new Map<string, number>();
    bySource.set(volume.sourceId, (bySource.get(volume.sourceId) ?? 0) + volume.count);
    latestCounts.set(volume.reasonId, bySource);
  }
  const childrenOf = new Map<string, string[]>();
  for (const reason of board.reasons) {
    if (reason.parentId)
      childrenOf.set(reason.parentId, [...(childrenOf.get(reason.parentId) ?? []), reason.id]);
  }
  const sourceById = new Map(board.sources.map((s) => [s.id, s]));
  for (const card of board.cards) {
    if (card.reasonIds.length === 0) continue;
    const reasons = new Set<string>();
    for (const id of card.reasonIds) {
      reasons.add(id);
      for (const child of childrenOf.get(id) ?? []) reasons.add(child);
    }
    const bySource = new Map<string, number>();
    for (const id of reasons) {
      for (const [sourceId, count] of latestCounts.get(id) ?? [])
        bySource.set(sourceId, (bySource.get(sourceId) ?? 0) + count);
    }
    if (bySource.size === 0) continue;
    let rate = 0;
    let count = 0;
    const sources: EvidenceFrequency['sources'] = [];
    const periods: string[] = [];
    for (const [sourceId, contacts] of bySource) {
      const key = latestOf.get(sourceId) as string;
      rate += (contacts / periodDays(key)) * PERIOD_DAYS[period];
      count += contacts;
      periods.push(key);
      const source = sourceById.get(sourceId);
      if (source) sources.push({ id: source.id, name: source.name, importedAt: source.importedAt });
    }
    result.set(card.id, { rate, period, count, periods, sources });
  }
  return result;
}

/** "1,240 / month": the rate, in the board's scoring period. */
export function describeRate(evidence: EvidenceFrequency): string {
  return `${Math.round(evidence.rate).toLocaleString('en')} / ${evidence.period}`;
}

/** "Contacts export of 1 Mar 2026": the sources the rate came from, each with the day it was imported. */
export function describeSources(evidence: EvidenceFrequency): string {
  return evidence.sources
    .map(
      (s) =>
        `${s.name} of ${new Date(s.importedAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })}`,
    )
    .join(' + ');
}

/** "1,240 / month, Contacts export of 1 Mar 2026": the rate and where it came from, as cards and slides say it. */
export function describeEvidence(evidence: EvidenceFrequency): string {
  return `${describeRate(evidence)}, ${describeSources(evidence)}`;
}
