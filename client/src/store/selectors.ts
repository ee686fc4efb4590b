/** Questions the view asks of the store, answered the same way by actions and components. */
import {
  type Actor,
  type Card,
  type CommandName,
  commandRefusal,
  type Touch,
  touchRefusal,
} from '@journeyboard/shared';
import type { BoardViewState } from './boardStore.js';

const LOADING = 'the board is still loading';

/** This person as the write rules see them. */
const actorOf = (state: BoardViewState): Actor => ({
  role: state.role,
  participantId: state.participantId,
});

/**
 * Why the server would refuse this one change from this person now (the shared
 * permission table), or null. Components ask it to show or hide an affordance, so
 * what a role lacks is never offered, and the rules are the server's, not role names.
 */
export const touchRefused = (state: BoardViewState, touch: Touch): string | null =>
  state.board ? touchRefusal(touch, state.board, actorOf(state)) : LOADING;

export const mayTouch = (state: BoardViewState, touch: Touch): boolean => touchRefused(state, touch) === null;

/** Why the server would refuse `command` with `input` from this person now, or null. */
export const commandRefused = (state: BoardViewState, command: CommandName, input: unknown): string | null =>
  state.board ? commandRefusal(command, input, state.board, actorOf(state)) : LOADING;

/** Whether this person may add a card of their own: the least a contributor does. */
export const mayContribute = (state: BoardViewState): boolean =>
  mayTouch(state, { kind: 'create', collection: 'cards', owner: state.participantId });

/** Whether this person may change the map's editor-only parts (a collection's entities, added or changed). */
export const mayEditCollection = (
  state: BoardViewState,
  collection: Extract<Touch, { kind: 'create' }>['collection'],
): boolean => mayTouch(state, { kind: 'create', collection });

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
