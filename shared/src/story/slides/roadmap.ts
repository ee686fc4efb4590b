/** The roadmap: a column per horizon (now, next, later) of opportunity cards, continued on further slides. */
import { HORIZON_LABELS, QUADRANT_LABELS } from '../../contract/labels.js';
import { HORIZONS, type Opportunity } from '../../model.js';
import { quadrantOf, roadmap } from '../../opportunities.js';
import type { DeckBuilder } from '../builder.js';
import { run, strong } from '../canvas.js';
import { columnHeader, emptyColumn, HEADED_COLUMN, headedColumns } from '../columns.js';
import { PAGE, STROKE, TYPE } from '../frame.js';
import { COLOUR, HORIZON } from '../palette.js';
import { ellipsize, textHeight } from '../text.js';

const ITEM = {
  gap: 0.12,
  max: { title: 120, description: 160, meta: 90 },
  /** The accent bar down an item's left edge, inset from its top and bottom. */
  accent: { w: 0.05, inset: 0.08 },
  text: { x: 0.15, y: 0.08, bottom: 0.04, paragraphGap: 0.04 },
  /** Room above and below an item's text. */
  slack: { above: 0.16, below: 0.08 },
} as const;

interface Item {
  opportunity: Opportunity;
  title: string;
  description: string;
  meta: string;
  height: number;
}

export function addRoadmapSlides(deck: DeckBuilder): void {
  const lanes = roadmap(deck.board.opportunities);
  if (HORIZONS.every((h) => lanes[h].length === 0)) return;
  const { width, xs } = headedColumns(HORIZONS.length);
  const inner = width - 2 * ITEM.text.x;
  const top = PAGE.contentTop + HEADED_COLUMN.itemsY;
  const itemOf = (opportunity: Opportunity): Item => {
    const title = deck.fullTexts.fit(opportunity.title, ITEM.max.title, 'Opportunity title');
    const description = opportunity.description.trim()
      ? deck.fullTexts.fit(opportunity.description, ITEM.max.description, `Opportunity: ${opportunity.title}`)
      : '';
    const meta = ellipsize(
      [
        QUADRANT_LABELS[quadrantOf(opportunity)],
        `impact ${opportunity.impact}, effort ${opportunity.effort}`,
        opportunity.status,
        opportunity.owner,
      ]
        .filter(Boolean)
        .join(' · '),
      ITEM.max.meta,
    );
    const height =
      ITEM.slack.above +
      textHeight(title, inner, TYPE.body, true) +
      (description ? textHeight(description, inner, TYPE.small) + ITEM.text.paragraphGap : 0) +
      textHeight(meta, inner, TYPE.small) +
      ITEM.slack.below;
    return { opportunity, title, description, meta, height };
  };
  const queues = HORIZONS.map((h) => lanes[h].map(itemOf));
  const totals = HORIZONS.map((h) => lanes[h].length);
  let page = 0;
  while (queues.some((q) => q.length > 0)) {
    page += 1;
    const slide = deck.slide(
      'roadmap',
      'Opportunities',
      'Roadmap: now, next, later',
      page > 1 ? `continued (${page})` : '',
    );
    HORIZONS.forEach((horizon, c) => {
      const swatch = HORIZON[horizon];
      const x = xs[c] ?? PAGE.marginX;
      columnHeader(slide, 'roadmap-header', x, width, HORIZON_LABELS[horizon], totals[c] ?? 0, swatch);
      const queue = queues[c] ?? [];
      let y = top;
      if (page === 1 && queue.length === 0) emptyColumn(slide, 'roadmap-none', x, width, 'Nothing planned');
      while (queue.length > 0) {
        const item = queue[0];
        if (!item || (y + item.height > PAGE.contentBottom && y > top)) break;
        queue.shift();
        slide.box('roadmap-item', x, y, width, item.height, [], {
          geometry: 'roundRect',
          fill: COLOUR.surface,
          outline: { color: swatch.border, width: STROKE.outline },
        });
        slide.box(
          'roadmap-accent',
          x,
          y + ITEM.accent.inset,
          ITEM.accent.w,
          item.height - 2 * ITEM.accent.inset,
          [],
          {
            fill: swatch.ink,
          },
        );
        slide.text(
          'roadmap-text',
          x + ITEM.text.x,
          y + ITEM.text.y,
          inner,
          item.height - ITEM.text.y - ITEM.text.bottom,
          [
            strong(item.title, TYPE.body),
            run(item.description, TYPE.small, COLOUR.muted, { paragraph: true }),
            strong(item.meta, TYPE.small, swatch.ink, { paragraph: true }),
          ],
        );
        y += item.height + ITEM.gap;
      }
    });
  }
}
