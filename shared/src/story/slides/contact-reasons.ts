/**
 * Why customers contact us (#14): the Pareto of the board's primary contact reasons in
 * the latest period, from the contact volumes imported into the board. Bars are the
 * reasons, largest first, drawn to the same 0–100 % scale as the cumulative-share
 * line, so the line starts on the first bar and never crosses one; the vital few (the
 * reasons behind the first 80 % of contacts) are in the accent colour. Beside the chart:
 * the total and its trend, the channel mix and the sources the numbers came from.
 * Shown only when the board holds contact volumes; one slide for the board, whose
 * reasons are board-wide.
 */
import { periodLabel } from '../../evidence/periods.js';
import type { BoardSnapshot } from '../../model.js';
import { type ParetoBar, type ReasonVolumes, reasonVolumes } from '../../reason-volumes.js';
import type { DeckBuilder } from '../builder.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { CONTENT_RIGHT, PAGE, STROKE, TYPE } from '../frame.js';
import { COLOUR } from '../palette.js';
import {
  capitalised,
  counted,
  ellipsizeToWidth,
  formatChange,
  lineHeight,
  textHeight,
  textWidth,
} from '../text.js';

/** More bars than this and their labels get too narrow to read: the smallest are drawn as one grey bar. */
export const CONTACT_REASON_BARS = 10;
/** The share of contacts that marks the vital few. */
const VITAL_SHARE = 0.8;

const HEADLINE = { h: 0.45 } as const;
const PLOT = {
  x: PAGE.marginX,
  right: 8.95,
  top: PAGE.contentTop + 0.75,
  bottom: 5.5,
  /** Of a bar's slot, the part the bar takes. */
  barFill: 0.64,
  /** A value goes inside its bar (near the top) when the bar is at least this tall. */
  valueInside: 0.3,
  valueH: 0.24,
  /** Inside a bar the value sits clear of the cumulative dot on the first bar's top; above it, over the dot. */
  valueGap: 0.03,
  valueInset: 0.09,
  dot: 0.12,
  /** The labels under the bars: lines at most, and the gap under the baseline. */
  labelLines: 3,
  labelGap: 0.06,
  labelInset: 0.04,
  axis: { gap: 0.06, w: 0.55, h: 0.24 },
  ticks: [0, 0.2, 0.4, 0.6, 0.8, 1],
} as const;
const LEGEND = { y: 6.5, h: 0.3, swatch: 0.16, gap: 0.3, textGap: 0.08, lineW: 0.32 } as const;
const SIDE = {
  x: 9.85,
  labelH: 0.28,
  figureH: 0.52,
  lineGap: 0.04,
  groupGap: 0.22,
  channels: 4,
  sources: 3,
  sourceLines: 2,
} as const;
const SIDE_WIDTH = CONTENT_RIGHT - SIDE.x;

/** The bars drawn: the largest reasons, the rest as one grey bar so every label stays readable. */
function barsOf(pareto: readonly ParetoBar[]): ParetoBar[] {
  if (pareto.length <= CONTACT_REASON_BARS) return [...pareto];
  const kept = pareto.slice(0, CONTACT_REASON_BARS - 1);
  const rest = pareto.slice(CONTACT_REASON_BARS - 1);
  const last = rest[rest.length - 1] as ParetoBar;
  return [
    ...kept,
    {
      reasonId: '',
      title: `${rest.length} more reasons`,
      volume: rest.reduce((sum, bar) => sum + bar.volume, 0),
      share: rest.reduce((sum, bar) => sum + bar.share, 0),
      cumulative: last.cumulative,
      vital: false,
    },
  ];
}

/** "3 of 7 reasons make up 81% of contacts in Mar 2026". */
export function contactReasonsHeadline(volumes: ReasonVolumes): string {
  const vital = volumes.pareto.filter((bar) => bar.vital);
  const share = Math.round((vital.at(-1)?.cumulative ?? 0) * 100);
  const of = volumes.pareto.length;
  const period = volumes.latest ? periodLabel(volumes.latest) : '';
  const reasons = of === 1 ? '1 reason makes up' : `${vital.length} of ${of} reasons make up`;
  return `${reasons} ${share}% of contacts in ${period}`;
}

/** "Contacts export, imported 30 Nov 2026, 2,070 rows". */
export function sourceLine(source: BoardSnapshot['sources'][number]): string {
  const imported = new Date(source.importedAt).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return `${source.name}, imported ${imported}, ${source.rows.toLocaleString('en')} ${source.rows === 1 ? 'row' : 'rows'}`;
}

export function addContactReasonsSlide(deck: DeckBuilder): void {
  if (deck.board.volumes.length === 0) return;
  const volumes = reasonVolumes(deck.board);
  if (volumes.total === 0 || !volumes.latest) return;
  const slide = deck.slide(
    'contact-reasons',
    'Evidence · Contact reasons',
    'Why customers contact us',
    periodLabel(volumes.latest),
  );
  slide.text('headline', PAGE.marginX, PAGE.contentTop, SIDE.x - PAGE.marginX, HEADLINE.h, [
    strong(contactReasonsHeadline(volumes), TYPE.heading),
  ]);
  drawPareto(deck, slide, barsOf(volumes.pareto));
  drawLegend(slide);
  drawSide(deck, slide, volumes);
}

/** "1,240", or "125k" / "1.2M" where the full number is wider than its bar. */
function valueLabel(volume: number, barW: number): string {
  const full = volume.toLocaleString('en');
  if (textWidth(full, TYPE.small, true) <= barW) return full;
  const [divisor, suffix] = volume >= 1_000_000 ? [1_000_000, 'M'] : [1_000, 'k'];
  const scaled = volume / divisor;
  return `${scaled < 10 ? Math.round(scaled * 10) / 10 : Math.round(scaled)}${suffix}`;
}

const yOf = (share: number) => PLOT.bottom - share * (PLOT.bottom - PLOT.top);

function drawPareto(deck: DeckBuilder, slide: SlideCanvas, bars: readonly ParetoBar[]): void {
  const { x, right, top, bottom, axis } = PLOT;
  for (const tick of PLOT.ticks) {
    const y = yOf(tick);
    if (tick > 0 && tick !== VITAL_SHARE)
      slide.line('grid', x, y, right, y, COLOUR.lineFaint, STROKE.hairline);
    slide.text(
      'axis-share',
      right + axis.gap,
      y - axis.h / 2,
      axis.w,
      axis.h,
      [run(`${Math.round(tick * 100)}%`, TYPE.small, COLOUR.muted)],
      { valign: 'middle' },
    );
  }
  slide.line('axis-share-line', right, top, right, bottom, COLOUR.lineStrong, STROKE.rule);
  const slot = (right - x) / bars.length;
  const barW = slot * PLOT.barFill;
  const labelW = slot - 2 * PLOT.labelInset;
  const labelH = PLOT.labelLines * lineHeight(TYPE.small) + 0.06;
  bars.forEach((bar, i) => {
    const slotX = x + i * slot;
    const barX = slotX + (slot - barW) / 2;
    const barTop = yOf(bar.share);
    const barH = bottom - barTop;
    const fill = bar.vital ? COLOUR.accent : COLOUR.lineStrong;
    slide.fill('bar', { x: barX, y: barTop, w: barW, h: barH }, fill);
    const value = valueLabel(bar.volume, barW);
    const inside = barH >= PLOT.valueInside;
    slide.text(
      'bar-value',
      slotX,
      inside ? barTop + PLOT.valueInset : barTop - PLOT.valueH - PLOT.valueGap - (i === 0 ? PLOT.dot / 2 : 0),
      slot,
      PLOT.valueH,
      [strong(value, TYPE.small, inside && bar.vital ? COLOUR.inkInverse : COLOUR.ink)],
      { align: 'center', valign: inside ? 'top' : 'bottom' },
    );
    const title = deck.fullTexts.fitLines(
      bar.title,
      labelW,
      TYPE.small,
      PLOT.labelLines,
      false,
      'Contact reason',
    );
    slide.text(
      'bar-label',
      slotX + PLOT.labelInset,
      bottom + PLOT.labelGap,
      labelW,
      labelH,
      [run(title, TYPE.small, COLOUR.ink)],
      { align: 'center' },
    );
  });
  slide.line('baseline', x, bottom, right, bottom, COLOUR.ink, STROKE.rule);
  const y80 = yOf(VITAL_SHARE);
  slide.line('vital-line', x, y80, right, y80, COLOUR.muted, STROKE.outline, 'dash');
  // The cumulative share: a line through the centre of each bar's slot, a dot on each.
  const points = bars.map((bar, i) => ({ x: x + (i + 0.5) * slot, y: yOf(bar.cumulative) }));
  points.forEach((point, i) => {
    const next = points[i + 1];
    if (next) slide.line('cumulative-line', point.x, point.y, next.x, next.y, COLOUR.ink, 1.5);
  });
  for (const point of points) {
    const d = PLOT.dot;
    slide.box('cumulative-dot', point.x - d / 2, point.y - d / 2, d, d, [], {
      geometry: 'ellipse',
      fill: COLOUR.ink,
      outline: { color: COLOUR.surface, width: STROKE.outline },
    });
  }
}

function drawLegend(slide: SlideCanvas): void {
  const { swatch, textGap } = LEGEND;
  let x = PLOT.x;
  const item = (text: string, mark: (at: number) => number) => {
    const markW = mark(x);
    const w = textWidth(text, TYPE.small);
    slide.text(
      'legend-text',
      x + markW + textGap,
      LEGEND.y,
      w,
      LEGEND.h,
      [run(text, TYPE.small, COLOUR.muted)],
      {
        valign: 'middle',
      },
    );
    x += markW + textGap + w + LEGEND.gap;
  };
  const swatchAt = (fill: string) => (at: number) => {
    slide.fill('legend-swatch', { x: at, y: LEGEND.y + (LEGEND.h - swatch) / 2, w: swatch, h: swatch }, fill);
    return swatch;
  };
  const mid = LEGEND.y + LEGEND.h / 2;
  item('Vital few: the reasons behind the first 80% of contacts', swatchAt(COLOUR.accent));
  item('Other reasons', swatchAt(COLOUR.lineStrong));
  item('Cumulative share', (at) => {
    slide.line('legend-line', at, mid, at + LEGEND.lineW, mid, COLOUR.ink, 1.5);
    const d = PLOT.dot;
    slide.box('legend-dot', at + (LEGEND.lineW - d) / 2, mid - d / 2, d, d, [], {
      geometry: 'ellipse',
      fill: COLOUR.ink,
    });
    return LEGEND.lineW;
  });
  item('80% of contacts', (at) => {
    slide.line('legend-dash', at, mid, at + LEGEND.lineW, mid, COLOUR.muted, STROKE.outline, 'dash');
    return LEGEND.lineW;
  });
}

function drawSide(deck: DeckBuilder, slide: SlideCanvas, volumes: ReasonVolumes): void {
  let y = PAGE.contentTop;
  const label = (text: string) => {
    slide.label('side-label', SIDE.x, y, SIDE_WIDTH, SIDE.labelH, text);
    y += SIDE.labelH;
  };
  const line = (role: string, runs: ReturnType<typeof run>[], size: number) => {
    const h = lineHeight(size) + SIDE.lineGap;
    slide.text(role, SIDE.x, y, SIDE_WIDTH, h, runs);
    y += h;
  };
  const latest = volumes.latest as string;
  label(`Contacts in ${periodLabel(latest)}`);
  slide.text('side-total', SIDE.x, y, SIDE_WIDTH, SIDE.figureH, [
    strong(volumes.total.toLocaleString('en'), TYPE.figure),
  ]);
  y += SIDE.figureH;
  const previous = volumes.previous
    ? volumes.reasons.filter((s) => s.reason.parentId === null).reduce((sum, s) => sum + (s.previous ?? 0), 0)
    : null;
  line(
    'side-trend',
    volumes.previous && previous !== null
      ? [
          strong(formatChange(previous, volumes.total), TYPE.body),
          run(
            ` on ${periodLabel(volumes.previous)} (${previous.toLocaleString('en')})`,
            TYPE.body,
            COLOUR.muted,
          ),
        ]
      : [run('No earlier period to compare with', TYPE.body, COLOUR.muted)],
    TYPE.body,
  );
  y += SIDE.groupGap;

  if (volumes.channels.length > 0) {
    label('Channel mix');
    const shown = volumes.channels.slice(0, SIDE.channels);
    const rest = volumes.channels.slice(SIDE.channels);
    const rows = shown.map((c) => ({
      name: c.channel ? capitalised(c.channel) : 'No channel',
      share: c.share,
    }));
    if (rest.length > 0)
      rows.push({
        name: counted(rest.length, 'other channel'),
        share: rest.reduce((s, c) => s + c.share, 0),
      });
    for (const row of rows)
      line(
        'side-channel',
        [
          strong(`${Math.round(row.share * 100)}%`, TYPE.body),
          run(`  ${ellipsizeToWidth(row.name, SIDE_WIDTH - 0.6, TYPE.body)}`, TYPE.body),
        ],
        TYPE.body,
      );
    y += SIDE.groupGap;
  }

  const sources = deck.board.sources.filter((s) => s.kind === 'contacts');
  label(sources.length === 1 ? 'Source' : 'Sources');
  for (const source of sources.slice(0, SIDE.sources)) {
    const text = deck.fullTexts.fitLines(
      sourceLine(source),
      SIDE_WIDTH,
      TYPE.small,
      SIDE.sourceLines,
      false,
      'Contact source',
    );
    const h = textHeight(text, SIDE_WIDTH, TYPE.small) + SIDE.lineGap;
    slide.text('side-source', SIDE.x, y, SIDE_WIDTH, h, [run(text, TYPE.small, COLOUR.muted)]);
    y += h;
  }
  if (sources.length > SIDE.sources)
    line(
      'side-source',
      [run(`and ${counted(sources.length - SIDE.sources, 'more source')}`, TYPE.small, COLOUR.muted)],
      TYPE.small,
    );
  // The method's bounds on a taxonomy (reason-volumes.ts): a warning makes the chart less trustworthy.
  const warning = volumes.health[0];
  if (warning) {
    y += SIDE.groupGap;
    label('Taxonomy');
    const more = volumes.health.length - 1;
    const text = deck.fullTexts.fitLines(
      `${capitalised(warning)}${more > 0 ? ` (and ${counted(more, 'more warning')})` : ''}.`,
      SIDE_WIDTH,
      TYPE.small,
      Math.max(1, Math.floor((PAGE.contentBottom - y) / lineHeight(TYPE.small))),
      false,
      'Taxonomy',
    );
    slide.text('side-health', SIDE.x, y, SIDE_WIDTH, PAGE.contentBottom - y, [
      run(text, TYPE.small, COLOUR.muted, { italic: true }),
    ]);
  }
}
