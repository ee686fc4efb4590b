/** Cards (the sticky notes of a journey) and the edges between them. */
import type * as Y from 'yjs';
import { ENTITIES } from '../entities/index.js';
import { BoardCommandError } from '../errors.js';
import { stringField } from '../fields.js';
import { newId } from '../ids.js';
import { type CommandInput, parseInput } from '../inputs.js';
import { CARD_KIND_FOR_LANE, LANE_KINDS, type LaneKind } from '../model.js';
import type { TransactionOrigin } from '../origins.js';
import {
  collection,
  type EntityMap,
  entities,
  newText,
  patchEntity,
  putEntity,
  ratingsMap,
  replaceText,
  setField,
  storedFields,
  textField,
  VOTE_KEY_SEPARATOR,
  votesMap,
} from '../schema.js';
import { orderFor, removeWhere, requireAbsent, requireEntity, siblings, transact } from './context.js';

function requireCell(doc: Y.Doc, command: string, stageId: string, laneId: string) {
  const stage = requireEntity(doc, 'stages', stageId, command, 'stageId');
  const lane = requireEntity(doc, 'lanes', laneId, command, 'laneId');
  const stateId = stringField(stage, 'stateId');
  if (stringField(lane, 'stateId') !== stateId) {
    throw new BoardCommandError(
      'invalid_input',
      command,
      'laneId',
      `lane "${laneId}" belongs to another state than stage "${stageId}"`,
    );
  }
  return { stateId, lane };
}

function cellSiblings(doc: Y.Doc, stageId: string, laneId: string, except?: string) {
  return siblings(
    doc,
    'cards',
    (map, id) =>
      id !== except && stringField(map, 'stageId') === stageId && stringField(map, 'laneId') === laneId,
  );
}

/** Adds a card to the cell (stage × lane); returns its id. Its kind defaults from the lane. */
export function addCard(doc: Y.Doc, input: CommandInput<'addCard'>, origin?: TransactionOrigin): string {
  const card = parseInput('addCard', input);
  const id = card.id ?? newId();
  return transact(doc, origin, () => {
    requireAbsent(doc, 'cards', id, 'addCard');
    const { stateId, lane } = requireCell(doc, 'addCard', card.stageId, card.laneId);
    const laneKind = (LANE_KINDS as readonly string[]).includes(stringField(lane, 'kind'))
      ? (stringField(lane, 'kind') as LaneKind)
      : 'custom';
    const order = orderFor(doc, 'cards', cellSiblings(doc, card.stageId, card.laneId), card.index);
    const { id: _, index: __, ...fields } = card;
    // Fields the input leaves out get their declared defaults (see putEntity).
    putEntity(doc, 'cards', id, {
      ...storedFields(ENTITIES.cards, { ...fields, kind: card.kind ?? CARD_KIND_FOR_LANE[laneKind] }),
      stateId,
      order,
    });
    return id;
  });
}

/** Changes any of a card's fields; notes change by a minimal text edit so co-typing survives. */
export function updateCard(doc: Y.Doc, input: CommandInput<'updateCard'>, origin?: TransactionOrigin): void {
  const { id, notes, ...fields } = parseInput('updateCard', input);
  transact(doc, origin, () => {
    const card = requireEntity(doc, 'cards', id, 'updateCard');
    patchEntity(card, storedFields(ENTITIES.cards, fields));
    if (notes !== undefined) {
      const text = textField(card, 'notes');
      if (text) replaceText(text, notes);
      else card.set('notes', newText(notes));
    }
  });
}

/** Moves a card to a cell of the same state, at `index` in that cell (default: last). */
export function moveCard(doc: Y.Doc, input: CommandInput<'moveCard'>, origin?: TransactionOrigin): void {
  const move = parseInput('moveCard', input);
  transact(doc, origin, () => {
    const card = requireEntity(doc, 'cards', move.id, 'moveCard');
    const { stateId } = requireCell(doc, 'moveCard', move.stageId, move.laneId);
    if (stateId !== stringField(card, 'stateId')) {
      throw new BoardCommandError(
        'invalid_input',
        'moveCard',
        'stageId',
        'a card moves only within its own state',
      );
    }
    const order = orderFor(doc, 'cards', cellSiblings(doc, move.stageId, move.laneId, move.id), move.index);
    patchEntity(card, { stageId: move.stageId, laneId: move.laneId, order });
  });
}

export function removeCard(doc: Y.Doc, input: CommandInput<'removeCard'>, origin?: TransactionOrigin): void {
  const { id } = parseInput('removeCard', input);
  transact(doc, origin, () => {
    requireEntity(doc, 'cards', id, 'removeCard');
    removeCardsWhere(doc, (_, cardId) => cardId === id);
  });
}

/**
 * Removes cards and everything that only makes sense with them: edges touching
 * them, their links from opportunities, their comments and their votes.
 */
export function removeCardsWhere(doc: Y.Doc, matches: (card: EntityMap, id: string) => boolean): void {
  const removed = new Set(removeWhere(doc, 'cards', matches));
  if (removed.size === 0) return;
  removeWhere(
    doc,
    'edges',
    (edge) => removed.has(stringField(edge, 'from')) || removed.has(stringField(edge, 'to')),
  );
  for (const [, opportunity] of entities(doc, 'opportunities')) {
    const links = setField(opportunity, 'frictionIds');
    if (links) for (const cardId of removed) links.delete(cardId);
  }
  removeWhere(
    doc,
    'comments',
    (comment) =>
      stringField(comment, 'targetType') === 'card' && removed.has(stringField(comment, 'targetId')),
  );
  const votes = votesMap(doc);
  for (const key of Array.from(votes.keys())) {
    const targetId = key.split(VOTE_KEY_SEPARATOR)[1];
    if (targetId !== undefined && removed.has(targetId)) votes.delete(key);
  }
  const ratings = ratingsMap(doc);
  for (const key of Array.from(ratings.keys())) {
    const cardId = key.split(VOTE_KEY_SEPARATOR)[0];
    if (cardId !== undefined && removed.has(cardId)) ratings.delete(key);
  }
}

/** Draws an edge between two cards of the same state; returns its id. */
export function connect(doc: Y.Doc, input: CommandInput<'connect'>, origin?: TransactionOrigin): string {
  const edge = parseInput('connect', input);
  const id = edge.id ?? newId();
  return transact(doc, origin, () => {
    requireAbsent(doc, 'edges', id, 'connect');
    if (edge.from === edge.to) {
      throw new BoardCommandError('invalid_input', 'connect', 'to', 'a card cannot connect to itself');
    }
    const from = requireEntity(doc, 'cards', edge.from, 'connect', 'from');
    const to = requireEntity(doc, 'cards', edge.to, 'connect', 'to');
    const stateId = stringField(from, 'stateId');
    if (stringField(to, 'stateId') !== stateId) {
      throw new BoardCommandError('invalid_input', 'connect', 'to', 'both cards must be in the same state');
    }
    putEntity(doc, 'edges', id, {
      stateId,
      from: edge.from,
      to: edge.to,
      kind: edge.kind,
      label: edge.label,
    });
    return id;
  });
}

export function disconnect(doc: Y.Doc, input: CommandInput<'disconnect'>, origin?: TransactionOrigin): void {
  const { id } = parseInput('disconnect', input);
  transact(doc, origin, () => {
    requireEntity(doc, 'edges', id, 'disconnect');
    collection(doc, 'edges').delete(id);
  });
}
