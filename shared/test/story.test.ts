/**
 * The story (shared/src/story/): the slide deck built from a board as a plain model,
 * checked on the model itself, the same one the PPTX, the PDF and the app's
 * presentation draw. The server's export-deck tests read the drawn files back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  type BoardSnapshot,
  CARD_SWATCHES,
  createBoard,
  HEAT_MAP_COLOURS,
  heatHsla,
  readBoard,
  TEMPLATES,
} from '../src/index.js';
import {
  type BoxShape,
  boxLines,
  buildDeck,
  type Deck,
  MIN_FONT_SIZE,
  type PlacedLine,
  SLIDE,
  type TextRun,
} from '../src/story/index.js';

const POINTS_PER_INCH = 72;
/** A CSS pixel is 1/96 in: the presentation's scale on a screen of `width` pixels. */
const pixelsPerPoint = (screenWidth: number) => screenWidth / SLIDE.width / POINTS_PER_INCH;

function templateBoard(template: string): BoardSnapshot {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Workshop board', template });
  return readBoard(doc);
}

function runSizes(deck: Deck): number[] {
  return deck.slides.flatMap((slide) =>
    slide.shapes.flatMap((shape) => (shape.type === 'box' ? shape.runs.map((r) => r.size) : [])),
  );
}

describe('the story of a worked example', () => {
  describe.each(TEMPLATES.map((t) => t.id))('%s', (template) => {
    const board = templateBoard(template);
    const deck = buildDeck(board, { date: new Date(0) });

    it('keeps every shape on the page, with names unique on their slide', () => {
      for (const [i, slide] of deck.slides.entries()) {
        const names = slide.shapes.map((s) => s.name);
        expect(new Set(names).size, `slide ${i + 1} names`).toBe(names.length);
        for (const shape of slide.shapes) {
          const [left, top, right, bottom] =
            shape.type === 'box'
              ? [shape.x, shape.y, shape.x + shape.w, shape.y + shape.h]
              : [
                  Math.min(shape.x1, shape.x2),
                  Math.min(shape.y1, shape.y2),
                  Math.max(shape.x1, shape.x2),
                  Math.max(shape.y1, shape.y2),
                ];
          const where = `slide ${i + 1} (${slide.kind}) ${shape.name}`;
          expect(left, where).toBeGreaterThanOrEqual(0);
          expect(top, where).toBeGreaterThanOrEqual(0);
          expect(right, where).toBeLessThanOrEqual(SLIDE.width + 1e-9);
          expect(bottom, where).toBeLessThanOrEqual(SLIDE.height + 1e-9);
        }
      }
    });

    it('sets no text below the floor, which reads at 14 px or more on a 1280 × 720 screen', () => {
      const sizes = runSizes(deck);
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_FONT_SIZE);
      expect(Math.min(...sizes) * pixelsPerPoint(1280)).toBeGreaterThanOrEqual(14);
    });

    it('tells its slides apart by title, section and note, as the slide list shows them', () => {
      const named = deck.slides.map((s) => [s.title, s.section, s.note].join(' | '));
      const maps = deck.slides.filter((s) => s.kind === 'journey-map');
      expect(maps.length).toBeGreaterThan(0);
      for (const map of maps) expect(map.section).toMatch(/^Journey map · /);
      expect(new Set(named).size).toBe(named.length);
    });

    it('keys each slide by kind, state and page: unique, and the same when the deck is built again', () => {
      const keys = deck.slides.map((s) => s.key);
      expect(new Set(keys).size).toBe(keys.length);
      const stateIds = new Set(board.states.map((s) => s.id));
      for (const slide of deck.slides) {
        const [kind, scope, page] = slide.key.split(':');
        expect(kind).toBe(slide.kind);
        expect(scope === '' || stateIds.has(scope ?? '')).toBe(true);
        if (slide.stateId) expect(scope).toBe(slide.stateId);
        expect(Number(page)).toBeGreaterThan(0);
      }
      expect(buildDeck(board).slides.map((s) => s.key)).toEqual(keys);
    });

    it('numbers its slides n / N and titles each one', () => {
      for (const [i, slide] of deck.slides.entries()) {
        expect(slide.title.trim(), `slide ${i + 1} title`).not.toBe('');
        const number = slide.shapes.find((s) => s.name.startsWith('footer-number'));
        expect(number?.type === 'box' && number.runs[0]?.text).toBe(`${i + 1} / ${deck.slides.length}`);
      }
    });
  });
});

describe('the story of a board that changes', () => {
  it('is built again from the new snapshot: a changed card text is on the slide', () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Live', template: 'blank-journey' });
    const seed = readBoard(doc);
    const [stage] = seed.stages;
    const actions = seed.lanes.find((l) => l.kind === 'actions');
    if (!stage || !actions) throw new Error('the blank journey has stages and lanes');
    const texts = (deck: Deck) =>
      deck.slides.flatMap((s) => s.shapes.flatMap((shape) => (shape.type === 'box' ? shape.runs : [])));
    const before = buildDeck(readBoard(doc));
    expect(texts(before).some((r) => r.text === 'Pays at the till')).toBe(false);
    addCard(doc, { stageId: stage.id, laneId: actions.id, text: 'Pays at the till' });
    const after = buildDeck(readBoard(doc));
    expect(texts(after).some((r) => r.text === 'Pays at the till')).toBe(true);
    // What is kept per slide (notes, hiding) stays with it: the keys did not move.
    expect(after.slides.map((s) => s.key)).toEqual(before.slides.map((s) => s.key));
    expect(after.slides.find((s) => s.kind === 'journey-map')?.key).toBe(`journey-map:${stage.stateId}:1`);
  });
});

describe('the story module', () => {
  it('uses no Node-only API: the app bundles it for the browser', () => {
    const dir = fileURLToPath(new URL('../src/story', import.meta.url));
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      expect(source, file).not.toMatch(
        /from ['"]node:|\bBuffer\b|\bprocess\.|\brequire\(|from ['"](fs|path|os)['"]/,
      );
    }
  });
});

describe('the colours of the deck', () => {
  const hex = (token: string) => token.slice(1).toUpperCase();
  /** The hue of a hex colour (without '#'), in degrees. */
  const hueOf = (colour: string): number => {
    const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(colour.slice(i, i + 2), 16) / 255) as [
      number,
      number,
      number,
    ];
    const max = Math.max(r, g, b);
    const d = max - Math.min(r, g, b);
    if (d === 0) return 0;
    const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    return (h * 60 + 360) % 360;
  };

  it("are the app's: a note is yellow, the heat map runs on the app's heat scale", () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Colours', template: 'blank-journey' });
    const seed = readBoard(doc);
    const [first, second] = seed.stages;
    const actions = seed.lanes.find((l) => l.kind === 'actions');
    const friction = seed.lanes.find((l) => l.kind === 'friction');
    if (!first || !second || !actions || !friction) throw new Error('the blank journey has stages and lanes');
    addCard(doc, { stageId: first.id, laneId: actions.id, kind: 'note', text: 'A sticky note' });
    const hurts = (stageId: string, severity: number) =>
      addCard(doc, {
        stageId,
        laneId: friction.id,
        text: `Hurts ${severity}`,
        friction: { severity, frequency: { count: 10, period: 'week' } },
      });
    hurts(first.id, 5);
    hurts(second.id, 1);
    const deck = buildDeck(readBoard(doc));
    const shapes = deck.slides.flatMap((s) => s.shapes);

    const note = shapes.find((s) => s.type === 'box' && s.runs[0]?.text === 'A sticky note');
    expect(note?.type === 'box' && note.fill).toBe(hex(CARD_SWATCHES.note.fill));

    const cells = shapes.flatMap((s) =>
      s.type === 'box' && s.name.startsWith('heat-cell') && s.runs.length > 0 ? [s] : [],
    );
    const score = (cell: (typeof cells)[number]) => Number(cell.runs[0]?.text);
    const [hot, cool] = [...cells].sort((a, b) => score(b) - score(a));
    expect(cells.length).toBe(2);
    // Same frequency and segment: the severity-1 cell scores a fifth of the severity-5 one.
    for (const [cell, intensity] of [
      [hot, 1],
      [cool, 1 / 5],
    ] as const) {
      if (!cell?.fill) throw new Error('a heat cell is a filled box');
      const apart = Math.abs(hueOf(cell.fill) - heatHsla(intensity).hue);
      expect(Math.min(apart, 360 - apart)).toBeLessThan(3);
      expect(cell.runs[0]?.color).toBe(hex(HEAT_MAP_COLOURS.total));
    }
  });
});

describe('a box set in lines (what the presentation draws)', () => {
  const box = (runs: TextRun[], w = 2, h = 1): BoxShape => ({
    type: 'box',
    name: 'box-1',
    x: 1,
    y: 1,
    w,
    h,
    geometry: 'rect',
    fill: null,
    outline: null,
    runs,
    align: 'left',
    valign: 'top',
    padding: 0.1,
  });
  const text = (value: string, extra: Partial<TextRun> = {}): TextRun => ({
    text: value,
    size: MIN_FONT_SIZE,
    color: '000000',
    ...extra,
  });
  const lineTexts = (lines: PlacedLine[]) => lines.map((l) => l.runs.map((r) => r.text).join(''));

  it('wraps words within the box, keeps styles apart and starts a paragraph on a new line', () => {
    const lines = boxLines(
      box([
        text('Checkout asks for the address twice and then '),
        text('fails', { bold: true }),
        text('Second paragraph', { paragraph: true }),
      ]),
    );
    expect(lineTexts(lines).join(' ').replace(/\s+/g, ' ')).toBe(
      'Checkout asks for the address twice and then fails Second paragraph',
    );
    expect(lines.length).toBeGreaterThan(2);
    expect(lineTexts(lines).at(-1)).toBe('Second paragraph');
    expect(lines.flatMap((l) => l.runs).find((r) => r.text.includes('fails'))?.bold).toBe(true);
    for (const [i, line] of lines.entries()) {
      expect(line.runs[0]?.x).toBeCloseTo(1.1);
      if (i > 0) expect(line.baseline).toBeGreaterThan(lines[i - 1]?.baseline ?? 0);
    }
  });

  it('centres a line and sets a middle-aligned text in the middle of the box', () => {
    const [line] = boxLines({ ...box([text('Hi')]), align: 'center', valign: 'middle' });
    expect(line?.runs[0]?.x).toBeGreaterThan(1.8);
    expect(line?.baseline).toBeGreaterThan(1.4);
    expect(line?.baseline).toBeLessThan(1.65);
  });

  it('cuts a word longer than any line, even in a box with no room, at its length in time', () => {
    const long = 'x'.repeat(20_000);
    const lines = boxLines(box([text(long)], 1, 1));
    expect(lineTexts(lines).join('')).toBe(long);
    const perLine = lineTexts(lines)[0]?.length ?? 0;
    expect(perLine).toBeGreaterThan(5);
    expect(lineTexts(lines).every((l) => l.length <= perLine)).toBe(true);
    const squeezed = boxLines(box([text('abc def')], 0, 0));
    expect(lineTexts(squeezed)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('fits the worked examples’ texts in the boxes the deck made for them', () => {
    for (const template of TEMPLATES.map((t) => t.id)) {
      for (const slide of buildDeck(templateBoard(template)).slides) {
        for (const shape of slide.shapes) {
          if (shape.type !== 'box' || shape.runs.length === 0) continue;
          const lines = boxLines(shape);
          const last = lines.at(-1);
          if (!last || shape.valign !== 'top') continue;
          // The last baseline inside the box (its descenders may touch the padding).
          expect(last.baseline, `${template} ${slide.title} ${shape.name}`).toBeLessThanOrEqual(
            shape.y + shape.h + 1e-6,
          );
        }
      }
    }
  });
});
