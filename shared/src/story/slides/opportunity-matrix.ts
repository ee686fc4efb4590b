/**
 * The opportunities on an impact × effort matrix: a numbered dot per opportunity in
 * its cell (side by side, then wrapping, so none hides another), coloured by its
 * horizon, and a legend of the numbers beside the matrix. Paged when the legend or
 * a cell is full.
 */
import { HORIZON_LABELS, QUADRANT_TITLES } from '../../contract/labels.js';
import { type Opportunity, SCORE_MAX, SCORE_MIN } from '../../model.js';
import type { Quadrant } from '../../opportunities.js';
import type { DeckBuilder } from '../builder.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { CONTENT_RIGHT, PAGE, STROKE, TYPE } from '../frame.js';
import { COLOUR, HORIZON, MATRIX, QUADRANT } from '../palette.js';
import { counted } from '../text.js';

/** Scores run 1 to 5 on both axes: a cell per score. */
const CELLS = SCORE_MAX - SCORE_MIN + 1;

const GRID = {
  x: PAGE.marginX + 0.75,
  y: PAGE.contentTop + 0.1,
  width: 6.6,
  height: 5.0,
  dot: 0.3,
  dotGap: 0.06,
  /** Room in a cell for the dots, and at the top of a quadrant's top cells for its heading. */
  cellInset: 0.05,
  labelStrip: 0.3,
  labelInset: 0.08,
  labelTop: 0.04,
  axis: { gap: 0.04, h: 0.24, impactX: 0.3, impactW: 0.24, titleGap: 0.28, titleH: 0.26 },
  impactTitle: { x: PAGE.marginX - 0.1, y: -0.02, w: 0.55, h: 0.5 },
} as const;
const CELL_WIDTH = GRID.width / CELLS;
const CELL_HEIGHT = GRID.height / CELLS;
const DOTS_PER_ROW = Math.floor((CELL_WIDTH - 2 * GRID.cellInset) / (GRID.dot + GRID.dotGap));

const LEGEND = {
  perSlide: 15,
  gap: 0.45,
  top: PAGE.contentTop + 0.1,
  step: 0.36,
  number: 0.26,
  numberY: 0.03,
  textX: 0.35,
  h: 0.34,
  titleMax: 58,
  keyH: 0.3,
} as const;

/**
 * Quadrants by cell: high impact is 3 and above, low effort 2 and below (quadrantOf);
 * rows count down from impact 5, columns up from effort 1.
 */
const QUADRANTS: Array<{ quadrant: Quadrant; col: number; row: number; cols: number; rows: number }> = [
  { quadrant: 'quick-win', col: 0, row: 0, cols: 2, rows: 3 },
  { quadrant: 'structural', col: 2, row: 0, cols: 3, rows: 3 },
  { quadrant: 'fill-in', col: 0, row: 3, cols: 2, rows: 2 },
  { quadrant: 'reconsider', col: 2, row: 3, cols: 3, rows: 2 },
];
/** The impact scores whose cells are a quadrant's top row, under its heading. */
const HEADED_IMPACTS = new Set(QUADRANTS.map((q) => SCORE_MAX - q.row));

const headingRoom = (impact: number) => (HEADED_IMPACTS.has(impact) ? GRID.labelStrip : 0);
const cellCapacity = (impact: number) =>
  DOTS_PER_ROW *
  Math.floor((CELL_HEIGHT - 2 * GRID.cellInset - headingRoom(impact)) / (GRID.dot + GRID.dotGap));
const cellKey = (o: Opportunity) => `${o.impact}|${o.effort}`;

/** Fills slides in board order: a new slide when the legend or the opportunity's cell is full. */
function paginate(opportunities: readonly Opportunity[]): Opportunity[][] {
  const pages: Opportunity[][] = [[]];
  const used = new Map<string, number>();
  for (const opportunity of opportunities) {
    const key = cellKey(opportunity);
    let page = pages[pages.length - 1] ?? [];
    if (page.length >= LEGEND.perSlide || (used.get(key) ?? 0) >= cellCapacity(opportunity.impact)) {
      page = [];
      pages.push(page);
      used.clear();
    }
    page.push(opportunity);
    used.set(key, (used.get(key) ?? 0) + 1);
  }
  return pages;
}

export function addOpportunityMatrixSlides(deck: DeckBuilder): void {
  const opportunities = deck.board.opportunities;
  const pages = paginate(opportunities);
  let number = 0;
  pages.forEach((page, p) => {
    const note =
      pages.length > 1
        ? `${p + 1} of ${pages.length}`
        : counted(opportunities.length, 'opportunity', 'opportunities');
    const slide = deck.slide('opportunity-matrix', 'Opportunities', 'Impact and effort', note);
    drawMatrix(slide);
    // The cell's dots are centred as a block of rows; none covers another.
    const inCell = new Map<string, number>();
    const cellCounts = new Map<string, number>();
    for (const o of page) cellCounts.set(cellKey(o), (cellCounts.get(cellKey(o)) ?? 0) + 1);
    const legendX = GRID.x + GRID.width + LEGEND.gap;
    const legendWidth = CONTENT_RIGHT - legendX;
    page.forEach((opportunity, i) => {
      number += 1;
      const key = cellKey(opportunity);
      const slot = inCell.get(key) ?? 0;
      inCell.set(key, slot + 1);
      const { dot, dotGap } = GRID;
      const cellTop = GRID.y + (SCORE_MAX - opportunity.impact) * CELL_HEIGHT;
      const cellX = GRID.x + (opportunity.effort - SCORE_MIN) * CELL_WIDTH;
      const cellY = cellTop + (headingRoom(opportunity.impact) || GRID.cellInset);
      const count = cellCounts.get(key) ?? 1;
      const perRow = Math.min(DOTS_PER_ROW, count);
      const rowsInCell = Math.ceil(count / DOTS_PER_ROW);
      const areaHeight = CELL_HEIGHT - (cellY - cellTop) - GRID.cellInset;
      const dx =
        cellX +
        (CELL_WIDTH - perRow * dot - (perRow - 1) * dotGap) / 2 +
        (slot % DOTS_PER_ROW) * (dot + dotGap);
      const dy =
        cellY +
        Math.max(0, (areaHeight - rowsInCell * dot - (rowsInCell - 1) * dotGap) / 2) +
        Math.floor(slot / DOTS_PER_ROW) * (dot + dotGap);
      const dropped = opportunity.status === 'dropped';
      const fill = dropped ? MATRIX.dropped : HORIZON[opportunity.horizon].ink;
      const label = String(number);
      const ring = { color: COLOUR.surface, width: STROKE.outline };
      slide.badge('opportunity-dot', dx, dy, dot, label, TYPE.small, fill, ring);
      const ly = LEGEND.top + i * LEGEND.step;
      slide.badge('legend-number', legendX, ly + LEGEND.numberY, LEGEND.number, label, TYPE.small, fill);
      slide.text(
        'legend-title',
        legendX + LEGEND.textX,
        ly,
        legendWidth - LEGEND.textX,
        LEGEND.h,
        [
          strong(deck.fullTexts.fit(opportunity.title, LEGEND.titleMax, 'Opportunity title'), TYPE.card),
          run(
            `  ${HORIZON_LABELS[opportunity.horizon]} · impact ${opportunity.impact}, effort ${opportunity.effort}${dropped ? ' · dropped' : ''}`,
            TYPE.small,
            COLOUR.muted,
          ),
        ],
        { valign: 'middle' },
      );
    });
    slide.text('matrix-key', legendX, PAGE.contentBottom - LEGEND.keyH, legendWidth, LEGEND.keyH, [
      run('Dot colour = horizon: ', TYPE.small, COLOUR.muted),
      strong('now', TYPE.small, HORIZON.now.ink),
      run(' · ', TYPE.small, COLOUR.muted),
      strong('next', TYPE.small, HORIZON.next.ink),
      run(' · ', TYPE.small, COLOUR.muted),
      strong('later', TYPE.small, HORIZON.later.ink),
      run(' · grey = dropped', TYPE.small, COLOUR.muted),
    ]);
  });
}

/** The quadrants with their headings, the cell grid, and the axes with their scores. */
function drawMatrix(slide: SlideCanvas): void {
  const { x, y, width, height, labelStrip, axis } = GRID;
  for (const q of QUADRANTS) {
    const swatch = QUADRANT[q.quadrant];
    const qx = x + q.col * CELL_WIDTH;
    const qy = y + q.row * CELL_HEIGHT;
    slide.box('quadrant', qx, qy, q.cols * CELL_WIDTH, q.rows * CELL_HEIGHT, [], {
      fill: swatch.fill,
      outline: { color: MATRIX.divider, width: MATRIX.dividerWidth },
    });
    slide.text(
      'quadrant-label',
      qx + GRID.labelInset,
      qy + GRID.labelTop,
      q.cols * CELL_WIDTH - 2 * GRID.labelInset,
      labelStrip - GRID.labelTop,
      [strong(QUADRANT_TITLES[q.quadrant], TYPE.body, swatch.ink)],
      { valign: 'middle' },
    );
  }
  for (let i = 0; i <= CELLS; i++) {
    const gx = x + i * CELL_WIDTH;
    const gy = y + i * CELL_HEIGHT;
    slide.line('matrix-grid', gx, y, gx, y + height, MATRIX.grid, STROKE.rule, 'dot');
    slide.line('matrix-grid', x, gy, x + width, gy, MATRIX.grid, STROKE.rule, 'dot');
  }
  for (let score = SCORE_MIN; score <= SCORE_MAX; score++) {
    const label = [run(String(score), TYPE.small, COLOUR.muted)];
    slide.text(
      'axis-effort',
      x + (score - SCORE_MIN) * CELL_WIDTH,
      y + height + axis.gap,
      CELL_WIDTH,
      axis.h,
      label,
      {
        align: 'center',
      },
    );
    slide.text(
      'axis-impact',
      x - axis.impactX,
      y + (SCORE_MAX - score) * CELL_HEIGHT,
      axis.impactW,
      CELL_HEIGHT,
      label,
      {
        align: 'right',
        valign: 'middle',
      },
    );
  }
  slide.text(
    'axis-effort-title',
    x,
    y + height + axis.titleGap,
    width,
    axis.titleH,
    [strong('Effort: low → high', TYPE.header)],
    { align: 'center' },
  );
  const t = GRID.impactTitle;
  slide.text('axis-impact-title', t.x, y + t.y, t.w, t.h, [strong('Impact ↑', TYPE.header)], {
    align: 'center',
  });
}
