/**
 * Stage metrics on the deck's journey maps: each stage header carries its metrics and
 * targets as the canvas's header shows them ("CSAT 61 → 80"); a line too long for
 * the header is cut, and the metrics are then in full in the appendix.
 */
import { describe, expect, it } from 'vitest';
import { type BoardSnapshot, formatMetric, readBoard, setMetric } from '../src/index.js';
import { boxLines, buildDeck, type Deck, type Slide } from '../src/story/index.js';
import { currentState, newBoard } from './board.js';

/** The stage headers of a deck's journey maps: the header's texts, by stage title. */
function stageHeaders(deck: Deck): Array<{ slide: Slide; title: string; metrics: string | undefined }> {
  return deck.slides
    .filter((slide) => slide.kind === 'journey-map')
    .flatMap((slide) =>
      slide.shapes.flatMap((shape) =>
        shape.type === 'box' && shape.name.startsWith('stage-header-')
          ? [{ slide, title: shape.runs[0]?.text ?? '', metrics: shape.runs[1]?.text }]
          : [],
      ),
    );
}

const appendixText = (deck: Deck) =>
  deck.slides
    .filter((s) => s.kind === 'full-texts')
    .flatMap((s) => s.shapes.flatMap((shape) => (shape.type === 'box' ? shape.runs.map((r) => r.text) : [])))
    .join(' ');

describe('stage metrics on the journey maps', () => {
  it('shows every metric of the worked example with its target under its stage title, inside the header', () => {
    const board: BoardSnapshot = readBoard(newBoard('online-order', 'Worked example'));
    expect(board.metrics.length).toBeGreaterThan(3);
    const deck = buildDeck(board);
    const headers = stageHeaders(deck);
    for (const metric of board.metrics) {
      const stage = board.stages.find((s) => s.id === metric.stageId);
      const shown = headers.filter((h) => h.title === stage?.title && h.slide.stateId === stage?.stateId);
      expect(shown.length, stage?.title).toBeGreaterThan(0);
      for (const header of shown) expect(header.metrics, stage?.title).toContain(formatMetric(metric));
    }
    expect(headers.some((h) => / → /.test(h.metrics ?? ''))).toBe(true);
    for (const slide of deck.slides.filter((s) => s.kind === 'journey-map')) {
      for (const shape of slide.shapes) {
        if (shape.type !== 'box' || !shape.name.startsWith('stage-header-')) continue;
        const lines = boxLines(shape);
        expect(lines.at(-1)?.baseline ?? 0, shape.name).toBeLessThanOrEqual(shape.y + shape.h);
        expect(lines[0]?.baseline ?? 0, shape.name).toBeGreaterThan(shape.y);
      }
    }
  });

  it('writes a metric without a target alone, cuts a long line and lists it in full in the appendix', () => {
    const doc = newBoard();
    const { stages } = currentState(doc);
    const [first, second, third] = stages;
    if (!first || !second || !third) throw new Error('the blank journey has stages');
    setMetric(doc, { stageId: first.id, name: 'NPS', label: '', current: 12, target: null });
    for (const [i, label] of ['Time to first answer', 'Repeat contacts', 'Refund days'].entries())
      setMetric(doc, { stageId: second.id, name: 'custom', label, current: i * 10, target: i });
    const deck = buildDeck(readBoard(doc));
    const headers = stageHeaders(deck);
    expect(headers.find((h) => h.title === first.title)?.metrics).toBe('NPS 12');
    const long = headers.find((h) => h.title === second.title)?.metrics ?? '';
    expect(long.endsWith('…')).toBe(true);
    // Custom metrics read by label: Refund days, Repeat contacts, Time to first answer.
    expect(long.startsWith('Refund days 20 → 2')).toBe(true);
    expect(appendixText(deck)).toContain('Time to first answer 0 → 0');
    expect(headers.find((h) => h.title === third.title)?.metrics).toBeUndefined();
  });

  it('leaves the headers of a state without metrics as they were: the title alone', () => {
    const deck = buildDeck(readBoard(newBoard()));
    const headers = stageHeaders(deck);
    expect(headers.length).toBeGreaterThan(0);
    expect(headers.every((h) => h.metrics === undefined)).toBe(true);
  });
});
