/**
 * A facilitator's controls of the room (the facilitation singleton): locking the
 * map's structure during a session, and the private writing round, whose notes stay
 * in each participant's browser while it is drafting and reach the board, all at
 * once, when the facilitator reveals them.
 */
import type * as Y from 'yjs';
import { BoardCommandError } from '../errors.js';
import { newId } from '../ids.js';
import type { Facilitation } from '../model.js';
import type { TransactionOrigin } from '../origins.js';
import { facilitationMap } from '../schema.js';
import { addCard } from './cards.js';
import { defineCommand, requireEntity, transact } from './context.js';

/** Locks (or unlocks) the stages and lanes: while locked only facilitators and owners change them. */
export const lockStructure = defineCommand('lockStructure', (doc, { locked }) => {
  const map = facilitationMap(doc);
  if (map.get('structureLocked') !== locked) map.set('structureLocked', locked);
});

/**
 * Starts a private writing round, optionally for one stage or one lane: until it is
 * revealed, participants draft notes in their own browser. Returns the round's id.
 */
export const startRound = defineCommand('startRound', (doc, r): string => {
  if (r.stageId) requireEntity(doc, 'stages', r.stageId, 'startRound', 'stageId');
  if (r.laneId) requireEntity(doc, 'lanes', r.laneId, 'startRound', 'laneId');
  // One round at a time: a new one replaces the last, so its id is never taken.
  const id = r.id ?? newId();
  const map = facilitationMap(doc);
  map.set('roundId', id);
  map.set('roundStatus', 'drafting');
  map.set('roundStageId', r.stageId);
  map.set('roundLaneId', r.laneId);
  map.set('roundStartedBy', r.startedBy);
  map.set('roundStartedAt', r.startedAt ?? Date.now());
  return id;
});

/** Ends the drafting: every participant's browser now adds its drafts to the board. */
export const revealRound = defineCommand('revealRound', (doc, { id }) => {
  const map = facilitationMap(doc);
  if (map.get('roundId') !== id) {
    throw new BoardCommandError('not_found', 'revealRound', 'id', `round "${id}" is not the current round`);
  }
  if (map.get('roundStatus') !== 'revealed') map.set('roundStatus', 'revealed');
});

/** Whether a cell is one the current round's notes go to (a round without a stage or lane takes any cell). */
export function inRoundScope(
  facilitation: Pick<Facilitation, 'roundStageId' | 'roundLaneId'>,
  cell: { stageId: string; laneId: string },
): boolean {
  return (
    (facilitation.roundStageId === null || facilitation.roundStageId === cell.stageId) &&
    (facilitation.roundLaneId === null || facilitation.roundLaneId === cell.laneId)
  );
}

/** A note drafted in a private round, as it becomes a card: its id is the card's, chosen when it was drafted. */
export interface DraftedNote {
  id: string;
  stageId: string;
  laneId: string;
  text: string;
}

/**
 * Adds one person's drafted notes to the board as their cards, in one transaction;
 * returns the ids it added. A note whose card exists already (another tab of the same
 * person committed it) or whose cell is gone is skipped, so committing twice adds
 * each note once.
 */
export function commitDrafts(
  doc: Y.Doc,
  { authorId, notes }: { authorId: string | null; notes: readonly DraftedNote[] },
  origin?: TransactionOrigin,
): string[] {
  return transact(doc, origin, () =>
    notes.flatMap((note) => {
      try {
        return [addCard(doc, { ...note, authorId }, origin)];
      } catch (error) {
        // addCard checks before it writes: a refused note leaves nothing behind.
        if (error instanceof BoardCommandError) return [];
        throw error;
      }
    }),
  );
}
