/**
 * Slides laid out as side-by-side columns under coloured headers (friction removed,
 * reduced and added; the roadmap's now, next and later): the columns' measures, a
 * header with its count, and the line an empty column shows.
 */
import { run, type SlideCanvas, strong } from './canvas.js';
import { columnWidth, PAGE, TYPE } from './frame.js';
import { COLOUR, type Swatch } from './palette.js';

export const HEADED_COLUMN = {
  gap: 0.3,
  headerH: 0.42,
  padding: 0.12,
  /** From the header's top to the first item. */
  itemsY: 0.55,
  emptyH: 0.4,
} as const;

/** The left edges and width of `count` headed columns across the content area. */
export function headedColumns(count: number): { width: number; xs: number[] } {
  const width = columnWidth(count, HEADED_COLUMN.gap);
  return {
    width,
    xs: Array.from({ length: count }, (_, c) => PAGE.marginX + c * (width + HEADED_COLUMN.gap)),
  };
}

export function columnHeader(
  slide: SlideCanvas,
  role: string,
  x: number,
  width: number,
  title: string,
  count: number,
  swatch: Swatch,
): void {
  slide.box(
    role,
    x,
    PAGE.contentTop,
    width,
    HEADED_COLUMN.headerH,
    [strong(title, TYPE.heading, swatch.ink), run(`  ${count}`, TYPE.body, COLOUR.muted)],
    { fill: swatch.fill, valign: 'middle', padding: HEADED_COLUMN.padding },
  );
}

/** What an empty column says instead of items ("None", "Nothing planned"). */
export function emptyColumn(slide: SlideCanvas, role: string, x: number, width: number, text: string): void {
  slide.text(
    role,
    x,
    PAGE.contentTop + HEADED_COLUMN.itemsY,
    width,
    HEADED_COLUMN.emptyH,
    [run(text, TYPE.body, COLOUR.muted, { italic: true })],
    { padding: HEADED_COLUMN.padding },
  );
}
