/**
 * The slide deck a workshop takes to leadership, as a renderer-neutral model: every
 * slide is a list of boxes (with text runs) and lines, positioned in inches on a
 * 13.333 × 7.5 in (16:9) page. `pptx.ts` and `pdf.ts` draw the same model, so the two
 * files always show the same slides.
 *
 * Layout rules that hold on every slide:
 * - text is never smaller than MIN_FONT_SIZE: big boards are paged (stages across
 *   slides, lanes and crowded cells down further slides), never shrunk;
 * - a text that does not fit its box is cut at a fixed length with an ellipsis, and
 *   its full wording is listed on the "Full texts" appendix, so nothing is lost;
 * - sizes are worked out here with Helvetica/Arial metrics (the fonts both renderers
 *   use, or metric twins of them), so the renderers only place what they are given.
 */
import {
  type BoardSnapshot,
  type Card,
  type CardKind,
  diffFriction,
  diffStates,
  type FrictionChange,
  frictionHeatMap,
  type HeatCell,
  HORIZONS,
  type Horizon,
  type Journey,
  type JourneyState,
  type Lane,
  type LaneKind,
  type Opportunity,
  QUADRANT_LABELS,
  type Quadrant,
  quadrantOf,
  rankFriction,
  roadmap,
  type Stage,
} from '@journeyboard/shared';

// ---------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------

export const SLIDE_WIDTH = 13.333;
export const SLIDE_HEIGHT = 7.5;
/** No text on any slide is smaller than this (points). */
export const MIN_FONT_SIZE = 8;
/** At most this many stages share a journey-map slide; more stages continue on the next slide. */
export const MAX_STAGES_PER_MAP_SLIDE = 6;
/** Longest card text drawn on a card; longer texts end in an ellipsis and appear in full in the appendix. */
export const CARD_TEXT_MAX = 100;
export const PERSONAS_PER_SLIDE = 6;
export const TOP_FRICTION_ROWS = 12;
export const TOP_FRICTION_MAX = 24;

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
}

export type Shape = BoxShape | LineShape;

export type SlideKind =
  | 'title'
  | 'vision'
  | 'personas'
  | 'journey-map'
  | 'friction-heat-map'
  | 'friction-ranking'
  | 'comparison'
  | 'friction-changes'
  | 'opportunity-matrix'
  | 'roadmap'
  | 'full-texts';

export interface Slide {
  kind: SlideKind;
  title: string;
  shapes: Shape[];
  /** For journey-map slides: the state, and the ids of the cards drawn on this slide. */
  stateId?: string;
  cardIds?: string[];
}

export interface Deck {
  title: string;
  width: number;
  height: number;
  slides: Slide[];
}

export interface DeckOptions {
  /** The date printed on the title slide (today by default). */
  date?: Date;
}

// ---------------------------------------------------------------------------
// Visual language: one palette, the app's lane colours, a handful of type sizes
// ---------------------------------------------------------------------------

const COLOR = {
  ink: '1D2433',
  muted: '5B6475',
  faint: '8A93A6',
  accent: '3B5BDB',
  accentTint: 'EDF2FF',
  line: 'DDE2EC',
  canvas: 'F4F6FA',
  white: 'FFFFFF',
  red: 'C92A2A',
  redBright: 'E03131',
  redTint: 'FFF0F0',
  green: '2B8A3E',
  greenBright: '2F9E44',
  greenTint: 'EBFBEE',
  purple: '7950F2',
  purpleTint: 'F3F0FF',
  blue: '1C7ED6',
  blueTint: 'E7F5FF',
  amber: 'B08800',
  grey: '868E96',
} as const;

interface Swatch {
  fill: string;
  border: string;
  /** Text and accents in this colour family. */
  ink: string;
}

const LANE_SWATCH: Record<LaneKind, Swatch> = {
  actions: { fill: 'FFF9DB', border: 'F0E0A0', ink: COLOR.amber },
  touchpoints: { fill: COLOR.blueTint, border: 'B7DCF7', ink: COLOR.blue },
  emotions: { fill: COLOR.purpleTint, border: 'D6CCFB', ink: COLOR.purple },
  friction: { fill: COLOR.redTint, border: 'F5C2C2', ink: COLOR.red },
  opportunities: { fill: COLOR.greenTint, border: 'B7E4C0', ink: COLOR.green },
  frontstage: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOR.muted },
  backstage: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOR.muted },
  support: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOR.muted },
  evidence: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOR.muted },
  custom: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOR.muted },
};

const CARD_SWATCH: Record<CardKind, Swatch> = {
  action: LANE_SWATCH.actions,
  touchpoint: LANE_SWATCH.touchpoints,
  emotion: LANE_SWATCH.emotions,
  friction: LANE_SWATCH.friction,
  opportunity: LANE_SWATCH.opportunities,
  frontstage: LANE_SWATCH.frontstage,
  backstage: LANE_SWATCH.backstage,
  support: LANE_SWATCH.support,
  evidence: LANE_SWATCH.evidence,
  note: LANE_SWATCH.custom,
};

const QUADRANT_SWATCH: Record<Quadrant, Swatch> = {
  'quick-win': { fill: 'EBFBEE', border: 'B7E4C0', ink: COLOR.green },
  structural: { fill: 'EDF2FF', border: 'BAC8FF', ink: COLOR.accent },
  'fill-in': { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOR.muted },
  reconsider: { fill: 'FFF5F5', border: 'FFC9C9', ink: COLOR.red },
};

/** Matrix headings name what a quadrant holds, so they read in the plural. */
const QUADRANT_HEADINGS: Record<Quadrant, string> = {
  'quick-win': `${QUADRANT_LABELS['quick-win']}s`,
  structural: QUADRANT_LABELS.structural,
  'fill-in': `${QUADRANT_LABELS['fill-in']}s`,
  reconsider: QUADRANT_LABELS.reconsider,
};

const HORIZON_SWATCH: Record<Horizon, Swatch> = {
  now: { fill: COLOR.accentTint, border: 'BAC8FF', ink: COLOR.accent },
  next: { fill: 'E6FCF5', border: '96F2D7', ink: '0C8599' },
  later: { fill: 'F8F9FA', border: 'DEE2E6', ink: COLOR.muted },
};

const HORIZON_TITLES: Record<Horizon, string> = { now: 'Now', next: 'Next', later: 'Later' };

const SIZE = {
  slideTitle: 24,
  section: 10,
  heading: 14,
  body: 11,
  header: 10,
  card: 9,
  chip: 8,
  small: 8,
} as const;

/** Page furniture, inches. */
const PAGE = {
  marginX: 0.45,
  contentTop: 1.28,
  contentBottom: 6.98,
  footerY: 7.08,
} as const;
const CONTENT_WIDTH = SLIDE_WIDTH - 2 * PAGE.marginX;

// ---------------------------------------------------------------------------
// Text measurement (Helvetica AFM widths, which Arial and Liberation Sans share)
// ---------------------------------------------------------------------------

/** Advance widths in 1/1000 em of the printable ASCII characters, space (32) to tilde (126). */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Width in inches of a single line of text. Errs wide: a renderer's wrap must not come out longer than ours. */
export function textWidth(text: string, size: number, bold = false): number {
  let units = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= 32 && code <= 126) units += HELVETICA_WIDTHS[code - 32] ?? 556;
    else if (code >= 0x2e80)
      units += 1000; // CJK and other full-width scripts
    else units += 640;
  }
  return ((units / 1000) * size * (bold ? 1.1 : 1.04)) / 72;
}

export function lineHeight(size: number): number {
  return (size * 1.22) / 72;
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

function textHeight(text: string, width: number, size: number, bold = false): number {
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

/** Every text cut short anywhere in the deck, to be printed in full on the appendix. */
class FullTexts {
  readonly entries: Array<{ where: string; text: string }> = [];
  private readonly seen = new Set<string>();

  /** `text` cut to `max` characters; when cut, remembered with where it was shown. */
  fit(text: string, max: number, where: string): string {
    const shown = ellipsize(text, max);
    if (shown !== text.trim()) {
      const key = `${where}\u0000${text}`;
      if (!this.seen.has(key)) {
        this.seen.add(key);
        this.entries.push({ where, text: text.trim() });
      }
    }
    return shown;
  }
}

// ---------------------------------------------------------------------------
// Drawing onto one slide
// ---------------------------------------------------------------------------

interface BoxStyle {
  geometry?: BoxShape['geometry'];
  fill?: string | null;
  outline?: Outline | null;
  align?: BoxShape['align'];
  valign?: BoxShape['valign'];
  padding?: number;
}

class SlideCanvas {
  readonly shapes: Shape[] = [];
  private count = 0;

  constructor(
    readonly kind: SlideKind,
    readonly title: string,
  ) {}

  private nameFor(role: string): string {
    this.count += 1;
    return `${role}-${this.count}`;
  }

  box(role: string, x: number, y: number, w: number, h: number, runs: TextRun[], style: BoxStyle = {}): void {
    this.shapes.push({
      type: 'box',
      name: this.nameFor(role),
      x,
      y,
      w,
      h,
      geometry: style.geometry ?? 'rect',
      fill: style.fill ?? null,
      outline: style.outline ?? null,
      runs: runs.filter((r) => r.text !== ''),
      align: style.align ?? 'left',
      valign: style.valign ?? 'top',
      padding: style.padding ?? 0,
    });
  }

  /** A plain text box (no fill, no outline). */
  text(
    role: string,
    x: number,
    y: number,
    w: number,
    h: number,
    runs: TextRun[],
    style: BoxStyle = {},
  ): void {
    this.box(role, x, y, w, h, runs, style);
  }

  line(
    role: string,
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    color: string,
    width: number,
    dash: LineShape['dash'] = 'solid',
  ): void {
    this.shapes.push({ type: 'line', name: this.nameFor(role), x1, y1, x2, y2, color, width, dash });
  }
}

const run = (
  text: string,
  size: number,
  color: string = COLOR.ink,
  extra: Partial<TextRun> = {},
): TextRun => ({
  text,
  size,
  color,
  ...extra,
});

/** Numbers as people read them on a slide: 12.4, 1,250, 3. */
function formatScore(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return rounded.toLocaleString('en-GB', { maximumFractionDigits: 1 });
}

function formatChange(before: number, after: number): string {
  if (before === 0) return after === 0 ? 'no change' : 'new friction';
  const percent = Math.round(((after - before) / before) * 100);
  return percent === 0 ? 'no change' : `${percent > 0 ? '+' : '−'}${Math.abs(percent)}%`;
}

/** Splits `count` items into the fewest pages of at most `max`, as evenly as possible. */
function balancedPages(count: number, max: number): Array<{ from: number; to: number }> {
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

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

// ---------------------------------------------------------------------------
// The deck
// ---------------------------------------------------------------------------

class DeckBuilder {
  readonly slides: SlideCanvas[] = [];
  readonly mapCards = new Map<SlideCanvas, { stateId: string; cardIds: string[] }>();
  readonly fullTexts = new FullTexts();
  readonly stageById: Map<string, Stage>;
  readonly laneById: Map<string, Lane>;
  readonly stateById: Map<string, JourneyState>;
  readonly journeyById: Map<string, Journey>;

  constructor(
    readonly board: BoardSnapshot,
    readonly options: DeckOptions,
  ) {
    this.stageById = new Map(board.stages.map((s) => [s.id, s]));
    this.laneById = new Map(board.lanes.map((l) => [l.id, l]));
    this.stateById = new Map(board.states.map((s) => [s.id, s]));
    this.journeyById = new Map(board.journeys.map((j) => [j.id, j]));
  }

  /** A new slide with its title bar: a small section label over the title, and an optional note on the right. */
  slide(kind: SlideKind, section: string, title: string, note = ''): SlideCanvas {
    const slide = new SlideCanvas(kind, title);
    this.slides.push(slide);
    const noteWidth = note ? textWidth(note, SIZE.body) + 0.15 : 0;
    const width = CONTENT_WIDTH - 0.2 - noteWidth - (note ? 0.2 : 0);
    slide.box('title-accent', PAGE.marginX, 0.42, 0.08, 0.62, [], { fill: COLOR.accent });
    slide.text('section', PAGE.marginX + 0.2, 0.3, width, 0.28, [
      run(
        this.fitLine(section.toUpperCase(), width, SIZE.section, true, 'Slide section'),
        SIZE.section,
        COLOR.accent,
        {
          bold: true,
        },
      ),
    ]);
    // A long title steps down a size before it is shortened.
    const titleSize = textWidth(title, SIZE.slideTitle, true) <= width ? SIZE.slideTitle : 20;
    slide.text(
      'title',
      PAGE.marginX + 0.2,
      0.56,
      width,
      0.5,
      [run(this.fitLine(title, width, titleSize, true, 'Slide title'), titleSize, COLOR.ink, { bold: true })],
      { valign: 'middle' },
    );
    if (note) {
      slide.text(
        'title-note',
        SLIDE_WIDTH - PAGE.marginX - noteWidth,
        0.62,
        noteWidth,
        0.4,
        [run(note, SIZE.body, COLOR.muted)],
        { align: 'right', valign: 'bottom' },
      );
    }
    slide.line('title-rule', PAGE.marginX, 1.12, SLIDE_WIDTH - PAGE.marginX, 1.12, COLOR.line, 0.75);
    return slide;
  }

  /** `text` on one line of `width` inches: shortened with an ellipsis (and listed in the appendix) when too wide. */
  fitLine(text: string, width: number, size: number, bold: boolean, where: string): string {
    if (textWidth(text, size, bold) <= width) return text;
    let max = text.length;
    while (max > 4 && textWidth(ellipsize(text, max), size, bold) > width) max = Math.floor(max * 0.95);
    return this.fullTexts.fit(text, max, where);
  }

  stateLabel(state: JourneyState): string {
    return state.title || (state.kind === 'current' ? 'Current state' : 'Future state');
  }

  journeyTitle(state: JourneyState): string {
    return this.journeyById.get(state.journeyId)?.title ?? 'Journey';
  }

  orderedStates(): JourneyState[] {
    const journeyOrder = new Map(this.board.journeys.map((j, i) => [j.id, i]));
    return this.board.states
      .filter((s) => journeyOrder.has(s.journeyId))
      .sort(
        (a, b) =>
          (journeyOrder.get(a.journeyId) ?? 0) - (journeyOrder.get(b.journeyId) ?? 0) ||
          (a.kind === b.kind ? 0 : a.kind === 'current' ? -1 : 1) ||
          a.order.localeCompare(b.order),
      );
  }

  // ---- title -------------------------------------------------------------

  titleSlide(): void {
    const { meta } = this.board;
    const slide = new SlideCanvas('title', meta.title);
    this.slides.push(slide);
    slide.box('title-band', 0, 0, 4.3, SLIDE_HEIGHT, [], { fill: COLOR.ink });
    slide.text('title-brand', 0.6, 0.6, 3.3, 0.4, [
      run('JOURNEYBOARD', SIZE.section, 'AEB7C8', { bold: true }),
    ]);
    const date = (this.options.date ?? new Date()).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
    slide.text('title-date', 0.6, 6.4, 3.3, 0.4, [run(date, SIZE.body, 'DDE2EC')]);

    const x = 4.9;
    const width = SLIDE_WIDTH - x - 0.7;
    const title = this.fullTexts.fit(meta.title, 120, 'Board title');
    const titleHeight = textHeight(title, width, 32, true) + 0.1;
    let y = 1.3;
    slide.text('title-board', x, y, width, titleHeight, [run(title, 32, COLOR.ink, { bold: true })]);
    y += titleHeight + 0.25;
    if (meta.objective.trim()) {
      slide.text('title-objective-label', x, y, width, 0.3, [
        run('OBJECTIVE', SIZE.section, COLOR.accent, { bold: true }),
      ]);
      y += 0.32;
      const objective = this.fullTexts.fit(meta.objective, 300, 'Objective');
      const height = textHeight(objective, width, 16) + 0.08;
      slide.text('title-objective', x, y, width, height, [run(objective, 16, COLOR.ink)]);
      y += height + 0.3;
    }
    const journeys = this.board.journeys;
    if (journeys.length > 0) {
      slide.text('title-journeys-label', x, y, width, 0.3, [
        run(journeys.length === 1 ? 'JOURNEY' : 'JOURNEYS', SIZE.section, COLOR.accent, { bold: true }),
      ]);
      y += 0.34;
      const room = Math.max(1, Math.floor((6.9 - y) / 0.5));
      const shown = journeys.slice(0, journeys.length > room ? room - 1 : room);
      for (const journey of shown) {
        const states = this.board.states.filter((s) => s.journeyId === journey.id);
        const futures = states.filter((s) => s.kind === 'future').length;
        slide.text('title-journey', x, y, width, 0.46, [
          run(this.fullTexts.fit(journey.title, 90, 'Journey title'), SIZE.heading, COLOR.ink, {
            bold: true,
          }),
          run(
            `Current state${futures > 0 ? ` and ${futures} future state${futures === 1 ? '' : 's'}` : ''}`,
            SIZE.body,
            COLOR.muted,
            { paragraph: true },
          ),
        ]);
        y += 0.5;
      }
      if (shown.length < journeys.length) {
        // Every journey's title is on its own map slides; the title slide only has room to name the first few.
        slide.text('title-journeys-more', x, y, width, 0.3, [
          run(
            `and ${journeys.length - shown.length} more journeys, each mapped below`,
            SIZE.body,
            COLOR.muted,
          ),
        ]);
      }
    }
  }

  // ---- vision and principles ------------------------------------------------

  visionSlides(): void {
    const { meta, principles } = this.board;
    const vision = meta.vision.trim();
    if (!vision && principles.length === 0) return;
    const perSlide = 8;
    const groups = principles.length > 0 ? chunk(principles, perSlide) : [[]];
    groups.forEach((group, page) => {
      const slide = this.slide(
        'vision',
        'Vision',
        'What great looks like',
        groups.length > 1
          ? `Principles ${page * perSlide + 1}–${page * perSlide + group.length} of ${principles.length}`
          : '',
      );
      let y = PAGE.contentTop;
      if (vision) {
        const shown = this.fullTexts.fit(vision, 420, 'Vision');
        const height = Math.min(2.4, textHeight(shown, CONTENT_WIDTH - 0.5, 16) + 0.3);
        slide.box('vision-panel', PAGE.marginX, y, CONTENT_WIDTH, height, [], { fill: COLOR.canvas });
        slide.box('vision-accent', PAGE.marginX, y, 0.08, height, [], { fill: COLOR.purple });
        slide.text('vision-text', PAGE.marginX + 0.3, y + 0.12, CONTENT_WIDTH - 0.45, height - 0.2, [
          run(shown, 16, COLOR.ink),
        ]);
        y += height + 0.3;
      }
      if (group.length === 0) return;
      slide.text('principles-label', PAGE.marginX, y, CONTENT_WIDTH, 0.3, [
        run('EXPERIENCE PRINCIPLES', SIZE.section, COLOR.accent, { bold: true }),
      ]);
      y += 0.38;
      const columns = Math.min(4, group.length);
      const rows = Math.ceil(group.length / columns);
      const gap = 0.2;
      const w = (CONTENT_WIDTH - gap * (columns - 1)) / columns;
      const needed = Math.max(
        ...group.map((p) => textHeight(p.text, w - 0.3, SIZE.body) + lineHeight(SIZE.heading) + 0.8),
      );
      const h = Math.min(Math.max(1.4, needed), (PAGE.contentBottom - y - gap * (rows - 1)) / rows);
      group.forEach((principle, i) => {
        const px = PAGE.marginX + (i % columns) * (w + gap);
        const py = y + Math.floor(i / columns) * (h + gap);
        // "Easy: sort out ..." reads as a heading and its meaning.
        const text = this.fullTexts.fit(principle.text, 200, 'Experience principle');
        const colon = text.indexOf(':');
        const runs =
          colon > 0 && colon < 40
            ? [
                run(text.slice(0, colon), SIZE.heading, COLOR.ink, { bold: true }),
                run(text.slice(colon + 1).trim(), SIZE.body, COLOR.muted, { paragraph: true }),
              ]
            : [run(text, SIZE.body, COLOR.ink)];
        slide.box('principle', px, py, w, h, [], {
          geometry: 'roundRect',
          fill: COLOR.white,
          outline: { color: COLOR.line, width: 1 },
        });
        slide.box(
          'principle-number',
          px + 0.15,
          py + 0.15,
          0.34,
          0.34,
          [run(String(page * perSlide + i + 1), SIZE.body, COLOR.white, { bold: true })],
          { geometry: 'ellipse', fill: COLOR.purple, align: 'center', valign: 'middle' },
        );
        slide.text('principle-text', px + 0.15, py + 0.58, w - 0.3, h - 0.68, runs);
      });
    });
  }

  // ---- personas ------------------------------------------------------------

  personaSlides(): void {
    const personas = this.board.personas;
    if (personas.length === 0) return;
    const pages = chunk(personas, PERSONAS_PER_SLIDE);
    // What each segment suffers: the business case starts with who feels the friction.
    const felt = new Map<string, { count: number; total: number }>();
    for (const state of this.board.states) {
      if (state.kind !== 'current') continue;
      for (const item of rankFriction(this.board, state.id).items) {
        const id = item.card.friction.segmentId;
        if (!id) continue;
        const entry = felt.get(id) ?? { count: 0, total: 0 };
        entry.count += 1;
        entry.total += item.score.score;
        felt.set(id, entry);
      }
    }
    pages.forEach((group, page) => {
      const slide = this.slide(
        'personas',
        'Who we serve',
        'Customer segments and personas',
        pages.length > 1
          ? `${page * PERSONAS_PER_SLIDE + 1}–${page * PERSONAS_PER_SLIDE + group.length} of ${personas.length}`
          : '',
      );
      const gap = 0.25;
      const w = (CONTENT_WIDTH - 2 * gap) / 3;
      // Cards as tall as the longest description needs, at most half the page.
      const descriptionHeight = Math.max(
        ...group.map((p) => textHeight(ellipsize(p.description, 400), w - 0.4, SIZE.body)),
      );
      const h = Math.min(
        (PAGE.contentBottom - PAGE.contentTop - gap) / 2,
        Math.max(2.5, descriptionHeight + 2),
      );
      group.forEach((persona, i) => {
        const x = PAGE.marginX + (i % 3) * (w + gap);
        const y = PAGE.contentTop + Math.floor(i / 3) * (h + gap);
        const tier =
          persona.valueTier === 'top'
            ? 'Top value'
            : `${persona.valueTier[0]?.toUpperCase()}${persona.valueTier.slice(1)} value`;
        const priority =
          persona.priority === 'standard'
            ? 'Standard'
            : persona.priority === 'priority'
              ? 'Priority'
              : 'Special treatment';
        slide.box('persona', x, y, w, h, [], {
          geometry: 'roundRect',
          fill: COLOR.white,
          outline: { color: COLOR.line, width: 1 },
        });
        const initials = persona.name
          .split(/\s+/)
          .filter(Boolean)
          .slice(0, 2)
          .map((word) => word[0]?.toUpperCase() ?? '')
          .join('');
        slide.box(
          'persona-avatar',
          x + 0.2,
          y + 0.2,
          0.55,
          0.55,
          [run(initials || '?', SIZE.heading, COLOR.white, { bold: true })],
          {
            geometry: 'ellipse',
            fill: COLOR.accent,
            align: 'center',
            valign: 'middle',
          },
        );
        slide.text(
          'persona-name',
          x + 0.9,
          y + 0.18,
          w - 1.05,
          0.6,
          [
            run(this.fullTexts.fit(persona.name, 60, 'Persona name'), SIZE.heading, COLOR.ink, {
              bold: true,
            }),
          ],
          { valign: 'middle' },
        );
        const chipY = y + 0.9;
        const tierWidth = textWidth(tier, SIZE.chip, true) + 0.2;
        slide.box(
          'persona-tier',
          x + 0.2,
          chipY,
          tierWidth,
          0.24,
          [run(tier, SIZE.chip, COLOR.accent, { bold: true })],
          {
            geometry: 'roundRect',
            fill: COLOR.accentTint,
            align: 'center',
            valign: 'middle',
          },
        );
        const priorityWidth = textWidth(priority, SIZE.chip, true) + 0.2;
        const special = persona.priority !== 'standard';
        slide.box(
          'persona-priority',
          x + 0.3 + tierWidth,
          chipY,
          priorityWidth,
          0.24,
          [run(priority, SIZE.chip, special ? COLOR.purple : COLOR.muted, { bold: true })],
          {
            geometry: 'roundRect',
            fill: special ? COLOR.purpleTint : COLOR.canvas,
            align: 'center',
            valign: 'middle',
          },
        );
        const descriptionWidth = w - 0.4;
        const descriptionHeight = h - 1.8;
        const maxChars = Math.floor(
          (descriptionHeight / lineHeight(SIZE.body)) * (descriptionWidth / textWidth('n', SIZE.body)) * 0.8,
        );
        slide.text('persona-description', x + 0.2, y + 1.25, descriptionWidth, descriptionHeight, [
          run(
            this.fullTexts.fit(persona.description, Math.min(400, maxChars), `Persona: ${persona.name}`),
            SIZE.body,
            COLOR.muted,
          ),
        ]);
        const pain = felt.get(persona.id);
        slide.line('persona-rule', x + 0.2, y + h - 0.45, x + w - 0.2, y + h - 0.45, COLOR.line, 0.5);
        slide.text(
          'persona-friction',
          x + 0.2,
          y + h - 0.42,
          w - 0.4,
          0.34,
          [
            run('Friction felt in current states: ', SIZE.small, COLOR.muted),
            run(
              pain
                ? `${pain.count} point${pain.count === 1 ? '' : 's'}, score ${formatScore(pain.total)}`
                : 'none recorded',
              SIZE.small,
              pain ? COLOR.red : COLOR.muted,
              { bold: true },
            ),
          ],
          { valign: 'middle' },
        );
      });
    });
  }

  // ---- the journey map -------------------------------------------------------

  journeyMapSlides(state: JourneyState): void {
    const stages = this.board.stages.filter((s) => s.stateId === state.id);
    const lanes = this.board.lanes.filter((l) => l.stateId === state.id);
    if (stages.length === 0 || lanes.length === 0) return;
    const cells = new Map<string, Card[]>();
    for (const card of this.board.cards) {
      if (card.stateId !== state.id) continue;
      const key = `${card.stageId}|${card.laneId}`;
      const cell = cells.get(key);
      if (cell) cell.push(card);
      else cells.set(key, [card]);
    }
    const stagePages = balancedPages(stages.length, MAX_STAGES_PER_MAP_SLIDE);
    const perPage = Math.max(...stagePages.map((p) => p.to - p.from));
    const grid = new MapGrid(perPage);
    for (const page of stagePages) {
      const pageStages = stages.slice(page.from, page.to);
      const pieces = lanes.flatMap((lane) => grid.lanePieces(lane, pageStages, cells, this.fullTexts, state));
      // Pack the lane pieces top to bottom, starting a new slide when the next one does not fit.
      const slidesOfPage: LanePiece[][] = [[]];
      let used = 0;
      for (const piece of pieces) {
        const current = slidesOfPage[slidesOfPage.length - 1] ?? [];
        if (current.length > 0 && used + piece.height > grid.lanesHeight + 1e-9) {
          slidesOfPage.push([piece]);
          used = piece.height;
        } else {
          current.push(piece);
          used += piece.height;
        }
      }
      slidesOfPage.forEach((pieceGroup, part) => {
        const stageNote =
          stages.length > pageStages.length
            ? `Stages ${page.from + 1}–${page.to} of ${stages.length}`
            : `${stages.length} stage${stages.length === 1 ? '' : 's'}`;
        const partNote = slidesOfPage.length > 1 ? ` · part ${part + 1} of ${slidesOfPage.length}` : '';
        const slide = this.slide(
          'journey-map',
          `Journey map · ${this.stateLabel(state)}`,
          this.journeyTitle(state),
          stageNote + partNote,
        );
        const cardIds = grid.draw(slide, pageStages, pieceGroup, this.fullTexts);
        this.mapCards.set(slide, { stateId: state.id, cardIds });
      });
    }
  }

  // ---- friction business case --------------------------------------------------

  frictionSlides(state: JourneyState): void {
    const ranked = rankFriction(this.board, state.id);
    if (ranked.items.length === 0) return;
    const stages = this.board.stages.filter((s) => s.stateId === state.id);
    const lanes = this.board.lanes.filter((l) => l.stateId === state.id);
    const heat = new Map(frictionHeatMap(this.board, state.id).map((c) => [`${c.stageId}|${c.laneId}`, c]));
    let hottest: HeatCell | undefined;
    for (const cell of heat.values()) if (cell.total > (hottest?.total ?? 0)) hottest = cell;

    const sidebarWidth = 3.1;
    const laneHeaderWidth = 1.7;
    const gridWidth = CONTENT_WIDTH - sidebarWidth - 0.3;
    const stagePages = balancedPages(stages.length, 8);
    const lanePages = balancedPages(lanes.length, 12);
    const pageCount = stagePages.length * lanePages.length;
    let pageNumber = 0;
    for (const stagePage of stagePages) {
      for (const lanePage of lanePages) {
        pageNumber += 1;
        const pageStages = stages.slice(stagePage.from, stagePage.to);
        const pageLanes = lanes.slice(lanePage.from, lanePage.to);
        const slide = this.slide(
          'friction-heat-map',
          `Friction heat map · ${this.stateLabel(state)}`,
          this.journeyTitle(state),
          pageCount > 1 ? `Heat map ${pageNumber} of ${pageCount}` : '',
        );
        const columnWidth = (gridWidth - laneHeaderWidth) / Math.max(...stagePages.map((p) => p.to - p.from));
        const headerHeight = 0.55;
        const rowHeight = Math.min(
          0.62,
          (PAGE.contentBottom - PAGE.contentTop - headerHeight - 0.4) / pageLanes.length,
        );
        const top = PAGE.contentTop;
        pageStages.forEach((stage, i) => {
          slide.box(
            'heat-stage',
            PAGE.marginX + laneHeaderWidth + i * columnWidth,
            top,
            columnWidth - 0.04,
            headerHeight - 0.04,
            [
              run(this.fullTexts.fit(stage.title, 28, 'Stage title'), SIZE.header, COLOR.white, {
                bold: true,
              }),
            ],
            { fill: COLOR.ink, align: 'center', valign: 'middle', padding: 0.04 },
          );
        });
        pageLanes.forEach((lane, r) => {
          const y = top + headerHeight + r * rowHeight;
          const swatch = LANE_SWATCH[lane.kind];
          slide.box(
            'heat-lane',
            PAGE.marginX,
            y,
            laneHeaderWidth - 0.04,
            rowHeight - 0.04,
            [run(this.fullTexts.fit(lane.title, 34, 'Lane title'), SIZE.header, swatch.ink, { bold: true })],
            { fill: swatch.fill, valign: 'middle', padding: 0.06 },
          );
          pageStages.forEach((stage, i) => {
            const cell = heat.get(`${stage.id}|${lane.id}`);
            const intensity = cell?.intensity ?? 0;
            const runs =
              cell && cell.count > 0
                ? [
                    run(formatScore(cell.total), SIZE.header, intensity > 0.55 ? COLOR.white : COLOR.ink, {
                      bold: true,
                    }),
                    run(
                      `${cell.count} point${cell.count === 1 ? '' : 's'}`,
                      SIZE.small,
                      intensity > 0.55 ? COLOR.white : COLOR.muted,
                      {
                        paragraph: true,
                      },
                    ),
                  ]
                : [];
            slide.box(
              'heat-cell',
              PAGE.marginX + laneHeaderWidth + i * columnWidth,
              y,
              columnWidth - 0.04,
              rowHeight - 0.04,
              rowHeight < 0.45 ? runs.slice(0, 1) : runs,
              {
                fill: cell && cell.count > 0 ? heatColor(intensity) : 'F8F9FA',
                align: 'center',
                valign: 'middle',
              },
            );
          });
        });
        slide.text('heat-legend', PAGE.marginX, PAGE.contentBottom - 0.3, gridWidth, 0.3, [
          run(
            'Cell = friction score of the points in it or connected to it. Darker red = higher; blank = none.',
            SIZE.small,
            COLOR.muted,
          ),
        ]);
        this.frictionSummary(slide, SLIDE_WIDTH - PAGE.marginX - sidebarWidth, sidebarWidth, ranked, hottest);
      }
    }

    // The ranked table: the top of the business case, paged.
    const top = ranked.items.slice(0, TOP_FRICTION_MAX);
    const tables = chunk(top, TOP_FRICTION_ROWS);
    tables.forEach((rows, page) => {
      const slide = this.slide(
        'friction-ranking',
        `Friction business case · ${this.stateLabel(state)}`,
        'Top friction points, by score',
        tables.length > 1
          ? `Ranks ${page * TOP_FRICTION_ROWS + 1}–${page * TOP_FRICTION_ROWS + rows.length}`
          : '',
      );
      const columns = [
        { title: '#', width: 0.5, align: 'center' as const },
        { title: 'Friction point', width: 5.1, align: 'left' as const },
        { title: 'Stage', width: 1.9, align: 'left' as const },
        { title: 'Score', width: 0.9, align: 'right' as const },
        { title: 'Share', width: 1.9, align: 'left' as const },
        { title: 'Owner', width: CONTENT_WIDTH - 10.3, align: 'left' as const },
      ];
      const rowHeight = 0.4;
      // Bars are scaled to the biggest share on the board, so the long tail stays visible.
      const topShare = Math.max(0.0001, ranked.items[0]?.share ?? 1);
      let x = PAGE.marginX;
      const headerY = PAGE.contentTop;
      for (const column of columns) {
        slide.box(
          'table-header',
          x,
          headerY,
          column.width,
          0.34,
          [run(column.title, SIZE.header, COLOR.white, { bold: true })],
          {
            fill: COLOR.ink,
            align: column.align,
            valign: 'middle',
            padding: 0.07,
          },
        );
        x += column.width;
      }
      rows.forEach((item, r) => {
        const y = headerY + 0.34 + r * rowHeight;
        if (r % 2 === 1)
          slide.box('table-stripe', PAGE.marginX, y, CONTENT_WIDTH, rowHeight, [], { fill: COLOR.canvas });
        const cellsText = [
          String(page * TOP_FRICTION_ROWS + r + 1),
          ellipsize(item.card.text || '(no text)', 78),
          ellipsize(item.stage.title, 26),
          item.score.assessed ? formatScore(item.score.score) : 'not assessed',
          '',
          ellipsize(item.owner || '—', 30),
        ];
        let cx = PAGE.marginX;
        columns.forEach((column, c) => {
          const bold = c === 0 || c === 3;
          slide.text(
            'table-cell',
            cx,
            y,
            column.width,
            rowHeight,
            [run(cellsText[c] ?? '', SIZE.card, bold ? COLOR.ink : COLOR.ink, { bold })],
            {
              align: column.align,
              valign: 'middle',
              padding: 0.07,
            },
          );
          cx += column.width;
        });
        // The share column is a bar, so the long tail reads at a glance.
        const shareX = PAGE.marginX + 0.5 + 5.1 + 1.9 + 0.9 + 0.1;
        const barMax = 1.1;
        slide.box('share-bar', shareX, y + 0.13, Math.max(0.02, (barMax * item.share) / topShare), 0.14, [], {
          fill: COLOR.redBright,
        });
        slide.text(
          'share-value',
          shareX + barMax + 0.05,
          y,
          0.65,
          rowHeight,
          [run(`${Math.round(item.share * 100)}%`, SIZE.card, COLOR.muted)],
          {
            valign: 'middle',
          },
        );
      });
      const y = headerY + 0.34 + rows.length * rowHeight + 0.15;
      const rest = ranked.items.length - top.length;
      slide.text('table-footnote', PAGE.marginX, y, CONTENT_WIDTH, 0.5, [
        run(
          `${ranked.items.length} friction point${ranked.items.length === 1 ? '' : 's'}, total score ${formatScore(ranked.total)}` +
            (ranked.unassessed > 0 ? `; ${ranked.unassessed} not yet assessed (score 0)` : '') +
            (rest > 0 ? `; the other ${rest} are on the journey map slides` : '') +
            '. Score = severity × frequency factor × segment weight.',
          SIZE.small,
          COLOR.muted,
        ),
      ]);
    });
  }

  frictionSummary(
    slide: SlideCanvas,
    x: number,
    width: number,
    ranked: ReturnType<typeof rankFriction>,
    hottest: HeatCell | undefined,
  ): void {
    let y = PAGE.contentTop;
    const tile = (label: string, value: string, color: string) => {
      slide.box(
        'summary-tile',
        x,
        y,
        width,
        0.95,
        [run(value, 26, color, { bold: true }), run(label, SIZE.body, COLOR.muted, { paragraph: true })],
        {
          geometry: 'roundRect',
          fill: COLOR.canvas,
          valign: 'middle',
          padding: 0.15,
        },
      );
      y += 1.1;
    };
    tile('total friction score', formatScore(ranked.total), COLOR.red);
    tile('friction points', String(ranked.items.length), COLOR.ink);
    if (ranked.unassessed > 0) tile('not yet assessed (score 0)', String(ranked.unassessed), COLOR.muted);
    const first = ranked.items[0];
    if (first) {
      slide.text('summary-top-label', x, y, width, 0.28, [
        run('TOP FRICTION POINT', SIZE.section, COLOR.accent, { bold: true }),
      ]);
      slide.text('summary-top', x, y + 0.3, width, 0.8, [
        run(ellipsize(first.card.text, 90), SIZE.body, COLOR.ink, { bold: true }),
        run(
          `${formatScore(first.score.score)} · ${Math.round(first.share * 100)}% of the total`,
          SIZE.small,
          COLOR.muted,
          {
            paragraph: true,
          },
        ),
      ]);
      y += 1.15;
    }
    if (hottest && hottest.total > 0) {
      const stage = this.stageById.get(hottest.stageId);
      const lane = this.laneById.get(hottest.laneId);
      slide.text('summary-hot-label', x, y, width, 0.28, [
        run('HOTTEST CELL', SIZE.section, COLOR.accent, { bold: true }),
      ]);
      slide.text('summary-hot', x, y + 0.3, width, 0.6, [
        run(
          `${ellipsize(stage?.title ?? '', 30)} × ${ellipsize(lane?.title ?? '', 30)}`,
          SIZE.body,
          COLOR.ink,
          { bold: true },
        ),
        run(`score ${formatScore(hottest.total)}`, SIZE.small, COLOR.muted, { paragraph: true }),
      ]);
    }
  }

  // ---- current → future ----------------------------------------------------------

  comparisonSlides(future: JourneyState): void {
    const from = future.derivedFrom ? this.stateById.get(future.derivedFrom) : undefined;
    if (!from) return;
    const friction = diffFriction(this.board, from.id, future.id);
    const cards = diffStates(this.board, from.id, future.id);
    const section = `${this.stateLabel(from)} → ${this.stateLabel(future)}`;
    const stagePages = chunk(friction.stages, 10);
    const scaleMax = Math.max(0.01, ...friction.stages.flatMap((s) => [s.before, s.after]));
    stagePages.forEach((stages, page) => {
      const slide = this.slide(
        'comparison',
        section,
        this.journeyTitle(future),
        stagePages.length > 1
          ? `Stages ${page * 10 + 1}–${page * 10 + stages.length} of ${friction.stages.length}`
          : '',
      );
      // Left: the headline numbers.
      const panelX = PAGE.marginX;
      const panelWidth = 3.7;
      let y = PAGE.contentTop;
      slide.box('total-panel', panelX, y, panelWidth, 1.9, [], { geometry: 'roundRect', fill: COLOR.canvas });
      slide.text('total-label', panelX + 0.2, y + 0.12, panelWidth - 0.4, 0.3, [
        run('TOTAL FRICTION SCORE', SIZE.section, COLOR.accent, { bold: true }),
      ]);
      slide.text('total-before', panelX + 0.2, y + 0.45, 1.5, 0.8, [
        run(formatScore(friction.totalBefore), 28, COLOR.red, { bold: true }),
        run('before', SIZE.small, COLOR.muted, { paragraph: true }),
      ]);
      slide.text('total-arrow', panelX + 1.55, y + 0.45, 0.5, 0.55, [run('→', 24, COLOR.faint)], {
        align: 'center',
        valign: 'middle',
      });
      slide.text('total-after', panelX + 2.1, y + 0.45, 1.5, 0.8, [
        run(formatScore(friction.totalAfter), 28, COLOR.greenBright, { bold: true }),
        run('after', SIZE.small, COLOR.muted, { paragraph: true }),
      ]);
      slide.text('total-change', panelX + 0.2, y + 1.35, panelWidth - 0.4, 0.4, [
        run(formatChange(friction.totalBefore, friction.totalAfter), SIZE.heading, COLOR.ink, { bold: true }),
        run(' total friction', SIZE.body, COLOR.muted),
      ]);
      y += 2.15;
      slide.text('cards-label', panelX, y, panelWidth, 0.3, [
        run('CARDS ON THE MAP', SIZE.section, COLOR.accent, { bold: true }),
      ]);
      y += 0.35;
      const counts: Array<[string, number, string]> = [
        ['added', cards.added.length, COLOR.greenBright],
        ['removed', cards.removed.length, COLOR.red],
        ['changed', cards.changed.length, COLOR.accent],
        ['moved', cards.moved.length, COLOR.purple],
      ];
      counts.forEach(([label, count, color], i) => {
        const tileWidth = (panelWidth - 0.15) / 2;
        slide.box(
          'card-count',
          panelX + (i % 2) * (tileWidth + 0.15),
          y + Math.floor(i / 2) * 0.95,
          tileWidth,
          0.82,
          [
            run(String(count), 22, color, { bold: true }),
            run(label, SIZE.body, COLOR.muted, { paragraph: true }),
          ],
          {
            geometry: 'roundRect',
            outline: { color: COLOR.line, width: 1 },
            fill: COLOR.white,
            valign: 'middle',
            padding: 0.12,
          },
        );
      });

      // Right: friction per stage, before and after.
      const chartX = panelX + panelWidth + 0.5;
      const chartWidth = SLIDE_WIDTH - PAGE.marginX - chartX;
      const labelWidth = 2.2;
      const valueWidth = 0.6;
      const barMax = chartWidth - labelWidth - valueWidth - 0.1;
      slide.text('chart-label', chartX, PAGE.contentTop, chartWidth, 0.3, [
        run('FRICTION PER STAGE', SIZE.section, COLOR.accent, { bold: true }),
      ]);
      slide.box('legend-before', chartX + 2.4, PAGE.contentTop + 0.08, 0.16, 0.16, [], { fill: 'F5A3A3' });
      slide.text(
        'legend-before-text',
        chartX + 2.6,
        PAGE.contentTop,
        0.9,
        0.3,
        [run('before', SIZE.small, COLOR.muted)],
        { valign: 'middle' },
      );
      slide.box('legend-after', chartX + 3.4, PAGE.contentTop + 0.08, 0.16, 0.16, [], {
        fill: COLOR.greenBright,
      });
      slide.text(
        'legend-after-text',
        chartX + 3.6,
        PAGE.contentTop,
        0.9,
        0.3,
        [run('after', SIZE.small, COLOR.muted)],
        { valign: 'middle' },
      );
      const rowsTop = PAGE.contentTop + 0.45;
      const rowHeight = Math.min(0.7, (PAGE.contentBottom - rowsTop) / Math.max(1, stages.length));
      stages.forEach((stage, r) => {
        const y0 = rowsTop + r * rowHeight;
        if (r > 0) slide.line('chart-rule', chartX, y0, chartX + chartWidth, y0, COLOR.line, 0.5);
        slide.text(
          'chart-stage',
          chartX,
          y0,
          labelWidth,
          rowHeight,
          [run(ellipsize(stage.title, 40), SIZE.card, COLOR.ink, { bold: true })],
          {
            valign: 'middle',
            padding: 0.04,
          },
        );
        const barHeight = Math.min(0.2, (rowHeight - 0.14) / 2);
        const barsTop = y0 + (rowHeight - 2 * barHeight - 0.04) / 2;
        for (const [i, value, color] of [
          [0, stage.before, 'F5A3A3'],
          [1, stage.after, COLOR.greenBright],
        ] as const) {
          const by = barsTop + i * (barHeight + 0.04);
          const width = (value / scaleMax) * barMax;
          if (width > 0)
            slide.box('chart-bar', chartX + labelWidth, by, Math.max(0.02, width), barHeight, [], {
              fill: color,
            });
          slide.text(
            'chart-value',
            chartX + labelWidth + Math.max(0.02, width) + 0.05,
            by - 0.04,
            valueWidth,
            barHeight + 0.08,
            [run(formatScore(value), SIZE.small, COLOR.muted)],
            { valign: 'middle' },
          );
        }
      });
    });

    // The friction points themselves: removed, reduced, added or made worse.
    const columns: Array<{ title: string; items: FrictionChange[]; swatch: Swatch }> = [
      {
        title: 'Removed',
        items: friction.changes.filter((c) => c.outcome === 'removed'),
        swatch: LANE_SWATCH.opportunities,
      },
      {
        title: 'Reduced',
        items: friction.changes.filter((c) => c.outcome === 'reduced'),
        swatch: HORIZON_SWATCH.next,
      },
      {
        title: 'Added or worse',
        items: friction.changes.filter((c) => c.outcome === 'added' || c.outcome === 'increased'),
        swatch: LANE_SWATCH.friction,
      },
    ];
    const total = columns.reduce((sum, c) => sum + c.items.length, 0);
    if (total === 0) return;
    const perColumn = 6;
    const pages = Math.max(...columns.map((c) => Math.ceil(c.items.length / perColumn)));
    for (let page = 0; page < pages; page++) {
      const slide = this.slide(
        'friction-changes',
        section,
        'Friction removed, reduced and added',
        pages > 1 ? `Page ${page + 1} of ${pages}` : '',
      );
      const gap = 0.3;
      const width = (CONTENT_WIDTH - 2 * gap) / 3;
      columns.forEach((column, c) => {
        const x = PAGE.marginX + c * (width + gap);
        slide.box(
          'change-header',
          x,
          PAGE.contentTop,
          width,
          0.42,
          [
            run(column.title, SIZE.heading, column.swatch.ink, { bold: true }),
            run(`  ${column.items.length}`, SIZE.body, COLOR.muted),
          ],
          { fill: column.swatch.fill, valign: 'middle', padding: 0.12 },
        );
        const items = column.items.slice(page * perColumn, (page + 1) * perColumn);
        if (items.length === 0 && page === 0) {
          slide.text(
            'change-none',
            x,
            PAGE.contentTop + 0.55,
            width,
            0.4,
            [run('None', SIZE.body, COLOR.muted, { italic: true })],
            { padding: 0.12 },
          );
        }
        // The full wording of each friction point is on the map slides; here it is the headline.
        let y = PAGE.contentTop + 0.55;
        for (const change of items) {
          const card = change.before ?? change.after;
          const text = ellipsize(card?.text || '(no text)', 80);
          const score = `${formatScore(change.scoreBefore)} → ${formatScore(change.scoreAfter)}`;
          const via =
            change.opportunities.length > 0
              ? ` · via ${ellipsize(change.opportunities.map((o) => o.title).join('; '), 60)}`
              : '';
          const inner = width - 0.28;
          const height =
            0.14 +
            textHeight(text, inner, SIZE.body) +
            textHeight(score + via, inner, SIZE.small, true) +
            0.04;
          slide.box('change', x, y, width, height, [], {
            fill: COLOR.white,
            outline: { color: COLOR.line, width: 1 },
          });
          slide.box('change-accent', x, y, 0.06, height, [], { fill: column.swatch.ink });
          slide.text('change-text', x + 0.16, y + 0.06, inner, height - 0.1, [
            run(text, SIZE.body, COLOR.ink),
            run(score, SIZE.small, column.swatch.ink, { paragraph: true, bold: true }),
            run(via, SIZE.small, COLOR.muted),
          ]);
          y += height + 0.1;
        }
      });
    }
  }

  // ---- opportunities -------------------------------------------------------------

  opportunitySlides(): void {
    const opportunities = this.board.opportunities;
    if (opportunities.length === 0) return;
    this.matrixSlides(opportunities);
    this.roadmapSlides();
  }

  matrixSlides(opportunities: readonly Opportunity[]): void {
    const gridX = PAGE.marginX + 0.75;
    const gridY = PAGE.contentTop + 0.1;
    const gridWidth = 6.6;
    const gridHeight = 5.0;
    const cellWidth = gridWidth / 5;
    const cellHeight = gridHeight / 5;
    const dot = 0.3;
    const dotGap = 0.06;
    const labelStrip = 0.3;
    const dotsPerRow = Math.floor((cellWidth - 0.1) / (dot + dotGap));
    const capacity = (impact: number) =>
      dotsPerRow *
      Math.floor((cellHeight - 0.1 - (impact === 5 || impact === 2 ? labelStrip : 0)) / (dot + dotGap));
    const legendPerSlide = 15;

    // Fill slides in board order: a new slide when the legend or the opportunity's cell is full.
    const pages: Opportunity[][] = [[]];
    const used = new Map<string, number>();
    for (const opportunity of opportunities) {
      const key = `${opportunity.impact}|${opportunity.effort}`;
      let page = pages[pages.length - 1] ?? [];
      if (page.length >= legendPerSlide || (used.get(key) ?? 0) >= capacity(opportunity.impact)) {
        page = [];
        pages.push(page);
        used.clear();
      }
      page.push(opportunity);
      used.set(key, (used.get(key) ?? 0) + 1);
    }
    let number = 0;
    pages.forEach((page, p) => {
      const slide = this.slide(
        'opportunity-matrix',
        'Opportunities',
        'Impact and effort',
        pages.length > 1
          ? `${p + 1} of ${pages.length}`
          : `${opportunities.length} opportunit${opportunities.length === 1 ? 'y' : 'ies'}`,
      );
      // Quadrants: high impact is 3 and above, low effort 2 and below (quadrantOf).
      const quadrants: Array<{ quadrant: Quadrant; col: number; row: number; cols: number; rows: number }> = [
        { quadrant: 'quick-win', col: 0, row: 0, cols: 2, rows: 3 },
        { quadrant: 'structural', col: 2, row: 0, cols: 3, rows: 3 },
        { quadrant: 'fill-in', col: 0, row: 3, cols: 2, rows: 2 },
        { quadrant: 'reconsider', col: 2, row: 3, cols: 3, rows: 2 },
      ];
      for (const q of quadrants) {
        const swatch = QUADRANT_SWATCH[q.quadrant];
        const qx = gridX + q.col * cellWidth;
        const qy = gridY + q.row * cellHeight;
        slide.box('quadrant', qx, qy, q.cols * cellWidth, q.rows * cellHeight, [], {
          fill: swatch.fill,
          outline: { color: COLOR.white, width: 2 },
        });
        slide.text(
          'quadrant-label',
          qx + 0.08,
          qy + 0.04,
          q.cols * cellWidth - 0.16,
          labelStrip - 0.04,
          [run(QUADRANT_HEADINGS[q.quadrant], SIZE.body, swatch.ink, { bold: true })],
          { valign: 'middle' },
        );
      }
      for (let i = 0; i <= 5; i++) {
        slide.line(
          'matrix-grid',
          gridX + i * cellWidth,
          gridY,
          gridX + i * cellWidth,
          gridY + gridHeight,
          COLOR.white,
          0.75,
          'dot',
        );
        slide.line(
          'matrix-grid',
          gridX,
          gridY + i * cellHeight,
          gridX + gridWidth,
          gridY + i * cellHeight,
          COLOR.white,
          0.75,
          'dot',
        );
      }
      for (let score = 1; score <= 5; score++) {
        slide.text(
          'axis-effort',
          gridX + (score - 1) * cellWidth,
          gridY + gridHeight + 0.04,
          cellWidth,
          0.24,
          [run(String(score), SIZE.small, COLOR.muted)],
          {
            align: 'center',
          },
        );
        slide.text(
          'axis-impact',
          gridX - 0.3,
          gridY + (5 - score) * cellHeight,
          0.24,
          cellHeight,
          [run(String(score), SIZE.small, COLOR.muted)],
          {
            align: 'right',
            valign: 'middle',
          },
        );
      }
      slide.text(
        'axis-effort-title',
        gridX,
        gridY + gridHeight + 0.28,
        gridWidth,
        0.26,
        [run('Effort: low → high', SIZE.header, COLOR.ink, { bold: true })],
        {
          align: 'center',
        },
      );
      slide.text(
        'axis-impact-title',
        PAGE.marginX - 0.1,
        gridY - 0.02,
        0.55,
        0.5,
        [run('Impact ↑', SIZE.header, COLOR.ink, { bold: true })],
        {
          align: 'center',
        },
      );

      // Dots: opportunities in one cell sit side by side, then wrap, so none hides another.
      const inCell = new Map<string, number>();
      const cellCounts = new Map<string, number>();
      for (const o of page)
        cellCounts.set(`${o.impact}|${o.effort}`, (cellCounts.get(`${o.impact}|${o.effort}`) ?? 0) + 1);
      const legendX = gridX + gridWidth + 0.45;
      const legendWidth = SLIDE_WIDTH - PAGE.marginX - legendX;
      page.forEach((opportunity, i) => {
        number += 1;
        const key = `${opportunity.impact}|${opportunity.effort}`;
        const slot = inCell.get(key) ?? 0;
        inCell.set(key, slot + 1);
        const cellX = gridX + (opportunity.effort - 1) * cellWidth;
        const cellY =
          gridY +
          (5 - opportunity.impact) * cellHeight +
          (opportunity.impact === 5 || opportunity.impact === 2 ? labelStrip : 0.05);
        // The cell's dots are centred as a block of rows; none covers another.
        const count = cellCounts.get(key) ?? 1;
        const perRow = Math.min(dotsPerRow, count);
        const rowsInCell = Math.ceil(count / dotsPerRow);
        const areaHeight = cellHeight - (cellY - (gridY + (5 - opportunity.impact) * cellHeight)) - 0.05;
        const dx =
          cellX +
          (cellWidth - perRow * dot - (perRow - 1) * dotGap) / 2 +
          (slot % dotsPerRow) * (dot + dotGap);
        const dy =
          cellY +
          Math.max(0, (areaHeight - rowsInCell * dot - (rowsInCell - 1) * dotGap) / 2) +
          Math.floor(slot / dotsPerRow) * (dot + dotGap);
        const dropped = opportunity.status === 'dropped';
        const swatch = HORIZON_SWATCH[opportunity.horizon];
        slide.box(
          'opportunity-dot',
          dx,
          dy,
          dot,
          dot,
          [run(String(number), SIZE.small, COLOR.white, { bold: true })],
          {
            geometry: 'ellipse',
            fill: dropped ? COLOR.grey : swatch.ink,
            outline: { color: COLOR.white, width: 1 },
            align: 'center',
            valign: 'middle',
          },
        );
        const ly = PAGE.contentTop + 0.1 + i * 0.36;
        slide.box(
          'legend-number',
          legendX,
          ly + 0.03,
          0.26,
          0.26,
          [run(String(number), SIZE.small, COLOR.white, { bold: true })],
          {
            geometry: 'ellipse',
            fill: dropped ? COLOR.grey : swatch.ink,
            align: 'center',
            valign: 'middle',
          },
        );
        slide.text(
          'legend-title',
          legendX + 0.35,
          ly,
          legendWidth - 0.35,
          0.34,
          [
            run(this.fullTexts.fit(opportunity.title, 58, 'Opportunity title'), SIZE.card, COLOR.ink, {
              bold: true,
            }),
            run(
              `  ${HORIZON_TITLES[opportunity.horizon]} · impact ${opportunity.impact}, effort ${opportunity.effort}${dropped ? ' · dropped' : ''}`,
              SIZE.small,
              COLOR.muted,
            ),
          ],
          { valign: 'middle' },
        );
      });
      slide.text('matrix-key', legendX, PAGE.contentBottom - 0.3, legendWidth, 0.3, [
        run('Dot colour = horizon: ', SIZE.small, COLOR.muted),
        run('now', SIZE.small, HORIZON_SWATCH.now.ink, { bold: true }),
        run(' · ', SIZE.small, COLOR.muted),
        run('next', SIZE.small, HORIZON_SWATCH.next.ink, { bold: true }),
        run(' · ', SIZE.small, COLOR.muted),
        run('later', SIZE.small, HORIZON_SWATCH.later.ink, { bold: true }),
        run(' · grey = dropped', SIZE.small, COLOR.muted),
      ]);
    });
  }

  roadmapSlides(): void {
    const lanes = roadmap(this.board.opportunities);
    if (HORIZONS.every((h) => lanes[h].length === 0)) return;
    const gap = 0.3;
    const width = (CONTENT_WIDTH - 2 * gap) / 3;
    const top = PAGE.contentTop + 0.55;
    const boxOf = (opportunity: Opportunity) => {
      const title = this.fullTexts.fit(opportunity.title, 120, 'Opportunity title');
      const description = opportunity.description.trim()
        ? this.fullTexts.fit(opportunity.description, 160, `Opportunity: ${opportunity.title}`)
        : '';
      const meta = [
        QUADRANT_LABELS[quadrantOf(opportunity)],
        `impact ${opportunity.impact}, effort ${opportunity.effort}`,
        opportunity.status,
        opportunity.owner,
      ]
        .filter(Boolean)
        .join(' · ');
      const metaShown = ellipsize(meta, 90);
      const inner = width - 0.3;
      const height =
        0.16 +
        textHeight(title, inner, SIZE.body, true) +
        (description ? textHeight(description, inner, SIZE.small) + 0.04 : 0) +
        textHeight(metaShown, inner, SIZE.small) +
        0.08;
      return { opportunity, title, description, meta: metaShown, height };
    };
    const queues = HORIZONS.map((h) => lanes[h].map(boxOf));
    const totals = HORIZONS.map((h) => lanes[h].length);
    let page = 0;
    while (queues.some((q) => q.length > 0)) {
      page += 1;
      const slide = this.slide(
        'roadmap',
        'Opportunities',
        'Roadmap: now, next, later',
        page > 1 ? `continued (${page})` : '',
      );
      HORIZONS.forEach((horizon, c) => {
        const swatch = HORIZON_SWATCH[horizon];
        const x = PAGE.marginX + c * (width + gap);
        slide.box(
          'roadmap-header',
          x,
          PAGE.contentTop,
          width,
          0.42,
          [
            run(HORIZON_TITLES[horizon], SIZE.heading, swatch.ink, { bold: true }),
            run(`  ${totals[c]}`, SIZE.body, COLOR.muted),
          ],
          { fill: swatch.fill, valign: 'middle', padding: 0.12 },
        );
        const queue = queues[c] ?? [];
        let y = top;
        if (page === 1 && queue.length === 0) {
          slide.text(
            'roadmap-none',
            x,
            y,
            width,
            0.4,
            [run('Nothing planned', SIZE.body, COLOR.muted, { italic: true })],
            { padding: 0.12 },
          );
        }
        while (queue.length > 0) {
          const box = queue[0];
          if (!box || (y + box.height > PAGE.contentBottom && y > top)) break;
          queue.shift();
          slide.box('roadmap-item', x, y, width, box.height, [], {
            geometry: 'roundRect',
            fill: COLOR.white,
            outline: { color: swatch.border, width: 1 },
          });
          slide.box('roadmap-accent', x, y + 0.08, 0.05, box.height - 0.16, [], { fill: swatch.ink });
          slide.text('roadmap-text', x + 0.15, y + 0.08, width - 0.3, box.height - 0.12, [
            run(box.title, SIZE.body, COLOR.ink, { bold: true }),
            run(box.description, SIZE.small, COLOR.muted, { paragraph: true }),
            run(box.meta, SIZE.small, swatch.ink, { paragraph: true, bold: true }),
          ]);
          y += box.height + 0.12;
        }
      });
    }
  }

  // ---- appendix: every text shown cut short, in full -------------------------------

  fullTextSlides(): void {
    const entries = this.fullTexts.entries;
    if (entries.length === 0) return;
    const whereWidth = 3.2;
    const textWidthIn = CONTENT_WIDTH - whereWidth - 0.2;
    const size = SIZE.card;
    const maxLines = Math.floor((PAGE.contentBottom - PAGE.contentTop - 0.1) / lineHeight(size)) - 1;
    // Each entry becomes one or more blocks of whole lines (a 20,000-character vision spans slides).
    const blocks: Array<{ where: string; text: string; height: number }> = [];
    for (const entry of entries) {
      const lines = wrapLines(entry.text, textWidthIn - 0.1, size);
      for (let i = 0; i < lines.length; i += maxLines) {
        const part = lines.slice(i, i + maxLines);
        blocks.push({
          where: i === 0 ? entry.where : `${entry.where} (continued)`,
          text: part.join('\n'),
          height: Math.max(lineHeight(size) * 2, part.length * lineHeight(size)) + 0.14,
        });
      }
    }
    let slide: SlideCanvas | null = null;
    let y = 0;
    for (const block of blocks) {
      if (!slide || y + block.height > PAGE.contentBottom) {
        slide = this.slide('full-texts', 'Appendix', 'Full texts of shortened items');
        y = PAGE.contentTop;
      }
      slide.line('full-text-rule', PAGE.marginX, y, SLIDE_WIDTH - PAGE.marginX, y, COLOR.line, 0.5);
      slide.text('full-text-where', PAGE.marginX, y + 0.05, whereWidth, block.height - 0.07, [
        run(ellipsize(block.where, 120), SIZE.small, COLOR.muted, { bold: true }),
      ]);
      slide.text('full-text', PAGE.marginX + whereWidth + 0.2, y + 0.05, textWidthIn, block.height - 0.07, [
        run(block.text, size, COLOR.ink),
      ]);
      y += block.height;
    }
  }

  // ---- page furniture, once the slide count is known ---------------------------------

  finish(): Deck {
    const total = this.slides.length;
    const footerTitle = ellipsize(this.board.meta.title, 90);
    const slides = this.slides.map((canvas, i): Slide => {
      if (canvas.kind !== 'title') {
        canvas.line(
          'footer-rule',
          PAGE.marginX,
          PAGE.footerY - 0.06,
          SLIDE_WIDTH - PAGE.marginX,
          PAGE.footerY - 0.06,
          COLOR.line,
          0.5,
        );
        canvas.text(
          'footer-title',
          PAGE.marginX,
          PAGE.footerY,
          CONTENT_WIDTH - 1.5,
          0.28,
          [run(footerTitle, SIZE.small, COLOR.muted)],
          {
            valign: 'middle',
          },
        );
      }
      canvas.text(
        'footer-number',
        SLIDE_WIDTH - PAGE.marginX - 1.4,
        PAGE.footerY,
        1.4,
        0.28,
        [run(`${i + 1} / ${total}`, SIZE.small, canvas.kind === 'title' ? COLOR.faint : COLOR.muted)],
        { align: 'right', valign: 'middle' },
      );
      const map = this.mapCards.get(canvas);
      return { kind: canvas.kind, title: canvas.title, shapes: canvas.shapes, ...(map ?? {}) };
    });
    return { title: this.board.meta.title, width: SLIDE_WIDTH, height: SLIDE_HEIGHT, slides };
  }
}

/** White (no friction) to red (the hottest cell). */
function heatColor(intensity: number): string {
  const from = [0xff, 0xf0, 0xf0];
  const to = [0xc9, 0x2a, 0x2a];
  const t = Math.min(1, Math.max(0, intensity));
  return from
    .map((f, i) => Math.round(f + ((to[i] ?? f) - f) * t))
    .map((v) => v.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

// ---------------------------------------------------------------------------
// The journey-map grid: stages across, lanes down, cards stacked in their cell
// ---------------------------------------------------------------------------

/** A card as drawn: its shown text, chips and height at the grid's card width. */
interface PlacedCard {
  card: Card;
  text: string;
  chips: Array<{ label: string; swatch: Swatch }>;
  height: number;
}

/** One lane on one slide: the whole lane, or (when its cells are too tall) a run of each cell's cards. */
interface LanePiece {
  lane: Lane;
  /** Per stage id, the cards of this piece. */
  cells: Map<string, PlacedCard[]>;
  /** The first piece of its lane carries the emotion curve band and the blueprint line above it. */
  first: boolean;
  part: number;
  parts: number;
  /** Stage id → emotion average, for the curve (first emotion piece only). */
  emotions: Map<string, number> | null;
  height: number;
}

const BLUEPRINT_LINES: Partial<Record<LaneKind, string>> = {
  frontstage: 'Line of interaction',
  backstage: 'Line of visibility',
  support: 'Line of internal interaction',
};

const EMOTION_LABELS = ['Feels −2', 'Feels −1', 'Feels 0', 'Feels +1', 'Feels +2'];

class MapGrid {
  static readonly laneHeaderWidth = 1.6;
  static readonly stageHeaderHeight = 0.46;
  static readonly cellPadding = 0.07;
  static readonly cardGap = 0.07;
  static readonly cardPadding = 0.06;
  static readonly chipHeight = 0.19;
  static readonly emotionBand = 0.7;
  static readonly blueprintGap = 0.24;
  static readonly minLaneHeight = 0.62;

  readonly columnWidth: number;
  readonly cardWidth: number;
  readonly top = PAGE.contentTop;
  readonly lanesTop = PAGE.contentTop + MapGrid.stageHeaderHeight;
  readonly lanesHeight = PAGE.contentBottom - (PAGE.contentTop + MapGrid.stageHeaderHeight);

  constructor(stagesPerSlide: number) {
    this.columnWidth = (CONTENT_WIDTH - MapGrid.laneHeaderWidth) / stagesPerSlide;
    this.cardWidth = this.columnWidth - 0.14;
  }

  placeCard(card: Card, fullTexts: FullTexts, where: string): PlacedCard {
    const text = fullTexts.fit(card.text, CARD_TEXT_MAX, where);
    const chips: PlacedCard['chips'] = [];
    if (card.channel) chips.push({ label: ellipsize(card.channel, 14), swatch: LANE_SWATCH.touchpoints });
    if (card.emotion !== null)
      chips.push({ label: EMOTION_LABELS[card.emotion + 2] ?? '', swatch: LANE_SWATCH.emotions });
    if (card.friction.severity !== null)
      chips.push({ label: `S${card.friction.severity}`, swatch: LANE_SWATCH.friction });
    const textLines = Math.max(
      1,
      wrapLines(text || ' ', this.cardWidth - 2 * MapGrid.cardPadding, SIZE.card).length,
    );
    const chipRows = this.chipRows(chips).length;
    const height =
      2 * MapGrid.cardPadding +
      textLines * lineHeight(SIZE.card) +
      chipRows * (MapGrid.chipHeight + 0.04) +
      0.02;
    return { card, text, chips, height };
  }

  /** Chips left to right, wrapping to another row when the card is too narrow. */
  chipRows(chips: PlacedCard['chips']): Array<Array<{ label: string; swatch: Swatch; width: number }>> {
    const rows: Array<Array<{ label: string; swatch: Swatch; width: number }>> = [];
    let row: Array<{ label: string; swatch: Swatch; width: number }> = [];
    let used = 0;
    const room = this.cardWidth - 2 * MapGrid.cardPadding;
    for (const chip of chips) {
      const width = Math.min(room, textWidth(chip.label, SIZE.chip, true) + 0.14);
      if (row.length > 0 && used + width > room) {
        rows.push(row);
        row = [];
        used = 0;
      }
      row.push({ ...chip, width });
      used += width + 0.05;
    }
    if (row.length > 0) rows.push(row);
    return rows;
  }

  lanePieces(
    lane: Lane,
    stages: readonly Stage[],
    cells: Map<string, Card[]>,
    fullTexts: FullTexts,
    state: JourneyState,
  ): LanePiece[] {
    const extraTop = BLUEPRINT_LINES[lane.kind] ? MapGrid.blueprintGap : 0;
    const emotions = lane.kind === 'emotions' ? new Map<string, number>() : null;
    const placed = new Map<string, PlacedCard[]>();
    for (const stage of stages) {
      const cards = cells.get(`${stage.id}|${lane.id}`) ?? [];
      placed.set(
        stage.id,
        cards.map((card) =>
          this.placeCard(card, fullTexts, `${state.title} · ${stage.title} · ${lane.title}`),
        ),
      );
      const scores = cards.map((c) => c.emotion).filter((e): e is number => e !== null);
      if (emotions && scores.length > 0)
        emotions.set(stage.id, scores.reduce((a, b) => a + b, 0) / scores.length);
    }
    const band = emotions && emotions.size > 0 ? MapGrid.emotionBand : 0;
    // Each cell's cards are cut into runs that fit a slide; the lane has as many pieces as its longest cell.
    const runsByStage = new Map<string, PlacedCard[][]>();
    for (const stage of stages) {
      const runs: PlacedCard[][] = [];
      let current: PlacedCard[] = [];
      let used = 0;
      for (const card of placed.get(stage.id) ?? []) {
        const room = this.lanesHeight - 2 * MapGrid.cellPadding - (runs.length === 0 ? extraTop + band : 0);
        if (current.length > 0 && used + card.height > room) {
          runs.push(current);
          current = [];
          used = 0;
        }
        current.push(card);
        used += card.height + MapGrid.cardGap;
      }
      if (current.length > 0) runs.push(current);
      runsByStage.set(stage.id, runs);
    }
    const parts = Math.max(1, ...[...runsByStage.values()].map((r) => r.length));
    const pieces: LanePiece[] = [];
    for (let part = 0; part < parts; part++) {
      const pieceCells = new Map<string, PlacedCard[]>();
      let tallest = 0;
      for (const stage of stages) {
        const cards = runsByStage.get(stage.id)?.[part] ?? [];
        pieceCells.set(stage.id, cards);
        const stack =
          cards.reduce((sum, c) => sum + c.height, 0) + Math.max(0, cards.length - 1) * MapGrid.cardGap;
        tallest = Math.max(tallest, stack);
      }
      const first = part === 0;
      const height =
        (first ? extraTop + band : 0) + Math.max(MapGrid.minLaneHeight, tallest + 2 * MapGrid.cellPadding);
      pieces.push({
        lane,
        cells: pieceCells,
        first,
        part,
        parts,
        emotions: first && band > 0 ? emotions : null,
        height,
      });
    }
    return pieces;
  }

  /** Draws the stage headers and the lane pieces; returns the ids of the cards drawn. */
  draw(
    slide: SlideCanvas,
    stages: readonly Stage[],
    pieces: readonly LanePiece[],
    fullTexts: FullTexts,
  ): string[] {
    const left = PAGE.marginX;
    const gridLeft = left + MapGrid.laneHeaderWidth;
    const gridRight = gridLeft + stages.length * this.columnWidth;
    const drawn: string[] = [];
    stages.forEach((stage, i) => {
      slide.box(
        'stage-header',
        gridLeft + i * this.columnWidth + 0.02,
        this.top,
        this.columnWidth - 0.04,
        MapGrid.stageHeaderHeight - 0.06,
        [run(fullTexts.fit(stage.title, 44, 'Stage title'), SIZE.header, COLOR.white, { bold: true })],
        { fill: COLOR.ink, align: 'center', valign: 'middle', padding: 0.04 },
      );
    });
    let y = this.lanesTop;
    for (const piece of pieces) {
      const swatch = LANE_SWATCH[piece.lane.kind];
      let rowTop = y;
      const blueprint = BLUEPRINT_LINES[piece.lane.kind];
      if (piece.first && blueprint) {
        const lineY = y + MapGrid.blueprintGap / 2;
        slide.line('blueprint-line', left, lineY, gridRight, lineY, COLOR.muted, 1.25, 'dash');
        const labelWidth = textWidth(blueprint, SIZE.small, true) + 0.16;
        slide.text(
          'blueprint-label',
          gridRight - labelWidth,
          lineY - 0.11,
          labelWidth,
          0.22,
          [run(blueprint, SIZE.small, COLOR.muted, { bold: true, italic: true })],
          { fill: COLOR.white, align: 'center', valign: 'middle' },
        );
        rowTop += MapGrid.blueprintGap;
      }
      const rowHeight = y + piece.height - rowTop;
      const note = piece.parts > 1 ? `part ${piece.part + 1} of ${piece.parts}` : '';
      slide.box(
        'lane-header',
        left,
        rowTop + 0.02,
        MapGrid.laneHeaderWidth - 0.06,
        rowHeight - 0.04,
        [
          run(fullTexts.fit(piece.lane.title, 48, 'Lane title'), SIZE.header, swatch.ink, { bold: true }),
          run(note, SIZE.small, COLOR.muted, { paragraph: true }),
        ],
        { fill: swatch.fill, padding: 0.07 },
      );
      slide.line('lane-rule', gridLeft, y + piece.height, gridRight, y + piece.height, COLOR.line, 0.5);
      let cardsTop = rowTop + MapGrid.cellPadding;
      if (piece.emotions) {
        this.drawEmotionCurve(slide, stages, piece.emotions, gridLeft, rowTop + 0.04);
        cardsTop += MapGrid.emotionBand;
      }
      stages.forEach((stage, i) => {
        let cy = cardsTop;
        const x = gridLeft + i * this.columnWidth + (this.columnWidth - this.cardWidth) / 2;
        for (const placed of piece.cells.get(stage.id) ?? []) {
          this.drawCard(slide, placed, x, cy);
          drawn.push(placed.card.id);
          cy += placed.height + MapGrid.cardGap;
        }
      });
      y += piece.height;
    }
    // Stage separators run the full height of what was drawn.
    for (let i = 1; i < stages.length; i++) {
      const x = gridLeft + i * this.columnWidth;
      slide.line('stage-rule', x, this.lanesTop, x, y, COLOR.line, 0.5);
    }
    return drawn;
  }

  /**
   * One shape per card: its chips (channel, feeling, severity) are a last paragraph
   * of coloured runs in the card's own text box, not shapes of their own. A
   * 2,000-card deck has 6,000 fewer shapes that way, which is what keeps it under
   * half a second, and the chips move with the card when someone edits the slide.
   */
  drawCard(slide: SlideCanvas, placed: PlacedCard, x: number, y: number): void {
    const swatch = CARD_SWATCH[placed.card.kind];
    const chips = placed.chips.flatMap((chip, i) => [
      ...(i > 0 ? [run('  ·  ', SIZE.chip, COLOR.muted)] : []),
      run(chip.label, SIZE.chip, chip.swatch.ink, { bold: true, paragraph: i === 0 }),
    ]);
    slide.box(
      'card',
      x,
      y,
      this.cardWidth,
      placed.height,
      [run(placed.text, SIZE.card, COLOR.ink), ...chips],
      {
        geometry: 'roundRect',
        fill: swatch.fill,
        outline: { color: swatch.border, width: 0.75 },
        padding: MapGrid.cardPadding,
      },
    );
  }

  /** Per stage, the average emotion of the lane's cards as a point; consecutive points joined by segments. */
  drawEmotionCurve(
    slide: SlideCanvas,
    stages: readonly Stage[],
    emotions: Map<string, number>,
    gridLeft: number,
    top: number,
  ): void {
    const height = MapGrid.emotionBand - 0.08;
    const width = stages.length * this.columnWidth;
    slide.box('emotion-band', gridLeft + 0.04, top, width - 0.08, height, [], { fill: 'FAF8FF' });
    const yOf = (value: number) => top + 0.1 + ((2 - value) / 4) * (height - 0.2);
    slide.line(
      'emotion-neutral',
      gridLeft + 0.04,
      yOf(0),
      gridLeft + width - 0.04,
      yOf(0),
      'D6CCFB',
      0.75,
      'dot',
    );
    const points = stages.flatMap((stage, i) => {
      const value = emotions.get(stage.id);
      return value === undefined
        ? []
        : [{ x: gridLeft + (i + 0.5) * this.columnWidth, y: yOf(value), value }];
    });
    points.forEach((point, i) => {
      const previous = points[i - 1];
      if (previous) slide.line('emotion-curve', previous.x, previous.y, point.x, point.y, COLOR.purple, 2.25);
    });
    for (const point of points) {
      const color = point.value < 0 ? COLOR.redBright : point.value > 0 ? COLOR.greenBright : COLOR.grey;
      slide.box('emotion-point', point.x - 0.06, point.y - 0.06, 0.12, 0.12, [], {
        geometry: 'ellipse',
        fill: color,
        outline: { color: COLOR.white, width: 1 },
      });
      const label = `${point.value > 0 ? '+' : point.value < 0 ? '−' : ''}${formatScore(Math.abs(point.value))}`;
      // The value sits over its point (under it near the top of the band), clear of the segments.
      const labelY = point.y - top < 0.28 ? point.y + 0.07 : point.y - 0.27;
      slide.text(
        'emotion-value',
        point.x - 0.3,
        labelY,
        0.6,
        0.2,
        [run(label, SIZE.small, color, { bold: true })],
        { align: 'center', valign: 'middle' },
      );
    }
  }
}

// ---------------------------------------------------------------------------

/** The deck for a board: every section that has something to show, in workshop order. */
export function buildDeck(board: BoardSnapshot, options: DeckOptions = {}): Deck {
  const deck = new DeckBuilder(board, options);
  deck.titleSlide();
  deck.visionSlides();
  deck.personaSlides();
  const states = deck.orderedStates();
  for (const state of states) deck.journeyMapSlides(state);
  for (const state of states) if (state.kind === 'current') deck.frictionSlides(state);
  for (const state of states) if (state.kind === 'future') deck.comparisonSlides(state);
  deck.opportunitySlides();
  deck.fullTextSlides();
  return deck.finish();
}
