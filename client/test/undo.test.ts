import { describe, expect, it } from 'vitest';
import { openRoom } from './driver.js';

describe('undo', () => {
  it("takes back this person's own card, not someone else's", () => {
    const room = openRoom();
    const alice = room.join('Alice', 'editor');
    const bob = room.join('Bob', 'editor');
    alice.press('n');
    bob.press('n');
    alice.frame();
    expect(alice.toolbar().find((button) => button.label === 'Undo')?.enabled).toBe(true);

    expect(alice.press('z', { ctrlKey: true })).toBe('undo');

    expect(room.board().cards).toHaveLength(1);
    expect(room.board().cards[0]?.id).toBe(bob.actions.store.getState().selectedCardIds[0]);
  });

  it('is not offered before this person did anything', () => {
    const room = openRoom();
    const alice = room.join('Alice', 'editor');
    expect(alice.toolbar().find((button) => button.label === 'Undo')?.enabled).toBe(false);
    expect(alice.press('z', { ctrlKey: true })).toBeNull();
  });
});
