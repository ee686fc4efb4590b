/** What a workshop leaves on the board: comments, votes and their sessions, emotion ratings, the timer. */
import { ENTITIES } from '../entities/index.js';
import { numberField, oneOf, stringField } from '../fields.js';
import {
  COMMENT_TARGETS,
  type Comment,
  type CommentTargetType,
  EMOTION_MAX,
  EMOTION_MIN,
  type EmotionRating,
  LIMITS,
  type Vote,
  type VoteSession,
  type WorkshopTimer,
} from '../model.js';
import { ratingsMap, timerMap, VOTE_KEY_SEPARATOR, votesMap } from '../schema.js';
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

export function readVotes(r: Reader, targetExists: (id: string) => boolean): Vote[] {
  const votes: Vote[] = [];
  for (const [key, value] of votesMap(r.doc).entries()) {
    const parts = key.split(VOTE_KEY_SEPARATOR);
    const [sessionId, targetId, userId] = parts;
    if (parts.length !== 3 || !sessionId || !targetId || !userId) {
      r.skip('vote', key, 'malformed vote key');
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0 || value > LIMITS.maxDots) {
      r.skip('vote', key, `dots ${String(value)} is not a whole number from 1 to ${LIMITS.maxDots}`);
      continue;
    }
    if (!targetExists(targetId)) {
      r.skip('vote', key, `target "${targetId}" does not exist`);
      continue;
    }
    votes.push({ sessionId, targetId, userId, dots: value });
  }
  return votes.sort((a, b) =>
    compareTuples([a.sessionId, a.targetId, a.userId], [b.sessionId, b.targetId, b.userId]),
  );
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
  const ratings: EmotionRating[] = [];
  for (const [key, value] of ratingsMap(r.doc).entries()) {
    const parts = key.split(VOTE_KEY_SEPARATOR);
    const [cardId, userId] = parts;
    if (parts.length !== 2 || !cardId || !userId) {
      r.skip('rating', key, 'malformed rating key');
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < EMOTION_MIN || value > EMOTION_MAX) {
      r.skip(
        'rating',
        key,
        `score ${String(value)} is not a whole number from ${EMOTION_MIN} to ${EMOTION_MAX}`,
      );
      continue;
    }
    if (!known('cards', cardId)) {
      r.skip('rating', key, `card "${cardId}" does not exist`);
      continue;
    }
    ratings.push({ cardId, userId, score: value });
  }
  return ratings.sort((a, b) => compareTuples([a.cardId, a.userId], [b.cardId, b.userId]));
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
