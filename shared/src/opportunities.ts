/**
 * Prioritising opportunities: where each one sits on the impact / effort matrix,
 * the now / next / later roadmap, and what friction each removes in a future state.
 */
import { diffFriction, type FrictionChange } from './friction.js';
import {
  type BoardSnapshot,
  HORIZONS,
  type Horizon,
  type Opportunity,
  SCORE_MAX,
  SCORE_MIN,
} from './model.js';

/**
 * The four quadrants of the matrix, split at the scale's middle (3 of 1..5): high
 * impact is 3 and above, low effort is 2 and below, so an unscored 3/3 idea shows
 * as structural work until someone argues it down.
 */
export const QUADRANTS = ['quick-win', 'structural', 'fill-in', 'reconsider'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

export function quadrantOf(opportunity: Pick<Opportunity, 'impact' | 'effort'>): Quadrant {
  const highImpact = opportunity.impact >= 3;
  const lowEffort = opportunity.effort <= 2;
  if (highImpact) return lowEffort ? 'quick-win' : 'structural';
  return lowEffort ? 'fill-in' : 'reconsider';
}

export interface ScoreRange {
  low: number;
  high: number;
}

const SCORES = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i);

/** The impact and effort scores each quadrant spans, read from quadrantOf so the two cannot disagree. */
export const QUADRANT_SCORES = Object.fromEntries(
  QUADRANTS.map((quadrant) => {
    const cells = SCORES.flatMap((impact) => SCORES.map((effort) => ({ impact, effort }))).filter(
      (cell) => quadrantOf(cell) === quadrant,
    );
    const range = (values: number[]): ScoreRange => ({ low: Math.min(...values), high: Math.max(...values) });
    return [
      quadrant,
      { impact: range(cells.map((c) => c.impact)), effort: range(cells.map((c) => c.effort)) },
    ];
  }),
) as Record<Quadrant, { impact: ScoreRange; effort: ScoreRange }>;

/**
 * The scores for a point dropped at (x, y) in a quadrant, as fractions of its box:
 * further right is more effort, higher up more impact; clamped to the quadrant.
 */
export function scoresInQuadrant(
  quadrant: Quadrant,
  x: number,
  y: number,
): { impact: number; effort: number } {
  const { impact, effort } = QUADRANT_SCORES[quadrant];
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  return {
    effort: effort.low + Math.round(clamp(x) * (effort.high - effort.low)),
    impact: impact.high - Math.round(clamp(y) * (impact.high - impact.low)),
  };
}

/** Opportunities by horizon, dropped ones left out, highest impact-for-effort first within each. */
export function roadmap(opportunities: readonly Opportunity[]): Record<Horizon, Opportunity[]> {
  const lanes = Object.fromEntries(HORIZONS.map((h) => [h, [] as Opportunity[]])) as Record<
    Horizon,
    Opportunity[]
  >;
  for (const opportunity of opportunities) {
    if (opportunity.status !== 'dropped') lanes[opportunity.horizon].push(opportunity);
  }
  for (const horizon of HORIZONS) {
    lanes[horizon].sort(
      (a, b) => b.impact / b.effort - a.impact / a.effort || a.order.localeCompare(b.order),
    );
  }
  return lanes;
}

export interface OpportunityEffect {
  opportunity: Opportunity;
  /** What happens in the future state to each friction point the opportunity is linked to. */
  changes: FrictionChange[];
  /** Friction score taken away in the future state by the friction points it is linked to. */
  relief: number;
}

/**
 * For a future state: which friction each opportunity removes or reduces, read from
 * the friction diff against the state it was forked from.
 */
export function opportunityEffects(board: BoardSnapshot, futureStateId: string): OpportunityEffect[] {
  const future = board.states.find((s) => s.id === futureStateId);
  if (!future?.derivedFrom) return [];
  const { changes } = diffFriction(board, future.derivedFrom, futureStateId);
  return board.opportunities.map((opportunity) => {
    const mine = changes.filter((c) => c.opportunities.some((o) => o.id === opportunity.id));
    const relief = mine.reduce((sum, c) => sum + Math.max(0, c.scoreBefore - c.scoreAfter), 0);
    return { opportunity, changes: mine, relief: Math.round(relief * 100) / 100 };
  });
}
