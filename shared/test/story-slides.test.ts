/**
 * Presenter settings kept in the board per slide, under the slide's key: a hidden
 * slide is left out of the deck (so of the PPTX, the PDF and the presentation), the
 * others keep their keys and are numbered again; notes travel on their slide. Editors
 * and up may set them; participants and viewers may not.
 */
import { describe, expect, it } from 'vitest';
import { commandRefusal, readBoard, setSlide } from '../src/index.js';
import { buildDeck } from '../src/story/index.js';
import { newBoard } from './board.js';

const numberOf = (slide: { shapes: Array<{ name: string; type: string }> }) => {
  const shape = slide.shapes.find((s) => s.name.startsWith('footer-number'));
  return shape && 'runs' in shape ? (shape as { runs: Array<{ text: string }> }).runs[0]?.text : undefined;
};

describe('slide settings in the board', () => {
  it('leaves a hidden slide out and numbers the rest again; showing it brings it back', () => {
    const doc = newBoard('online-order', 'Worked example');
    const before = buildDeck(readBoard(doc)).slides;
    const hidden = before.find((s) => s.kind === 'journey-overview');
    if (!hidden) throw new Error('the worked example has an overview');
    setSlide(doc, { key: hidden.key, hidden: true });
    const after = buildDeck(readBoard(doc)).slides;
    expect(after.map((s) => s.key)).toEqual(before.map((s) => s.key).filter((k) => k !== hidden.key));
    expect(after.map(numberOf)).toEqual(after.map((_, i) => `${i + 1} / ${after.length}`));
    setSlide(doc, { key: hidden.key, hidden: false });
    expect(buildDeck(readBoard(doc)).slides.map((s) => s.key)).toEqual(before.map((s) => s.key));
  });

  it('puts the notes on their slide, and a second edit changes them in place', () => {
    const doc = newBoard('online-order', 'Worked example');
    const map = buildDeck(readBoard(doc)).slides.find((s) => s.kind === 'journey-map');
    if (!map) throw new Error('the worked example has a map');
    setSlide(doc, { key: map.key, notes: 'Start with the refund: two weeks.' });
    setSlide(doc, { key: map.key, notes: 'Start with the refund: two weeks, then tracking.' });
    const board = readBoard(doc);
    expect(board.slides).toEqual([
      { id: map.key, hidden: false, notes: 'Start with the refund: two weeks, then tracking.' },
    ]);
    const slides = buildDeck(board).slides;
    expect(slides.find((s) => s.key === map.key)?.notes).toBe(
      'Start with the refund: two weeks, then tracking.',
    );
    expect(slides.filter((s) => s.notes !== undefined)).toHaveLength(1);
  });

  it('is for editors and up, and refuses a key that is not an id', () => {
    const doc = newBoard();
    const board = readBoard(doc);
    const key = buildDeck(board).slides[1]?.key ?? '';
    const input = { key, hidden: true };
    expect(commandRefusal('setSlide', input, board, { role: 'editor', participantId: 'e' })).toBeNull();
    for (const role of ['participant', 'viewer'] as const)
      expect(commandRefusal('setSlide', input, board, { role, participantId: 'p' }), role).not.toBeNull();
    expect(() => setSlide(doc, { key: 'x'.repeat(101), hidden: true })).toThrow();
    expect(() => setSlide(doc, { key, notes: 'n'.repeat(100_000) })).toThrow();
  });
});
