/**
 * What changed between two states of a journey (usually current → a forked future):
 * cards added, removed, changed and moved, matched through `derivedFrom` so the
 * difference is exact even when texts were rewritten.
 */
import {
  type DiffedKeys,
  diffedKeys,
  ENTITIES,
  type EntityDeclaration,
  type Fields,
} from './entities/index.js';
import type { BoardSnapshot, Card } from './model.js';

/** The card fields a diff compares: those the card declaration marks diffed. */
export type CardChangeField = DiffedKeys<(typeof ENTITIES)['cards']['fields']>;

/** The fields of `declaration` marked diffed whose values differ between two versions of an entity. */
export function changedFields<F extends Fields>(
  declaration: EntityDeclaration<F>,
  before: object,
  after: object,
): Array<DiffedKeys<F>> {
  const value = (entity: object, field: string) => JSON.stringify((entity as Record<string, unknown>)[field]);
  return diffedKeys(declaration).filter((field) => value(before, field) !== value(after, field));
}

export interface CardPair {
  before: Card;
  after: Card;
}

export interface StateDiff {
  fromStateId: string;
  toStateId: string;
  added: Card[];
  removed: Card[];
  changed: Array<CardPair & { fields: CardChangeField[] }>;
  moved: CardPair[];
  unchanged: CardPair[];
}

/** Walks `derivedFrom` links back until it reaches an entity of `stateId` (a future forked from a future). */
function ancestorIn(
  id: string | null,
  stateId: string,
  byId: Map<string, { stateId: string; derivedFrom: string | null }>,
): string | null {
  const seen = new Set<string>();
  let current = id;
  while (current && !seen.has(current)) {
    seen.add(current);
    const entity = byId.get(current);
    if (!entity) return null;
    if (entity.stateId === stateId) return current;
    current = entity.derivedFrom;
  }
  return null;
}

export function diffStates(board: BoardSnapshot, fromStateId: string, toStateId: string): StateDiff {
  const cardsById = new Map(board.cards.map((c) => [c.id, c]));
  const axes = new Map<string, { stateId: string; derivedFrom: string | null }>(
    [...board.stages, ...board.lanes].map((a) => [a.id, a]),
  );
  const before = board.cards.filter((c) => c.stateId === fromStateId);
  const after = board.cards.filter((c) => c.stateId === toStateId);
  const matched = new Set<string>();
  const diff: StateDiff = {
    fromStateId,
    toStateId,
    added: [],
    removed: [],
    changed: [],
    moved: [],
    unchanged: [],
  };

  for (const card of after) {
    const originId = ancestorIn(card.derivedFrom, fromStateId, cardsById);
    const origin = originId ? cardsById.get(originId) : undefined;
    if (!origin || matched.has(origin.id)) {
      diff.added.push(card);
      continue;
    }
    matched.add(origin.id);
    const fields = changedFields(ENTITIES.cards, origin, card);
    const stageOrigin = ancestorIn(card.stageId, fromStateId, axes);
    const laneOrigin = ancestorIn(card.laneId, fromStateId, axes);
    const moved = stageOrigin !== origin.stageId || laneOrigin !== origin.laneId;
    if (moved) diff.moved.push({ before: origin, after: card });
    if (fields.length > 0) diff.changed.push({ before: origin, after: card, fields });
    if (!moved && fields.length === 0) diff.unchanged.push({ before: origin, after: card });
  }
  for (const card of before) if (!matched.has(card.id)) diff.removed.push(card);
  return diff;
}
