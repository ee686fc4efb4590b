/**
 * How opportunities meet friction across states. Opportunities are linked to the
 * friction cards of a current state; a future state holds copies of those cards
 * (derivedFrom), so a future card counts as linked through the card it was forked from.
 */
import {
  type BoardSnapshot,
  type Card,
  type FrictionOutcome,
  frictionScorer,
  isFrictionCard,
  type Opportunity,
  opportunitiesAddressing,
} from '@journeyboard/shared';

/** Scores are shown with one decimal everywhere opportunities and friction meet. */
export function formatScore(score: number): string {
  return score.toFixed(1);
}

/** Before → after as a signed percentage ("−56%"), or null when there was nothing before. */
export function formatChange(before: number, after: number): string | null {
  if (before <= 0) return null;
  const percent = Math.round(((after - before) / before) * 100);
  if (percent === 0) return '0%';
  return `${percent < 0 ? '−' : '+'}${Math.abs(percent)}%`;
}

export const OUTCOME_VERBS: Record<FrictionOutcome, string> = {
  removed: 'Removes',
  reduced: 'Reduces',
  unchanged: 'Not yet reduced',
  increased: 'Increases',
  added: 'Adds',
};

/**
 * The current state friction is linked in, for the state on show: the state itself
 * when it is a current state, else the current state it was forked from (or its
 * journey's current state).
 */
export function baselineStateId(board: BoardSnapshot, stateId: string | null): string | null {
  const byId = new Map(board.states.map((s) => [s.id, s]));
  let state = stateId ? byId.get(stateId) : undefined;
  const shown = state;
  const visited = new Set<string>();
  while (state && state.kind !== 'current' && state.derivedFrom && !visited.has(state.id)) {
    visited.add(state.id);
    state = byId.get(state.derivedFrom);
  }
  if (state?.kind === 'current') return state.id;
  return board.states.find((s) => s.kind === 'current' && s.journeyId === shown?.journeyId)?.id ?? null;
}

/** A card and the cards it was forked from, nearest first (a card removed upstream ends the chain). */
function lineage(cardsById: ReadonlyMap<string, Card>, card: Card): Card[] {
  const chain = [card];
  const visited = new Set([card.id]);
  let origin = card.derivedFrom;
  while (origin && !visited.has(origin)) {
    visited.add(origin);
    const found = cardsById.get(origin);
    if (!found) break;
    chain.push(found);
    origin = found.derivedFrom;
  }
  return chain;
}

/** Opportunities linked to the card, or to a card it was forked from. */
export function opportunitiesForCard(board: BoardSnapshot, card: Card): Opportunity[] {
  return opportunitiesAddressing(board)(
    lineage(new Map(board.cards.map((c) => [c.id, c])), card).map((c) => c.id),
  );
}

/**
 * The card an opportunity created from this card should link: its origin in the
 * baseline (current) state when it has one there, so the link reads in every
 * state forked from it; the card itself otherwise.
 */
export function linkTargetFor(board: BoardSnapshot, card: Card): Card {
  const baseline = baselineStateId(board, card.stateId);
  const chain = lineage(new Map(board.cards.map((c) => [c.id, c])), card);
  return chain.find((c) => c.stateId === baseline) ?? card;
}

/**
 * For the canvas of a future state: each friction card still there that an
 * opportunity is linked to (through its origin), with those opportunities' titles.
 * Empty for a current state, whose links the inspector lists.
 */
export function addressedFriction(board: BoardSnapshot, stateId: string): Map<string, string[]> {
  const addressed = new Map<string, string[]>();
  const state = board.states.find((s) => s.id === stateId);
  if (state?.kind !== 'future' || board.opportunities.length === 0) return addressed;
  const cardsById = new Map(board.cards.map((c) => [c.id, c]));
  const addressing = opportunitiesAddressing(board);
  for (const card of board.cards) {
    if (card.stateId !== stateId || !isFrictionCard(card, board)) continue;
    const titles = addressing(lineage(cardsById, card).map((c) => c.id))
      .filter((o) => o.status !== 'dropped')
      .map((o) => o.title);
    if (titles.length > 0) addressed.set(card.id, titles);
  }
  return addressed;
}

export interface LinkedFriction {
  id: string;
  /** Null when the card has since been deleted (the link can still be removed). */
  card: Card | null;
  score: number;
}

/** The friction points an opportunity is linked to, with their scores. */
export function linkedFriction(board: BoardSnapshot, opportunity: Opportunity): LinkedFriction[] {
  const cardsById = new Map(board.cards.map((c) => [c.id, c]));
  const score = frictionScorer(board);
  return opportunity.frictionIds.map((id) => {
    const card = cardsById.get(id) ?? null;
    return {
      id,
      card,
      score: card ? score(card).score : 0,
    };
  });
}
