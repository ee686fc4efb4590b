/** SVG pictures: a card's tooltip repeats at most TOOLTIP_MAX of its text; the picture keeps its words. */
import { addCard, createBoard, LIMITS, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderSvg, TOOLTIP_MAX } from '../src/export/svg.js';

describe('SVG export', () => {
  it('caps each card tooltip at TOOLTIP_MAX characters, however long the card', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Long cards', template: 'blank-journey' });
    const { stages, lanes } = readBoard(doc);
    const long = `Opening words ${'and many more of them '.repeat(200)}`.slice(0, LIMITS.cardText);
    for (let i = 0; i < 20; i++) addCard(doc, { stageId: stages[0]!.id, laneId: lanes[0]!.id, text: long });
    const svg = renderSvg(readBoard(doc));
    const tooltips = [...svg.matchAll(/<g><title>([^<]*)<\/title>/g)].map((m) => m[1] as string);
    expect(tooltips).toHaveLength(20);
    for (const tooltip of tooltips) {
      expect(tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
      expect(tooltip.startsWith('Opening words and many more')).toBe(true);
      expect(tooltip.endsWith('…')).toBe(true);
    }
    // 20 cards of 2,000 characters no longer put 40,000 characters of tooltips in the file.
    expect(svg.length).toBeLessThan(20 * LIMITS.cardText);
    expect(svg).toContain('>Opening words');
  });
});
