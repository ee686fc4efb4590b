/**
 * Copy, paste and delete of a selection: several cards and edges changed as one
 * transaction, so one undo step takes the whole paste or the whole deletion back.
 */
import { stringField } from '../fields.js';
import type { CommandInput } from '../inputs.js';
import { collection, type EntityMap, entity } from '../schema.js';
import { addCard, disconnect, removeCard } from './cards.js';
import { defineCommand, siblings } from './context.js';

export type PasteCardsInput = CommandInput<'pasteCards'>;
export type DeleteSelectionInput = CommandInput<'deleteSelection'>;

/**
 * Adds copies of `cards` to the state `stateId` and returns their ids: into the
 * target cell, else each into its own cell when that cell is in this state, else
 * into the state's first cell. Copies are new cards, written by whoever pastes them
 * (`authorId`): no history, no reasons, no vote's priority, and no segment (a segment
 * belongs to the board the card was copied from).
 */
export const pasteCards = defineCommand(
  'pasteCards',
  (doc, { stateId, cards, target, authorId }): string[] => {
    const inState = (map: EntityMap) => stringField(map, 'stateId') === stateId;
    const stages = siblings(doc, 'stages', inState).map((s) => s.id);
    const lanes = siblings(doc, 'lanes', inState).map((l) => l.id);
    const pasted: string[] = [];
    for (const card of cards) {
      const stageId = target?.stageId ?? (stages.includes(card.stageId) ? card.stageId : stages[0]);
      const laneId = target?.laneId ?? (lanes.includes(card.laneId) ? card.laneId : lanes[0]);
      if (!stageId || !laneId) continue;
      const {
        id: _id,
        stateId: _state,
        stageId: _stage,
        laneId: _lane,
        order: _order,
        derivedFrom: _derived,
        reasonIds: _reasons,
        priority: _priority,
        authorId: _author,
        ...fields
      } = card;
      const friction = { ...card.friction, segmentId: null };
      pasted.push(addCard(doc, { ...fields, friction, stageId, laneId, authorId }));
    }
    return pasted;
  },
);

/**
 * Deleting more cards than this at once is destructive: the app asks first, and the
 * server keeps the board as an automatic version before it.
 */
export const MANY_CARDS = 5;

/**
 * Removes the selected edges and cards (and, with the cards, what hangs on them).
 * Whatever someone else removed meanwhile is skipped: the selection is what this
 * person saw a moment ago.
 */
export const deleteSelection = defineCommand('deleteSelection', (doc, { cardIds, edgeIds }) => {
  for (const edgeId of edgeIds) {
    if (collection(doc, 'edges').has(edgeId)) disconnect(doc, { id: edgeId });
  }
  for (const cardId of cardIds) if (entity(doc, 'cards', cardId)) removeCard(doc, { id: cardId });
});
