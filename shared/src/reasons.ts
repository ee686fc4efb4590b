/** Interaction reasons at work: how many touchpoints and friction points carry each reason. */
import { isFrictionCard } from './friction.js';
import type { BoardSnapshot } from './model.js';

export interface ReasonCount {
  touchpoints: number;
  friction: number;
  /** Distinct cards tagged with this reason or, for a primary reason, with any of its secondary ones. */
  total: number;
}

/**
 * Counts per reason over one state's cards (or the whole board). A primary reason
 * counts its own tags and its secondary reasons' tags, each card once.
 */
export function countReasons(board: BoardSnapshot, stateId?: string): Map<string, ReasonCount> {
  const parentOf = new Map(board.reasons.map((r) => [r.id, r.parentId]));
  const cardsByReason = new Map<string, Map<string, 'touchpoints' | 'friction' | 'other'>>();
  for (const card of board.cards) {
    if (stateId && card.stateId !== stateId) continue;
    const kind = isFrictionCard(card, board)
      ? 'friction'
      : card.kind === 'touchpoint'
        ? 'touchpoints'
        : 'other';
    for (const reasonId of card.reasonIds) {
      for (const id of [reasonId, parentOf.get(reasonId)]) {
        if (!id) continue;
        const cards = cardsByReason.get(id) ?? new Map();
        cards.set(card.id, kind);
        cardsByReason.set(id, cards);
      }
    }
  }
  const counts = new Map<string, ReasonCount>();
  for (const reason of board.reasons) {
    const kinds = [...(cardsByReason.get(reason.id)?.values() ?? [])];
    counts.set(reason.id, {
      touchpoints: kinds.filter((k) => k === 'touchpoints').length,
      friction: kinds.filter((k) => k === 'friction').length,
      total: kinds.length,
    });
  }
  return counts;
}
