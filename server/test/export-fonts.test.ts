/**
 * Emoji, CJK and Arabic card texts in the drawn exports: no character comes out as an
 * empty box (.notdef), in the PDF (no glyph id 0 in its text), the PNG (no card's
 * character looks like the box) and the SVG (each run names a bundled face that has
 * every one of its characters).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  addCard,
  type BoardSnapshot,
  createBoard,
  GRID,
  LIMITS,
  layoutState,
  readBoard,
} from '@journeyboard/shared';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { embeddedFonts, MAX_EMBEDDED_CHARACTERS } from '../src/export/font-subset.js';
import { BASE_FACE, FALLBACK_FACES, familyAttribute, fontRuns, MAX_RUNS } from '../src/export/fonts.js';
import { renderPdf } from '../src/export/pdf.js';
import { renderPng } from '../src/export/png.js';
import { renderSvg } from '../src/export/svg.js';
import { decodePng, inkOf } from './png-pixels.js';

const TEXTS = ['📦 Parcel', '日本語のテキスト', 'مرحبا بالعالم'];
/** A private-use character no font has: what an empty box looks like. */
const NO_GLYPH = '\u{10fffd}';
const ARTIFACTS = fileURLToPath(new URL('../../test/.artifacts/', import.meta.url));

function boardWith(texts: readonly string[], title = 'Fonts'): BoardSnapshot {
  const doc = new Y.Doc();
  createBoard(doc, { title, template: 'blank-journey' });
  const { stages, lanes } = readBoard(doc);
  texts.forEach((text, i) => {
    const stage = stages[i % stages.length];
    if (stage && lanes[0]) addCard(doc, { stageId: stage.id, laneId: lanes[0].id, text });
  });
  return readBoard(doc);
}

const graphemes = (text: string) =>
  [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)]
    .map((s) => s.segment)
    .filter((s) => s.trim());

// ---- PDF: the glyph ids in its text, and what its ToUnicode maps make of them ----

interface PdfText {
  /** Glyph ids drawn, per embedded font's BaseFont name. */
  glyphs: Map<string, number[]>;
  /** The text of every TJ, decoded through the fonts' ToUnicode maps. */
  text: string;
}

function readPdf(pdf: Buffer): PdfText {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const m of source.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(m[1] ?? '', m[2] ?? '');
  const fontObject = new Map<string, string>();
  for (const m of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) fontObject.set(m[1] ?? '', m[2] ?? '');
  const fontOf = (name: string) => {
    const font = objects.get(fontObject.get(name) ?? '') ?? '';
    const base = /\/BaseFont \/([^\s/]+)/.exec(font)?.[1] ?? name;
    const cmap = objects.get(/\/ToUnicode (\d+) 0 R/.exec(font)?.[1] ?? '') ?? '';
    const unicode = new Map<number, string>();
    for (const range of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const start = Number.parseInt(range[1] ?? '0', 16);
      [...(range[3] ?? '').matchAll(/<([0-9a-f ]+)>/gi)].forEach((target, i) => {
        const units = (target[1]?.match(/[0-9a-f]{4}/gi) ?? []).map((u) => Number.parseInt(u, 16));
        unicode.set(start + i, String.fromCharCode(...units));
      });
    }
    return { base: base.replace(/^[A-Z]{6}\+/, ''), unicode };
  };
  const glyphs = new Map<string, number[]>();
  let current = fontOf('');
  const text: string[] = [];
  for (const m of source.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
    if (m[1]) {
      current = fontOf(m[1]);
      continue;
    }
    const ids = [...(m[2] ?? '').matchAll(/<([0-9a-f]+)>/gi)].flatMap((hex) =>
      (hex[1]?.match(/[0-9a-f]{4}/gi) ?? []).map((code) => Number.parseInt(code, 16)),
    );
    glyphs.set(current.base, [...(glyphs.get(current.base) ?? []), ...ids]);
    text.push(ids.map((id) => current.unicode.get(id) ?? '').join(''));
  }
  return { glyphs, text: text.join('\n') };
}

/** Glyph id 0 is .notdef in every TrueType font, and pdfkit's subsets keep it at 0. */
const notdefs = (pdf: PdfText) => [...pdf.glyphs.values()].flat().filter((id) => id === 0).length;

describe('fonts in the PDF', () => {
  it('sets emoji, Japanese and Arabic in embedded Noto subsets, with no empty box', async () => {
    const sequences = '👍🏽 👩‍💻 🇯🇵 ❤️ 한국어';
    const pdf = readPdf(await renderPdf(boardWith([...TEXTS, sequences]), { compress: false }));
    expect(notdefs(pdf)).toBe(0);
    const fonts = [...pdf.glyphs.keys()];
    for (const name of [
      'NotoEmoji-Regular',
      'NotoSansJP-Regular',
      'NotoSansKR-Regular',
      'NotoSansArabic-Regular',
    ])
      expect(fonts).toContain(name);
    expect(pdf.text).toContain('📦');
    expect(pdf.text).toContain('Parcel');
    expect(pdf.text).toContain('日本語のテキスト');
    // Shaped (Noto Sans Arabic draws letters as a base and its dots), so at least a glyph a letter;
    // ToUnicode cannot spell shaped Arabic back, so the order was checked by eye and pdftotext -bbox.
    const arabicLetters = [...'مرحبا بالعالم'].filter((c) => c !== ' ').length;
    expect(pdf.glyphs.get('NotoSansArabic-Regular')?.length ?? 0).toBeGreaterThanOrEqual(arabicLetters);
  }, 60_000);

  it('would see an empty box: a character no font has is drawn as .notdef', async () => {
    const pdf = readPdf(await renderPdf(boardWith([`Box ${NO_GLYPH}`]), { compress: false }));
    expect(notdefs(pdf)).toBeGreaterThan(0);
  }, 60_000);
});

describe('fonts in the SVG', () => {
  const bundled = new Map(
    [BASE_FACE, ...Object.values(FALLBACK_FACES)].map((face) => [
      face.family,
      fontkit.openSync(face.regular),
    ]),
  );
  const fontOf = (family: string) => {
    const name = family
      .split(',')
      .map((f) => f.trim().replace(/^'|'$/g, ''))
      .find((f) => bundled.has(f));
    return name ? (bundled.get(name) as fontkit.Font) : undefined;
  };

  it('names, for every run of text, a bundled face that has each of its characters', () => {
    const svg = renderSvg(boardWith(TEXTS, 'Fonts 📦 日本語 مرحبا'));
    const unescapeXml = (s: string) => s.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
    const rootFamily = unescapeXml(/<svg [^>]*font-family="([^"]*)"/.exec(svg)?.[1] ?? '');
    expect(fontOf(rootFamily)?.familyName).toBe('DejaVu Sans');
    const drawn: string[] = [];
    for (const m of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
      const family = unescapeXml(/font-family="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? rootFamily);
      const text = unescapeXml(m[2] ?? '');
      const font = fontOf(family);
      expect(font, `a bundled face for "${text}" in ${family}`).toBeDefined();
      const missing = [...text].filter(
        (c) =>
          !font?.hasGlyphForCodePoint(c.codePointAt(0) ?? 0) && !/\p{Default_Ignorable_Code_Point}/u.test(c),
      );
      expect(missing, `characters of "${text}" that ${font?.familyName} lacks`).toEqual([]);
      drawn.push(text);
    }
    for (const text of TEXTS) for (const g of graphemes(text)) expect(drawn.join(' ')).toContain(g);
    // Each test text comes in one face of its own, not in DejaVu with boxes.
    expect(fontRuns('📦').map((r) => r.face)).toEqual(['emoji']);
    expect(fontRuns('日本語のテキスト').map((r) => r.face)).toEqual(['japanese']);
    expect(fontRuns('مرحبا بالعالم').map((r) => r.face)).toEqual(['arabic']);
  });

  it('embeds, for every run in a Noto face, a subset that has each of its characters', () => {
    const svg = renderSvg(boardWith(TEXTS, 'Fonts 📦 日本語 مرحبا'));
    const embedded = new Map<string, fontkit.Font>();
    for (const m of svg.matchAll(
      /@font-face\{font-family:'([^']+)';font-weight:(\d+);src:url\(data:font\/ttf;base64,([^)]+)\)/g,
    ))
      embedded.set(`${m[1]} ${m[2]}`, fontkit.create(Buffer.from(m[3] ?? '', 'base64')) as fontkit.Font);
    expect([...embedded.keys()]).toEqual(
      expect.arrayContaining([
        'Noto Emoji 400',
        'Noto Sans JP 400',
        'Noto Sans Arabic 400',
        'Noto Sans JP 700',
      ]),
    );
    let runs = 0;
    for (const m of svg.matchAll(/<text ([^>]*font-family="([^"]*)"[^>]*)>([^<]*)<\/text>/g)) {
      const weight = m[1]?.includes('font-weight="bold"') ? 700 : 400;
      const families = (m[2] ?? '').split(',').map((f) => f.replace(/&#39;|'/g, '').trim());
      const family = families.find((f) => embedded.has(`${f} ${weight}`));
      const font = embedded.get(`${family} ${weight}`);
      expect(font, `an embedded face for "${m[3]}"`).toBeDefined();
      const text = (m[3] ?? '').replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)));
      const missing = [...text].filter(
        (c) =>
          !font?.hasGlyphForCodePoint(c.codePointAt(0) ?? 0) && !/\p{Default_Ignorable_Code_Point}/u.test(c),
      );
      expect(missing, `characters of "${text}" the embedded ${family} lacks`).toEqual([]);
      runs++;
    }
    expect(runs).toBeGreaterThanOrEqual(TEXTS.length);
    // Subsets: the whole Noto Sans JP is over 5 MB.
    expect(svg.length).toBeLessThan(200_000);
  });

  it('names the face only past MAX_EMBEDDED_CHARACTERS of it', () => {
    const line = (text: string) =>
      `<text x="0" y="0" font-size="12"${familyAttribute('japanese')}>${text}</text>`;
    const kanji = (count: number) =>
      Array.from({ length: count }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    expect(embeddedFonts(line(kanji(10)))).toContain("font-family:'Noto Sans JP'");
    expect(embeddedFonts(line(kanji(MAX_EMBEDDED_CHARACTERS + 1)))).toBe('');
  });
});

describe('fonts in the PNG', () => {
  it('draws no character of an emoji, Japanese or Arabic card as an empty box', async () => {
    // A card per character, and a card with a character no font has: the box to compare with.
    const characters = TEXTS.flatMap(graphemes);
    const board = boardWith([NO_GLYPH, ...characters, ...TEXTS], 'Fonts 📦 日本語 مرحبا');
    const png = await renderPng(board);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}export-fonts.png`, png);
    const pixels = decodePng(png);
    expect(pixels.width).toBeGreaterThan(GRID.cardWidth);
    const title = 56; // the picture's title band above the grid (svg.ts)
    const placed = layoutState(board, board.states[0]?.id ?? '').cards;
    // The first character's box on each card: 12 px type from (12, 22) in the card.
    const glyphArea = (text: string) => {
      const p = placed.find((c) => c.card.text === text);
      if (!p) throw new Error(`no card "${text}"`);
      return inkOf(pixels, p.x + 12, p.y + title + 6, 18, 20);
    };
    const box = glyphArea(NO_GLYPH);
    const total = (ink: number[]) => ink.reduce((a, b) => a + b, 0);
    expect(total(box), 'the empty box is drawn').toBeGreaterThan(2_000);
    for (const character of characters) {
      const ink = glyphArea(character);
      const difference = total(ink.map((v, i) => Math.abs(v - (box[i] ?? 0))));
      expect(total(ink), `"${character}" has ink`).toBeGreaterThan(500);
      expect(difference, `"${character}" is not the empty box`).toBeGreaterThan(total(box) / 3);
    }
  }, 60_000);
});

describe('a text that changes face at every character', () => {
  const worst = 'a📦日ب'.repeat(LIMITS.cardText).slice(0, LIMITS.cardText);

  it('is cut into at most MAX_RUNS runs, keeping every character', () => {
    const runs = fontRuns(worst);
    expect(runs).toHaveLength(MAX_RUNS);
    expect(runs.map((r) => r.text).join('')).toBe(worst);
  });

  it('costs the picture at most MAX_RUNS <text> elements a line', () => {
    const board = boardWith([worst, worst]);
    const texts = renderSvg(board).match(/<text /g)?.length ?? 0;
    const empty = renderSvg(boardWith([])).match(/<text /g)?.length ?? 0;
    // Two cards of three lines each.
    expect(texts - empty).toBeGreaterThan(6);
    expect(texts - empty).toBeLessThanOrEqual(2 * 3 * MAX_RUNS);
  });
});
