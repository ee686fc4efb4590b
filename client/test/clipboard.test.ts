import { describe, expect, it } from 'vitest';
import { openRoom, type Person } from './driver.js';

function addCard(person: Person, text: string): string {
  person.actions.run('add-card');
  const id = person.actions.store.getState().editingCardId as string;
  person.actions.edit('updateCard', { id, text });
  person.actions.store.setState({ editingCardId: null });
  return id;
}

describe('copy, paste and delete', () => {
  it('Ctrl+C then Ctrl+V pastes a copy that everyone sees, selected', () => {
    const room = openRoom();
    const alice = room.join('Alice', 'editor');
    const bob = room.join('Bob', 'viewer');
    const card = addCard(alice, 'Compares prices');

    expect(alice.press('c', { ctrlKey: true })).toBe('copy');
    expect(alice.press('v', { ctrlKey: true })).toBe('paste');

    const { selectedCardIds } = alice.actions.store.getState();
    expect(selectedCardIds).toHaveLength(1);
    expect(selectedCardIds).not.toContain(card);
    bob.frame();
    expect(bob.cardTexts()).toEqual(['Compares prices', 'Compares prices']);
  });

  it('Delete removes the selected cards for everyone', () => {
    const room = openRoom();
    const alice = room.join('Alice', 'editor');
    const bob = room.join('Bob', 'editor');
    const gone = addCard(alice, 'Gets lost');
    addCard(alice, 'Stays');
    alice.actions.store.setState({ selectedCardIds: [gone] });

    expect(alice.press('Delete')).toBe('delete');

    expect(alice.actions.store.getState().selectedCardIds).toEqual([]);
    bob.frame();
    expect(bob.cardTexts()).toEqual(['Stays']);
  });

  it('a viewer may copy but not paste', () => {
    const room = openRoom();
    const alice = room.join('Alice', 'editor');
    const vera = room.join('Vera', 'viewer');
    const card = addCard(alice, 'Compares prices');
    vera.frame();
    vera.actions.store.setState({ selectedCardIds: [card] });

    expect(vera.press('c', { ctrlKey: true })).toBe('copy');
    expect(vera.press('v', { ctrlKey: true })).toBeNull();
    expect(room.board().cards).toHaveLength(1);
  });
});
