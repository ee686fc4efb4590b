/** Small helpers so tests read like a workshop: open a board, find a cell, look at what everyone sees. */
import * as Y from 'yjs';
import { type BoardSnapshot, createBoard, readBoard } from '../src/index.js';

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

/** Card texts of one cell, in order. */
export function cellTexts(board: BoardSnapshot, stageId: string, laneId: string): string[] {
  return board.cards.filter((c) => c.stageId === stageId && c.laneId === laneId).map((c) => c.text);
}

/** Applies every update of `from` that `to` lacks. */
export function sync(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}
