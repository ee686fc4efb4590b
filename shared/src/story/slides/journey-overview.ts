/**
 * The journey at a glance: one slide per state, before its paged map, with the whole
 * grid on it (stages across, lanes down) and every card as a small shape in its cell.
 * Cards carry their text (cut to a few lines) at the deck's floor size when the grid
 * leaves room for it; a grid too big for that shows each card as a plain coloured
 * mark, and the title note says the detail follows. Texts cut here are not listed in
 * the appendix: the map slides after this one show them in full.
 */
import type { Card, JourneyState, Lane, Stage } from '../../model.js';
import type { DeckBuilder } from '../builder.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { CONTENT_WIDTH, PAGE, STROKE, TYPE } from '../frame.js';
import { CARD, COLOUR, LANE } from '../palette.js';
import { clampLines, counted, ellipsizeToWidth, lineHeight, textWidth, wrapLines } from '../text.js';

/** The overview's measures, inches. */
const OVERVIEW = {
  laneHeader: { w: 1.5, gap: 0.05, padding: 0.05 },
  stageHeader: { h: 0.34, gap: 0.05, padding: 0.04 },
  cellPadding: 0.04,
  card: { inset: 0.08, gap: 0.04, padding: 0.04 },
  /** Cards show text only in columns at least this wide: about a dozen characters at the floor size. */
  minTextColumn: 0.85,
  /** A card's text is cut to at most this many lines; a lane gets fewer when the grid is tall. */
  maxTextLines: 3,
  /** Mark heights tried, largest first, when the cards' text does not fit; a mark is `markAspect` times as wide. */
  markSizes: [0.22, 0.16, 0.12, 0.09, 0.07, 0.05],
  markAspect: 1.6,
  markGap: 0.03,
  /**
   * Past this many cards a state's cells are counted, not marked: a few hundred marks
   * already say no more than a count per cell, and each is a shape every renderer pays
   * for (2,000 marks took the 2,000-card PPTX past its 0.5 s).
   */
  maxMarks: 500,
  /**
   * The share of a box's width its text is fitted to. LibreOffice, lacking Arial, sets
   * it in DejaVu Sans, some 12% wider than the metrics here: the overview's
   * tightly cut texts leave that room, so they never wrap onto a line not counted.
   */
  textShare: 0.85,
  /** A lane row never lower than its header's one line, unless the lanes leave less room than that. */
  minRow: 0.3,
} as const;

export const OVERVIEW_DETAIL_NOTE = 'detail on the next slides';

/** "2,000": a count as people read it. */
const formatCount = (count: number | string) => Number(count).toLocaleString('en-GB');

/**
 * How the cards are drawn: with their text (cut to each lane's `lines`), as marks of
 * `size`, or counted per cell.
 */
type Mode = { kind: 'text'; lines: number[] } | { kind: 'marks'; size: number } | { kind: 'counts' };

interface Layout {
  mode: Mode;
  rowHeights: number[];
}

export function addJourneyOverviewSlide(deck: DeckBuilder, state: JourneyState): void {
  const { stages, lanes } = deck.gridOf(state);
  if (stages.length === 0 || lanes.length === 0) return;
  const cells = new Map<string, Card[]>();
  const cardIds: string[] = [];
  for (const card of deck.board.cards) {
    if (card.stateId !== state.id) continue;
    const key = `${card.stageId}|${card.laneId}`;
    const cell = cells.get(key);
    if (cell) cell.push(card);
    else cells.set(key, [card]);
    cardIds.push(card.id);
  }
  const grid = new OverviewGrid(stages, lanes, cells);
  const layout = grid.layout();
  const cardCount = counted(cardIds.length, 'card').replace(/^\d+/, formatCount);
  const slide = deck.slide(
    'journey-overview',
    `Journey overview · ${deck.stateLabel(state)}`,
    deck.journeyTitle(state),
    layout.mode.kind === 'text'
      ? `${counted(stages.length, 'stage')} · ${cardCount}`
      : `${cardCount} · ${OVERVIEW_DETAIL_NOTE}`,
  );
  grid.draw(slide, layout);
  deck.recordMapCards(slide, state.id, cardIds);
}

class OverviewGrid {
  private readonly columnWidth: number;
  private readonly gridLeft = PAGE.marginX + OVERVIEW.laneHeader.w;
  private readonly lanesTop = PAGE.contentTop + OVERVIEW.stageHeader.h;
  private readonly lanesHeight = PAGE.contentBottom - this.lanesTop;
  private readonly cardWidth: number;
  private readonly textWidth: number;

  constructor(
    private readonly stages: readonly Stage[],
    private readonly lanes: readonly Lane[],
    private readonly cells: ReadonlyMap<string, Card[]>,
  ) {
    this.columnWidth = (CONTENT_WIDTH - OVERVIEW.laneHeader.w) / stages.length;
    this.cardWidth = Math.max(0, this.columnWidth - OVERVIEW.card.inset);
    this.textWidth = Math.max(0, this.cardWidth - 2 * OVERVIEW.card.padding) * OVERVIEW.textShare;
  }

  private cell(stage: Stage, lane: Lane): Card[] {
    return this.cells.get(`${stage.id}|${lane.id}`) ?? [];
  }

  /** The lowest a lane row may be: one header line, or an equal share of the room when the lanes are many. */
  private get minRow(): number {
    return Math.min(OVERVIEW.minRow, this.lanesHeight / this.lanes.length);
  }

  /** A card's text cut to `lines` lines, and the card's height around it. */
  private placeCard(card: Card, lines: number): { text: string; height: number } {
    const text = clampLines(card.text, this.textWidth, TYPE.card, lines);
    const shownLines = Math.max(1, wrapLines(text || ' ', this.textWidth, TYPE.card).length);
    return { text, height: 2 * OVERVIEW.card.padding + shownLines * lineHeight(TYPE.card) };
  }

  private markWidth(size: number): number {
    return Math.min(size * OVERVIEW.markAspect, this.cardWidth);
  }

  private marksPerRow(size: number): number {
    const room = this.columnWidth - 2 * OVERVIEW.cellPadding;
    return Math.max(1, Math.floor((room + OVERVIEW.markGap) / (this.markWidth(size) + OVERVIEW.markGap)));
  }

  /** A lane's row height when its cards are drawn with their text in `lines` lines, or as marks of `size`. */
  private rowHeight(lane: Lane, drawn: { lines: number } | { size: number }): number {
    let tallest = 0;
    for (const stage of this.stages) {
      const cards = this.cell(stage, lane);
      if (cards.length === 0) continue;
      const stack =
        'lines' in drawn
          ? cards.reduce((sum, card) => sum + this.placeCard(card, drawn.lines).height, 0) +
            (cards.length - 1) * OVERVIEW.card.gap
          : Math.ceil(cards.length / this.marksPerRow(drawn.size)) * (drawn.size + OVERVIEW.markGap) -
            OVERVIEW.markGap;
      tallest = Math.max(tallest, stack);
    }
    return Math.max(this.minRow, tallest + 2 * OVERVIEW.cellPadding);
  }

  /**
   * The most legible way the whole grid fits: card texts in one line, then more lines
   * for the lanes that grow least, while they fit; else the largest marks that fit;
   * else counts.
   */
  layout(): Layout {
    const fits = (heights: number[]) => heights.reduce((a, b) => a + b, 0) <= this.lanesHeight + 1e-9;
    if (this.columnWidth >= OVERVIEW.minTextColumn) {
      const byLines = this.lanes.map((lane) =>
        Array.from({ length: OVERVIEW.maxTextLines }, (_, i) => this.rowHeight(lane, { lines: i + 1 })),
      );
      const lines = this.lanes.map(() => 1);
      const heightOf = (row: number) => byLines[row]?.[(lines[row] ?? 1) - 1] ?? 0;
      if (fits(this.lanes.map((_, row) => heightOf(row)))) {
        let total = this.lanes.reduce((sum, _, row) => sum + heightOf(row), 0);
        for (let target = 2; target <= OVERVIEW.maxTextLines; target++) {
          const growth = (row: number) => (byLines[row]?.[target - 1] ?? 0) - heightOf(row);
          const rows = this.lanes.map((_, row) => row).sort((a, b) => growth(a) - growth(b));
          for (const row of rows) {
            const grow = growth(row);
            if (total + grow > this.lanesHeight + 1e-9) break;
            total += grow;
            lines[row] = target;
          }
        }
        return { mode: { kind: 'text', lines }, rowHeights: this.lanes.map((_, row) => heightOf(row)) };
      }
    }
    const cards = [...this.cells.values()].reduce((sum, cell) => sum + cell.length, 0);
    for (const size of cards <= OVERVIEW.maxMarks ? OVERVIEW.markSizes : []) {
      const rowHeights = this.lanes.map((lane) => this.rowHeight(lane, { size }));
      if (fits(rowHeights)) return { mode: { kind: 'marks', size }, rowHeights };
    }
    // Counts take no room of their own: the lanes share the height equally.
    return {
      mode: { kind: 'counts' },
      rowHeights: this.lanes.map(() => this.lanesHeight / this.lanes.length),
    };
  }

  draw(slide: SlideCanvas, { mode, rowHeights }: Layout): void {
    const { stageHeader, laneHeader } = OVERVIEW;
    this.stages.forEach((stage, i) => {
      const width = this.columnWidth - stageHeader.gap;
      // A column too narrow for a word of the title shows the stage's number instead.
      const room = (width - 2 * stageHeader.padding) * OVERVIEW.textShare;
      const title = ellipsizeToWidth(stage.title, room, TYPE.small, true);
      const label = title.length >= 4 && textWidth(title, TYPE.small, true) <= room ? title : `${i + 1}`;
      slide.box(
        'stage-header',
        this.gridLeft + i * this.columnWidth + stageHeader.gap / 2,
        PAGE.contentTop,
        width,
        stageHeader.h - stageHeader.gap,
        textWidth(label, TYPE.small, true) <= room ? [strong(label, TYPE.small, COLOUR.inkInverse)] : [],
        { fill: COLOUR.ink, align: 'center', valign: 'middle', padding: stageHeader.padding },
      );
    });
    let y = this.lanesTop;
    const headerLine = lineHeight(TYPE.small) + 2 * laneHeader.padding;
    this.lanes.forEach((lane, row) => {
      const height = rowHeights[row] ?? 0;
      const swatch = LANE[lane.kind];
      // The lane's title in as many lines as its row holds.
      const titleWidth = (laneHeader.w - laneHeader.gap - 2 * laneHeader.padding) * OVERVIEW.textShare;
      const titleLines = Math.floor((height - 2 * laneHeader.padding) / lineHeight(TYPE.small));
      const title = clampLines(lane.title, titleWidth, TYPE.small, Math.max(1, titleLines), true);
      slide.box(
        'lane-header',
        PAGE.marginX,
        y,
        laneHeader.w - laneHeader.gap,
        height,
        height >= headerLine ? [strong(title, TYPE.small, swatch.ink)] : [],
        { fill: swatch.fill, valign: 'middle', padding: laneHeader.padding },
      );
      this.stages.forEach((stage, column) => {
        const cards = this.cell(stage, lane);
        const left = this.gridLeft + column * this.columnWidth;
        if (cards.length > 0) this.drawCell(slide, mode, row, cards, left, y, height);
      });
      y += height;
      if (row < this.lanes.length - 1)
        slide.line(
          'lane-rule',
          this.gridLeft,
          y,
          this.gridLeft + CONTENT_WIDTH - laneHeader.w,
          y,
          COLOUR.line,
          STROKE.hairline,
        );
    });
    for (let i = 1; i < this.stages.length; i++) {
      const x = this.gridLeft + i * this.columnWidth;
      slide.line('stage-rule', x, this.lanesTop, x, y, COLOUR.line, STROKE.hairline);
    }
  }

  private drawCell(
    slide: SlideCanvas,
    mode: Mode,
    row: number,
    cards: Card[],
    left: number,
    top: number,
    height: number,
  ): void {
    const { card: measures, cellPadding, markGap } = OVERVIEW;
    if (mode.kind === 'counts') {
      const inset = Math.min(cellPadding, height / 4);
      const boxHeight = height - 2 * inset;
      const label = formatCount(cards.length);
      const fitsText =
        boxHeight >= lineHeight(TYPE.small) && textWidth(label, TYPE.small, true) <= this.cardWidth;
      slide.box(
        'overview-count',
        left + measures.inset / 2,
        top + inset,
        this.cardWidth,
        boxHeight,
        fitsText ? [strong(label, TYPE.small, COLOUR.ink)] : [],
        { fill: COLOUR.laneBand, align: 'center', valign: 'middle' },
      );
      return;
    }
    if (mode.kind === 'marks') {
      const perRow = this.marksPerRow(mode.size);
      const width = this.markWidth(mode.size);
      cards.forEach((card, i) => {
        const swatch = CARD[card.kind];
        slide.box(
          'overview-mark',
          left + cellPadding + (i % perRow) * (width + markGap),
          top + cellPadding + Math.floor(i / perRow) * (mode.size + markGap),
          width,
          mode.size,
          [],
          { fill: swatch.fill, outline: { color: swatch.border, width: STROKE.hairline } },
        );
      });
      return;
    }
    let cy = top + cellPadding;
    const x = left + measures.inset / 2;
    for (const card of cards) {
      const swatch = CARD[card.kind];
      const { text, height: h } = this.placeCard(card, mode.lines[row] ?? 1);
      slide.box('overview-card', x, cy, this.cardWidth, h, [run(text, TYPE.card)], {
        geometry: 'roundRect',
        fill: swatch.fill,
        outline: { color: swatch.border, width: STROKE.hairline },
        padding: measures.padding,
      });
      cy += h + measures.gap;
    }
  }
}
