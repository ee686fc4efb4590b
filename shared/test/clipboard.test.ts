import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  boardTypes,
  connect,
  deleteSelection,
  forkState,
  ORIGINS,
  pasteCards,
  readBoard,
} from '../src/index.js';
import { cellTexts, currentState, newBoard } from './board.js';

function boardWithTwoCards() {
  const doc = newBoard();
  const { stages, lanes, state } = currentState(doc);
  const [first, second] = [stages[0]!, stages[1]!];
  const lane = lanes[0]!;
  const a = addCard(doc, { stageId: first.id, laneId: lane.id, text: 'Sees an advert', emotion: 1 });
  const b = addCard(doc, { stageId: second.id, laneId: lane.id, text: 'Compares prices' });
  return { doc, state, first, second, lane, a, b };
}

describe('pasting cards', () => {
  it('puts copies in their own cells when those cells are in the state', () => {
    const { doc, state, first, second, lane, a, b } = boardWithTwoCards();
    const copied = readBoard(doc).cards.filter((c) => c.id === a || c.id === b);
    const pasted = pasteCards(doc, { stateId: state.id, cards: copied });
    const board = readBoard(doc);
    expect(pasted).toHaveLength(2);
    expect(pasted).not.toContain(a);
    expect(cellTexts(board, first.id, lane.id)).toEqual(['Sees an advert', 'Sees an advert']);
    expect(cellTexts(board, second.id, lane.id)).toEqual(['Compares prices', 'Compares prices']);
    expect(board.cards.find((c) => c.id === pasted[0])?.emotion).toBe(1);
  });

  it('puts every copy in the target cell when one is given', () => {
    const { doc, state, second, lane, a, b } = boardWithTwoCards();
    const copied = readBoard(doc).cards.filter((c) => c.id === a || c.id === b);
    pasteCards(doc, { stateId: state.id, cards: copied, target: { stageId: second.id, laneId: lane.id } });
    expect(cellTexts(readBoard(doc), second.id, lane.id)).toEqual([
      'Compares prices',
      'Sees an advert',
      'Compares prices',
    ]);
  });

  it("puts copies from another state into this state's first cell", () => {
    const { doc, state, a } = boardWithTwoCards();
    const copied = readBoard(doc).cards.filter((c) => c.id === a);
    const future = forkState(doc, { stateId: state.id });
    const board = readBoard(doc);
    const [stage, lane] = [
      board.stages.find((s) => s.stateId === future)!,
      board.lanes.find((l) => l.stateId === future)!,
    ];
    const [pasted] = pasteCards(doc, { stateId: future, cards: copied });
    const card = readBoard(doc).cards.find((c) => c.id === pasted);
    expect(card).toMatchObject({ stateId: future, stageId: stage.id, laneId: lane.id, derivedFrom: null });
  });

  it('is one undo step', () => {
    const { doc, state, a, b } = boardWithTwoCards();
    const undo = new Y.UndoManager(boardTypes(doc), { trackedOrigins: new Set([ORIGINS.local]) });
    const copied = readBoard(doc).cards.filter((c) => c.id === a || c.id === b);
    pasteCards(doc, { stateId: state.id, cards: copied }, ORIGINS.local);
    expect(readBoard(doc).cards).toHaveLength(4);
    undo.undo();
    expect(readBoard(doc).cards).toHaveLength(2);
  });
});

describe('deleting a selection', () => {
  it('removes the selected cards and edges, and the edges of removed cards', () => {
    const { doc, first, lane, a, b } = boardWithTwoCards();
    const c = addCard(doc, { stageId: first.id, laneId: lane.id, text: 'Stays' });
    const ab = connect(doc, { from: a, to: b });
    const bc = connect(doc, { from: b, to: c });
    deleteSelection(doc, { cardIds: [a], edgeIds: [bc] });
    const board = readBoard(doc);
    expect(board.cards.map((card) => card.id).sort()).toEqual([b, c].sort());
    expect(board.edges.map((edge) => edge.id)).not.toContain(ab);
    expect(board.edges).toHaveLength(0);
  });

  it('skips what someone else removed meanwhile', () => {
    const { doc, a, b } = boardWithTwoCards();
    deleteSelection(doc, { cardIds: [a], edgeIds: [] });
    deleteSelection(doc, { cardIds: [a, b], edgeIds: ['gone'] });
    expect(readBoard(doc).cards).toHaveLength(0);
  });

  it('refuses ids that are not ids', () => {
    const { doc } = boardWithTwoCards();
    expect(() => deleteSelection(doc, { cardIds: ['not an id!'], edgeIds: [] })).toThrow(
      'deleteSelection: cardIds.0:',
    );
  });
});
