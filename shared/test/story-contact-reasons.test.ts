/**
 * "Why customers contact us" (#14): the Pareto of primary contact reasons, shown only
 * when the board holds contact volumes, after the friction slides.
 */
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { type BoardSnapshot, importContacts, readBoard } from '../src/index.js';
import {
  buildDeck,
  CONTACT_REASON_BARS,
  type Deck,
  MIN_FONT_SIZE,
  SLIDE,
  type Slide,
} from '../src/story/index.js';
import { COLOUR } from '../src/story/palette.js';
import { newBoard } from './board.js';

const IMPORTED_AT = Date.UTC(2026, 10, 30, 10);
/** Contacts in Feb and Mar 2026 per primary reason: three make up 81 % in March. */
const MARCH: Array<[string, number]> = [
  ['Delivery problem', 300],
  ['Existing order', 250],
  ['Returns & refunds', 60],
  ['Payment & pricing', 50],
  ['Account & loyalty', 40],
  ['Product & stock', 30],
  ['Other', 20],
];

function withContacts(doc: Y.Doc, reasons: Array<[string, number]> = MARCH, name = 'Contacts export') {
  const volumes = reasons.flatMap(([primary, count]) => [
    { primary, secondary: null, period: '2026-02', channel: 'phone', count: Math.round(count / 2) },
    { primary, secondary: null, period: '2026-03', channel: 'phone', count: count - Math.round(count * 0.4) },
    { primary, secondary: null, period: '2026-03', channel: 'chat', count: Math.round(count * 0.4) },
  ]);
  const rows = reasons.reduce((sum, [, count]) => sum + count + Math.round(count / 2), 0);
  importContacts(doc, {
    source: { name, fileName: 'contacts.csv', rows, unit: 'month', importedAt: IMPORTED_AT },
    volumes,
  });
}

const slidesOf = (deck: Deck, kind: string) => deck.slides.filter((s) => s.kind === kind);
const shapes = (slide: Slide, role: string) =>
  slide.shapes.filter((s) => s.name.replace(/-\d+$/, '') === role);
const textOf = (slide: Slide, role: string) =>
  shapes(slide, role).map((s) => (s.type === 'box' ? s.runs.map((r) => r.text).join('') : ''));
const contactSlide = (board: BoardSnapshot) => {
  const slide = slidesOf(buildDeck(board), 'contact-reasons')[0];
  if (!slide) throw new Error('no contact-reasons slide');
  return slide;
};

describe('the contact reasons slide', () => {
  it('is left out of a board without contact volumes', () => {
    expect(slidesOf(buildDeck(readBoard(newBoard('online-order'))), 'contact-reasons')).toEqual([]);
  });

  it('follows the friction slides, keyed for the board', () => {
    const doc = newBoard('online-order');
    withContacts(doc);
    const slides = buildDeck(readBoard(doc)).slides;
    const at = slides.findIndex((s) => s.kind === 'contact-reasons');
    expect(slides[at]?.key).toBe('contact-reasons::1');
    expect(slides[at - 1]?.kind).toBe('friction-ranking');
    expect(slides.filter((s) => s.kind === 'contact-reasons')).toHaveLength(1);
  });

  it('draws the primary reasons largest first, the vital few in the accent colour', () => {
    const doc = newBoard();
    withContacts(doc);
    const slide = contactSlide(readBoard(doc));
    const sorted = [...MARCH].sort((a, b) => b[1] - a[1]);
    expect(textOf(slide, 'bar-value')).toEqual(sorted.map(([, count]) => count.toLocaleString('en')));
    expect(textOf(slide, 'bar-label')).toEqual(sorted.map(([title]) => title));
    const bars = shapes(slide, 'bar').filter((s) => s.type === 'box');
    const heights = bars.map((b) => (b.type === 'box' ? b.h : 0));
    expect(heights).toEqual([...heights].sort((a, b) => b - a));
    // 300 + 250 is 73 % of 750: the third reason takes the share past 80 %, so it is vital; the rest are not.
    expect(bars.map((b) => (b.type === 'box' ? b.fill : null))).toEqual([
      COLOUR.accent,
      COLOUR.accent,
      COLOUR.accent,
      ...Array(4).fill(COLOUR.lineStrong),
    ]);
    expect(shapes(slide, 'cumulative-dot')).toHaveLength(7);
    expect(shapes(slide, 'vital-line')[0]).toMatchObject({ dash: 'dash' });
  });

  it('says how few reasons make up most contacts, the total, its trend, the channels and the source', () => {
    const doc = newBoard();
    withContacts(doc);
    const slide = contactSlide(readBoard(doc));
    expect(textOf(slide, 'headline')).toEqual(['3 of 7 reasons make up 81% of contacts in Mar 2026']);
    expect(slide.note).toBe('Mar 2026');
    expect(textOf(slide, 'side-total')).toEqual(['750']);
    // February held half of each reason: 150 + 125 + 30 + 25 + 20 + 15 + 10 = 375.
    expect(textOf(slide, 'side-trend')).toEqual(['+100% on Feb 2026 (375)']);
    expect(textOf(slide, 'side-channel')).toEqual(['60%  Phone', '40%  Chat']);
    expect(textOf(slide, 'side-source')).toEqual(['Contacts export, imported 30 Nov 2026, 1,125 rows']);
    expect(textOf(slide, 'side-health')).toEqual([]);
  });

  it('keeps its text at the floor or above and its shapes on the page', () => {
    const doc = newBoard();
    withContacts(doc);
    withContacts(doc, MARCH, 'Chat transcripts');
    const slide = contactSlide(readBoard(doc));
    expect(textOf(slide, 'side-source')).toHaveLength(2);
    for (const shape of slide.shapes) {
      if (shape.type !== 'box') continue;
      for (const r of shape.runs) expect(r.size).toBeGreaterThanOrEqual(MIN_FONT_SIZE);
      expect(shape.x).toBeGreaterThanOrEqual(0);
      expect(shape.y).toBeGreaterThanOrEqual(0);
      expect(shape.x + shape.w).toBeLessThanOrEqual(SLIDE.width);
      expect(shape.y + shape.h).toBeLessThanOrEqual(SLIDE.height);
    }
  });

  it('draws the smallest of many reasons as one grey bar, and shortens long titles into the appendix', () => {
    const doc = newBoard();
    const many: Array<[string, number]> = Array.from({ length: 16 }, (_, i) => [
      i === 0
        ? 'Questions about the delivery of an order placed through the marketplace partner programme'
        : `Reason ${i + 1}`,
      200 - i * 10,
    ]);
    withContacts(doc, many);
    const deck = buildDeck(readBoard(doc));
    const slide = slidesOf(deck, 'contact-reasons')[0] as Slide;
    const labels = textOf(slide, 'bar-label');
    expect(labels).toHaveLength(CONTACT_REASON_BARS);
    expect(labels.at(-1)).toBe('7 more reasons');
    expect(textOf(slide, 'bar-value').slice(0, 3)).toEqual(['200', '190', '180']);
    // Too many primary reasons for the method: the side note says so.
    expect(textOf(slide, 'side-health')).toEqual([
      '16 primary reasons: group them into 8 or fewer so the picture stays readable.',
    ]);
    expect(labels[0]?.endsWith('…')).toBe(true);
    const appendix = slidesOf(deck, 'full-texts').flatMap((s) => textOf(s, 'full-text'));
    expect(appendix).toContain(
      'Questions about the delivery of an order placed through the marketplace partner programme',
    );
  });

  it('writes a number too wide for its bar short', () => {
    const doc = newBoard();
    withContacts(doc, [
      ['Where is my order', 1_234_567],
      ...Array.from({ length: 9 }, (_, i): [string, number] => [`Reason ${i + 2}`, 124_638 - i]),
    ]);
    const values = textOf(contactSlide(readBoard(doc)), 'bar-value');
    expect(values.slice(0, 2)).toEqual(['1.2M', '125k']);
  });
});
