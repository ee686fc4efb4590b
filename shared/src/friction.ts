/**
 * Friction scoring: turning evidence on friction cards into one comparable number,
 * and adding those numbers up into the business case (ranked list, heat map, and
 * what a future state removes).
 *
 *   score = severity × frequency factor × segment weight
 *
 * - severity: 1 (irritant) to 5 (journey-breaking). A card without a severity is
 *   not assessed: it scores 0 and says so, rather than guessing.
 * - frequency factor: the count normalised to the board's period (default a month),
 *   then 1 + log10(1 + rate). The count is the one typed on the card or, when none
 *   is, the contacts of the reasons the card is tagged with (evidence-frequency.ts). Once a month gives 1.30, ten times 2.04, a thousand
 *   times 4.00: frequency matters, but a common irritant does not drown out a rare
 *   journey-breaker. No frequency given: factor 1 (counted as rare), and said so.
 * - segment weight: the persona's value-tier weight × its priority weight (board
 *   settings; defaults low 0.5, medium 1, high 1.5, top 2 × standard 1, priority
 *   1.25, special 1.5). No segment, or a deleted persona: the unknown-segment
 *   weight (default 1), and said so.
 */

import { diffStates } from './diff.js';
import { type EvidenceFrequency, evidenceFrequencies, PERIOD_DAYS } from './evidence-frequency.js';
import type {
  BoardSnapshot,
  Card,
  FrequencyPeriod,
  Opportunity,
  Persona,
  ScoringSettings,
  Stage,
} from './model.js';

export interface FrictionScore {
  /** Rounded to two decimals; 0 when not assessed. */
  score: number;
  assessed: boolean;
  severity: number | null;
  /** Occurrences per settings period, or null when no frequency is given. */
  rate: number | null;
  period: FrequencyPeriod;
  frequencyFactor: number;
  /** Where the rate came from: typed on the card, the evidence of its reasons, or nowhere. */
  frequencySource: 'typed' | 'evidence' | null;
  /** What the evidence says, when the card's reasons have contact volumes (also when a typed count overrides it). */
  evidence: EvidenceFrequency | null;
  segmentWeight: number;
  /** The persona whose weight was used, or null for the unknown-segment weight. */
  segment: Persona | null;
  /** Plain-language parts of the score, for the card and the ranked list. */
  explanation: string[];
}

const round2 = (value: number) => Math.round(value * 100) / 100;

/** Moves a count from one period to another (12 a year → 1 a month). */
export function normaliseFrequency(count: number, from: FrequencyPeriod, to: FrequencyPeriod): number {
  return (count / PERIOD_DAYS[from]) * PERIOD_DAYS[to];
}

export function frictionScore(
  card: Pick<Card, 'friction'>,
  personas: ReadonlyMap<string, Persona> | readonly Persona[],
  settings: ScoringSettings,
  evidence: EvidenceFrequency | null = null,
): FrictionScore {
  const byId: ReadonlyMap<string, Persona> =
    personas instanceof Map ? personas : new Map((personas as readonly Persona[]).map((p) => [p.id, p]));
  const { severity, frequency, segmentId } = card.friction;
  const explanation: string[] = [];

  const frequencySource = frequency ? 'typed' : evidence ? 'evidence' : null;
  const rate = frequency
    ? normaliseFrequency(frequency.count, frequency.period, settings.period)
    : evidence
      ? normaliseFrequency(evidence.rate, evidence.period, settings.period)
      : null;
  const frequencyFactor = rate === null ? 1 : 1 + Math.log10(1 + rate);
  if (rate === null) explanation.push('frequency unknown: factor 1');
  else
    explanation.push(
      `${formatNumber(rate)} per ${settings.period}${frequencySource === 'evidence' ? ' from evidence' : ''}: factor ${formatNumber(frequencyFactor)} (1 + log10(1 + rate))`,
    );

  const segment = segmentId ? (byId.get(segmentId) ?? null) : null;
  const segmentWeight = segment
    ? settings.tierWeights[segment.valueTier] * settings.priorityWeights[segment.priority]
    : settings.unknownSegmentWeight;
  if (segment) {
    explanation.push(
      `segment ${segment.name} (${segment.valueTier} value, ${segment.priority}): weight ${formatNumber(segmentWeight)}`,
    );
  } else {
    explanation.push(
      `${segmentId ? 'segment no longer exists' : 'segment not set'}: weight ${formatNumber(segmentWeight)}`,
    );
  }

  const assessed = severity !== null;
  explanation.unshift(assessed ? `severity ${severity} of 5` : 'severity not assessed: scores 0');
  const score = assessed ? round2(severity * frequencyFactor * segmentWeight) : 0;
  return {
    score,
    assessed,
    severity,
    rate,
    period: settings.period,
    frequencyFactor: round2(frequencyFactor),
    frequencySource,
    evidence,
    segmentWeight: round2(segmentWeight),
    segment,
    explanation,
  };
}

/**
 * Scores any card of a board, with the evidence of its reasons worked out once: what
 * the ranked list, the heat map, the comparison and the inspector all score by.
 */
export function frictionScorer(
  board: Pick<BoardSnapshot, 'cards' | 'reasons' | 'volumes' | 'sources' | 'settings' | 'personas'>,
): (card: Pick<Card, 'id' | 'friction'>) => FrictionScore {
  const personas = new Map(board.personas.map((p) => [p.id, p]));
  const evidence = evidenceFrequencies(board);
  const scoring = board.settings.scoring;
  return (card) => frictionScore(card, personas, scoring, evidence.get(card.id) ?? null);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2).replace(/0$/, '');
}

/**
 * A card counts as a friction point by its kind, by sitting in a friction lane, or
 * by having a severity. A severity is someone's judgement that the moment hurts
 * (a touchpoint can be journey-breaking); the card shows it, so the analysis must
 * count it too rather than score some S5 cards and silently leave others out.
 */
export function isFrictionCard(card: Card, board: Pick<BoardSnapshot, 'lanes'>): boolean {
  if (card.kind === 'friction' || card.friction.severity !== null) return true;
  return board.lanes.some((lane) => lane.id === card.laneId && lane.kind === 'friction');
}

export interface FrictionItem {
  card: Card;
  stage: Stage;
  score: FrictionScore;
  /** This item's part of the total friction of the items listed (0..1). */
  share: number;
  /** The channel of the touchpoint where it happens (the card's own, else the stage's first touchpoint). */
  channel: string | null;
  owner: string;
  opportunities: Opportunity[];
}

export interface FrictionFilter {
  segmentId?: string | null;
  channel?: string | null;
  owner?: string | null;
  stageId?: string | null;
}

export interface FrictionList {
  items: FrictionItem[];
  total: number;
  /** How many friction points have no severity yet. */
  unassessed: number;
  /** How much of the total rests on frequencies from evidence, typed estimates, or none. */
  basis: { evidence: number; typed: number; none: number };
}

/** A friction point of a state, scored, before it is ranked or weighed against the others. */
type FrictionPoint = Pick<FrictionItem, 'card' | 'stage' | 'score' | 'channel' | 'owner'>;

/**
 * The friction points of one state after filters, in board order: what the ranking,
 * the heat map and the totals per stage all start from. The totals need no ranking
 * (a sort of every point, and each point's opportunities), and the canvas asks for
 * them on every change of the board.
 */
function frictionPoints(board: BoardSnapshot, stateId: string, filter: FrictionFilter): FrictionPoint[] {
  const score = frictionScorer(board);
  const stages = new Map(board.stages.map((s) => [s.id, s]));
  const touchpointChannel = new Map<string, string>();
  for (const card of board.cards) {
    if (
      card.stateId === stateId &&
      card.kind === 'touchpoint' &&
      card.channel &&
      !touchpointChannel.has(card.stageId)
    )
      touchpointChannel.set(card.stageId, card.channel);
  }
  const points: FrictionPoint[] = [];
  for (const card of board.cards) {
    if (card.stateId !== stateId || !isFrictionCard(card, board)) continue;
    const stage = stages.get(card.stageId);
    if (!stage) continue;
    const channel = card.channel ?? touchpointChannel.get(card.stageId) ?? null;
    const owner = card.friction.ownerTeam || card.owner;
    if (filter.stageId && card.stageId !== filter.stageId) continue;
    if (filter.segmentId && card.friction.segmentId !== filter.segmentId) continue;
    if (filter.channel && channel !== filter.channel) continue;
    if (filter.owner && owner !== filter.owner) continue;
    points.push({ card, stage, score: score(card), channel, owner });
  }
  return points;
}

/**
 * The opportunities linked to any of some friction cards, in board order. Every
 * opportunity's links are indexed once: asked for each card of a state, filtering
 * every opportunity each time cost cards × opportunities.
 */
export function opportunitiesAddressing(
  board: Pick<BoardSnapshot, 'opportunities'>,
): (cardIds: Iterable<string>) => Opportunity[] {
  const byCard = new Map<string, number[]>();
  board.opportunities.forEach((opportunity, index) => {
    for (const id of opportunity.frictionIds) {
      const found = byCard.get(id);
      if (found) found.push(index);
      else byCard.set(id, [index]);
    }
  });
  return (cardIds) => {
    const found = new Set<number>();
    for (const id of cardIds) for (const index of byCard.get(id) ?? []) found.add(index);
    return [...found].sort((a, b) => a - b).map((index) => board.opportunities[index] as Opportunity);
  };
}

/**
 * The friction points of one state, highest score first, after filters. Shares are
 * of the filtered total, so "this item is 30% of what we are looking at".
 */
export function rankFriction(
  board: BoardSnapshot,
  stateId: string,
  filter: FrictionFilter = {},
): FrictionList {
  const stageOrder = new Map(board.stages.map((s, i) => [s.id, i]));
  const addressing = opportunitiesAddressing(board);
  const items: FrictionItem[] = frictionPoints(board, stateId, filter).map(
    ({ card, stage, score, channel, owner }) => ({
      card,
      stage,
      score,
      share: 0,
      channel,
      owner,
      opportunities: addressing([card.id]),
    }),
  );
  const total = round2(items.reduce((sum, item) => sum + item.score.score, 0));
  for (const item of items) item.share = total > 0 ? item.score.score / total : 0;
  items.sort(
    (a, b) =>
      b.score.score - a.score.score ||
      (stageOrder.get(a.stage.id) ?? 0) - (stageOrder.get(b.stage.id) ?? 0) ||
      a.card.id.localeCompare(b.card.id),
  );
  const basis = { evidence: 0, typed: 0, none: 0 };
  for (const item of items) basis[item.score.frequencySource ?? 'none'] += item.score.score;
  for (const key of ['evidence', 'typed', 'none'] as const) basis[key] = round2(basis[key]);
  return { items, total, unassessed: items.filter((i) => !i.score.assessed).length, basis };
}

export interface HeatCell {
  stageId: string;
  laneId: string;
  total: number;
  /** The friction points behind this cell's total. */
  count: number;
  /** total / the hottest cell's total (0..1), for colouring. */
  intensity: number;
}

/**
 * Friction per stage × lane of one state. A friction point counts in its own cell,
 * and in the cell of every card it is connected to by an edge (a pain drawn to the
 * touchpoint or backstage step that causes it), once per cell.
 */
export function frictionHeatMap(board: BoardSnapshot, stateId: string): HeatCell[] {
  const items = frictionPoints(board, stateId, {});
  const cardById = new Map(board.cards.map((c) => [c.id, c]));
  const linked = new Map<string, Card[]>();
  for (const edge of board.edges) {
    if (edge.stateId !== stateId) continue;
    for (const [a, b] of [
      [edge.from, edge.to],
      [edge.to, edge.from],
    ] as const) {
      const other = cardById.get(b);
      if (other) linked.set(a, [...(linked.get(a) ?? []), other]);
    }
  }
  const totals = new Map<string, { total: number; count: number }>();
  for (const item of items) {
    const cells = new Set([`${item.card.stageId}|${item.card.laneId}`]);
    for (const other of linked.get(item.card.id) ?? []) cells.add(`${other.stageId}|${other.laneId}`);
    for (const key of cells) {
      const entry = totals.get(key) ?? { total: 0, count: 0 };
      entry.total += item.score.score;
      entry.count += 1;
      totals.set(key, entry);
    }
  }
  const cells: HeatCell[] = [];
  for (const stage of board.stages) {
    if (stage.stateId !== stateId) continue;
    for (const lane of board.lanes) {
      if (lane.stateId !== stateId) continue;
      const entry = totals.get(`${stage.id}|${lane.id}`) ?? { total: 0, count: 0 };
      cells.push({
        stageId: stage.id,
        laneId: lane.id,
        total: round2(entry.total),
        count: entry.count,
        intensity: 0,
      });
    }
  }
  const hottest = Math.max(0, ...cells.map((c) => c.total));
  for (const cell of cells) cell.intensity = hottest > 0 ? cell.total / hottest : 0;
  return cells;
}

/** Total friction score per stage of a state, in stage order. */
export function frictionByStage(
  board: BoardSnapshot,
  stateId: string,
): Array<{ stage: Stage; total: number }> {
  const totals = new Map<string, number>();
  for (const { stage, score } of frictionPoints(board, stateId, {}))
    totals.set(stage.id, (totals.get(stage.id) ?? 0) + score.score);
  return board.stages
    .filter((s) => s.stateId === stateId)
    .map((stage) => ({ stage, total: round2(totals.get(stage.id) ?? 0) }));
}

export type FrictionOutcome = 'removed' | 'reduced' | 'unchanged' | 'increased' | 'added';

export interface FrictionChange {
  outcome: FrictionOutcome;
  /** The friction card in the from-state (null for friction added in the to-state). */
  before: Card | null;
  /** Its counterpart in the to-state (null when removed). */
  after: Card | null;
  scoreBefore: number;
  scoreAfter: number;
  /** Opportunities linked to this friction point (by its from-state card, or its to-state card). */
  opportunities: Opportunity[];
}

export interface StageFriction {
  /** The from-state stage, or for a stage added in the to-state, that stage. */
  stageId: string;
  title: string;
  before: number;
  after: number;
}

export interface FrictionDiff {
  totalBefore: number;
  totalAfter: number;
  stages: StageFriction[];
  changes: FrictionChange[];
}

/**
 * What a redesign does to friction: every friction point of `fromStateId` matched to
 * its counterpart in `toStateId` (through diffStates' derivedFrom matching), scored
 * on both sides, and totals per stage, before and after.
 */
export function diffFriction(board: BoardSnapshot, fromStateId: string, toStateId: string): FrictionDiff {
  const diff = diffStates(board, fromStateId, toStateId);
  const scorer = frictionScorer(board);
  const score = (card: Card | null) => (card && isFrictionCard(card, board) ? scorer(card).score : 0);
  const addressing = opportunitiesAddressing(board);
  const linkedTo = (...cards: Array<Card | null>) =>
    addressing(cards.flatMap((card) => (card ? [card.id] : [])));

  const pairs: Array<{ before: Card | null; after: Card | null }> = [
    ...diff.removed.map((before) => ({ before, after: null })),
    ...[...diff.changed, ...diff.moved, ...diff.unchanged].map(({ before, after }) => ({ before, after })),
    ...diff.added.map((after) => ({ before: null, after })),
  ];
  const seen = new Set<string>();
  const changes: FrictionChange[] = [];
  for (const { before, after } of pairs) {
    const key = `${before?.id ?? ''}>${after?.id ?? ''}`;
    if (seen.has(key)) continue; // a card both moved and changed is listed in both
    seen.add(key);
    const wasFriction = before !== null && isFrictionCard(before, board);
    const isFriction = after !== null && isFrictionCard(after, board);
    if (!wasFriction && !isFriction) continue;
    const scoreBefore = score(before);
    const scoreAfter = score(after);
    const outcome: FrictionOutcome = !wasFriction
      ? 'added'
      : !isFriction
        ? 'removed'
        : scoreAfter < scoreBefore
          ? 'reduced'
          : scoreAfter > scoreBefore
            ? 'increased'
            : 'unchanged';
    changes.push({ outcome, before, after, scoreBefore, scoreAfter, opportunities: linkedTo(before, after) });
  }
  const outcomeOrder: FrictionOutcome[] = ['removed', 'reduced', 'increased', 'added', 'unchanged'];
  changes.sort(
    (a, b) =>
      outcomeOrder.indexOf(a.outcome) - outcomeOrder.indexOf(b.outcome) ||
      b.scoreBefore - b.scoreAfter - (a.scoreBefore - a.scoreAfter),
  );

  // Stages: from-state stages in order, with the to-state stages derived from them; then new stages.
  const toStages = board.stages.filter((s) => s.stateId === toStateId);
  const stageOrigin = new Map<string, string>();
  const stageById = new Map(board.stages.map((s) => [s.id, s]));
  for (const stage of toStages) {
    let origin: string | null = stage.derivedFrom;
    const visited = new Set<string>();
    while (origin && !visited.has(origin)) {
      visited.add(origin);
      const found = stageById.get(origin);
      if (!found) break;
      if (found.stateId === fromStateId) {
        stageOrigin.set(stage.id, found.id);
        break;
      }
      origin = found.derivedFrom;
    }
  }
  const stageKey = (stageId: string) => stageOrigin.get(stageId) ?? stageId;
  const stages: StageFriction[] = board.stages
    .filter((s) => s.stateId === fromStateId)
    .map((s) => ({ stageId: s.id, title: s.title, before: 0, after: 0 }));
  for (const stage of toStages) {
    if (!stageOrigin.has(stage.id))
      stages.push({ stageId: stage.id, title: stage.title, before: 0, after: 0 });
  }
  const byStage = new Map(stages.map((s) => [s.stageId, s]));
  for (const change of changes) {
    if (change.before) {
      const entry = byStage.get(change.before.stageId);
      if (entry) entry.before += change.scoreBefore;
    }
    if (change.after) {
      const entry = byStage.get(stageKey(change.after.stageId));
      if (entry) entry.after += change.scoreAfter;
    }
  }
  for (const stage of stages) {
    stage.before = round2(stage.before);
    stage.after = round2(stage.after);
  }
  return {
    totalBefore: round2(changes.reduce((sum, c) => sum + c.scoreBefore, 0)),
    totalAfter: round2(changes.reduce((sum, c) => sum + c.scoreAfter, 0)),
    stages,
    changes,
  };
}
