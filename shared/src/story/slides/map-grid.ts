/**
 * The journey-map grid on a slide: how big each card is at the grid's card width,
 * how a lane is cut into pieces that fit a slide, and how stage headers, lane
 * headers, blueprint lines and cards are drawn.
 */
import { BLUEPRINT_LINES } from '../../contract/tokens.js';
import { type Box, type Point, routeEdge } from '../../edge-routes.js';
import type { Card, Edge, JourneyState, Lane, LaneKind, Stage } from '../../model.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { chipsOf } from '../chips.js';
import { CONTENT_WIDTH, PAGE, STROKE, TYPE } from '../frame.js';
import { BLUEPRINT, CARD, COLOUR, chipInk, EDGE, LANE, TITLE_BAND } from '../palette.js';
import { ellipsize, type FullTexts, lineHeight, textHeight, textWidth, wrapLines } from '../text.js';
import { drawEmotionCurve, EMOTION_BAND } from './emotion-curve.js';

/** Longest card text drawn on a card; longer texts end in an ellipsis and appear in full in the appendix. */
export const CARD_TEXT_MAX = 100;

/** The grid's measures, inches. */
const GRID = {
  /** Lane headers down the left, `gap` short of the first stage. */
  laneHeader: { w: 1.6, gap: 0.06, padding: 0.07, titleMax: 48 },
  stageHeader: { h: 0.46, gap: 0.06, padding: 0.04, titleMax: 44 },
  /** Room a stage header gains for its metrics line ("CSAT 61 → 80 · CES 2.9 → 5.5") when the state has metrics. */
  metricsLine: 0.24,
  /** Space either side of a header inside its column or row. */
  headerInset: 0.02,
  cellPadding: 0.07,
  minLaneHeight: 0.62,
  /** A card is narrower than its column by `inset`, centred in it. */
  card: { inset: 0.14, gap: 0.07, padding: 0.06, slack: 0.02 },
  chip: { h: 0.19, gap: 0.04, padding: 0.14, spacing: 0.05, channelMax: 14 },
  /** Room above a lane for the blueprint line that runs above it, and its label. */
  blueprint: { gap: 0.24, labelPadding: 0.16, labelH: 0.22 },
} as const;

/** A card as drawn: its shown text, chips and height at the grid's card width. */
interface PlacedCard {
  card: Card;
  text: string;
  chips: Array<{ label: string; ink: string }>;
  height: number;
}

/** One lane on one slide: the whole lane, or (when its cells are too tall) a run of each cell's cards. */
export interface LanePiece {
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

/** Metrics in a light ink on the dark stage header, as the title slide's date sits on its dark band. */
const METRIC_INK = TITLE_BAND.date;

function blueprintLabel(kind: LaneKind): string | undefined {
  return BLUEPRINT_LINES.find((line) => line.above === kind)?.label;
}

export class MapGrid {
  readonly columnWidth: number;
  readonly cardWidth: number;
  readonly top = PAGE.contentTop;
  private readonly stageHeaderHeight: number;
  readonly lanesTop: number;
  readonly lanesHeight: number;

  /** `metrics`: each stage's metrics as its header shows them, by stage id; the headers grow a line when there are any. */
  constructor(
    stagesPerSlide: number,
    private readonly fullTexts: FullTexts,
    private readonly metrics: ReadonlyMap<string, string> = new Map(),
  ) {
    this.columnWidth = (CONTENT_WIDTH - GRID.laneHeader.w) / stagesPerSlide;
    this.cardWidth = this.columnWidth - GRID.card.inset;
    this.stageHeaderHeight = GRID.stageHeader.h + (metrics.size > 0 ? GRID.metricsLine : 0);
    this.lanesTop = PAGE.contentTop + this.stageHeaderHeight;
    this.lanesHeight = PAGE.contentBottom - this.lanesTop;
  }

  private placeCard(card: Card, where: string): PlacedCard {
    const text = this.fullTexts.fit(card.text, CARD_TEXT_MAX, where);
    // The slides leave the dot-vote priority to the workshop: it means nothing to leadership.
    const chips = chipsOf(card)
      .filter((chip) => chip.kind !== 'priority')
      .map((chip) => ({
        label: chip.kind === 'channel' ? ellipsize(chip.label, GRID.chip.channelMax) : chip.label,
        ink: chipInk(chip.colours),
      }));
    const textLines = Math.max(
      1,
      wrapLines(text || ' ', this.cardWidth - 2 * GRID.card.padding, TYPE.card).length,
    );
    const height =
      2 * GRID.card.padding +
      textLines * lineHeight(TYPE.card) +
      this.chipRows(chips) * (GRID.chip.h + GRID.chip.gap) +
      GRID.card.slack;
    return { card, text, chips, height };
  }

  /** How many rows the chips take, left to right, wrapping when the card is too narrow. */
  private chipRows(chips: PlacedCard['chips']): number {
    let rows = 0;
    let used = 0;
    const room = this.cardWidth - 2 * GRID.card.padding;
    for (const chip of chips) {
      const width = Math.min(room, textWidth(chip.label, TYPE.chip, true) + GRID.chip.padding);
      if (rows === 0 || used + width > room) {
        rows += 1;
        used = 0;
      }
      used += width + GRID.chip.spacing;
    }
    return rows;
  }

  lanePieces(
    lane: Lane,
    stages: readonly Stage[],
    cells: Map<string, Card[]>,
    state: JourneyState,
  ): LanePiece[] {
    const extraTop = blueprintLabel(lane.kind) ? GRID.blueprint.gap : 0;
    const emotions = lane.kind === 'emotions' ? new Map<string, number>() : null;
    const placed = new Map<string, PlacedCard[]>();
    for (const stage of stages) {
      const cards = cells.get(`${stage.id}|${lane.id}`) ?? [];
      const where = `${state.title} · ${stage.title} · ${lane.title}`;
      placed.set(
        stage.id,
        cards.map((card) => this.placeCard(card, where)),
      );
      const scores = cards.map((c) => c.emotion).filter((e): e is number => e !== null);
      if (emotions && scores.length > 0)
        emotions.set(stage.id, scores.reduce((a, b) => a + b, 0) / scores.length);
    }
    const band = emotions && emotions.size > 0 ? EMOTION_BAND : 0;
    // Each cell's cards are cut into runs that fit a slide; the lane has as many pieces as its longest cell.
    const runsByStage = new Map<string, PlacedCard[][]>();
    for (const stage of stages) {
      const runs: PlacedCard[][] = [];
      let current: PlacedCard[] = [];
      let used = 0;
      for (const card of placed.get(stage.id) ?? []) {
        const room = this.lanesHeight - 2 * GRID.cellPadding - (runs.length === 0 ? extraTop + band : 0);
        if (current.length > 0 && used + card.height > room) {
          runs.push(current);
          current = [];
          used = 0;
        }
        current.push(card);
        used += card.height + GRID.card.gap;
      }
      if (current.length > 0) runs.push(current);
      runsByStage.set(stage.id, runs);
    }
    const parts = Math.max(1, ...[...runsByStage.values()].map((r) => r.length));
    // A lane never shorter than its header's words (a long title wraps over lines).
    const headerWidth = GRID.laneHeader.w - GRID.laneHeader.gap - 2 * GRID.laneHeader.padding;
    const headerHeight =
      textHeight(ellipsize(lane.title, GRID.laneHeader.titleMax), headerWidth, TYPE.header, true) +
      (parts > 1 ? lineHeight(TYPE.small) : 0) +
      2 * (GRID.laneHeader.padding + GRID.headerInset);
    const pieces: LanePiece[] = [];
    for (let part = 0; part < parts; part++) {
      const pieceCells = new Map<string, PlacedCard[]>();
      let tallest = 0;
      for (const stage of stages) {
        const cards = runsByStage.get(stage.id)?.[part] ?? [];
        pieceCells.set(stage.id, cards);
        const stack =
          cards.reduce((sum, c) => sum + c.height, 0) + Math.max(0, cards.length - 1) * GRID.card.gap;
        tallest = Math.max(tallest, stack);
      }
      const first = part === 0;
      const height =
        (first ? extraTop + band : 0) +
        Math.max(GRID.minLaneHeight, headerHeight, tallest + 2 * GRID.cellPadding);
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

  /**
   * Draws the stage headers, the lane pieces and the lines between cards drawn on
   * this slide (`edges`: the state's); returns the ids of the cards drawn.
   */
  draw(
    slide: SlideCanvas,
    stages: readonly Stage[],
    pieces: readonly LanePiece[],
    edges: readonly Edge[],
  ): string[] {
    const left = PAGE.marginX;
    const gridLeft = left + GRID.laneHeader.w;
    const gridRight = gridLeft + stages.length * this.columnWidth;
    const drawn: string[] = [];
    const boxes = new Map<string, Box>();
    const headerWidth = this.columnWidth - 2 * GRID.headerInset;
    stages.forEach((stage, i) => {
      const metrics = this.metrics.get(stage.id);
      slide.box(
        'stage-header',
        gridLeft + i * this.columnWidth + GRID.headerInset,
        this.top,
        headerWidth,
        this.stageHeaderHeight - GRID.stageHeader.gap,
        [
          strong(
            this.fullTexts.fit(stage.title, GRID.stageHeader.titleMax, 'Stage title'),
            TYPE.header,
            COLOUR.inkInverse,
          ),
          // One line of metrics under the title, as the canvas's header shows them; the rest in the appendix.
          ...(metrics
            ? [
                run(
                  this.fullTexts.fitLine(
                    metrics,
                    headerWidth - 2 * GRID.stageHeader.padding,
                    TYPE.small,
                    false,
                    `Metrics · ${stage.title}`,
                  ),
                  TYPE.small,
                  METRIC_INK,
                  { paragraph: true },
                ),
              ]
            : []),
        ],
        { fill: COLOUR.ink, align: 'center', valign: 'middle', padding: GRID.stageHeader.padding },
      );
    });
    let y = this.lanesTop;
    for (const piece of pieces) {
      const swatch = LANE[piece.lane.kind];
      let rowTop = y;
      const blueprint = blueprintLabel(piece.lane.kind);
      if (piece.first && blueprint) {
        this.drawBlueprintLine(slide, blueprint, left, gridRight, y + GRID.blueprint.gap / 2);
        rowTop += GRID.blueprint.gap;
      }
      const rowHeight = y + piece.height - rowTop;
      const note = piece.parts > 1 ? `part ${piece.part + 1} of ${piece.parts}` : '';
      slide.box(
        'lane-header',
        left,
        rowTop + GRID.headerInset,
        GRID.laneHeader.w - GRID.laneHeader.gap,
        rowHeight - 2 * GRID.headerInset,
        [
          strong(
            this.fullTexts.fit(piece.lane.title, GRID.laneHeader.titleMax, 'Lane title'),
            TYPE.header,
            swatch.ink,
          ),
          run(note, TYPE.small, COLOUR.muted, { paragraph: true }),
        ],
        { fill: swatch.fill, padding: GRID.laneHeader.padding },
      );
      slide.line(
        'lane-rule',
        gridLeft,
        y + piece.height,
        gridRight,
        y + piece.height,
        COLOUR.line,
        STROKE.hairline,
      );
      let cardsTop = rowTop + GRID.cellPadding;
      if (piece.emotions) {
        drawEmotionCurve(slide, stages, piece.emotions, {
          left: gridLeft,
          top: rowTop,
          columnWidth: this.columnWidth,
        });
        cardsTop += EMOTION_BAND;
      }
      stages.forEach((stage, i) => {
        let cy = cardsTop;
        const x = gridLeft + i * this.columnWidth + (this.columnWidth - this.cardWidth) / 2;
        for (const placed of piece.cells.get(stage.id) ?? []) {
          this.drawCard(slide, placed, x, cy);
          drawn.push(placed.card.id);
          boxes.set(placed.card.id, { x, y: cy, width: this.cardWidth, height: placed.height });
          cy += placed.height + GRID.card.gap;
        }
      });
      y += piece.height;
    }
    // Stage separators run the full height of what was drawn.
    for (let i = 1; i < stages.length; i++) {
      const x = gridLeft + i * this.columnWidth;
      slide.line('stage-rule', x, this.lanesTop, x, y, COLOUR.line, STROKE.hairline);
    }
    this.drawEdges(slide, edges, boxes);
    return drawn;
  }

  /**
   * The lines between cards that are both on this slide, routed as the canvas and
   * the picture export route them (shared/src/edge-routes.ts), over the cards.
   * Straight runs (a slide's lines stay editable shapes), no labels: the slide has
   * no room for them beside its cards.
   */
  private drawEdges(slide: SlideCanvas, edges: readonly Edge[], boxes: ReadonlyMap<string, Box>): void {
    for (const edge of edges) {
      const from = boxes.get(edge.from);
      const to = boxes.get(edge.to);
      if (!from || !to) continue;
      const points = routeEdge(from, to, GRID.card.inset / 2);
      points.slice(1).forEach((b, i) => {
        const a = points[i] as Point;
        const last = i === points.length - 2;
        slide.line(
          'edge',
          a.x,
          a.y,
          b.x,
          b.y,
          EDGE.colour[edge.kind],
          EDGE.width,
          EDGE.dash[edge.kind],
          last,
        );
      });
    }
  }

  /** A service blueprint's line, dashed across the grid, with its name at the right end. */
  private drawBlueprintLine(slide: SlideCanvas, label: string, left: number, right: number, y: number): void {
    slide.line('blueprint-line', left, y, right, y, BLUEPRINT.line, BLUEPRINT.width, 'dash');
    const labelWidth = textWidth(label, TYPE.small, true) + GRID.blueprint.labelPadding;
    slide.text(
      'blueprint-label',
      right - labelWidth,
      y - GRID.blueprint.labelH / 2,
      labelWidth,
      GRID.blueprint.labelH,
      [strong(label, TYPE.small, BLUEPRINT.label, { italic: true })],
      { fill: COLOUR.surface, align: 'center', valign: 'middle' },
    );
  }

  /**
   * One shape per card: its chips (channel, feeling, severity) are a last paragraph
   * of coloured runs in the card's own text box, not shapes of their own. A
   * 2,000-card deck has 6,000 fewer shapes that way, which is what keeps it under
   * half a second, and the chips move with the card when someone edits the slide.
   */
  private drawCard(slide: SlideCanvas, placed: PlacedCard, x: number, y: number): void {
    const swatch = CARD[placed.card.kind];
    const chips = placed.chips.flatMap((chip, i) => [
      ...(i > 0 ? [run('  ·  ', TYPE.chip, COLOUR.muted)] : []),
      strong(chip.label, TYPE.chip, chip.ink, { paragraph: i === 0 }),
    ]);
    slide.box('card', x, y, this.cardWidth, placed.height, [run(placed.text, TYPE.card), ...chips], {
      geometry: 'roundRect',
      fill: swatch.fill,
      outline: { color: swatch.border, width: STROKE.rule },
      padding: GRID.card.padding,
    });
  }
}
