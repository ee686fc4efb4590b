/** A board as big as the targets talk about: cards spread over every cell, with friction data. */
import { addCard, createBoard, exportBoardJson, readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';

export function bigBoardFile(cardCount: number): unknown {
  return exportBoardJson(bigBoardDoc(cardCount));
}

export function bigBoardDoc(cardCount: number): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: `${cardCount}-card board`, template: 'blank-journey' });
  const { stages, lanes } = readBoard(doc);
  for (let i = 0; i < cardCount; i++) {
    addCard(doc, {
      stageId: stages[i % stages.length]!.id,
      laneId: lanes[Math.floor(i / stages.length) % lanes.length]!.id,
      text: `Card ${i}: customer waits for an answer about the delivery slot`,
      channel: ['web', 'app', 'phone', 'chat'][i % 4],
      emotion: (i % 5) - 2,
      friction: { severity: (i % 5) + 1, frequency: { count: 10 + i, period: 'week' } },
    });
  }
  return doc;
}
