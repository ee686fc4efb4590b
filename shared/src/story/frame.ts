/**
 * The frame every slide shares: the page's margins and content area, the title bar
 * and footer, the handful of type sizes, and how items are split over slides and
 * columns. Inches and points; a slide file names its own measures beside its code.
 */
import { MIN_FONT_SIZE, SLIDE } from './model.js';

/** Type sizes, points; none is below MIN_FONT_SIZE. */
export const TYPE = {
  slideTitle: 24,
  /** A slide title too wide at slideTitle steps down to this before it is shortened. */
  slideTitleLong: 20,
  /** Small capitals over a group: "OBJECTIVE", "TOP FRICTION POINT". */
  section: MIN_FONT_SIZE,
  heading: 14,
  body: 11.5,
  /** Stage and lane headers, table headers. */
  header: 11,
  card: MIN_FONT_SIZE,
  chip: MIN_FONT_SIZE,
  small: MIN_FONT_SIZE,
  /** The big figures of a summary tile. */
  figure: 26,
  /** The lead text of the title and vision slides. */
  lead: 16,
} as const;

/** Page furniture, inches. */
export const PAGE = {
  marginX: 0.45,
  contentTop: 1.28,
  contentBottom: 6.98,
  footerY: 7.08,
} as const;
export const CONTENT_WIDTH = SLIDE.width - 2 * PAGE.marginX;
export const CONTENT_HEIGHT = PAGE.contentBottom - PAGE.contentTop;
export const CONTENT_RIGHT = SLIDE.width - PAGE.marginX;

/** The title bar: an accent bar beside a section label over the title, and an optional note on the right. */
export const TITLE_BAR = {
  accent: { x: PAGE.marginX, y: 0.42, w: 0.08, h: 0.62 },
  textX: PAGE.marginX + 0.2,
  section: { y: 0.3, h: 0.28 },
  title: { y: 0.56, h: 0.5 },
  note: { y: 0.62, h: 0.4, padding: 0.15, gap: 0.2 },
  /** Room the accent bar takes before the texts. */
  indent: 0.2,
  ruleY: 1.12,
} as const;

/** The footer under every slide but the title: a rule, the board's title and the slide number. */
export const FOOTER = {
  ruleY: PAGE.footerY - 0.06,
  h: 0.28,
  numberWidth: 1.4,
  /** The board title stops short of the slide number. */
  titleInset: 1.5,
  titleMax: 90,
} as const;

/** Outline and rule weights, points. */
export const STROKE = { hairline: 0.5, rule: 0.75, outline: 1 } as const;

/** The width of each of `count` columns across `width` with `gap` between them. */
export function columnWidth(count: number, gap: number, width: number = CONTENT_WIDTH): number {
  return (width - gap * (count - 1)) / count;
}

/** Splits `count` items into the fewest pages of at most `max`, as evenly as possible. */
export function balancedPages(count: number, max: number): Array<{ from: number; to: number }> {
  const pages = Math.max(1, Math.ceil(count / max));
  const base = Math.floor(count / pages);
  const extra = count % pages;
  const result: Array<{ from: number; to: number }> = [];
  let from = 0;
  for (let i = 0; i < pages; i++) {
    const size = base + (i < extra ? 1 : 0);
    result.push({ from, to: from + size });
    from += size;
  }
  return result;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** "4–6": the 1-based range of the items on page `page` of `perPage` each, `shown` of them. */
export function pageRange(page: number, perPage: number, shown: number): string {
  return `${page * perPage + 1}–${page * perPage + shown}`;
}
