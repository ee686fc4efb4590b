/** Small helpers so tests read like a workshop: open a board, find a cell, look at what everyone sees. */
import * as Y from 'yjs';
import { addCard, type BoardSnapshot, comment, createBoard, readBoard, vote } from '../src/index.js';

export function newBoard(template = 'blank-journey', title = 'Checkout journey'): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title, template });
  return doc;
}

/** The first journey's current state, with its stages and lanes in display order. */
export function currentState(doc: Y.Doc) {
  const board = readBoard(doc);
  const state = board.states.find((s) => s.kind === 'current');
  if (!state) throw new Error('board has no current state');
  return {
    board,
    state,
    stages: board.stages.filter((s) => s.stateId === state.id),
    lanes: board.lanes.filter((l) => l.stateId === state.id),
  };
}

export function laneOfKind(doc: Y.Doc, kind: string) {
  const lane = currentState(doc).lanes.find((l) => l.kind === kind);
  if (!lane) throw new Error(`no ${kind} lane`);
  return lane;
}

/**
 * Cards in the current state's lane of `kind`, one per text, along the stages in order
 * (the first text in the first stage, the next in the second). Returns their ids.
 */
export function cardsAlong<const T extends readonly string[]>(
  doc: Y.Doc,
  kind: string,
  texts: T,
): { -readonly [K in keyof T]: string } {
  const { stages } = currentState(doc);
  const laneId = laneOfKind(doc, kind).id;
  const ids = texts.map((text, i) => addCard(doc, { stageId: stages[i]!.id, laneId, text }));
  return ids as { -readonly [K in keyof T]: string };
}

/** What a workshop leaves on a card: Alice's two dots and Bob's question (written at `createdAt` when given). */
export function discuss(doc: Y.Doc, cardId: string, createdAt?: number): void {
  vote(doc, { targetId: cardId, userId: 'alice', dots: 2 });
  comment(doc, {
    targetType: 'card',
    targetId: cardId,
    text: 'Is this weekly?',
    author: { id: 'bob', name: 'Bob' },
    createdAt,
  });
}

/** Card texts of one cell, in order. */
export function cellTexts(board: BoardSnapshot, stageId: string, laneId: string): string[] {
  return board.cards.filter((c) => c.stageId === stageId && c.laneId === laneId).map((c) => c.text);
}

/** Applies every update of `from` that `to` lacks. */
export function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}
