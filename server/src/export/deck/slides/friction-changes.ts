/** Friction removed, reduced and added by a future state: three columns of friction points, paged. */
import type { FrictionChange, FrictionDiff, JourneyState } from '@journeyboard/shared';
import type { DeckBuilder } from '../builder.js';
import { run, strong } from '../canvas.js';
import { columnWidth, PAGE, STROKE, TYPE } from '../frame.js';
import { COLOUR, HORIZON, LANE, type Swatch } from '../palette.js';
import { ellipsize, formatScore, textHeight } from '../text.js';

export const CHANGES_PER_COLUMN = 6;

const COLUMN = {
  gap: 0.3,
  headerH: 0.42,
  padding: 0.12,
  /** From the header's top to the first item. */
  itemsY: 0.55,
  noneH: 0.4,
  itemGap: 0.1,
  accentW: 0.06,
  textX: 0.16,
  /** The text is narrower than the item by this much: accent, padding. */
  textInset: 0.28,
  textY: 0.06,
  textBottom: 0.1,
  /** Room above and below an item's text. */
  slackAbove: 0.14,
  slackBelow: 0.04,
  textMax: 80,
  viaMax: 60,
} as const;

export function addFrictionChangeSlides(
  deck: DeckBuilder,
  from: JourneyState,
  future: JourneyState,
  friction: FrictionDiff,
): void {
  const section = `${deck.stateLabel(from)} → ${deck.stateLabel(future)}`;
  const columns: Array<{ title: string; items: FrictionChange[]; swatch: Swatch }> = [
    {
      title: 'Removed',
      items: friction.changes.filter((c) => c.outcome === 'removed'),
      swatch: LANE.opportunities,
    },
    {
      title: 'Reduced',
      items: friction.changes.filter((c) => c.outcome === 'reduced'),
      swatch: HORIZON.next,
    },
    {
      title: 'Added or worse',
      items: friction.changes.filter((c) => c.outcome === 'added' || c.outcome === 'increased'),
      swatch: LANE.friction,
    },
  ];
  if (columns.every((c) => c.items.length === 0)) return;
  const pages = Math.max(...columns.map((c) => Math.ceil(c.items.length / CHANGES_PER_COLUMN)));
  const width = columnWidth(columns.length, COLUMN.gap);
  const inner = width - COLUMN.textInset;
  for (let page = 0; page < pages; page++) {
    const slide = deck.slide(
      'friction-changes',
      section,
      'Friction removed, reduced and added',
      pages > 1 ? `Page ${page + 1} of ${pages}` : '',
    );
    columns.forEach((column, c) => {
      const x = PAGE.marginX + c * (width + COLUMN.gap);
      slide.box(
        'change-header',
        x,
        PAGE.contentTop,
        width,
        COLUMN.headerH,
        [
          strong(column.title, TYPE.heading, column.swatch.ink),
          run(`  ${column.items.length}`, TYPE.body, COLOUR.muted),
        ],
        { fill: column.swatch.fill, valign: 'middle', padding: COLUMN.padding },
      );
      let y = PAGE.contentTop + COLUMN.itemsY;
      const items = column.items.slice(page * CHANGES_PER_COLUMN, (page + 1) * CHANGES_PER_COLUMN);
      if (items.length === 0 && page === 0) {
        slide.text(
          'change-none',
          x,
          y,
          width,
          COLUMN.noneH,
          [run('None', TYPE.body, COLOUR.muted, { italic: true })],
          {
            padding: COLUMN.padding,
          },
        );
      }
      // The full wording of each friction point is on the map slides; here it is the headline.
      for (const change of items) {
        const card = change.before ?? change.after;
        const text = ellipsize(card?.text || '(no text)', COLUMN.textMax);
        const score = `${formatScore(change.scoreBefore)} → ${formatScore(change.scoreAfter)}`;
        const via =
          change.opportunities.length > 0
            ? ` · via ${ellipsize(change.opportunities.map((o) => o.title).join('; '), COLUMN.viaMax)}`
            : '';
        const height =
          COLUMN.slackAbove +
          textHeight(text, inner, TYPE.body) +
          textHeight(score + via, inner, TYPE.small, true) +
          COLUMN.slackBelow;
        slide.box('change', x, y, width, height, [], {
          fill: COLOUR.surface,
          outline: { color: COLOUR.line, width: STROKE.outline },
        });
        slide.box('change-accent', x, y, COLUMN.accentW, height, [], { fill: column.swatch.ink });
        slide.text('change-text', x + COLUMN.textX, y + COLUMN.textY, inner, height - COLUMN.textBottom, [
          run(text, TYPE.body),
          strong(score, TYPE.small, column.swatch.ink, { paragraph: true }),
          run(via, TYPE.small, COLOUR.muted),
        ]);
        y += height + COLUMN.itemGap;
      }
    });
  }
}
