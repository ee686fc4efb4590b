/**
 * The friction heat map of a current state: a stage × lane grid of cells coloured by
 * their friction score (the app's heat scale), beside a column of headline figures.
 */
import { type FrictionList, frictionHeatMap, type HeatCell } from '../../friction.js';
import type { JourneyState } from '../../model.js';
import type { DeckBuilder } from '../builder.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { balancedPages, CONTENT_HEIGHT, CONTENT_RIGHT, CONTENT_WIDTH, PAGE, TYPE } from '../frame.js';
import { COLOUR, HEAT, heatFill, LANE } from '../palette.js';
import { counted, ellipsize, formatScore } from '../text.js';

/** A heat map shows at most this many stages and lanes; more continue on further slides. */
export const HEAT_MAP_STAGES = 8;
export const HEAT_MAP_LANES = 12;

const MAP = {
  /** The headline figures beside the grid, `gap` from it. */
  sidebar: { w: 3.1, gap: 0.3 },
  laneHeader: { w: 1.7, padding: 0.06, titleMax: 34 },
  stageHeader: { h: 0.55, padding: 0.04, titleMax: 28 },
  /** Below `twoLines` a row has room for a cell's score only. */
  row: { maxH: 0.62, twoLines: 0.45 },
  /** Between cells. */
  gutter: 0.04,
  /** The legend, with `room` kept for it under the grid. */
  legend: { h: 0.3, room: 0.4 },
} as const;

const SUMMARY = {
  tile: { h: 0.95, step: 1.1, padding: 0.15 },
  /** A label, with its text `textY` below it. */
  label: { h: 0.28, textY: 0.3 },
  top: { h: 0.8, max: 90, step: 1.15 },
  hot: { h: 0.6, titleMax: 30 },
} as const;

export function addFrictionHeatMapSlides(deck: DeckBuilder, state: JourneyState, ranked: FrictionList): void {
  const { stages, lanes } = deck.gridOf(state);
  const heat = new Map(frictionHeatMap(deck.board, state.id).map((c) => [`${c.stageId}|${c.laneId}`, c]));
  let hottest: HeatCell | undefined;
  for (const cell of heat.values()) if (cell.total > (hottest?.total ?? 0)) hottest = cell;

  const gridWidth = CONTENT_WIDTH - MAP.sidebar.w - MAP.sidebar.gap;
  const stagePages = balancedPages(stages.length, HEAT_MAP_STAGES);
  const lanePages = balancedPages(lanes.length, HEAT_MAP_LANES);
  const columnWidth = (gridWidth - MAP.laneHeader.w) / Math.max(...stagePages.map((p) => p.to - p.from));
  const pageCount = stagePages.length * lanePages.length;
  const { gutter } = MAP;
  let pageNumber = 0;
  for (const stagePage of stagePages) {
    for (const lanePage of lanePages) {
      pageNumber += 1;
      const pageStages = stages.slice(stagePage.from, stagePage.to);
      const pageLanes = lanes.slice(lanePage.from, lanePage.to);
      const slide = deck.slide(
        'friction-heat-map',
        `Friction heat map · ${deck.stateLabel(state)}`,
        deck.journeyTitle(state),
        pageCount > 1 ? `Heat map ${pageNumber} of ${pageCount}` : '',
      );
      const rowHeight = Math.min(
        MAP.row.maxH,
        (CONTENT_HEIGHT - MAP.stageHeader.h - MAP.legend.room) / pageLanes.length,
      );
      const top = PAGE.contentTop;
      const cellX = (i: number) => PAGE.marginX + MAP.laneHeader.w + i * columnWidth;
      pageStages.forEach((stage, i) => {
        slide.box(
          'heat-stage',
          cellX(i),
          top,
          columnWidth - gutter,
          MAP.stageHeader.h - gutter,
          [
            strong(
              deck.fullTexts.fit(stage.title, MAP.stageHeader.titleMax, 'Stage title'),
              TYPE.header,
              COLOUR.inkInverse,
            ),
          ],
          { fill: COLOUR.ink, align: 'center', valign: 'middle', padding: MAP.stageHeader.padding },
        );
      });
      pageLanes.forEach((lane, r) => {
        const y = top + MAP.stageHeader.h + r * rowHeight;
        const swatch = LANE[lane.kind];
        slide.box(
          'heat-lane',
          PAGE.marginX,
          y,
          MAP.laneHeader.w - gutter,
          rowHeight - gutter,
          [
            strong(
              deck.fullTexts.fit(lane.title, MAP.laneHeader.titleMax, 'Lane title'),
              TYPE.header,
              swatch.ink,
            ),
          ],
          { fill: swatch.fill, valign: 'middle', padding: MAP.laneHeader.padding },
        );
        pageStages.forEach((stage, i) => {
          const cell = heat.get(`${stage.id}|${lane.id}`);
          const filled = cell !== undefined && cell.count > 0;
          const runs = filled
            ? [
                strong(formatScore(cell.total), TYPE.header, HEAT.ink),
                run(counted(cell.count, 'point'), TYPE.small, HEAT.ink, {
                  paragraph: true,
                }),
              ]
            : [];
          slide.box(
            'heat-cell',
            cellX(i),
            y,
            columnWidth - gutter,
            rowHeight - gutter,
            rowHeight < MAP.row.twoLines ? runs.slice(0, 1) : runs,
            { fill: filled ? heatFill(cell.intensity) : HEAT.empty, align: 'center', valign: 'middle' },
          );
        });
      });
      slide.text('heat-legend', PAGE.marginX, PAGE.contentBottom - MAP.legend.h, gridWidth, MAP.legend.h, [
        run(HEAT.legend, TYPE.small, COLOUR.muted),
      ]);
      addSummary(deck, slide, CONTENT_RIGHT - MAP.sidebar.w, MAP.sidebar.w, ranked, hottest);
    }
  }
}

/** The sidebar: total score, number of points, the top point and the hottest cell. */
function addSummary(
  deck: DeckBuilder,
  slide: SlideCanvas,
  x: number,
  width: number,
  ranked: FrictionList,
  hottest: HeatCell | undefined,
): void {
  let y = PAGE.contentTop;
  const tile = (label: string, value: string, color: string) => {
    slide.box(
      'summary-tile',
      x,
      y,
      width,
      SUMMARY.tile.h,
      [strong(value, TYPE.figure, color), run(label, TYPE.body, COLOUR.muted, { paragraph: true })],
      { geometry: 'roundRect', fill: COLOUR.canvas, valign: 'middle', padding: SUMMARY.tile.padding },
    );
    y += SUMMARY.tile.step;
  };
  tile('total friction score', formatScore(ranked.total), COLOUR.red);
  tile('friction points', String(ranked.items.length), COLOUR.ink);
  if (ranked.unassessed > 0) tile('not yet assessed (score 0)', String(ranked.unassessed), COLOUR.muted);
  const first = ranked.items[0];
  if (first) {
    slide.label('summary-top-label', x, y, width, SUMMARY.label.h, 'Top friction point');
    slide.text('summary-top', x, y + SUMMARY.label.textY, width, SUMMARY.top.h, [
      strong(ellipsize(first.card.text, SUMMARY.top.max), TYPE.body),
      run(
        `${formatScore(first.score.score)} · ${Math.round(first.share * 100)}% of the total`,
        TYPE.small,
        COLOUR.muted,
        {
          paragraph: true,
        },
      ),
    ]);
    y += SUMMARY.top.step;
  }
  if (hottest && hottest.total > 0) {
    const stage = deck.stageById.get(hottest.stageId);
    const lane = deck.laneById.get(hottest.laneId);
    const where = `${ellipsize(stage?.title ?? '', SUMMARY.hot.titleMax)} × ${ellipsize(lane?.title ?? '', SUMMARY.hot.titleMax)}`;
    slide.label('summary-hot-label', x, y, width, SUMMARY.label.h, 'Hottest cell');
    slide.text('summary-hot', x, y + SUMMARY.label.textY, width, SUMMARY.hot.h, [
      strong(where, TYPE.body),
      run(`score ${formatScore(hottest.total)}`, TYPE.small, COLOUR.muted, { paragraph: true }),
    ]);
  }
}
