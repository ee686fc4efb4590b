/**
 * A box's text set into lines, for renderers that place every line themselves (the
 * app's presentation draws SVG, which does not wrap). It wraps with the widths the
 * deck measured its boxes with (text.ts), which err wide, so a text the builder sized
 * a box for fits it here too. PowerPoint and pdfkit wrap on their own and do not use it.
 */
import type { BoxShape, TextRun } from './model.js';
import { LINE_SPACING, textWidth } from './text.js';

const POINTS_PER_INCH = 72;
/** Where the baseline sits below a line's top, as a share of its largest type size (Arial's ascent in a 1.22 line). */
const BASELINE = 0.93;

/**
 * One stretch of a line in one style. `x` is where it starts, inches from the slide's
 * left; `width` is how wide the deck measured it (a renderer whose font sets it wider
 * squeezes it to this, so it never spills out of its box).
 */
export interface PlacedRun extends Omit<TextRun, 'paragraph'> {
  x: number;
  width: number;
}

export interface PlacedLine {
  /** The baseline, inches from the slide's top. */
  baseline: number;
  runs: PlacedRun[];
}

interface Piece {
  run: TextRun;
  text: string;
  width: number;
}

/** The box's runs split into paragraphs (a run marked `paragraph`, or a line break in a text, starts one). */
function paragraphsOf(runs: readonly TextRun[]): TextRun[][] {
  const paragraphs: TextRun[][] = [];
  for (const run of runs) {
    run.text.split('\n').forEach((text, i) => {
      const part = { ...run, text };
      const last = paragraphs[paragraphs.length - 1];
      if (!last || run.paragraph || i > 0) paragraphs.push([part]);
      else last.push(part);
    });
  }
  return paragraphs;
}

/**
 * A word too wide for a line, cut into pieces that fit (at least one character each):
 * measured a character at a time (widths add up), so a long word costs its length.
 */
function cutWord(run: TextRun, word: string, width: number): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let used = 0;
  for (const char of word) {
    const w = textWidth(char, run.size, run.bold);
    if (text && used + w > width) {
      pieces.push({ run, text, width: used });
      text = '';
      used = 0;
    }
    text += char;
    used += w;
  }
  if (text) pieces.push({ run, text, width: used });
  return pieces;
}

/** Greedy wrap of one paragraph's words (each keeping its run's style) into lines no wider than `width`. */
function wrapParagraph(paragraph: readonly TextRun[], width: number): Piece[][] {
  const lines: Piece[][] = [[]];
  let used = 0;
  for (const run of paragraph) {
    for (const token of run.text.split(/(\s+)/)) {
      if (!token) continue;
      const line = lines[lines.length - 1] as Piece[];
      const space = /^\s+$/.test(token);
      if (space) {
        if (line.length === 0) continue;
        const w = textWidth(' ', run.size, run.bold);
        line.push({ run, text: ' ', width: w });
        used += w;
        continue;
      }
      const w = textWidth(token, run.size, run.bold);
      if (used + w <= width || line.length === 0) {
        const pieces = w <= width ? [{ run, text: token, width: w }] : cutWord(run, token, width);
        for (const [i, piece] of pieces.entries()) {
          if (i > 0) lines.push([]);
          (lines[lines.length - 1] as Piece[]).push(piece);
          used = i > 0 ? piece.width : used + piece.width;
        }
        continue;
      }
      // Spaces at the end of a full line take no room.
      while (line.length > 0 && line[line.length - 1]?.text === ' ') line.pop();
      lines.push([]);
      used = 0;
      for (const [i, piece] of (w <= width
        ? [{ run, text: token, width: w }]
        : cutWord(run, token, width)
      ).entries()) {
        if (i > 0) lines.push([]);
        (lines[lines.length - 1] as Piece[]).push(piece);
        used = piece.width;
      }
    }
  }
  return lines;
}

/** Neighbouring pieces of one run joined, so a line is drawn as few stretches as it has styles. */
function joined(line: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of line) {
    const last = out[out.length - 1];
    if (last && last.run === piece.run)
      out[out.length - 1] = { ...last, text: last.text + piece.text, width: last.width + piece.width };
    else out.push({ ...piece });
  }
  while (out.length > 0 && out[out.length - 1]?.text.trim() === '') out.pop();
  return out;
}

/** The box's text as lines placed on the slide: wrapped to its inner width, aligned and set vertically as its `valign` says. */
export function boxLines(box: BoxShape): PlacedLine[] {
  const width = Math.max(0, box.w - 2 * box.padding);
  const lines = paragraphsOf(box.runs).flatMap((paragraph) => {
    const sizeOfParagraph = Math.max(...paragraph.map((r) => r.size));
    return wrapParagraph(paragraph, width).map((line) => {
      const pieces = joined(line);
      const size = Math.max(sizeOfParagraph, ...pieces.map((p) => p.run.size));
      return { pieces, size };
    });
  });
  const heights = lines.map((line) => (line.size * LINE_SPACING) / POINTS_PER_INCH);
  const total = heights.reduce((a, b) => a + b, 0);
  const inner = box.h - 2 * box.padding;
  let top =
    box.y +
    box.padding +
    (box.valign === 'middle' ? (inner - total) / 2 : box.valign === 'bottom' ? inner - total : 0);
  return lines.map(({ pieces, size }, i) => {
    const lineWidth = pieces.reduce((sum, piece) => sum + piece.width, 0);
    let x =
      box.x +
      box.padding +
      (box.align === 'center' ? (width - lineWidth) / 2 : box.align === 'right' ? width - lineWidth : 0);
    const baseline = top + (BASELINE * size) / POINTS_PER_INCH;
    top += heights[i] ?? 0;
    const runs = pieces.map(({ run, text, width: w }): PlacedRun => {
      const { paragraph: _paragraph, ...style } = run;
      const placed = { ...style, text, x, width: w };
      x += w;
      return placed;
    });
    return { baseline, runs };
  });
}
