/** Workshop conversation: comment threads anchored to any entity, and dot votes. */
import type * as Y from 'yjs';
import { BoardCommandError } from '../errors.js';
import { stringField } from '../fields.js';
import { newId } from '../ids.js';
import { type CommandInput, parseInput } from '../inputs.js';
import type { CommentTargetType } from '../model.js';
import type { TransactionOrigin } from '../origins.js';
import { collection, type EntityCollection, patchEntity, putEntity, voteKey, votesMap } from '../schema.js';
import { removeWhere, requireAbsent, requireEntity, transact } from './context.js';

const TARGET_COLLECTIONS: Record<Exclude<CommentTargetType, 'board'>, EntityCollection> = {
  card: 'cards',
  stage: 'stages',
  lane: 'lanes',
  edge: 'edges',
  persona: 'personas',
  opportunity: 'opportunities',
};

function commentTargetCollection(type: CommentTargetType): EntityCollection | null {
  return type === 'board' ? null : TARGET_COLLECTIONS[type];
}

/** Starts a thread on an entity, or replies to one (`parentId`); returns the comment id. */
export function comment(doc: Y.Doc, input: CommandInput<'comment'>, origin?: TransactionOrigin): string {
  const c = parseInput('comment', input);
  const id = c.id ?? newId();
  return transact(doc, origin, () => {
    requireAbsent(doc, 'comments', id, 'comment');
    const targetCollection = commentTargetCollection(c.targetType);
    if (targetCollection) requireEntity(doc, targetCollection, c.targetId, 'comment', 'targetId');
    if (c.parentId !== null) {
      const parent = requireEntity(doc, 'comments', c.parentId, 'comment', 'parentId');
      if (typeof parent.get('parentId') === 'string') {
        throw new BoardCommandError(
          'invalid_input',
          'comment',
          'parentId',
          'reply to the first comment of a thread',
        );
      }
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
      resolved: false,
    });
    return id;
  });
}

export function editComment(
  doc: Y.Doc,
  input: CommandInput<'editComment'>,
  origin?: TransactionOrigin,
): void {
  const { id, text } = parseInput('editComment', input);
  transact(doc, origin, () => patchEntity(requireEntity(doc, 'comments', id, 'editComment'), { text }));
}

/** Resolves (or reopens) a thread; resolving is set on the thread's first comment. */
export function resolveComment(
  doc: Y.Doc,
  input: CommandInput<'resolveComment'>,
  origin?: TransactionOrigin,
): void {
  const { id, resolved } = parseInput('resolveComment', input);
  transact(doc, origin, () => {
    const target = requireEntity(doc, 'comments', id, 'resolveComment');
    const parentId = target.get('parentId');
    const root =
      typeof parentId === 'string' ? requireEntity(doc, 'comments', parentId, 'resolveComment') : target;
    patchEntity(root, { resolved });
  });
}

/** Removes a comment; removing a thread's first comment removes its replies. */
export function removeComment(
  doc: Y.Doc,
  input: CommandInput<'removeComment'>,
  origin?: TransactionOrigin,
): void {
  const { id } = parseInput('removeComment', input);
  transact(doc, origin, () => {
    requireEntity(doc, 'comments', id, 'removeComment');
    collection(doc, 'comments').delete(id);
    removeWhere(doc, 'comments', (c) => c.get('parentId') === id);
  });
}

/**
 * Sets how many dots a person puts on a target in a voting session. Each person
 * writes only their own entry, so concurrent votes add up instead of colliding.
 */
export function vote(doc: Y.Doc, input: CommandInput<'vote'>, origin?: TransactionOrigin): void {
  const v = parseInput('vote', input);
  transact(doc, origin, () => {
    const key = voteKey(v.sessionId, v.targetId, v.userId);
    const votes = votesMap(doc);
    if (v.dots === 0) votes.delete(key);
    else if (votes.get(key) !== v.dots) votes.set(key, v.dots);
  });
}
