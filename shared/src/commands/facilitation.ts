/**
 * A facilitator's controls of the room (the facilitation singleton): locking the
 * map's structure during a session, and the private writing round, whose notes stay
 * in each participant's browser while it is drafting and reach the board, all at
 * once, when the facilitator reveals them.
 */
import { BoardCommandError } from '../errors.js';
import { newId } from '../ids.js';
import { facilitationMap } from '../schema.js';
import { defineCommand, requireEntity } from './context.js';

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
