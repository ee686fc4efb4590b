import { describe, expect, it } from 'vitest';
import { openRoom } from './driver.js';

describe('adding a card', () => {
  it('Alice presses N, types, and Bob sees her card', () => {
    const room = openRoom();
    const alice = room.join('Alice', 'editor');
    const bob = room.join('Bob', 'editor');

    expect(alice.press('n')).toBe('add-card');
    const { editingCardId } = alice.actions.store.getState();
    expect(editingCardId).not.toBeNull();
    alice.actions.edit('updateCard', { id: editingCardId as string, text: 'Sees an advert' });

    expect(bob.cardTexts()).toEqual([]);
    bob.frame();
    expect(bob.cardTexts()).toEqual(['Sees an advert']);
  });

  it("goes into the selected card's cell", () => {
    const room = openRoom();
    const alice = room.join('Alice', 'owner');
    alice.actions.run('add-card');
    const first = alice.actions.store.getState().selectedCardIds[0] as string;
    alice.actions.store.setState({ selectedCardIds: [first], editingCardId: null });
    alice.press('N');
    const cards = room.board().cards;
    expect(cards).toHaveLength(2);
    expect(cards[1]).toMatchObject({ stageId: cards[0]?.stageId, laneId: cards[0]?.laneId });
  });
});
