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

  it('while the new card is open for writing, letters are its text: no shortcut runs', () => {
    const room = openRoom();
    const alice = room.join('Alice', 'editor');
    expect(alice.press('n')).toBe('add-card');
    const { editingCardId, focusRequest } = alice.actions.store.getState();
    // The canvas is asked to bring the new card into view, where its editor can take the typing.
    expect(focusRequest?.cardId).toBe(editingCardId);
    for (const key of ['n', 'h', '?', 'Delete', 'Enter']) expect(alice.press(key)).toBeNull();
    expect(alice.press('?', { shiftKey: true })).toBeNull();
    const state = alice.actions.store.getState();
    expect([state.heatMap, state.showHelp, room.board().cards.length]).toEqual([false, false, 1]);
    // Ctrl combinations still act: undo takes the card back.
    expect(alice.press('z', { ctrlKey: true })).toBe('undo');
  });

  it('keys typed into a text field or a list never run shortcuts', () => {
    const room = openRoom();
    const alice = room.join('Alice', 'editor');
    for (const tagName of ['INPUT', 'TEXTAREA', 'SELECT']) {
      const target = { tagName, isContentEditable: false } as unknown as EventTarget;
      expect(alice.press('n', { target })).toBeNull();
    }
    const editable = { tagName: 'DIV', isContentEditable: true } as unknown as EventTarget;
    expect(alice.press('h', { target: editable })).toBeNull();
    expect(room.board().cards).toHaveLength(0);
    expect(
      alice.press('h', { target: { tagName: 'DIV', isContentEditable: false } as unknown as EventTarget }),
    ).toBe('heat-map');
  });
});
