/**
 * The deck as a PDF: the same slides as the PowerPoint file, drawn with pdfkit as
 * vector shapes and real (selectable, searchable) text on 960 × 540 pt pages.
 *
 * Text is set in DejaVu Sans Condensed, bundled with the server: its widths are close
 * to the Helvetica metrics the deck was measured with, and unlike the PDF standard
 * fonts it covers accented, Greek and Cyrillic card texts and the deck's arrows.
 * Runs it lacks (CJK, Arabic, emoji) are set in the Noto faces of fonts.ts; pdfkit
 * embeds each font as a subset of the glyphs used.
 *
 * Arabic is shaped (fontkit joins the letters) and each run of it is laid right to
 * left; a paragraph that mixes it with Latin keeps its runs in reading order from the
 * left, and a long Arabic run that wraps starts on its first line with its last words
 * (pdfkit has no bidirectional line breaking).
 */
import { arrowHead, type BoardSnapshot } from '@journeyboard/shared';
import {
  type BoxShape,
  buildDeck,
  type Deck,
  type DeckOptions,
  LINE_SPACING,
  type LineShape,
  type TextRun,
} from '@journeyboard/shared/story';
import PDFDocument from 'pdfkit';
import {
  drawable,
  FALLBACK_FACES,
  type FallbackFace,
  type FontRun,
  fontRuns,
  isRightToLeft,
  PDF_BASE_FILES,
  pdfBaseAscent,
} from './fonts.js';
import { nextTurn } from './turns.js';

const POINTS_PER_INCH = 72;

/** Registered font names: the four DejaVu cuts, and `japanese`, `japanese-bold` and so on. */
const FONTS: Record<string, string> = { ...PDF_BASE_FILES };
for (const [face, files] of Object.entries(FALLBACK_FACES)) {
  FONTS[face] = files.regular;
  FONTS[`${face}-bold`] = files.bold;
}

export interface PdfOptions extends DeckOptions {
  /** Compress page streams (default true); tests turn it off to read the file. */
  compress?: boolean;
}

export async function renderPdf(board: BoardSnapshot, options: PdfOptions = {}): Promise<Buffer> {
  return renderDeckPdf(buildDeck(board, options), options);
}

export async function renderDeckPdf(deck: Deck, options: Pick<PdfOptions, 'compress'> = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [deck.width * POINTS_PER_INCH, deck.height * POINTS_PER_INCH],
    margin: 0,
    autoFirstPage: false,
    compress: options.compress ?? true,
    info: { Title: deck.title, Creator: 'Journeyboard' },
  });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const [index, slide] of deck.slides.entries()) {
    // As in pptx.ts: the live rooms get the event loop between pages.
    if (index % 4 === 0) await nextTurn();
    doc.addPage();
    for (const shape of slide.shapes) {
      if (shape.type === 'line') drawLine(doc, shape);
      else drawBox(doc, shape);
    }
  }
  doc.end();
  return done;
}

const pt = (inches: number) => inches * POINTS_PER_INCH;

function setDash(doc: PDFKit.PDFDocument, dash: LineShape['dash'], width: number): void {
  if (dash === 'dash') doc.dash(width * 4, { space: width * 3 });
  else if (dash === 'dot') doc.dash(width, { space: width * 2 });
  else doc.undash();
}

function drawLine(doc: PDFKit.PDFDocument, line: LineShape): void {
  doc.save();
  doc.lineWidth(line.width).strokeColor(`#${line.color}`);
  setDash(doc, line.dash, line.width);
  doc.moveTo(pt(line.x1), pt(line.y1)).lineTo(pt(line.x2), pt(line.y2)).stroke();
  if (line.arrow) {
    // The canvas's arrowhead (shared/src/edge-routes.ts), at this line's width.
    const head = arrowHead(
      [
        { x: pt(line.x1), y: pt(line.y1) },
        { x: pt(line.x2), y: pt(line.y2) },
      ],
      line.width,
    );
    doc.undash();
    doc.polygon(...head.map((p): [number, number] => [p.x, p.y])).fill(`#${line.color}`);
  }
  doc.restore();
}

function drawBox(doc: PDFKit.PDFDocument, box: BoxShape): void {
  const [x, y, w, h] = [pt(box.x), pt(box.y), pt(box.w), pt(box.h)];
  if (box.fill || box.outline) {
    doc.save();
    if (box.geometry === 'ellipse') doc.ellipse(x + w / 2, y + h / 2, w / 2, h / 2);
    else if (box.geometry === 'roundRect') doc.roundedRect(x, y, w, h, Math.min(pt(0.08), w / 4, h / 4));
    else doc.rect(x, y, w, h);
    if (box.outline) {
      doc.lineWidth(box.outline.width);
      setDash(doc, box.outline.dash ?? 'solid', box.outline.width);
    }
    if (box.fill && box.outline) doc.fillAndStroke(`#${box.fill}`, `#${box.outline.color}`);
    else if (box.fill) doc.fill(`#${box.fill}`);
    else if (box.outline) doc.stroke(`#${box.outline.color}`);
    doc.restore();
  }
  if (box.runs.length > 0) drawText(doc, box);
}

function fontOf(run: TextRun): keyof typeof PDF_BASE_FILES {
  if (run.bold) return run.italic ? 'boldItalic' : 'bold';
  return run.italic ? 'italic' : 'regular';
}

/** The registered font for a run of one face (the Noto faces have no italic). */
function fontFor(run: TextRun, face: FontRun['face']): string {
  if (face === 'base') return fontOf(run);
  return run.bold ? `${face as FallbackFace}-bold` : face;
}

/** Two of these are as wide as a space in Noto Sans Arabic, which has no wider space but U+0020. */
const THIN_SPACES = '\u2009\u2009';

/**
 * The texts pdfkit is given for a run. pdfkit hands fontkit each word with the space
 * after it, and fontkit lays each such piece right to left: Arabic words would come out
 * in reading order from the left, each space on the wrong side. So inside an Arabic run
 * each space becomes two thin spaces (as wide, and still a place pdfkit may wrap), and
 * fontkit lays a whole line of it out at once; the spaces around the run stay apart.
 */
function piecesOf(run: FontRun): string[] {
  const text = drawable(run);
  if (!isRightToLeft(run)) return [text];
  const [, lead = '', middle = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(text) ?? [];
  return [lead, middle.replace(/\s+/g, THIN_SPACES), trail].filter(Boolean);
}

/** The box's runs grouped into paragraphs. */
function paragraphsOf(runs: readonly TextRun[]): TextRun[][] {
  const paragraphs: TextRun[][] = [];
  for (const run of runs) {
    const last = paragraphs[paragraphs.length - 1];
    if (!last || run.paragraph) paragraphs.push([run]);
    else last.push(run);
  }
  return paragraphs;
}

/** Line spacing as the deck measured it (LINE_SPACING × size), whatever the font's own gap. */
function lineGapFor(doc: PDFKit.PDFDocument, size: number): number {
  return Math.max(0, size * LINE_SPACING - doc.currentLineHeight(false));
}

function drawText(doc: PDFKit.PDFDocument, box: BoxShape): void {
  const padding = pt(box.padding);
  const width = Math.max(1, pt(box.w) - 2 * padding);
  const paragraphs = paragraphsOf(box.runs);
  const heights = paragraphs.map((paragraph) => {
    const lead = paragraph.reduce((a, b) => (b.size > a.size ? b : a));
    doc.font(fontOf(lead)).fontSize(lead.size);
    return doc.heightOfString(paragraph.map((r) => r.text).join(''), {
      width,
      lineGap: lineGapFor(doc, lead.size),
    });
  });
  const total = heights.reduce((a, b) => a + b, 0);
  const inner = pt(box.h) - 2 * padding;
  let y =
    pt(box.y) +
    padding +
    (box.valign === 'middle' ? (inner - total) / 2 : box.valign === 'bottom' ? inner - total : 0);
  const x = pt(box.x) + padding;
  paragraphs.forEach((paragraph, p) => {
    // Each run cut further where its text needs another face (fonts.ts).
    const pieces = paragraph.flatMap((run) => {
      const runs = fontRuns(run.text);
      return runs.length > 0
        ? runs.flatMap((part) => piecesOf(part).map((text) => ({ run, font: fontFor(run, part.face), text })))
        : [{ run, font: fontOf(run), text: run.text }];
    });
    pieces.forEach(({ run, font, text }, i) => {
      doc.font(font).fontSize(run.size).fillColor(`#${run.color}`);
      const options = {
        width,
        align: box.align,
        lineGap: lineGapFor(doc, run.size),
        // One baseline for all faces (pdfkit would put each at its own font's ascent).
        baseline: -pdfBaseAscent(run.size),
        continued: i < pieces.length - 1,
      };
      if (i === 0) doc.text(text, x, y, options);
      else doc.text(text, options);
    });
    y += heights[p] ?? 0;
  });
}
