/** Friction removed, reduced and added by a future state: three columns of friction points, paged. */
import type { FrictionChange, FrictionDiff } from '../../friction.js';
import type { JourneyState } from '../../model.js';
import type { DeckBuilder } from '../builder.js';
import { run, strong } from '../canvas.js';
import { columnHeader, emptyColumn, HEADED_COLUMN, headedColumns } from '../columns.js';
import { PAGE, STROKE, TYPE } from '../frame.js';
import { COLOUR, HORIZON, LANE, type Swatch } from '../palette.js';
import { ellipsize, formatScore, textHeight } from '../text.js';

export const CHANGES_PER_COLUMN = 6;

const ITEM = {
  gap: 0.1,
  accentW: 0.06,
  /** The text: where it starts, and how much narrower than the item it is (accent, padding). */
  text: { x: 0.16, y: 0.06, inset: 0.28, bottom: 0.1, max: 80, viaMax: 60 },
  /** Room above and below an item's text. */
  slack: { above: 0.14, below: 0.04 },
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
  const { width, xs } = headedColumns(columns.length);
  const inner = width - ITEM.text.inset;
  for (let page = 0; page < pages; page++) {
    const slide = deck.slide(
      'friction-changes',
      section,
      'Friction removed, reduced and added',
      pages > 1 ? `Page ${page + 1} of ${pages}` : '',
    );
    columns.forEach((column, c) => {
      const x = xs[c] ?? PAGE.marginX;
      columnHeader(slide, 'change-header', x, width, column.title, column.items.length, column.swatch);
      let y = PAGE.contentTop + HEADED_COLUMN.itemsY;
      const items = column.items.slice(page * CHANGES_PER_COLUMN, (page + 1) * CHANGES_PER_COLUMN);
      if (items.length === 0 && page === 0) emptyColumn(slide, 'change-none', x, width, 'None');
      // The full wording of each friction point is on the map slides; here it is the headline.
      for (const change of items) {
        const card = change.before ?? change.after;
        const text = ellipsize(card?.text || '(no text)', ITEM.text.max);
        const score = `${formatScore(change.scoreBefore)} → ${formatScore(change.scoreAfter)}`;
        const via =
          change.opportunities.length > 0
            ? ` · via ${ellipsize(change.opportunities.map((o) => o.title).join('; '), ITEM.text.viaMax)}`
            : '';
        const height =
          ITEM.slack.above +
          textHeight(text, inner, TYPE.body) +
          textHeight(score + via, inner, TYPE.small, true) +
          ITEM.slack.below;
        slide.box('change', x, y, width, height, [], {
          fill: COLOUR.surface,
          outline: { color: COLOUR.line, width: STROKE.outline },
        });
        slide.box('change-accent', x, y, ITEM.accentW, height, [], { fill: column.swatch.ink });
        slide.text('change-text', x + ITEM.text.x, y + ITEM.text.y, inner, height - ITEM.text.bottom, [
          run(text, TYPE.body),
          strong(score, TYPE.small, column.swatch.ink, { paragraph: true }),
          run(via, TYPE.small, COLOUR.muted),
        ]);
        y += height + ITEM.gap;
      }
    });
  }
}
