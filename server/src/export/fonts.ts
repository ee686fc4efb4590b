/**
 * The fonts the drawn exports (PDF, PNG, SVG) set text in, all from npm packages so
 * that a fresh install draws the same on every machine, with or without system fonts:
 * DejaVu Sans for Latin, Greek and Cyrillic, and Noto (SIL Open Font License, see
 * server/FONTS-NOTICE.md) for what DejaVu lacks: Noto Sans JP (kana and kanji), Noto
 * Sans KR (Hangul), Noto Sans Arabic and Noto Emoji (monochrome: neither resvg nor
 * pdfkit draws colour glyphs).
 *
 * Neither pdfkit nor a browser opening the SVG picks a font per character the way we
 * want, so text is cut into runs here, each with the face that covers it: the PDF
 * sets each run in its own embedded font (pdfkit embeds only the glyphs used), the
 * picture draws each run as a <text> naming its face: resvg draws it from these files,
 * a viewer of the SVG from the subsets embedded in it (font-subset.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';

const require = createRequire(import.meta.url);
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const DEJAVU = path.join(packageDir('dejavu-fonts-ttf'), 'ttf');
const noto = (pkg: string, file: string) => path.join(packageDir(`@expo-google-fonts/${pkg}`), file);

/** A face for the runs of text DejaVu Sans does not draw well, or at all. */
export type FallbackFace = 'japanese' | 'korean' | 'arabic' | 'emoji';
export type Face = 'base' | FallbackFace;

interface FaceFiles {
  /** The family name in the font files, which the SVG names. */
  family: string;
  regular: string;
  bold: string;
}

export const FALLBACK_FACES: Record<FallbackFace, FaceFiles> = {
  japanese: {
    family: 'Noto Sans JP',
    regular: noto('noto-sans-jp', '400Regular/NotoSansJP_400Regular.ttf'),
    bold: noto('noto-sans-jp', '700Bold/NotoSansJP_700Bold.ttf'),
  },
  korean: {
    family: 'Noto Sans KR',
    regular: noto('noto-sans-kr', '400Regular/NotoSansKR_400Regular.ttf'),
    bold: noto('noto-sans-kr', '700Bold/NotoSansKR_700Bold.ttf'),
  },
  arabic: {
    family: 'Noto Sans Arabic',
    regular: noto('noto-sans-arabic', '400Regular/NotoSansArabic_400Regular.ttf'),
    bold: noto('noto-sans-arabic', '700Bold/NotoSansArabic_700Bold.ttf'),
  },
  emoji: {
    family: 'Noto Emoji',
    regular: noto('noto-emoji', '400Regular/NotoEmoji_400Regular.ttf'),
    bold: noto('noto-emoji', '700Bold/NotoEmoji_700Bold.ttf'),
  },
};

/** DejaVu Sans, as the pictures use it; the PDF uses its condensed cut, which covers the same characters. */
export const BASE_FACE = {
  family: 'DejaVu Sans',
  regular: path.join(DEJAVU, 'DejaVuSans.ttf'),
  bold: path.join(DEJAVU, 'DejaVuSans-Bold.ttf'),
};
export const PDF_BASE_FILES = {
  regular: path.join(DEJAVU, 'DejaVuSansCondensed.ttf'),
  bold: path.join(DEJAVU, 'DejaVuSansCondensed-Bold.ttf'),
  italic: path.join(DEJAVU, 'DejaVuSansCondensed-Oblique.ttf'),
  boldItalic: path.join(DEJAVU, 'DejaVuSansCondensed-BoldOblique.ttf'),
};

/** Where each face's family comes in a font-family list: a viewer with colour emoji shows them. */
const CSS_FAMILIES: Record<Face, string> = {
  base: "'DejaVu Sans'",
  japanese: "'Noto Sans JP'",
  korean: "'Noto Sans KR'",
  arabic: "'Noto Sans Arabic'",
  emoji: "'Apple Color Emoji', 'Segoe UI Emoji', 'Noto Color Emoji', 'Noto Emoji'",
};
/** The picture's font-family: every face, then the viewer's own sans-serif. */
export const PICTURE_FONT_FAMILY = `${Object.values(CSS_FAMILIES).join(', ')}, Arial, Helvetica, sans-serif`;

/** The font-family attribute of a run's <text> in the SVG: its face, then whatever sans-serif the viewer has. */
export function familyAttribute(face: Face): string {
  if (face === 'base') return '';
  return ` font-family="${`${CSS_FAMILIES[face]}, sans-serif`.replaceAll("'", '&#39;')}"`;
}

/**
 * The files resvg loads for a picture: DejaVu, and each face a run of the SVG names
 * (the CJK files are megabytes each, read afresh by every rasteriser process).
 */
export function pictureFontFiles(svg: string): string[] {
  const faces = Object.entries(FALLBACK_FACES).filter(([face]) =>
    svg.includes(familyAttribute(face as FallbackFace)),
  );
  return [BASE_FACE, ...faces.map(([, files]) => files)].flatMap((files) => [files.regular, files.bold]);
}

// ---- which face draws which character ----

const parsed = new Map<string, fontkit.Font>();
/** The font in the file, read on first use (a few MB for the CJK faces) and kept for the life of the process. */
function parse(file: string): fontkit.Font {
  let font = parsed.get(file);
  if (!font) {
    font = fontkit.create(readFileSync(file)) as fontkit.Font;
    parsed.set(file, font);
  }
  return font;
}
function fontOf(face: Face, bold = false): fontkit.Font {
  const files = face === 'base' ? BASE_FACE : FALLBACK_FACES[face];
  return parse(bold ? files.bold : files.regular);
}

/** DejaVu Sans Condensed's ascent at `size`: the PDF puts every face's baseline there, as the deck measured. */
export function pdfBaseAscent(size: number): number {
  const font = parse(PDF_BASE_FILES.regular);
  return (font.ascent / font.unitsPerEm) * size;
}

/** Code points a font may lack without a box being drawn: joiners, marks, variation selectors, tags. */
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const EMOJI = /\p{Emoji_Presentation}|\ufe0f|\p{Regional_Indicator}/u;
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]/;
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u{20000}-\u{3ffff}]/u;
/** Spaces, punctuation and digits go with the run they stand in, when its face has them. */
const NEUTRAL = /^[\s\p{P}\p{N}]+$/u;
/** Text wholly in these ranges (Latin, Greek, Cyrillic, punctuation, currency, arrows, maths) is all DejaVu's. */
const BASE_ONLY = /^[\t\n\r\u0020-\u024f\u0370-\u04ff\u2000-\u206f\u20a0-\u20cf\u2190-\u22ff]*$/;

const FALLBACK_ORDER: readonly Face[] = ['base', 'japanese', 'korean', 'arabic', 'emoji'];
function preferred(grapheme: string): readonly Face[] {
  if (EMOJI.test(grapheme)) return ['emoji', ...FALLBACK_ORDER];
  if (ARABIC.test(grapheme)) return ['arabic', ...FALLBACK_ORDER];
  if (HANGUL.test(grapheme)) return ['korean', ...FALLBACK_ORDER];
  if (CJK.test(grapheme)) return ['japanese', 'korean', ...FALLBACK_ORDER];
  return FALLBACK_ORDER;
}

/** Whether the face draws every character of the grapheme that needs a glyph. */
export function covers(face: Face, grapheme: string): boolean {
  const font = fontOf(face);
  for (const char of grapheme) {
    if (!font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0) && !IGNORABLE.test(char)) return false;
  }
  return true;
}

export interface FontRun {
  face: Face;
  text: string;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The most runs one text is cut into: each costs a <text> in the picture and a text call
 * in the PDF, so a card that changes face at every character (a 2,000-character card of
 * "a📦日ب…") must not make a 10,000-card export take minutes. What follows the last run
 * stays in its face; a real line or paragraph rarely changes face this often.
 */
export const MAX_RUNS = 32;

/**
 * The text cut into runs of one face each. A character no face has stays in the base
 * face (and shows as a box): better an honest box than a silently dropped character.
 */
export function fontRuns(text: string): FontRun[] {
  if (BASE_ONLY.test(text)) return text ? [{ face: 'base', text }] : [];
  const runs: FontRun[] = [];
  let current: FontRun | undefined;
  for (const { segment, index } of graphemes.segment(text)) {
    let face: Face;
    // Not after an emoji: Noto Emoji's space is an emoji wide.
    if (current && current.face !== 'emoji' && NEUTRAL.test(segment) && covers(current.face, segment))
      face = current.face;
    else face = preferred(segment).find((f) => covers(f, segment)) ?? 'base';
    if (current?.face === face) current.text += segment;
    else if (current && runs.length === MAX_RUNS) {
      current.text += text.slice(index);
      break;
    } else {
      current = { face, text: segment };
      runs.push(current);
    }
  }
  return runs;
}

/** The run's text without the ignorable code points its face has no glyph for (pdfkit would draw a box). */
export function drawable(run: FontRun): string {
  if (!IGNORABLE.test(run.text)) return run.text;
  const font = fontOf(run.face);
  return Array.from(run.text)
    .filter((char) => !IGNORABLE.test(char) || font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0))
    .join('');
}

const advances = new Map<fontkit.Font, Map<number, number>>();
const shapedWidths = new Map<string, number>();
const SHAPED_WIDTHS_KEPT = 4096;

/**
 * The run's advance width at `size`, as resvg sets it in the picture's fonts: Arabic and
 * emoji shaped (letters join, sequences become one glyph), the others by their characters'
 * advances, each looked up once.
 */
export function runWidth(run: FontRun, size: number, bold = false): number {
  const font = fontOf(run.face, bold);
  let units: number;
  if (run.face === 'arabic' || run.face === 'emoji') {
    const key = `${run.face}${bold ? 'b' : 'r'}${run.text}`;
    units = shapedWidths.get(key) ?? font.layout(run.text).advanceWidth;
    if (shapedWidths.size >= SHAPED_WIDTHS_KEPT) shapedWidths.clear();
    shapedWidths.set(key, units);
  } else {
    const known = advances.get(font) ?? new Map<number, number>();
    advances.set(font, known);
    units = 0;
    for (const char of run.text) {
      const code = char.codePointAt(0) ?? 0;
      let advance = known.get(code);
      if (advance === undefined) {
        advance = font.glyphForCodePoint(code).advanceWidth;
        known.set(code, advance);
      }
      units += advance;
    }
  }
  return (units / font.unitsPerEm) * size;
}

/** Whether the run is in a right-to-left script (pdfkit lays out each word right to left, not the words). */
export function isRightToLeft(run: FontRun): boolean {
  return run.face === 'arabic';
}

/** Whether a line of these runs reads right to left: its first run other than emoji is Arabic. */
export function startsRightToLeft(runs: readonly FontRun[]): boolean {
  const first = runs.find((run) => run.face !== 'emoji');
  return first !== undefined && isRightToLeft(first);
}
