/** What a workshop leaves on the board: comments, votes and their sessions, emotion ratings, the timer. */
import { ENTITIES, ENTRIES, SINGLETONS } from '../entities/index.js';
import { numberField, oneOf, stringField } from '../fields.js';
import {
  COMMENT_TARGETS,
  type Comment,
  type CommentTargetType,
  type EmotionRating,
  type Facilitation,
  LIMITS,
  type Vote,
  type VoteSession,
  type WorkshopTimer,
} from '../model.js';
import { timerMap } from '../schema.js';
import { readEntries } from './parts.js';
import { compareTuples, type Known, type Reader } from './reader.js';

/** Comments on things that exist, oldest first; a reply must be to a thread on the same target. */
export function readComments(
  r: Reader,
  known: Known,
  targetExists: (type: CommentTargetType, id: string) => boolean,
): Comment[] {
  const all: Comment[] = [];
  for (const [id, m] of r.entries('comments')) {
    const targetType = oneOf(m, 'targetType', COMMENT_TARGETS);
    const targetId = stringField(m, 'targetId');
    if (!targetType || !targetExists(targetType, targetId)) {
      r.skip('comment', id, `its target ${targetType ?? '?'} "${targetId}" does not exist`);
      continue;
    }
    const author = {
      id: stringField(m, 'authorId', 'unknown'),
      name: stringField(m, 'authorName', 'Someone'),
    };
    all.push(r.entity(ENTITIES.comments, id, m, known, { targetType, targetId, author }));
  }
  const roots = new Map(all.filter((c) => c.parentId === null).map((c) => [c.id, c]));
  const comments = all.filter((c) => {
    if (c.parentId === null) return true;
    const root = roots.get(c.parentId);
    if (root && root.targetId === c.targetId) return true;
    r.skip('comment', c.id, `reply to missing thread "${c.parentId}"`);
    return false;
  });
  return comments.sort((a, b) => compareTuples([a.createdAt, a.id], [b.createdAt, b.id]));
}

export function readVotes(r: Reader, known: Known, targetExists: (id: string) => boolean): Vote[] {
  return readEntries(r, ENTRIES.votes, known, { targetId: targetExists });
}

/** Vote sessions of states that exist, oldest first. */
export function readVoteSessions(r: Reader, known: Known): VoteSession[] {
  const sessions: VoteSession[] = [];
  for (const [id, m] of r.entries('voteSessions')) {
    const stateId = stringField(m, 'stateId');
    if (!known('states', stateId)) {
      r.skip('vote session', id, `state "${stateId}" does not exist`);
      continue;
    }
    sessions.push(r.entity(ENTITIES.voteSessions, id, m, known, { stateId }));
  }
  return sessions.sort((a, b) => compareTuples([a.startedAt, a.id], [b.startedAt, b.id]));
}

export function readRatings(r: Reader, known: Known): EmotionRating[] {
  return readEntries(r, ENTRIES.emotionRatings, known);
}

export function readTimer(r: Reader): WorkshopTimer | null {
  const timer = timerMap(r.doc);
  if (timer.size === 0) return null;
  const durationMs = numberField(timer, 'durationMs');
  if (durationMs === null || durationMs <= 0) {
    r.skip('timer', 'timer', 'no duration');
    return null;
  }
  const remainingMs = numberField(timer, 'remainingMs');
  return {
    label: stringField(timer, 'label').slice(0, 80),
    durationMs: Math.min(durationMs, LIMITS.maxTimerMs),
    endsAt: numberField(timer, 'endsAt'),
    remainingMs: Math.min(Math.max(0, remainingMs ?? durationMs), LIMITS.maxTimerMs),
    startedBy: stringField(timer, 'startedBy').slice(0, 80),
  };
}

/**
 * The facilitator's controls, read as declared; a round naming a stage or lane that
 * is gone is read as open to every cell.
 */
export function readFacilitation(r: Reader, known: Known): Facilitation {
  const declaration = SINGLETONS.facilitation;
  const map = r.doc.getMap(declaration.map);
  const { id: _, ...read } = r.entity(
    { ...declaration, name: declaration.name },
    declaration.name,
    map,
    known,
  );
  return read as Facilitation;
}
