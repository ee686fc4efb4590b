/**
 * Current → future: the headline figures of a future state against the state it was
 * derived from (total friction before and after, cards added, removed, changed,
 * moved) beside a chart of friction per stage, before and after.
 */
import { diffStates } from '../../diff.js';
import type { FrictionDiff } from '../../friction.js';
import type { JourneyState } from '../../model.js';
import type { DeckBuilder } from '../builder.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { CONTENT_RIGHT, chunk, PAGE, pageRange, STROKE, TYPE } from '../frame.js';
import { CHANGES, COLOUR, FRICTION } from '../palette.js';
import { ellipsize, formatChange, formatScore } from '../text.js';

export const COMPARISON_STAGES = 10;

const PANEL = {
  width: 3.7,
  h: 1.9,
  inset: 0.2,
  labelY: 0.12,
  labelH: 0.3,
  figureY: 0.45,
  figureW: 1.5,
  figureH: 0.8,
  figureSize: 28,
  arrowX: 1.55,
  arrowW: 0.5,
  arrowH: 0.55,
  arrowSize: 24,
  afterX: 2.1,
  changeY: 1.35,
  changeH: 0.4,
  /** From the panel's top to the card counts' label, and from there to the tiles. */
  countsY: 2.15,
  countsLabelH: 0.3,
  countsTilesY: 0.35,
  tileGap: 0.15,
  tileStep: 0.95,
  tileH: 0.82,
  tilePadding: 0.12,
  tileSize: 22,
} as const;

const CHART = {
  /** Between the panel and the chart. */
  gap: 0.5,
  labelWidth: 2.2,
  valueWidth: 0.6,
  valueGap: 0.05,
  /** A value's text box overhangs its bar by this much above and below. */
  valueSlack: 0.04,
  barGap: 0.04,
  /** Space in a row beside its two bars. */
  rowSlack: 0.14,
  /** Between the bars and the values' column. */
  barEnd: 0.1,
  maxBarH: 0.2,
  maxRowH: 0.7,
  rowsY: 0.45,
  headingH: 0.3,
  stageMax: 40,
  stagePadding: 0.04,
  /** The legend's swatches and words, from the chart's left. */
  legend: { beforeX: 2.4, afterX: 3.4, swatch: 0.16, swatchY: 0.08, textGap: 0.2, textW: 0.9 },
  minBar: 0.02,
} as const;

export function addComparisonSlides(
  deck: DeckBuilder,
  from: JourneyState,
  future: JourneyState,
  friction: FrictionDiff,
): void {
  const cards = diffStates(deck.board, from.id, future.id);
  const section = `${deck.stateLabel(from)} → ${deck.stateLabel(future)}`;
  const stagePages = chunk(friction.stages, COMPARISON_STAGES);
  const scaleMax = Math.max(0.01, ...friction.stages.flatMap((s) => [s.before, s.after]));
  const counts: Array<[string, number, string]> = [
    ['added', cards.added.length, CHANGES.added],
    ['removed', cards.removed.length, CHANGES.removed],
    ['changed', cards.changed.length, CHANGES.changed],
    ['moved', cards.moved.length, CHANGES.moved],
  ];
  stagePages.forEach((stages, page) => {
    const slide = deck.slide(
      'comparison',
      section,
      deck.journeyTitle(future),
      stagePages.length > 1
        ? `Stages ${pageRange(page, COMPARISON_STAGES, stages.length)} of ${friction.stages.length}`
        : '',
    );
    addHeadline(slide, friction, counts);
    addStageChart(slide, stages, scaleMax);
  });
}

/** Left: total friction before and after, and the cards that changed on the map. */
function addHeadline(
  slide: SlideCanvas,
  friction: FrictionDiff,
  counts: Array<[string, number, string]>,
): void {
  const p = PANEL;
  const x = PAGE.marginX;
  let y = PAGE.contentTop;
  slide.box('total-panel', x, y, p.width, p.h, [], { geometry: 'roundRect', fill: COLOUR.canvas });
  slide.label(
    'total-label',
    x + p.inset,
    y + p.labelY,
    p.width - 2 * p.inset,
    p.labelH,
    'Total friction score',
  );
  slide.text('total-before', x + p.inset, y + p.figureY, p.figureW, p.figureH, [
    strong(formatScore(friction.totalBefore), p.figureSize, FRICTION.totalBefore),
    run('before', TYPE.small, COLOUR.muted, { paragraph: true }),
  ]);
  slide.text(
    'total-arrow',
    x + p.arrowX,
    y + p.figureY,
    p.arrowW,
    p.arrowH,
    [run('→', p.arrowSize, COLOUR.faint)],
    {
      align: 'center',
      valign: 'middle',
    },
  );
  slide.text('total-after', x + p.afterX, y + p.figureY, p.figureW, p.figureH, [
    strong(formatScore(friction.totalAfter), p.figureSize, FRICTION.totalAfter),
    run('after', TYPE.small, COLOUR.muted, { paragraph: true }),
  ]);
  slide.text('total-change', x + p.inset, y + p.changeY, p.width - 2 * p.inset, p.changeH, [
    strong(formatChange(friction.totalBefore, friction.totalAfter), TYPE.heading),
    run(' total friction', TYPE.body, COLOUR.muted),
  ]);
  y += p.countsY;
  slide.label('cards-label', x, y, p.width, p.countsLabelH, 'Cards on the map');
  y += p.countsTilesY;
  const tileWidth = (p.width - p.tileGap) / 2;
  counts.forEach(([label, count, color], i) => {
    slide.box(
      'card-count',
      x + (i % 2) * (tileWidth + p.tileGap),
      y + Math.floor(i / 2) * p.tileStep,
      tileWidth,
      p.tileH,
      [strong(String(count), p.tileSize, color), run(label, TYPE.body, COLOUR.muted, { paragraph: true })],
      {
        geometry: 'roundRect',
        outline: { color: COLOUR.line, width: STROKE.outline },
        fill: COLOUR.surface,
        valign: 'middle',
        padding: p.tilePadding,
      },
    );
  });
}

/** Right: friction per stage, a bar before and a bar after. */
function addStageChart(slide: SlideCanvas, stages: FrictionDiff['stages'], scaleMax: number): void {
  const c = CHART;
  const chartX = PAGE.marginX + PANEL.width + c.gap;
  const chartWidth = CONTENT_RIGHT - chartX;
  const barMax = chartWidth - c.labelWidth - c.valueWidth - c.barEnd;
  const top = PAGE.contentTop;
  slide.label('chart-label', chartX, top, chartWidth, c.headingH, 'Friction per stage');
  const legend: Array<[string, number, string]> = [
    ['before', c.legend.beforeX, FRICTION.before],
    ['after', c.legend.afterX, FRICTION.after],
  ];
  for (const [word, lx, colour] of legend) {
    slide.box(`legend-${word}`, chartX + lx, top + c.legend.swatchY, c.legend.swatch, c.legend.swatch, [], {
      fill: colour,
    });
    slide.text(
      `legend-${word}-text`,
      chartX + lx + c.legend.textGap,
      top,
      c.legend.textW,
      c.headingH,
      [run(word, TYPE.small, COLOUR.muted)],
      { valign: 'middle' },
    );
  }
  const rowsTop = top + c.rowsY;
  const rowHeight = Math.min(c.maxRowH, (PAGE.contentBottom - rowsTop) / Math.max(1, stages.length));
  stages.forEach((stage, r) => {
    const y0 = rowsTop + r * rowHeight;
    if (r > 0) slide.line('chart-rule', chartX, y0, chartX + chartWidth, y0, COLOUR.line, STROKE.hairline);
    slide.text(
      'chart-stage',
      chartX,
      y0,
      c.labelWidth,
      rowHeight,
      [strong(ellipsize(stage.title, c.stageMax), TYPE.card)],
      { valign: 'middle', padding: c.stagePadding },
    );
    const barHeight = Math.min(c.maxBarH, (rowHeight - c.rowSlack) / 2);
    const barsTop = y0 + (rowHeight - 2 * barHeight - c.barGap) / 2;
    for (const [i, value, color] of [
      [0, stage.before, FRICTION.before],
      [1, stage.after, FRICTION.after],
    ] as const) {
      const by = barsTop + i * (barHeight + c.barGap);
      const width = (value / scaleMax) * barMax;
      if (width > 0)
        slide.box('chart-bar', chartX + c.labelWidth, by, Math.max(c.minBar, width), barHeight, [], {
          fill: color,
        });
      slide.text(
        'chart-value',
        chartX + c.labelWidth + Math.max(c.minBar, width) + c.valueGap,
        by - c.valueSlack,
        c.valueWidth,
        barHeight + 2 * c.valueSlack,
        [run(formatScore(value), TYPE.small, COLOUR.muted)],
        { valign: 'middle' },
      );
    }
  });
}
