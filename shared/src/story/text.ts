/**
 * Text on a slide: measured here with Helvetica metrics (which Arial and Liberation
 * Sans share, and DejaVu Sans Condensed comes close to), so the renderers only place
 * what they are given; cut short with an ellipsis where it does not fit, and then
 * remembered in full for the appendix; and numbers written as people read them.
 */

/** Advance widths in 1/1000 em of the printable ASCII characters, space (32) to tilde (126). */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** A character outside printable ASCII: accented Latin, Greek, Cyrillic, arrows. */
const OTHER_WIDTH = 640;
/** CJK and other full-width scripts, from this code point up. */
const FULL_WIDTH_FROM = 0x2e80;
/** Widths err wide, bold more so: a renderer's wrap must never come out longer than ours. */
const SAFETY = { regular: 1.04, bold: 1.1 } as const;
/** Line spacing as a multiple of the type size; pdf.ts sets its lines to the same. */
export const LINE_SPACING = 1.22;
const POINTS_PER_INCH = 72;

/** Width in inches of a single line of text. */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 32 && code <= 126) units += HELVETICA_WIDTHS[code - 32] ?? OTHER_WIDTH;
    else if (code >= FULL_WIDTH_FROM) units += 1000;
    else units += OTHER_WIDTH;
  }
  return ((units / 1000) * size * (bold ? SAFETY.bold : SAFETY.regular)) / POINTS_PER_INCH;
}

export function lineHeight(size: number): number {
  return (size * LINE_SPACING) / POINTS_PER_INCH;
}

/** Greedy word wrap into lines no wider than `width` inches; a word longer than a line is broken. */
export function wrapLines(text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidth(candidate, size, bold) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      let rest = word;
      while (textWidth(rest, size, bold) > width) {
        let cut = rest.length - 1;
        while (cut > 1 && textWidth(rest.slice(0, cut), size, bold) > width) cut--;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

export function textHeight(text: string, width: number, size: number, bold = false): number {
  return wrapLines(text, width, size, bold).length * lineHeight(size);
}

/** The start of `text`, at most `max` characters, ending in an ellipsis when cut (at a word break if one is near). */
export function ellipsize(text: string, max: number): string {
  const flat = text.trim();
  if (flat.length <= max) return flat;
  const head = flat.slice(0, max - 1);
  const space = head.lastIndexOf(' ');
  return `${(space > max * 0.6 ? head.slice(0, space) : head).trimEnd()}…`;
}

/** `text` on one line of `width` inches, cut short with an ellipsis when too wide. */
export function ellipsizeToWidth(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  let max = text.length;
  while (max > 4 && textWidth(ellipsize(text, max), size, bold) > width) max = Math.floor(max * 0.95);
  return ellipsize(text, max);
}

/**
 * `text` in at most `lines` lines of `width` inches (whitespace flattened): the lines
 * that fit, the last one cut short with an ellipsis when more would follow.
 */
export function clampLines(text: string, width: number, size: number, lines: number, bold = false): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const wrapped = wrapLines(flat, width, size, bold);
  if (wrapped.length <= lines) return flat;
  const kept = wrapped.slice(0, Math.max(0, lines - 1));
  const rest = wrapped.slice(kept.length).join(' ');
  return [...kept, ellipsizeToWidth(rest, width, size, bold)].join(' ');
}

/** Every text cut short anywhere in the deck, to be printed in full on the appendix. */
export class FullTexts {
  readonly entries: Array<{ where: string; text: string }> = [];
  private readonly seen = new Set<string>();

  /** `text` cut to `max` characters; when cut, remembered with where it was shown. */
  fit(text: string, max: number, where: string): string {
    return this.remember(text, ellipsize(text, max), where);
  }

  private remember(text: string, shown: string, where: string): string {
    if (shown !== text.trim()) {
      const key = `${where}\u0000${text}`;
      if (!this.seen.has(key)) {
        this.seen.add(key);
        this.entries.push({ where, text: text.trim() });
      }
    }
    return shown;
  }

  /** `text` in at most `lines` lines of `width` inches: shortened (and remembered) when longer. */
  fitLines(text: string, width: number, size: number, lines: number, bold: boolean, where: string): string {
    const shown = clampLines(text, width, size, lines, bold);
    return shown === text.replace(/\s+/g, ' ').trim() ? shown : this.remember(text, shown, where);
  }

  /** `text` on one line of `width` inches: shortened (and remembered) when too wide. */
  fitLine(text: string, width: number, size: number, bold: boolean, where: string): string {
    const shown = ellipsizeToWidth(text, width, size, bold);
    return shown === text ? text : this.remember(text, shown, where);
  }
}

/** Numbers as people read them on a slide: 12.4, 1,250, 3. */
export function formatScore(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return rounded.toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

export function formatChange(before: number, after: number): string {
  if (before === 0) return after === 0 ? 'no change' : 'new friction';
  const percent = Math.round(((after - before) / before) * 100);
  return percent === 0 ? 'no change' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`;
}

/** "1 point", "3 points". */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

/** "Now" for 'now': an id as a label. */
export function capitalised(word: string): string {
  return `${word.slice(0, 1).toUpperCase()}${word.slice(1)}`;
}

/** A score with its sign, as a feeling reads: "+1.5", "−2", "0". */
export function signed(value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${formatScore(Math.abs(value))}`;
}

/** A card's emotion score as its chip names it: "Feels −2". */
export function feelingLabel(emotion: number): string {
  return `Feels ${signed(emotion)}`;
}
