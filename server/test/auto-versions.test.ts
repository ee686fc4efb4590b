/**
 * What an update removes, as the safety net names it (auto-versions.ts): read from
 * the update's paths against the board, with real Yjs documents on both sides.
 */
import {
  addCard,
  createBoard,
  forkState,
  moveCard,
  readBoard,
  removeCard,
  removeLane,
  removeState,
  updateCard,
} from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { removalName } from '../src/sync/auto-versions.js';
import { updatePaths } from '../src/sync/update-paths.js';

/** The name of the version the server would keep before `change`, made on a replica of `server`. */
function nameBefore(server: Y.Doc, change: (replica: Y.Doc) => void): string | null {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(replica);
  change(replica);
  return removalName(server, updatePaths(server, Y.encodeStateAsUpdate(replica, before)));
}

function boardWithCards(count: number) {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Safety net', template: 'blank-journey' });
  const { stages, lanes } = readBoard(doc);
  const cell = { stageId: stages[0]!.id, laneId: lanes[0]!.id };
  const cards = Array.from({ length: count }, (_, i) => addCard(doc, { ...cell, text: `c${i}` }));
  return { doc, cards, stages, lanes };
}

describe('the name of an automatic version', () => {
  it('names a removed lane or state by its title, the largest thing removed', () => {
    const { doc, lanes } = boardWithCards(2);
    expect(nameBefore(doc, (r) => removeLane(r, { id: lanes[0]!.id }))).toBe(
      `Before removing lane ‘${lanes[0]!.title}’`,
    );
    const future = forkState(doc, { stateId: readBoard(doc).states[0]!.id });
    // A state goes with its stages, lanes and cards: the state is named.
    expect(nameBefore(doc, (r) => removeState(r, { id: future }))).toBe(
      'Before removing state ‘Future state’',
    );
  });

  it('counts cards only past five, and only those removed, not moved or edited', () => {
    const { doc, cards, stages, lanes } = boardWithCards(8);
    const removing = (n: number) => (r: Y.Doc) =>
      r.transact(() => {
        for (const id of cards.slice(0, n)) removeCard(r, { id });
      });
    expect(nameBefore(doc, removing(5))).toBeNull();
    expect(nameBefore(doc, removing(6))).toBe('Before removing 6 cards');
    expect(
      nameBefore(doc, (r) =>
        r.transact(() => {
          for (const id of cards) {
            moveCard(r, { id, stageId: stages[0]!.id, laneId: lanes[1]!.id });
            updateCard(r, { id, text: 'rewritten' });
          }
        }),
      ),
    ).toBeNull();
  });
});
