/**
 * The journey overview: one slide per journey state, before its paged map, with the
 * whole grid and every card of the state on it, as a card with its text where the
 * grid leaves room and as a plain mark where it does not.
 */
import { describe, expect, it } from 'vitest';
import { addCard, addJourney, type BoardSnapshot, readBoard, TEMPLATES } from '../src/index.js';
import { buildDeck, MIN_FONT_SIZE, OVERVIEW_DETAIL_NOTE, SLIDE, type Slide } from '../src/story/index.js';
import { currentState, newBoard } from './board.js';

function expectOnThePage(slide: Slide): void {
  for (const shape of slide.shapes) {
    const [left, top, right, bottom] =
      shape.type === 'box'
        ? [shape.x, shape.y, shape.x + shape.w, shape.y + shape.h]
        : [shape.x1, shape.y1, shape.x2, shape.y2];
    expect(Math.min(left, right), shape.name).toBeGreaterThanOrEqual(0);
    expect(Math.min(top, bottom), shape.name).toBeGreaterThanOrEqual(0);
    expect(Math.max(left, right), shape.name).toBeLessThanOrEqual(SLIDE.width + 1e-9);
    expect(Math.max(top, bottom), shape.name).toBeLessThanOrEqual(SLIDE.height + 1e-9);
  }
}

const overviews = (slides: Slide[]) => slides.filter((s) => s.kind === 'journey-overview');
const shapesNamed = (slide: Slide, role: string) => slide.shapes.filter((s) => s.name.startsWith(`${role}-`));
const cardsOfState = (board: BoardSnapshot, stateId: string) =>
  board.cards.filter((c) => c.stateId === stateId);

/** A blank journey with `count` cards spread over its cells (`oneCell`: all in its first cell). */
function boardWithCards(count: number, oneCell = false): BoardSnapshot {
  const doc = newBoard();
  const { stages, lanes } = currentState(doc);
  doc.transact(() => {
    for (let i = 0; i < count; i++) {
      const stage = stages[oneCell ? 0 : i % stages.length];
      const lane = lanes[oneCell ? 0 : Math.floor(i / stages.length) % lanes.length];
      if (!stage || !lane) throw new Error('the blank journey has stages and lanes');
      addCard(doc, {
        stageId: stage.id,
        laneId: lane.id,
        text: `Card ${i}: waits for an answer about the slot`,
      });
    }
  });
  return readBoard(doc);
}

describe('the journey overview of a worked example', () => {
  describe.each(TEMPLATES.map((t) => t.id))('%s', (template) => {
    const board = readBoard(newBoard(template, 'Workshop board'));
    const deck = buildDeck(board, { date: new Date(0) });

    it('comes once for each state with a grid, just before that state’s first map slide', () => {
      const withGrid = board.states.filter(
        (state) =>
          board.stages.some((s) => s.stateId === state.id) && board.lanes.some((l) => l.stateId === state.id),
      );
      expect(withGrid.length).toBeGreaterThan(0);
      expect(overviews(deck.slides).map((s) => s.stateId)).toEqual(
        expect.arrayContaining(withGrid.map((s) => s.id)),
      );
      expect(overviews(deck.slides)).toHaveLength(withGrid.length);
      for (const state of withGrid) {
        const at = deck.slides.findIndex((s) => s.kind === 'journey-overview' && s.stateId === state.id);
        expect(deck.slides[at + 1]?.kind).toBe('journey-map');
        expect(deck.slides[at + 1]?.stateId).toBe(state.id);
        expect(deck.slides[at]?.section).toMatch(/^Journey overview · /);
      }
    });

    it('draws every card of the state as a card with the start of its text, on the page', () => {
      for (const slide of overviews(deck.slides)) {
        const cards = cardsOfState(board, slide.stateId ?? '');
        expect(new Set(slide.cardIds)).toEqual(new Set(cards.map((c) => c.id)));
        const drawn = shapesNamed(slide, 'overview-card');
        expect(drawn).toHaveLength(cards.length);
        expect(shapesNamed(slide, 'overview-mark')).toHaveLength(0);
        expect(slide.note).not.toContain(OVERVIEW_DETAIL_NOTE);
        const texts = new Set(cards.map((c) => c.text.replace(/\s+/g, ' ').trim()));
        for (const shape of drawn) {
          if (shape.type !== 'box') throw new Error('a card is a box');
          const shown = shape.runs.map((r) => r.text).join('');
          expect(shape.runs.every((r) => r.size >= MIN_FONT_SIZE)).toBe(true);
          const start = shown.replace(/…$/, '');
          expect(start.length, shown).toBeGreaterThan(3);
          expect(
            [...texts].some((t) => t.startsWith(start)),
            shown,
          ).toBe(true);
        }
        expect(shapesNamed(slide, 'stage-header')).toHaveLength(
          board.stages.filter((s) => s.stateId === slide.stateId).length,
        );
        expectOnThePage(slide);
      }
    });
  });
});

describe('the journey overview of a big board', () => {
  it('draws 500 cards as plain marks in their cells, and says the detail follows', () => {
    const board = boardWithCards(500);
    const [slide, ...rest] = overviews(buildDeck(board).slides);
    expect(rest).toHaveLength(0);
    if (!slide) throw new Error('the board has an overview');
    const marks = shapesNamed(slide, 'overview-mark');
    expect(marks).toHaveLength(500);
    expect(marks.every((m) => m.type === 'box' && m.runs.length === 0 && m.fill !== null)).toBe(true);
    expect(slide.cardIds).toHaveLength(500);
    expect(slide.note).toBe(`500 cards · ${OVERVIEW_DETAIL_NOTE}`);
    expectOnThePage(slide);
  });

  it('counts 2,000 cards per cell rather than drawing a mark each', () => {
    const board = boardWithCards(2000);
    const [slide] = overviews(buildDeck(board).slides);
    if (!slide) throw new Error('the board has an overview');
    expect(shapesNamed(slide, 'overview-mark')).toHaveLength(0);
    const counts = shapesNamed(slide, 'overview-count');
    const counted = counts.reduce(
      (sum, c) => sum + Number(c.type === 'box' ? c.runs[0]?.text.replace(/,/g, '') : 0),
      0,
    );
    expect(counted).toBe(2000);
    expect(slide.shapes.length).toBeLessThan(200);
    expect(slide.cardIds).toHaveLength(2000);
    expect(slide.note).toBe(`2,000 cards · ${OVERVIEW_DETAIL_NOTE}`);
    expectOnThePage(slide);
  });

  it('numbers the stages of a grid too wide for their titles, and keeps every card on the page', () => {
    const doc = newBoard();
    const stages = Array.from({ length: 60 }, (_, i) => `Stage with a long title ${i + 1}`);
    const { stateId } = addJourney(doc, {
      title: 'Wide journey',
      stages,
      lanes: [{ kind: 'actions', title: 'Doing' }],
    });
    const laidOut = readBoard(doc);
    const lane = laidOut.lanes.find((l) => l.stateId === stateId);
    for (const stage of laidOut.stages.filter((s) => s.stateId === stateId))
      addCard(doc, { stageId: stage.id, laneId: lane?.id ?? '', text: `Step in ${stage.title}` });
    const slide = overviews(buildDeck(readBoard(doc)).slides).find((s) => s.stateId === stateId);
    if (!slide) throw new Error('the wide journey has an overview');
    expect(shapesNamed(slide, 'overview-mark')).toHaveLength(60);
    const headers = shapesNamed(slide, 'stage-header').map((h) => (h.type === 'box' ? h.runs[0]?.text : ''));
    expect(headers).toHaveLength(60);
    expect(headers.every((text, i) => text === undefined || text === String(i + 1))).toBe(true);
    expectOnThePage(slide);
  });

  it('counts the cards of a cell too full for marks, in a bounded number of shapes', () => {
    const board = boardWithCards(2000, true);
    const [slide] = overviews(buildDeck(board).slides);
    if (!slide) throw new Error('the board has an overview');
    expect(shapesNamed(slide, 'overview-mark')).toHaveLength(0);
    const counts = shapesNamed(slide, 'overview-count');
    expect(counts).toHaveLength(1);
    expect(counts[0]?.type === 'box' && counts[0].runs[0]?.text).toBe('2,000');
    expect(slide.shapes.length).toBeLessThan(100);
    expect(slide.note).toContain(OVERVIEW_DETAIL_NOTE);
    expectOnThePage(slide);
  });
});
