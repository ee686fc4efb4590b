/**
 * The friction heat map of a current state: a stage × lane grid of cells coloured by
 * their friction score (the app's heat scale), beside a column of headline figures.
 */
import { type FrictionList, frictionHeatMap, type HeatCell, type JourneyState } from '@journeyboard/shared';
import type { DeckBuilder } from '../builder.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { balancedPages, CONTENT_HEIGHT, CONTENT_RIGHT, CONTENT_WIDTH, PAGE, TYPE } from '../frame.js';
import { COLOUR, HEAT, heatFill, LANE } from '../palette.js';
import { counted, ellipsize, formatScore } from '../text.js';

/** A heat map shows at most this many stages and lanes; more continue on further slides. */
export const HEAT_MAP_STAGES = 8;
export const HEAT_MAP_LANES = 12;

const MAP = {
  sidebarWidth: 3.1,
  /** Between the grid and the sidebar. */
  sidebarGap: 0.3,
  laneHeaderWidth: 1.7,
  headerHeight: 0.55,
  maxRowHeight: 0.62,
  /** Below this row height a cell has room for its score only. */
  twoLineRowHeight: 0.45,
  /** Between cells. */
  gutter: 0.04,
  stagePadding: 0.04,
  lanePadding: 0.06,
  legendH: 0.3,
  /** Room kept under the grid for the legend. */
  legendRoom: 0.4,
  stageTitleMax: 28,
  laneTitleMax: 34,
} as const;

const SUMMARY = {
  tileH: 0.95,
  tileStep: 1.1,
  tilePadding: 0.15,
  labelH: 0.28,
  /** A label's text starts this far below the label. */
  textY: 0.3,
  topTextH: 0.8,
  topTextMax: 90,
  topStep: 1.15,
  hotTextH: 0.6,
  hotTitleMax: 30,
} as const;

export function addFrictionHeatMapSlides(deck: DeckBuilder, state: JourneyState, ranked: FrictionList): void {
  const { stages, lanes } = deck.gridOf(state);
  const heat = new Map(frictionHeatMap(deck.board, state.id).map((c) => [`${c.stageId}|${c.laneId}`, c]));
  let hottest: HeatCell | undefined;
  for (const cell of heat.values()) if (cell.total > (hottest?.total ?? 0)) hottest = cell;

  const gridWidth = CONTENT_WIDTH - MAP.sidebarWidth - MAP.sidebarGap;
  const stagePages = balancedPages(stages.length, HEAT_MAP_STAGES);
  const lanePages = balancedPages(lanes.length, HEAT_MAP_LANES);
  const columnWidth = (gridWidth - MAP.laneHeaderWidth) / Math.max(...stagePages.map((p) => p.to - p.from));
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
        MAP.maxRowHeight,
        (CONTENT_HEIGHT - MAP.headerHeight - MAP.legendRoom) / pageLanes.length,
      );
      const top = PAGE.contentTop;
      const cellX = (i: number) => PAGE.marginX + MAP.laneHeaderWidth + i * columnWidth;
      pageStages.forEach((stage, i) => {
        slide.box(
          'heat-stage',
          cellX(i),
          top,
          columnWidth - gutter,
          MAP.headerHeight - gutter,
          [
            strong(
              deck.fullTexts.fit(stage.title, MAP.stageTitleMax, 'Stage title'),
              TYPE.header,
              COLOUR.inkInverse,
            ),
          ],
          { fill: COLOUR.ink, align: 'center', valign: 'middle', padding: MAP.stagePadding },
        );
      });
      pageLanes.forEach((lane, r) => {
        const y = top + MAP.headerHeight + r * rowHeight;
        const swatch = LANE[lane.kind];
        slide.box(
          'heat-lane',
          PAGE.marginX,
          y,
          MAP.laneHeaderWidth - gutter,
          rowHeight - gutter,
          [strong(deck.fullTexts.fit(lane.title, MAP.laneTitleMax, 'Lane title'), TYPE.header, swatch.ink)],
          { fill: swatch.fill, valign: 'middle', padding: MAP.lanePadding },
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
            rowHeight < MAP.twoLineRowHeight ? runs.slice(0, 1) : runs,
            { fill: filled ? heatFill(cell.intensity) : HEAT.empty, align: 'center', valign: 'middle' },
          );
        });
      });
      slide.text('heat-legend', PAGE.marginX, PAGE.contentBottom - MAP.legendH, gridWidth, MAP.legendH, [
        run(HEAT.legend, TYPE.small, COLOUR.muted),
      ]);
      addSummary(deck, slide, CONTENT_RIGHT - MAP.sidebarWidth, MAP.sidebarWidth, ranked, hottest);
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
      SUMMARY.tileH,
      [strong(value, TYPE.figure, color), run(label, TYPE.body, COLOUR.muted, { paragraph: true })],
      { geometry: 'roundRect', fill: COLOUR.canvas, valign: 'middle', padding: SUMMARY.tilePadding },
    );
    y += SUMMARY.tileStep;
  };
  tile('total friction score', formatScore(ranked.total), COLOUR.red);
  tile('friction points', String(ranked.items.length), COLOUR.ink);
  if (ranked.unassessed > 0) tile('not yet assessed (score 0)', String(ranked.unassessed), COLOUR.muted);
  const first = ranked.items[0];
  if (first) {
    slide.label('summary-top-label', x, y, width, SUMMARY.labelH, 'Top friction point');
    slide.text('summary-top', x, y + SUMMARY.textY, width, SUMMARY.topTextH, [
      strong(ellipsize(first.card.text, SUMMARY.topTextMax), TYPE.body),
      run(
        `${formatScore(first.score.score)} · ${Math.round(first.share * 100)}% of the total`,
        TYPE.small,
        COLOUR.muted,
        {
          paragraph: true,
        },
      ),
    ]);
    y += SUMMARY.topStep;
  }
  if (hottest && hottest.total > 0) {
    const stage = deck.stageById.get(hottest.stageId);
    const lane = deck.laneById.get(hottest.laneId);
    const where = `${ellipsize(stage?.title ?? '', SUMMARY.hotTitleMax)} × ${ellipsize(lane?.title ?? '', SUMMARY.hotTitleMax)}`;
    slide.label('summary-hot-label', x, y, width, SUMMARY.labelH, 'Hottest cell');
    slide.text('summary-hot', x, y + SUMMARY.textY, width, SUMMARY.hotTextH, [
      strong(where, TYPE.body),
      run(`score ${formatScore(hottest.total)}`, TYPE.small, COLOUR.muted, { paragraph: true }),
    ]);
  }
}
