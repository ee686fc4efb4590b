/**
 * The slide deck: built from real boards (the worked-example templates and a
 * generated 2,000-card board), drawn as PowerPoint and PDF, and read back the way a
 * viewer would see it: every card's text on a slide, every shape on the page, no
 * text below 8 pt, big boards paged rather than shrunk.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  addCard,
  addJourney,
  addPersona,
  type BoardSnapshot,
  createBoard,
  diffFriction,
  findTemplate,
  importContacts,
  rankFriction,
  readBoard,
  roadmap,
  setSlide,
} from '@journeyboard/shared';
import { parseContacts } from '@journeyboard/shared/evidence';
import {
  boxLines,
  buildDeck,
  CARD_TEXT_MAX,
  type Deck,
  ellipsize,
  MIN_FONT_SIZE,
  PERSONAS_PER_SLIDE,
  TOP_FRICTION_MAX,
  TOP_FRICTION_ROWS,
} from '@journeyboard/shared/story';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { renderPdf } from '../src/export/pdf.js';
import { renderPptx } from '../src/export/pptx.js';

/** A 16:9 slide (13.333 × 7.5 in) in EMU, 914,400 to the inch. */
const SLIDE_EMU = { cx: 12192000, cy: 6858000 };

function templateBoard(template: string, title = 'Workshop board'): BoardSnapshot {
  const doc = new Y.Doc();
  createBoard(doc, { title, template });
  return readBoard(doc);
}

/** A service blueprint's lanes: every line of the blueprint, feelings and friction. */
const BIG_LANES = (findTemplate('service-blueprint')?.journey.lanes ?? []).map(({ kind, title }) => ({
  kind,
  title,
}));

/** 2,000 cards over 14 stages × the blueprint's 8 lanes, some of them long, in a board with a persona. */
function bigBoard(): BoardSnapshot {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Big board', template: 'blank-journey' });
  const personaId = addPersona(doc, {
    name: 'Ana, frequent flyer',
    description: 'Flies weekly',
    valueTier: 'top',
    priority: 'special',
  });
  const stages = Array.from({ length: 14 }, (_, i) => `Stage ${i + 1}`);
  const { stateId } = addJourney(doc, { title: 'Big journey', personaId, stages, lanes: BIG_LANES });
  const laidOut = readBoard(doc);
  const stageIds = laidOut.stages.filter((s) => s.stateId === stateId).map((s) => s.id);
  const lanes = laidOut.lanes.filter((l) => l.stateId === stateId);
  doc.transact(() => {
    for (let i = 0; i < 2000; i++) {
      const lane = lanes[i % lanes.length];
      const stageId = stageIds[Math.floor(i / lanes.length) % stageIds.length];
      if (!lane || !stageId) throw new Error('layout');
      addCard(doc, {
        stageId,
        laneId: lane.id,
        text:
          i % 97 === 0
            ? `Card ${i}: a long observation that runs on and on, ${'with detail after detail, '.repeat(8)}end of ${i}`
            : `Card ${i}: ${'step '.repeat(i % 9)}done`,
        channel: i % 3 === 0 ? 'web' : undefined,
        emotion: lane.kind === 'emotions' ? (i % 5) - 2 : undefined,
        friction:
          lane.kind === 'friction'
            ? { severity: (i % 5) + 1, frequency: { count: i % 40, period: 'week' }, segmentId: personaId }
            : undefined,
      });
    }
  });
  return readBoard(doc);
}

interface PptxSlideXml {
  xml: string;
  /** Every `<a:t>` text, entities decoded. */
  texts: string[];
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

async function readPptx(buffer: Buffer): Promise<PptxSlideXml[]> {
  const zip = await JSZip.loadAsync(buffer);
  const presentation = (await zip.file('ppt/presentation.xml')?.async('string')) ?? '';
  expect(presentation).toContain(`<p:sldSz cx="${SLIDE_EMU.cx}" cy="${SLIDE_EMU.cy}"`);
  const names = Object.keys(zip.files)
    .filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name))
    .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)?.[1]) - Number(/(\d+)\.xml$/.exec(b)?.[1]));
  return Promise.all(
    names.map(async (name) => {
      const xml = (await zip.file(name)?.async('string')) ?? '';
      const texts = [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => decodeXml(m[1] ?? ''));
      return { xml, texts };
    }),
  );
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * The slides a board implies, section by section, counted from the board itself;
 * map, matrix, roadmap and appendix slides are paged by layout, so the test checks
 * those by what they hold (every card once, every opportunity) instead.
 */
function expectedSlides(board: BoardSnapshot, deck: Deck): number {
  const laidOut = (kind: string) => deck.slides.filter((s) => s.kind === kind).length;
  let count = 1; // title
  if (board.meta.vision.trim() || board.principles.length > 0)
    count += Math.max(1, Math.ceil(board.principles.length / 8));
  count += Math.ceil(board.personas.length / PERSONAS_PER_SLIDE);
  count += laidOut('journey-map');
  for (const state of board.states) {
    const stages = board.stages.filter((s) => s.stateId === state.id).length;
    const lanes = board.lanes.filter((l) => l.stateId === state.id).length;
    if (stages > 0 && lanes > 0) count += 1; // the state's overview
    if (state.kind === 'current') {
      const ranked = rankFriction(board, state.id).items.length;
      if (ranked > 0) {
        count += Math.ceil(stages / 8) * Math.ceil(lanes / 12);
        count += Math.ceil(Math.min(ranked, TOP_FRICTION_MAX) / TOP_FRICTION_ROWS);
      }
    } else if (state.derivedFrom) {
      const diff = diffFriction(board, state.derivedFrom, state.id);
      count += Math.ceil(diff.stages.length / 10);
      const columns = [
        diff.changes.filter((c) => c.outcome === 'removed').length,
        diff.changes.filter((c) => c.outcome === 'reduced').length,
        diff.changes.filter((c) => c.outcome === 'added' || c.outcome === 'increased').length,
      ];
      count += Math.max(...columns.map((n) => Math.ceil(n / 6)));
    }
  }
  if (board.volumes.length > 0) count += 1; // why customers contact us
  if (board.opportunities.length > 0) count += laidOut('opportunity-matrix') + laidOut('roadmap');
  return count + laidOut('full-texts');
}

function expectEveryCardOnceOnItsMap(board: BoardSnapshot, deck: Deck): void {
  const drawn = new Map<string, number>();
  for (const slide of deck.slides) {
    if (slide.kind !== 'journey-map') continue;
    for (const id of slide.cardIds ?? []) drawn.set(id, (drawn.get(id) ?? 0) + 1);
  }
  const stateIds = new Set(board.states.map((s) => s.id));
  for (const card of board.cards)
    if (stateIds.has(card.stateId)) expect(drawn.get(card.id), card.text).toBe(1);
}

function expectShapesOnTheSlide(slides: PptxSlideXml[]): void {
  for (const [i, slide] of slides.entries()) {
    const frames = [
      ...slide.xml.matchAll(/<a:off x="(-?\d+)" y="(-?\d+)"\/><a:ext cx="(-?\d+)" cy="(-?\d+)"\/>/g),
    ];
    expect(frames.length, `slide ${i + 1} has shapes`).toBeGreaterThan(0);
    for (const [, x, y, cx, cy] of frames) {
      const [left, top, w, h] = [Number(x), Number(y), Number(cx), Number(cy)];
      const where = `slide ${i + 1}: ${left},${top} ${w}×${h}`;
      expect(left, where).toBeGreaterThanOrEqual(0);
      expect(top, where).toBeGreaterThanOrEqual(0);
      expect(w, where).toBeGreaterThanOrEqual(0);
      expect(h, where).toBeGreaterThanOrEqual(0);
      expect(left + w, where).toBeLessThanOrEqual(SLIDE_EMU.cx);
      expect(top + h, where).toBeLessThanOrEqual(SLIDE_EMU.cy);
    }
  }
}

function expectReadableFontSizes(slides: PptxSlideXml[]): void {
  const sizes = slides.flatMap((s) =>
    [...s.xml.matchAll(/<a:rPr[^>]*\bsz="(\d+)"/g)].map((m) => Number(m[1])),
  );
  expect(sizes.length).toBeGreaterThan(0);
  // sz is in hundredths of a point.
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(MIN_FONT_SIZE * 100);
}

/** Every card's text (its ellipsised start when long) is a run on a map slide; long ones are in full in the appendix. */
function expectEveryCardText(board: BoardSnapshot, deck: Deck, slides: PptxSlideXml[]): void {
  const runs = new Set<string>();
  deck.slides.forEach((slide, i) => {
    if (slide.kind === 'journey-map') for (const text of slides[i]?.texts ?? []) runs.add(text);
  });
  const appendix = squash(
    deck.slides
      .flatMap((slide, i) => (slide.kind === 'full-texts' ? (slides[i]?.texts ?? []) : []))
      .join(' '),
  );
  for (const card of board.cards) {
    if (!card.text.trim()) continue;
    const shown = ellipsize(card.text, CARD_TEXT_MAX);
    expect(runs.has(shown), `card text on a map slide: ${shown}`).toBe(true);
    if (shown !== card.text.trim()) {
      expect(shown.endsWith('…')).toBe(true);
      expect(appendix, 'full text in the appendix').toContain(squash(card.text));
    }
  }
}

// ---- reading text back out of a PDF (pdfkit embeds fonts, so text is glyph ids + a ToUnicode map) ----

function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const match of source.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g))
    objects.set(match[1] ?? '', match[2] ?? '');
  const fontObject = new Map<string, string>();
  for (const match of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) fontObject.set(match[1] ?? '', match[2] ?? '');
  const cmapOf = (fontName: string): Map<number, string> => {
    const font = objects.get(fontObject.get(fontName) ?? '') ?? '';
    const cmapId = /\/ToUnicode (\d+) 0 R/.exec(font)?.[1] ?? '';
    const cmap = objects.get(cmapId) ?? '';
    const map = new Map<number, string>();
    const unicode = (hex: string) =>
      String.fromCharCode(...(hex.match(/[0-9a-f]{4}/gi) ?? []).map((unit) => Number.parseInt(unit, 16)));
    for (const range of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi)) {
      const start = Number.parseInt(range[1] ?? '0', 16);
      [...(range[3] ?? '').matchAll(/<([0-9a-f ]+)>/gi)].forEach((target, i) => {
        map.set(start + i, unicode(target[1] ?? ''));
      });
    }
    return map;
  };
  const cmaps = new Map<string, Map<number, string>>();
  let current = new Map<number, string>();
  const lines: string[] = [];
  for (const match of source.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
    if (match[1]) {
      const name = match[1];
      current = cmaps.get(name) ?? cmapOf(name);
      cmaps.set(name, current);
      continue;
    }
    const glyphs = [...(match[2] ?? '').matchAll(/<([0-9a-f]+)>/gi)].flatMap((hex) =>
      (hex[1]?.match(/[0-9a-f]{4}/gi) ?? []).map((code) => current.get(Number.parseInt(code, 16)) ?? ''),
    );
    lines.push(glyphs.join(''));
  }
  return squash(lines.join(' '));
}

const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

// ---------------------------------------------------------------------------

describe('the slide deck of a worked-example board', () => {
  for (const template of ['online-order', 'baggage-recovery']) {
    describe(template, () => {
      const board = templateBoard(template, `Worked example: ${template}`);
      const deck = buildDeck(board);
      let slides: PptxSlideXml[] = [];
      beforeAll(async () => {
        slides = await readPptx(await renderPptx(board));
      });

      it('has the slides the board implies, in workshop order', () => {
        expect(slides.length).toBe(deck.slides.length);
        expect(deck.slides.length).toBe(expectedSlides(board, deck));
        const kinds = deck.slides.map((s) => s.kind).filter((k, i, all) => all[i - 1] !== k);
        expect(kinds).toEqual([
          'title',
          'vision',
          'personas',
          ...board.states.flatMap(() => ['journey-overview', 'journey-map']),
          'friction-heat-map',
          'friction-ranking',
          'comparison',
          'friction-changes',
          'opportunity-matrix',
          'roadmap',
          ...(kinds.includes('full-texts') ? ['full-texts'] : []),
        ]);
        expectEveryCardOnceOnItsMap(board, deck);
      });

      it('is what the presentation shows: the same slides, titles and texts', () => {
        // The app's presentation sets each box's text in lines with boxLines (SlideView.tsx).
        const bare = (text: string) => text.replace(/\s+/g, '');
        expect(slides.length).toBe(deck.slides.length);
        for (const [i, slide] of deck.slides.entries()) {
          const presented = slide.shapes.flatMap((shape) =>
            shape.type === 'box' ? boxLines(shape).flatMap((line) => line.runs.map((run) => run.text)) : [],
          );
          const exported = slides[i]?.texts ?? [];
          expect(bare(presented.join('')), `slide ${i + 1}: ${slide.title}`).toBe(bare(exported.join('')));
          expect(bare(exported.join('')), `slide ${i + 1} shows its title`).toContain(bare(slide.title));
        }
      });

      it('shows every card, persona, principle and opportunity as text', () => {
        expectEveryCardText(board, deck, slides);
        const all = new Set(slides.flatMap((s) => s.texts));
        expect(all.has(board.meta.title)).toBe(true);
        for (const persona of board.personas) expect(all.has(persona.name)).toBe(true);
        for (const opportunity of roadmap(board.opportunities).now)
          expect(all.has(opportunity.title)).toBe(true);
        const text = squash(slides.flatMap((s) => s.texts).join(' '));
        for (const principle of board.principles)
          expect(text).toContain(squash(principle.text.split(':')[0] ?? ''));
        for (const label of [
          'Line of interaction',
          'Line of visibility',
          'Quick wins',
          'Structural work',
          'Now',
        ]) {
          expect(text).toContain(label);
        }
      });

      it('keeps every shape on the slide and every text at 8 pt or more', () => {
        expectShapesOnTheSlide(slides);
        expectReadableFontSizes(slides);
      });

      it('draws the emotion curve as line segments over the emotion lane', () => {
        const mapSlides = deck.slides.filter((s) => s.kind === 'journey-map');
        const segments = mapSlides.flatMap((s) =>
          s.shapes.filter((shape) => shape.name.startsWith('emotion-curve')),
        );
        expect(segments.length).toBeGreaterThan(0);
        const dashed = mapSlides.flatMap((s) =>
          s.shapes.filter((shape) => shape.type === 'line' && shape.name.startsWith('blueprint-line')),
        );
        expect(dashed.every((line) => line.type === 'line' && line.dash === 'dash')).toBe(true);
        expect(dashed.length).toBeGreaterThan(0);
      });

      it('renders the same deck as a PDF with real text', async () => {
        const pdf = await renderPdf(board, { compress: false });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(pageCount(pdf)).toBe(deck.slides.length);
        const text = pdfText(pdf);
        const card = board.cards.find((c) => c.text.length > 20 && c.text.length < CARD_TEXT_MAX);
        expect(card).toBeDefined();
        expect(text).toContain(squash(card?.text ?? ''));
        expect(text).toContain(board.meta.title);
      });
    });
  }
});

describe('a board with little on it', () => {
  it('skips the sections it has nothing for', async () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Empty journey', template: 'blank-journey' });
    const board = readBoard(doc);
    const deck = buildDeck(board);
    const kinds = new Set(deck.slides.map((s) => s.kind));
    expect(kinds.has('personas')).toBe(false);
    expect(kinds.has('opportunity-matrix')).toBe(false);
    expect(kinds.has('friction-heat-map')).toBe(false);
    expect(kinds.has('comparison')).toBe(false);
    expect(deck.slides.length).toBe(expectedSlides(board, deck));
    const slides = await readPptx(await renderPptx(board));
    expect(slides.length).toBe(deck.slides.length);
    expectShapesOnTheSlide(slides);
  });

  it('keeps a long card text whole in the appendix and ellipsised on the card', async () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Long texts', template: 'blank-journey' });
    const seed = readBoard(doc);
    const stage = seed.stages[0];
    const lane = seed.lanes[0];
    if (!stage || !lane) throw new Error('the blank journey has a stage and a lane');
    const long = `Customers wait ${'and wait, '.repeat(60)}then give up & call us <again>.`;
    addCard(doc, { stageId: stage.id, laneId: lane.id, text: long });
    const board = readBoard(doc);
    const deck = buildDeck(board);
    const slides = await readPptx(await renderPptx(board));
    expect(deck.slides.at(-1)?.kind).toBe('full-texts');
    expectEveryCardText(board, deck, slides);
  });
});

describe('a 2,000-card board', () => {
  const board = bigBoard();
  const deck = buildDeck(board);
  const bigState = board.states.find((s) => board.stages.filter((x) => x.stateId === s.id).length === 14);
  let slides: PptxSlideXml[] = [];
  beforeAll(async () => {
    slides = await readPptx(await renderPptx(board));
  }, 60_000);

  it('is paged over many map slides instead of shrinking the text', () => {
    const maps = deck.slides.filter((s) => s.kind === 'journey-map' && s.stateId === bigState?.id);
    expect(maps.length).toBeGreaterThan(Math.ceil(14 / 6));
    expect(slides.length).toBe(deck.slides.length);
    expect(deck.slides.length).toBe(expectedSlides(board, deck));
    expectEveryCardOnceOnItsMap(board, deck);
    expectReadableFontSizes(slides);
    expectShapesOnTheSlide(slides);
    const stageNotes = maps.map((s) => s.shapes.find((shape) => shape.name.startsWith('title-note')));
    expect(
      stageNotes.every(
        (note) => note?.type === 'box' && /Stages \d+–\d+ of 14/.test(note.runs[0]?.text ?? ''),
      ),
    ).toBe(true);
  });

  it('shows every card text, and the long ones in full in the appendix', () => {
    expectEveryCardText(board, deck, slides);
  });

  it('renders a PDF with a page per slide', async () => {
    const pdf = await renderPdf(board);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = /\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1];
    expect(Number(pages)).toBe(deck.slides.length);
  }, 60_000);
});

describe('presenter settings kept in the board', () => {
  it('leave a hidden slide out of the PPTX and the PDF, and write notes to the notes page', async () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Worked example', template: 'online-order' });
    const full = buildDeck(readBoard(doc));
    const overview = full.slides.find((s) => s.kind === 'journey-overview');
    const map = full.slides.find((s) => s.kind === 'journey-map');
    if (!overview || !map) throw new Error('the worked example has an overview and a map');
    setSlide(doc, { key: overview.key, hidden: true });
    setSlide(doc, { key: map.key, notes: 'Refunds take two weeks & more <here>.' });
    const board = readBoard(doc);
    const deck = buildDeck(board);
    expect(deck.slides).toHaveLength(full.slides.length - 1);
    const pptx = await renderPptx(board);
    expect(await readPptx(pptx)).toHaveLength(deck.slides.length);
    expect(pageCount(await renderPdf(board, { compress: false }))).toBe(deck.slides.length);
    const zip = await JSZip.loadAsync(pptx);
    const at = deck.slides.findIndex((s) => s.key === map.key) + 1;
    const rels = (await zip.file(`ppt/slides/_rels/slide${at}.xml.rels`)?.async('string')) ?? '';
    const notesPage = /notesSlides\/(notesSlide\d+\.xml)/.exec(rels)?.[1];
    expect(notesPage).toBeDefined();
    const notes = (await zip.file(`ppt/notesSlides/${notesPage}`)?.async('string')) ?? '';
    expect(decodeXml(notes)).toContain('Refunds take two weeks & more <here>.');
  });
});

/** The worked example with docs/examples/contacts.csv imported, as docs/evidence.md tells it. */
function evidenceBoard(): BoardSnapshot {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Worked example with contacts', template: 'online-order' });
  const file = readFileSync(new URL('../../docs/examples/contacts.csv', import.meta.url), 'utf8');
  const parsed = parseContacts(file);
  if (!parsed.ok) throw new Error('the example contacts parse');
  const { aggregate } = parsed;
  importContacts(doc, {
    source: {
      name: 'Contacts export',
      fileName: 'contacts.csv',
      rows: aggregate.rows,
      unit: aggregate.unit ?? 'month',
      importedAt: Date.UTC(2026, 10, 30, 9),
    },
    volumes: aggregate.volumes,
  });
  return readBoard(doc);
}

describe('a board with contact data', () => {
  const board = evidenceBoard();
  const deck = buildDeck(board);
  const at = deck.slides.findIndex((s) => s.kind === 'contact-reasons');

  it('says why customers contact us after the friction table, in the PPTX and the PDF', async () => {
    expect(deck.slides.length).toBe(expectedSlides(board, deck));
    expect(deck.slides[at - 1]?.kind).toBe('friction-ranking');
    const slides = await readPptx(await renderPptx(board));
    expect(slides).toHaveLength(deck.slides.length);
    expectShapesOnTheSlide(slides);
    expectReadableFontSizes(slides);
    const texts = slides[at]?.texts ?? [];
    for (const said of [
      'Why customers contact us',
      '3 of 7 reasons make up 81% of contacts in Mar 2026',
      'Contacts export, imported 30 Nov 2026, 2,070 rows',
      'Existing order',
    ])
      expect(texts).toContain(said);
    expect(slides[at - 1]?.texts).toContain('Frequency');
    const pdf = pdfText(await renderPdf(board, { compress: false }));
    expect(pdf).toContain('3 of 7 reasons make up 81% of contacts in Mar 2026');
  });
});

const hasLibreOffice = (() => {
  try {
    execFileSync('soffice', ['--version'], { stdio: 'ignore', timeout: 20_000 });
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasLibreOffice)('opened by LibreOffice', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-deck-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('converts the PowerPoint file to PDF pages and pictures', async () => {
    const board = templateBoard('online-order');
    const file = path.join(dir, 'deck.pptx');
    writeFileSync(file, await renderPptx(board));
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', dir, file], {
      stdio: 'ignore',
      timeout: 120_000,
      env: { ...process.env, HOME: dir },
    });
    execFileSync('pdftoppm', ['-png', '-r', '80', path.join(dir, 'deck.pdf'), path.join(dir, 'page')], {
      timeout: 120_000,
    });
    const pages = readdirSync(dir).filter((name) => /^page-\d+\.png$/.test(name));
    expect(pages.length).toBe(buildDeck(board).slides.length);
    // Kept to be looked at: the deck as LibreOffice draws it (test/.artifacts/deck-libreoffice/).
    const kept = fileURLToPath(new URL('../../test/.artifacts/deck-libreoffice', import.meta.url));
    mkdirSync(kept, { recursive: true });
    for (const page of pages) copyFileSync(path.join(dir, page), path.join(kept, page));
  }, 180_000);

  it('converts the contact reasons slide and the friction table with its Frequency column', async () => {
    const board = evidenceBoard();
    const deck = buildDeck(board);
    const out = path.join(dir, 'evidence');
    mkdirSync(out);
    const file = path.join(out, 'deck.pptx');
    writeFileSync(file, await renderPptx(board));
    execFileSync('soffice', ['--headless', '--convert-to', 'pdf', '--outdir', out, file], {
      stdio: 'ignore',
      timeout: 120_000,
      env: { ...process.env, HOME: dir },
    });
    const at = deck.slides.findIndex((s) => s.kind === 'contact-reasons') + 1;
    const pages = ['-f', String(at - 1), '-l', String(at)];
    execFileSync(
      'pdftoppm',
      ['-png', '-r', '80', ...pages, path.join(out, 'deck.pdf'), path.join(out, 'page')],
      {
        timeout: 120_000,
      },
    );
    const drawn = readdirSync(out).filter((name) => /^page-\d+\.png$/.test(name));
    expect(drawn).toHaveLength(2);
    // Kept to be looked at: test/.artifacts/deck-evidence/.
    const kept = fileURLToPath(new URL('../../test/.artifacts/deck-evidence', import.meta.url));
    mkdirSync(kept, { recursive: true });
    for (const page of drawn) copyFileSync(path.join(out, page), path.join(kept, page));
  }, 180_000);
});
