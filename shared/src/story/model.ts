/**
 * The slide deck a workshop takes to leadership, as a renderer-neutral model: every
 * slide is a list of boxes (with text runs) and lines, positioned in inches on a
 * 13.333 × 7.5 in (16:9) page. The server's `export/pptx.ts` and `export/pdf.ts` and
 * the app's presentation (`client/src/present/`) draw the same model, so what is
 * presented is what is exported.
 */

/** The page, inches: PowerPoint's wide 16:9 layout. */
export const SLIDE = { width: 13.333, height: 7.5 } as const;
/**
 * No text on any slide is smaller than this (points): 14 CSS px when the page fills a
 * 1280 px wide screen (96 px to the inch), big enough to read across a room, and what
 * the printed deck keeps too, so both show the same slides.
 */
export const MIN_FONT_SIZE = 10.5;

export interface TextRun {
  text: string;
  /** Points. */
  size: number;
  /** Hex RGB without '#'. */
  color: string;
  bold?: boolean;
  italic?: boolean;
  /** Starts a new paragraph (the first run of a box always does). */
  paragraph?: boolean;
}

export interface Outline {
  color: string;
  /** Points. */
  width: number;
  dash?: 'solid' | 'dash' | 'dot';
}

/** A rectangle, rounded rectangle or ellipse, optionally filled, outlined and holding text. */
export interface BoxShape {
  type: 'box';
  /** Unique within its slide. */
  name: string;
  x: number;
  y: number;
  w: number;
  h: number;
  geometry: 'rect' | 'roundRect' | 'ellipse';
  fill: string | null;
  outline: Outline | null;
  runs: TextRun[];
  align: 'left' | 'center' | 'right';
  valign: 'top' | 'middle' | 'bottom';
  /** Inner margin on every side, inches. */
  padding: number;
}

export interface LineShape {
  type: 'line';
  name: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  color: string;
  /** Points. */
  width: number;
  dash: 'solid' | 'dash' | 'dot';
  /** Ends in an arrowhead at (x2, y2): the last run of a line between cards. */
  arrow?: boolean;
}

export type SlideShape = BoxShape | LineShape;

export type SlideKind =
  | 'title'
  | 'vision'
  | 'personas'
  | 'journey-overview'
  | 'journey-map'
  | 'friction-heat-map'
  | 'friction-ranking'
  | 'contact-reasons'
  | 'comparison'
  | 'friction-changes'
  | 'opportunity-matrix'
  | 'roadmap'
  | 'full-texts';

export interface Slide {
  /**
   * Stable across rebuilds of the deck: kind, the state the slide belongs to (empty
   * for the board-wide ones) and its page among that kind's slides of that state,
   * 'journey-map:<stateId>:2'. What is kept per slide (presenter notes, a hidden
   * slide) is kept under this key, not the slide's place in the deck, which moves;
   * a slide the board hides is left out of the deck, so out of the PPTX, the PDF and
   * the presentation alike.
   */
  key: string;
  kind: SlideKind;
  title: string;
  /**
   * The small label over the title ('Journey map · Current state') and the note on its
   * right ('Stages 1–4 of 8'); empty on the title slide. With the title they tell the
   * slides of one section apart in the presentation's slide list.
   */
  section: string;
  note: string;
  shapes: SlideShape[];
  /** The presenter's notes for this slide, as the board keeps them (the PPTX's notes page). */
  notes?: string;
  /** For journey-overview and journey-map slides: the state, and the ids of the cards drawn on this slide. */
  stateId?: string;
  cardIds?: string[];
}

export interface Deck {
  title: string;
  width: number;
  height: number;
  /** Every page's fill, hex RGB without '#'. */
  background: string;
  slides: Slide[];
}

export interface DeckOptions {
  /** The date printed on the title slide (today by default). */
  date?: Date;
}
