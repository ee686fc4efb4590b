/**
 * What the board's contact volumes say about each reason (#14): volume per period,
 * share and trend between the two latest periods, the Pareto of primary reasons, the
 * channel mix, and the taxonomy's health. Sources counted in different periods
 * (weeks in one export, months in another) are read in the coarsest of them.
 */

import { comparePeriods, PERIOD_UNITS, type PeriodUnit, periodIn } from './evidence/periods.js';
import type { BoardSnapshot, InteractionReason } from './model.js';

/** The method's bounds on a reason taxonomy: 6-8 primary reasons of 6-8 secondary ones, "other" small. */
export const TAXONOMY = { maxPrimaries: 8, maxSecondaries: 8, maxOtherShare: 0.1 } as const;
const OTHER = /^(other|others|misc|miscellaneous|unknown|general|uncategori[sz]ed|not specified)\b/i;

export interface ReasonStats {
  reason: InteractionReason;
  /** Its volumes come from data (its own or, for a primary, its secondaries'); else it was typed by hand. */
  fromData: boolean;
  /** Contacts per period (a primary's include its secondaries'). */
  byPeriod: ReadonlyMap<string, number>;
  /** Contacts in the latest and the previous period. */
  latest: number;
  previous: number | null;
  /** (latest - previous) / previous; null without a previous period or with none in it. */
  trend: number | null;
  /** Its part of all contacts in the latest period (0..1). */
  share: number;
  /** Contacts per channel in the latest period, most first; '' for contacts with no channel. */
  channels: Array<{ channel: string; count: number }>;
  /** Friction cards tagged with it (a primary also counts its secondaries' tags). */
  frictionIds: string[];
}

export interface ParetoBar {
  reasonId: string;
  title: string;
  volume: number;
  share: number;
  /** Share of this bar and every larger one (0..1). */
  cumulative: number;
  /** Among the reasons that make up the first 80 % of contacts. */
  vital: boolean;
}

export interface ReasonVolumes {
  unit: PeriodUnit | null;
  periods: string[];
  latest: string | null;
  previous: string | null;
  /** Contacts in the latest period. */
  total: number;
  /** Primary reasons in board order, each followed by its secondary reasons. */
  reasons: ReasonStats[];
  byId: ReadonlyMap<string, ReasonStats>;
  pareto: ParetoBar[];
  channels: Array<{ channel: string; count: number; share: number }>;
  /** Taxonomy warnings in plain words; empty when healthy. */
  health: string[];
}

/** The coarsest unit among the board's contact sources, or null without any. */
function commonUnit(board: Pick<BoardSnapshot, 'sources'>): PeriodUnit | null {
  let unit: PeriodUnit | null = null;
  for (const source of board.sources) {
    if (source.kind !== 'contacts') continue;
    if (unit === null || PERIOD_UNITS.indexOf(source.unit) > PERIOD_UNITS.indexOf(unit)) unit = source.unit;
  }
  return unit;
}

export function reasonVolumes(
  board: Pick<BoardSnapshot, 'reasons' | 'volumes' | 'sources' | 'cards'>,
  isFriction: (cardId: string) => boolean = () => true,
): ReasonVolumes {
  const unit = commonUnit(board);
  const unitOf = new Map(board.sources.map((s) => [s.id, s.unit]));
  const parentOf = new Map(board.reasons.map((r) => [r.id, r.parentId]));
  const byPeriod = new Map<string, Map<string, number>>();
  const channelsOf = new Map<string, Map<string, Map<string, number>>>();
  const periods = new Set<string>();
  const add = (reasonId: string, period: string, channel: string, count: number) => {
    const perPeriod = byPeriod.get(reasonId) ?? new Map<string, number>();
    perPeriod.set(period, (perPeriod.get(period) ?? 0) + count);
    byPeriod.set(reasonId, perPeriod);
    const perChannel = channelsOf.get(reasonId) ?? new Map<string, Map<string, number>>();
    const inPeriod = perChannel.get(period) ?? new Map<string, number>();
    inPeriod.set(channel, (inPeriod.get(channel) ?? 0) + count);
    perChannel.set(period, inPeriod);
    channelsOf.set(reasonId, perChannel);
  };
  for (const volume of board.volumes) {
    const from = unitOf.get(volume.sourceId);
    if (!from || !unit) continue;
    const period = periodIn(volume.period, from, unit);
    periods.add(period);
    const channel = volume.channel ?? '';
    add(volume.reasonId, period, channel, volume.count);
    const parent = parentOf.get(volume.reasonId);
    if (parent) add(parent, period, channel, volume.count);
  }
  const sorted = [...periods].sort(comparePeriods);
  const latest = sorted.at(-1) ?? null;
  const previous = sorted.length > 1 ? (sorted.at(-2) ?? null) : null;

  const frictionOf = new Map<string, Set<string>>();
  for (const card of board.cards) {
    if (card.reasonIds.length === 0 || !isFriction(card.id)) continue;
    for (const reasonId of card.reasonIds) {
      for (const id of [reasonId, parentOf.get(reasonId)]) {
        if (!id) continue;
        const cards = frictionOf.get(id) ?? new Set<string>();
        cards.add(card.id);
        frictionOf.set(id, cards);
      }
    }
  }

  let total = 0;
  for (const reason of board.reasons) {
    if (reason.parentId === null && latest) total += byPeriod.get(reason.id)?.get(latest) ?? 0;
  }
  const reasons: ReasonStats[] = board.reasons.map((reason) => {
    const volumes = byPeriod.get(reason.id) ?? new Map<string, number>();
    const now = latest ? (volumes.get(latest) ?? 0) : 0;
    const before = previous ? (volumes.get(previous) ?? 0) : null;
    const channels = [...(latest ? (channelsOf.get(reason.id)?.get(latest) ?? new Map()) : new Map())]
      .map(([channel, count]) => ({ channel: channel as string, count: count as number }))
      .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));
    return {
      reason,
      fromData: volumes.size > 0,
      byPeriod: volumes,
      latest: now,
      previous: before,
      trend: before ? (now - before) / before : null,
      share: total > 0 ? now / total : 0,
      channels,
      frictionIds: [...(frictionOf.get(reason.id) ?? [])].sort(),
    };
  });
  const byId = new Map(reasons.map((stats) => [stats.reason.id, stats]));

  const primaries = reasons.filter((s) => s.reason.parentId === null && s.latest > 0);
  primaries.sort((a, b) => b.latest - a.latest || a.reason.title.localeCompare(b.reason.title));
  let running = 0;
  const pareto = primaries.map((s): ParetoBar => {
    const before = running;
    running += s.latest;
    return {
      reasonId: s.reason.id,
      title: s.reason.title,
      volume: s.latest,
      share: s.share,
      cumulative: total > 0 ? running / total : 0,
      vital: total > 0 && before / total < 0.8,
    };
  });

  const mix = new Map<string, number>();
  for (const s of reasons) {
    if (s.reason.parentId !== null) continue;
    for (const { channel, count } of s.channels) mix.set(channel, (mix.get(channel) ?? 0) + count);
  }
  const channels = [...mix]
    .map(([channel, count]) => ({ channel, count, share: total > 0 ? count / total : 0 }))
    .sort((a, b) => b.count - a.count || a.channel.localeCompare(b.channel));

  return {
    unit,
    periods: sorted,
    latest,
    previous,
    total,
    reasons,
    byId,
    pareto,
    channels,
    health: taxonomyHealth(reasons),
  };
}

function taxonomyHealth(reasons: readonly ReasonStats[]): string[] {
  const health: string[] = [];
  const primaries = reasons.filter((s) => s.reason.parentId === null);
  if (primaries.length > TAXONOMY.maxPrimaries)
    health.push(
      `${primaries.length} primary reasons: group them into ${TAXONOMY.maxPrimaries} or fewer so the picture stays readable`,
    );
  for (const primary of primaries) {
    const children = reasons.filter((s) => s.reason.parentId === primary.reason.id).length;
    if (children > TAXONOMY.maxSecondaries)
      health.push(
        `"${primary.reason.title}" has ${children} secondary reasons: more than ${TAXONOMY.maxSecondaries} blur it; merge the small ones`,
      );
  }
  for (const s of reasons) {
    if (OTHER.test(s.reason.title.trim()) && s.share > TAXONOMY.maxOtherShare)
      health.push(
        `"${s.reason.title}" holds ${Math.round(s.share * 100)} % of contacts: more than ${TAXONOMY.maxOtherShare * 100} % in a catch-all hides what customers need; split it`,
      );
  }
  return health;
}
