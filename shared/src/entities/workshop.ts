/** What a workshop leaves on the board: comment threads and dot-voting rounds. */

import type { EntityCollection } from './collections.js';
import { choice, entity, flag, group, number, owned, ref, text, timestamp, title } from './fields.js';
import {
  COMMENT_TARGETS,
  type CommentTargetType,
  LIMITS,
  VOTE_SCOPES,
  VOTE_SESSION_STATUSES,
} from './vocabulary.js';

/** Everyone comments under their own name; editors may also resolve, edit or remove anyone's. */
export const comments = entity('comment', owned('authorId', 'participant'), {
  targetType: choice(COMMENT_TARGETS),
  /** An entity of the kind targetType names; 'board' for the board itself. */
  targetId: ref(null),
  /** null for the first comment of a thread; the thread's first comment id for replies. */
  parentId: ref('comments', { nullable: true, checked: false }),
  author: group({ id: ref(null), name: text({ max: 80, nonEmpty: true, trim: true }) }),
  text: text({ max: LIMITS.longText, nonEmpty: true, trim: true }),
  createdAt: timestamp(),
  resolved: flag(),
});

/** A dot-voting round run by a facilitator. */
export const voteSessions = entity('vote session', 'facilitator', {
  stateId: ref('states'),
  title: title('Dot vote', { max: LIMITS.title, default: 'Dot vote' }),
  scope: choice(VOTE_SCOPES, { default: 'friction', fallback: 'board' }),
  dotsPerPerson: number({ min: 1, max: LIMITS.maxDots, integer: true, default: 3 }),
  status: choice(VOTE_SESSION_STATUSES, { fallback: 'ended' }),
  startedBy: text({ max: 80, default: '' }),
  startedAt: timestamp({ default: 0 }),
  endedAt: timestamp({ nullable: true }),
  /** Everyone sees the running totals while the vote is open; otherwise only their own dots until it ends. */
  liveTally: flag(),
});

/** The collection a comment's target lives in, by its targetType; the board itself has none. */
export const COMMENT_TARGET_COLLECTIONS = {
  board: null,
  card: 'cards',
  stage: 'stages',
  lane: 'lanes',
  edge: 'edges',
  persona: 'personas',
  opportunity: 'opportunities',
} as const satisfies Record<CommentTargetType, EntityCollection | null>;

export const workshopEntities = { comments, voteSessions };
