import { describe, expect, it } from 'vitest';
import { LIVE_TEXT_DELAY_MS, LiveText, type LiveTimer } from '../src/ui/liveText.js';
import { openRoom, type Person } from './driver.js';

/** A wait that runs out when the test says so. */
class TestTimer implements LiveTimer {
  private waiting: { callback: () => void; ms: number } | null = null;
  start(callback: () => void, ms: number): unknown {
    this.waiting = { callback, ms };
    return this.waiting;
  }
  stop(handle: unknown): void {
    if (this.waiting === handle) this.waiting = null;
  }
  get pendingMs(): number | null {
    return this.waiting?.ms ?? null;
  }
  runOut(): void {
    const due = this.waiting;
    this.waiting = null;
    due?.callback();
  }
}

/** Alice's new card, and its text box as her browser drives it. */
function aliceWritesACard() {
  const room = openRoom();
  const alice = room.join('Alice', 'editor');
  const bob = room.join('Bob', 'editor');
  alice.press('n');
  const id = alice.actions.store.getState().editingCardId as string;
  const timer = new TestTimer();
  const sent: string[] = [];
  const box = new LiveText(
    (text) => {
      sent.push(text);
      alice.actions.edit('updateCard', { id, text });
    },
    () => alice.actions.endUndoStep(),
    timer,
  );
  const textOf = (person: Person) => {
    person.frame();
    return person.actions.store.getState().board?.cards.find((c) => c.id === id)?.text;
  };
  /** Types `words` one keystroke at a time, as the text box reports them. */
  const type = (words: string) => {
    for (const letter of words) {
      const before = textOf(alice) ?? '';
      const shown = `${typed}${letter}`;
      typed = shown;
      box.type(shown, before, /\s/.test(letter));
    }
  };
  let typed = '';
  return { room, alice, bob, box, timer, sent, textOf, type };
}

describe('live text', () => {
  it('goes to the others once typing pauses, without Enter, not each keystroke', () => {
    const { bob, timer, textOf, type } = aliceWritesACard();
    type('Sees');
    // Nothing is sent while the letters come: the wait restarts with each keystroke.
    expect(textOf(bob)).toBe('');
    expect(timer.pendingMs).toBe(LIVE_TEXT_DELAY_MS);
    expect(LIVE_TEXT_DELAY_MS).toBeLessThanOrEqual(300);
    timer.runOut();
    expect(textOf(bob)).toBe('Sees');
  });

  it('a space sends the word at once', () => {
    const { bob, timer, textOf, type } = aliceWritesACard();
    type('Sees an');
    expect(textOf(bob)).toBe('Sees ');
    timer.runOut();
    expect(textOf(bob)).toBe('Sees an');
  });

  it('sends at most once a word and once a pause, however many keys are pressed', () => {
    const { bob, box, sent, textOf, type } = aliceWritesACard();
    type(`Sees${' '.repeat(500)}an advert`);
    box.finish();
    expect(sent).toEqual(['Sees ', `Sees${' '.repeat(500)}an `, `Sees${' '.repeat(500)}an advert`]);
    expect(textOf(bob)).toBe(`Sees${' '.repeat(500)}an advert`);
  });

  it('leaving the box sends what waits', () => {
    const { bob, box, textOf, type } = aliceWritesACard();
    type('Sees an advert');
    box.finish();
    expect(textOf(bob)).toBe('Sees an advert');
  });

  it('undo takes back a word run at a time, then the card', () => {
    const { alice, room, box, timer, textOf, type } = aliceWritesACard();
    type('Sees an ');
    type('advert');
    timer.runOut();
    box.finish();
    expect(textOf(alice)).toBe('Sees an advert');

    const undone: Array<string | undefined> = [];
    for (let step = 0; step < 4; step += 1) {
      expect(alice.press('z', { ctrlKey: true })).toBe('undo');
      undone.push(textOf(alice));
    }
    // Word by word (not letter by letter, not all at once), and last the card itself.
    expect(undone).toEqual(['Sees an ', 'Sees ', '', undefined]);
    expect(room.board().cards).toHaveLength(0);
  });

  it('Escape takes back what was sent', () => {
    const { bob, box, timer, textOf, type } = aliceWritesACard();
    type('Sees an advert');
    timer.runOut();
    expect(textOf(bob)).toBe('Sees an advert');
    box.giveUp();
    timer.runOut();
    expect(textOf(bob)).toBe('');
  });
});
