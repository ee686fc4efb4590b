/**
 * Asking the write rules for every card of a board (what the canvas does whenever the
 * board changes) costs each card the same whatever the board's size: the card is
 * found by id, not by a search of the list. Counted in reads of the list, not timed.
 */
import { describe, expect, it } from 'vitest';
import { addCard, type BoardSnapshot, type Card, readBoard, touchRefusal } from '../src/index.js';
import { currentState, newBoard } from './board.js';

const CARDS = 300;

/** The board with its cards list wrapped so that every read of an element is counted. */
function countingReads(board: BoardSnapshot): { board: BoardSnapshot; reads: () => number } {
  let reads = 0;
  const cards = new Proxy(board.cards as Card[], {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  return { board: { ...board, cards }, reads: () => reads };
}

describe('asking the write rules for every card', () => {
  const doc = newBoard();
  const { stages, lanes } = currentState(doc);
  const cell = { stageId: stages[0]!.id, laneId: lanes[0]!.id };
  const mine = new Set<string>();
  for (let i = 0; i < CARDS; i++) {
    const authorId = i % 3 === 0 ? 'p-me' : 'p-other';
    const id = addCard(doc, { ...cell, text: `Card ${i}`, authorId });
    if (authorId === 'p-me') mine.add(id);
  }
  const editText = (card: Card) =>
    ({ kind: 'edit', collection: 'cards', id: card.id, fields: ['text'] }) as const;

  it('reads the board’s card list about once, not once per card', () => {
    const { board, reads } = countingReads(readBoard(doc));
    for (const card of board.cards.slice())
      touchRefusal(editText(card), board, { role: 'editor', participantId: 'p-e' });
    // slice() reads each once; the rules read the list once more to find cards by id.
    expect(reads()).toBeLessThanOrEqual(2 * CARDS + 1);
  });

  it('answers as before: a participant changes their own cards only, an editor any', () => {
    const board = readBoard(doc);
    const participant = { role: 'participant', participantId: 'p-me' } as const;
    for (const card of board.cards) {
      expect(touchRefusal(editText(card), board, { role: 'editor', participantId: 'p-e' })).toBeNull();
      const refusal = touchRefusal(editText(card), board, participant);
      if (mine.has(card.id)) expect(refusal, card.text).toBeNull();
      else expect(refusal, card.text).toMatch(/only its author/);
    }
    // A later snapshot (new lists) is asked of afresh: a card now the participant's is theirs to change.
    const theirs = board.cards.find((card) => !mine.has(card.id))!;
    const later = {
      ...board,
      cards: board.cards.map((c) => (c === theirs ? { ...c, authorId: 'p-me' } : c)),
    };
    expect(touchRefusal(editText(theirs), later, participant)).toBeNull();
  });
});
