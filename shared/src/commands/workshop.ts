/**
 * Workshop facilitation: comment threads anchored to any entity, dot-voting
 * sessions and their votes, the shared timer, and each participant's own emotion
 * score for a step.
 */
import { COMMENT_TARGET_COLLECTIONS } from '../entities/index.js';
import { BoardCommandError } from '../errors.js';
import { stringField } from '../fields.js';
import type { CommentTargetType } from '../model.js';
import { dotsSpent, inVoteScope, voteRefusal } from '../permissions.js';
import {
  collection,
  type EntityCollection,
  entities,
  entity,
  patchEntity,
  putEntity,
  ratingKey,
  ratingsMap,
  timerMap,
  VOTE_KEY_SEPARATOR,
  voteKey,
  votesMap,
} from '../schema.js';
import {
  defineCommand,
  idForNew,
  patchCommand,
  removeCommand,
  removeWhere,
  requireEntity,
  requireTopLevel,
} from './context.js';

function commentTargetCollection(type: CommentTargetType): EntityCollection | null {
  return COMMENT_TARGET_COLLECTIONS[type];
}

/** Starts a thread on an entity, or replies to one (`parentId`); returns the comment id. */
export const comment = defineCommand('comment', (doc, c): string => {
  const id = idForNew(doc, 'comments', c.id, 'comment');
  const targetCollection = commentTargetCollection(c.targetType);
  if (targetCollection) requireEntity(doc, targetCollection, c.targetId, 'comment', 'targetId');
  if (c.parentId !== null) {
    const parent = requireTopLevel(
      doc,
      'comments',
      c.parentId,
      'comment',
      'reply to the first comment of a thread',
    );
    if (
      stringField(parent, 'targetId') !== c.targetId ||
      stringField(parent, 'targetType') !== c.targetType
    ) {
      throw new BoardCommandError(
        'invalid_input',
        'comment',
        'targetId',
        'a reply must target what its thread targets',
      );
    }
  }
  putEntity(doc, 'comments', id, {
    targetType: c.targetType,
    targetId: c.targetId,
    parentId: c.parentId,
    authorId: c.author.id,
    authorName: c.author.name,
    text: c.text,
    createdAt: c.createdAt ?? Date.now(),
  });
  return id;
});

export const editComment = patchCommand('editComment', 'comments');

/** Resolves (or reopens) a thread; resolving is set on the thread's first comment. */
export const resolveComment = defineCommand('resolveComment', (doc, { id, resolved }) => {
  const target = requireEntity(doc, 'comments', id, 'resolveComment');
  const parentId = target.get('parentId');
  const root =
    typeof parentId === 'string' ? requireEntity(doc, 'comments', parentId, 'resolveComment') : target;
  patchEntity(root, { resolved });
});

/** Removes a comment; removing a thread's first comment removes its replies. */
export const removeComment = removeCommand('removeComment', 'comments', (doc, id) => {
  collection(doc, 'comments').delete(id);
  removeWhere(doc, 'comments', (c) => c.get('parentId') === id);
});

/**
 * Sets how many dots a person puts on a target in a voting session. Each person
 * writes only their own entry, so concurrent votes add up instead of colliding.
 * In a session a facilitator started, the session must be open, the target must be
 * in its scope, and a person's dots must stay within the session's allowance.
 */
export const vote = defineCommand('vote', (doc, v) => {
  const key = voteKey(v.sessionId, v.targetId, v.userId);
  const votes = votesMap(doc);
  // A vote outside any session (a board file's, a script's) is free; the server takes
  // votes only in an open session (server/src/sync/update-permissions.ts).
  if (v.dots > 0 && entity(doc, 'voteSessions', v.sessionId)) {
    const spent = dotsSpent(doc, v.sessionId, v.userId, new Set([v.targetId]));
    const refusal = voteRefusal(doc, v, spent);
    if (refusal) {
      const field = refusal.includes('dots')
        ? 'dots'
        : refusal.includes('session')
          ? 'sessionId'
          : 'targetId';
      throw new BoardCommandError(
        field === 'sessionId' ? 'conflict' : 'invalid_input',
        'vote',
        field,
        refusal,
      );
    }
  }
  if (v.dots === 0) votes.delete(key);
  else if (votes.get(key) !== v.dots) votes.set(key, v.dots);
});

// ---- dot-voting sessions ----------------------------------------------------

/** Opens a voting session on a state's friction lane or its whole board, ending any session still open. */
export const startVoteSession = defineCommand('startVoteSession', (doc, s): string => {
  const id = idForNew(doc, 'voteSessions', s.id, 'startVoteSession');
  const now = s.startedAt ?? Date.now();
  requireEntity(doc, 'states', s.stateId, 'startVoteSession', 'stateId');
  for (const [, open] of entities(doc, 'voteSessions')) {
    if (open.get('status') === 'open') patchEntity(open, { status: 'ended', endedAt: now });
  }
  putEntity(doc, 'voteSessions', id, {
    stateId: s.stateId,
    title: s.title,
    scope: s.scope,
    dotsPerPerson: s.dotsPerPerson,
    liveTally: s.liveTally,
    status: 'open',
    startedBy: s.startedBy,
    startedAt: now,
  });
  return id;
});

export const endVoteSession = defineCommand('endVoteSession', (doc, { id, endedAt }) => {
  const session = requireEntity(doc, 'voteSessions', id, 'endVoteSession');
  if (session.get('status') !== 'ended') {
    patchEntity(session, { status: 'ended', endedAt: endedAt ?? Date.now() });
  }
});

/**
 * Applies an ended session's ranking as card priority: the most-voted card gets 1,
 * cards with equal dots share a rank, and cards in scope that got no dots lose any
 * earlier priority (so the ranking is this session's alone). Returns how many cards
 * were ranked.
 */
export const applyVotePriorities = defineCommand('applyVotePriorities', (doc, { sessionId }): number => {
  const session = requireEntity(doc, 'voteSessions', sessionId, 'applyVotePriorities', 'sessionId');
  const totals = new Map<string, number>();
  for (const [key, dots] of votesMap(doc).entries()) {
    const [voteSession, target] = key.split(VOTE_KEY_SEPARATOR);
    if (voteSession !== sessionId || !target || typeof dots !== 'number') continue;
    totals.set(target, (totals.get(target) ?? 0) + dots);
  }
  const ranks = denseRanks(totals);
  let ranked = 0;
  for (const [cardId, card] of entities(doc, 'cards')) {
    if (!inVoteScope(doc, session, card)) continue;
    const rank = ranks.get(cardId) ?? null;
    if (rank !== null) ranked++;
    if ((card.get('priority') ?? null) !== rank) card.set('priority', rank);
  }
  return ranked;
});

/** Rank 1 for the most dots; equal dots share a rank ("1, 2, 2, 3"). */
export function denseRanks(totals: ReadonlyMap<string, number>): Map<string, number> {
  const distinct = [...new Set(totals.values())].filter((d) => d > 0).sort((a, b) => b - a);
  const rankOf = new Map(distinct.map((dots, i) => [dots, i + 1]));
  const ranks = new Map<string, number>();
  for (const [id, dots] of totals) {
    const rank = rankOf.get(dots);
    if (rank !== undefined) ranks.set(id, rank);
  }
  return ranks;
}

// ---- the workshop timer ----------------------------------------------------

export const startTimer = defineCommand('startTimer', (doc, t) => {
  const now = t.now ?? Date.now();
  const timer = timerMap(doc);
  timer.set('label', t.label);
  timer.set('durationMs', t.durationMs);
  timer.set('endsAt', now + t.durationMs);
  timer.set('remainingMs', t.durationMs);
  timer.set('startedBy', t.startedBy);
});

export const pauseTimer = defineCommand('pauseTimer', (doc, { now = Date.now() }) => {
  const timer = timerMap(doc);
  const endsAt = timer.get('endsAt');
  if (typeof endsAt !== 'number') return;
  timer.set('remainingMs', Math.max(0, endsAt - now));
  timer.set('endsAt', null);
});

export const resumeTimer = defineCommand('resumeTimer', (doc, { now = Date.now() }) => {
  const timer = timerMap(doc);
  const remaining = timer.get('remainingMs');
  if (typeof timer.get('endsAt') === 'number' || typeof remaining !== 'number') return;
  timer.set('endsAt', now + remaining);
});

export const stopTimer = defineCommand('stopTimer', (doc) => {
  const timer = timerMap(doc);
  for (const key of Array.from(timer.keys())) timer.delete(key);
});

// ---- per-participant emotion -------------------------------------------------

/** Sets (or, with a null score, clears) one person's own emotion score for a step. */
export const rateEmotion = defineCommand('rateEmotion', (doc, r) => {
  requireEntity(doc, 'cards', r.cardId, 'rateEmotion', 'cardId');
  const ratings = ratingsMap(doc);
  const key = ratingKey(r.cardId, r.userId);
  if (r.score === null) ratings.delete(key);
  else if (ratings.get(key) !== r.score) ratings.set(key, r.score);
});
