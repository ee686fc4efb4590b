/** Questions the view asks of the store, answered the same way by actions and components. */
import { atLeast, type Card } from '@journeyboard/shared';
import type { BoardViewState } from './boardStore.js';

/**
 * Whether this person only looks: the affordances to change the map are hidden. The
 * server refuses their changes anyway; this keeps the app from offering them.
 */
export const isReadOnly = (state: BoardViewState): boolean => !atLeast(state.role, 'editor');

/** The one selected card, or undefined when none or several are selected. */
export const selectedCard = (state: BoardViewState): Card | undefined =>
  state.selectedCardIds.length === 1
    ? state.board?.cards.find((c) => c.id === state.selectedCardIds[0])
    : undefined;

/** The stages and lanes of the state on show, in display order. */
export function shownGrid(state: BoardViewState) {
  const board = state.board;
  const stages = board?.stages.filter((s) => s.stateId === state.stateId) ?? [];
  const lanes = board?.lanes.filter((l) => l.stateId === state.stateId) ?? [];
  return { stages, lanes };
}

/** The state the one on show was forked from (or, on a current state, its first future): what Compare sets beside it. */
export function compareBase(state: BoardViewState): { from: string; to: string } | null {
  const states = state.board?.states ?? [];
  const shown = states.find((s) => s.id === state.stateId);
  if (!shown) return null;
  if (shown.derivedFrom && states.some((s) => s.id === shown.derivedFrom))
    return { from: shown.derivedFrom, to: shown.id };
  const future = states.find((s) => s.derivedFrom === shown.id);
  return future ? { from: shown.id, to: future.id } : null;
}
