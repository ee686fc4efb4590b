/** Patching a snapshot by the cards a transaction touched gives exactly what a full read gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  addCard,
  changedCardIds,
  moveCard,
  patchCards,
  readBoard,
  removeCard,
  setTitle,
  updateCard,
} from '../src/index.js';
import { currentState, newBoard } from './board.js';

function lastChange(doc: Y.Doc, run: () => void): Set<string> | 'all' {
  let result: Set<string> | 'all' = new Set();
  const listener = (tr: Y.Transaction) => {
    result = changedCardIds(doc, tr);
  };
  doc.on('afterTransaction', listener);
  run();
  doc.off('afterTransaction', listener);
  return result;
}

describe('changedCardIds and patchCards', () => {
  it('name the cards an edit, a move or a notes change touched; adds, removes and other changes need a full read', () => {
    const doc = newBoard('online-order');
    const { board } = currentState(doc);
    const [a, b] = [board.cards[0]!, board.cards[1]!];
    expect(lastChange(doc, () => updateCard(doc, { id: a.id, text: 'new' }))).toEqual(new Set([a.id]));
    expect(lastChange(doc, () => updateCard(doc, { id: a.id, notes: 'typed' }))).toEqual(new Set([a.id]));
    expect(
      lastChange(doc, () => moveCard(doc, { id: b.id, stageId: board.stages[3]!.id, laneId: b.laneId })),
    ).toEqual(new Set([b.id]));
    expect(lastChange(doc, () => addCard(doc, { stageId: a.stageId, laneId: a.laneId, text: 'x' }))).toBe(
      'all',
    );
    expect(lastChange(doc, () => removeCard(doc, { id: b.id }))).toBe('all');
    expect(lastChange(doc, () => setTitle(doc, { title: 'Renamed' }))).toBe('all');
  });

  it('a patched snapshot equals a full read after random card edits', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            card: fc.nat(200),
            stage: fc.nat(10),
            text: fc.string({ maxLength: 8 }),
            move: fc.boolean(),
          }),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (edits) => {
          const doc = newBoard('online-order');
          let snapshot = readBoard(doc);
          const current = snapshot.states.find((s) => s.kind === 'current')!;
          const stages = snapshot.stages.filter((s) => s.stateId === current.id);
          for (const edit of edits) {
            const cards = snapshot.cards.filter((c) => c.stateId === current.id);
            const card = cards[edit.card % cards.length]!;
            const changed = lastChange(doc, () =>
              edit.move
                ? moveCard(doc, {
                    id: card.id,
                    stageId: stages[edit.stage % stages.length]!.id,
                    laneId: card.laneId,
                    index: 0,
                  })
                : updateCard(doc, { id: card.id, text: edit.text }),
            );
            snapshot = changed === 'all' ? readBoard(doc) : patchCards(doc, snapshot, changed);
          }
          expect(snapshot).toEqual(readBoard(doc));
        },
      ),
      { numRuns: 50 },
    );
  });
});
