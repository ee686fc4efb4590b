/**
 * Copy, paste and delete of a selection: several cards and edges changed as one
 * transaction, so one undo step takes the whole paste or the whole deletion back.
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { BoardCommandError } from '../errors.js';
import { stringField } from '../fields.js';
import { id } from '../inputs.js';
import type { Card } from '../model.js';
import type { TransactionOrigin } from '../origins.js';
import { collection, type EntityMap, entity } from '../schema.js';
import { addCard, disconnect, removeCard } from './cards.js';
import { siblings, transact } from './context.js';

const cell = z.object({ stageId: id, laneId: id });

/** Copied cards travel as the snapshot read them; addCard validates each field it keeps. */
const pasteInput = z.object({
  stateId: id,
  cards: z.array(z.custom<Card>((value) => typeof value === 'object' && value !== null)),
  /** The selected card's cell: every card lands there when set. */
  target: cell.nullable().optional(),
});

const deleteInput = z.object({ cardIds: z.array(id), edgeIds: z.array(id) });

function parse<T>(command: string, schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new BoardCommandError(
    'invalid_input',
    command,
    issue ? issue.path.map(String).join('.') : '',
    issue?.message ?? 'invalid input',
  );
}

export type PasteCardsInput = z.input<typeof pasteInput>;
export type DeleteSelectionInput = z.input<typeof deleteInput>;

/**
 * Adds copies of `cards` to the state `stateId` and returns their ids: into the
 * target cell, else each into its own cell when that cell is in this state, else
 * into the state's first cell. Copies are new cards: no history, no reasons, and
 * no segment (a segment belongs to the board the card was copied from).
 */
export function pasteCards(doc: Y.Doc, input: PasteCardsInput, origin?: TransactionOrigin): string[] {
  const { stateId, cards, target } = parse('pasteCards', pasteInput, input);
  return transact(doc, origin, () => {
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
        ...fields
      } = card;
      const friction = { ...card.friction, segmentId: null };
      pasted.push(addCard(doc, { ...fields, friction, stageId, laneId }, origin));
    }
    return pasted;
  });
}

/**
 * Removes the selected edges and cards (and, with the cards, what hangs on them).
 * Whatever someone else removed meanwhile is skipped: the selection is what this
 * person saw a moment ago.
 */
export function deleteSelection(doc: Y.Doc, input: DeleteSelectionInput, origin?: TransactionOrigin): void {
  const { cardIds, edgeIds } = parse('deleteSelection', deleteInput, input);
  transact(doc, origin, () => {
    for (const edgeId of edgeIds) {
      if (collection(doc, 'edges').has(edgeId)) disconnect(doc, { id: edgeId }, origin);
    }
    for (const cardId of cardIds) if (entity(doc, 'cards', cardId)) removeCard(doc, { id: cardId }, origin);
  });
}
