/** The friction business case: the top friction points of a current state as a ranked table, paged. */
import type { FrictionList } from '../../friction.js';
import type { JourneyState } from '../../model.js';
import type { DeckBuilder } from '../builder.js';
import { run, strong } from '../canvas.js';
import { CONTENT_WIDTH, chunk, PAGE, TYPE } from '../frame.js';
import { COLOUR, FRICTION } from '../palette.js';
import { counted, ellipsize, formatScore } from '../text.js';

export const TOP_FRICTION_ROWS = 12;
export const TOP_FRICTION_MAX = 24;

const TABLE = {
  headerH: 0.34,
  cell: { h: 0.4, padding: 0.07 },
  footnote: { gap: 0.15, h: 0.5 },
  /** The share bar: its offset into its column, longest length, thickness and top in the row. */
  bar: { inset: 0.1, max: 1.1, h: 0.14, y: 0.13, min: 0.02, valueGap: 0.05, valueW: 0.65 },
} as const;

type Align = 'left' | 'center' | 'right';
type Column = { title: string; width: number; align: Align; bold?: boolean; max?: number };
const FIXED_COLUMNS: readonly Column[] = [
  { title: '#', width: 0.5, align: 'center', bold: true },
  { title: 'Friction point', width: 5.1, align: 'left', max: 78 },
  { title: 'Stage', width: 1.9, align: 'left', max: 26 },
  { title: 'Score', width: 0.9, align: 'right', bold: true },
  { title: 'Share', width: 1.9, align: 'left' },
];
/** The owner takes the width the others leave. */
const COLUMNS: readonly Column[] = [
  ...FIXED_COLUMNS,
  {
    title: 'Owner',
    width: CONTENT_WIDTH - FIXED_COLUMNS.reduce((sum, c) => sum + c.width, 0),
    align: 'left',
    max: 30,
  },
];
/** Where the share column starts. */
const SHARE_X = PAGE.marginX + COLUMNS.slice(0, 4).reduce((sum, c) => sum + c.width, 0);

export function addFrictionRankingSlides(deck: DeckBuilder, state: JourneyState, ranked: FrictionList): void {
  const top = ranked.items.slice(0, TOP_FRICTION_MAX);
  const tables = chunk(top, TOP_FRICTION_ROWS);
  // Bars are scaled to the biggest share on the board, so the long tail stays visible.
  const topShare = Math.max(0.0001, ranked.items[0]?.share ?? 1);
  const { bar } = TABLE;
  const { h: rowH, padding: cellPadding } = TABLE.cell;
  tables.forEach((rows, page) => {
    const slide = deck.slide(
      'friction-ranking',
      `Friction business case · ${deck.stateLabel(state)}`,
      'Top friction points, by score',
      tables.length > 1
        ? `Ranks ${page * TOP_FRICTION_ROWS + 1}–${page * TOP_FRICTION_ROWS + rows.length}`
        : '',
    );
    const headerY = PAGE.contentTop;
    let x = PAGE.marginX;
    for (const column of COLUMNS) {
      slide.box(
        'table-header',
        x,
        headerY,
        column.width,
        TABLE.headerH,
        [strong(column.title, TYPE.header, COLOUR.inkInverse)],
        { fill: COLOUR.ink, align: column.align, valign: 'middle', padding: cellPadding },
      );
      x += column.width;
    }
    rows.forEach((item, r) => {
      const y = headerY + TABLE.headerH + r * rowH;
      if (r % 2 === 1)
        slide.box('table-stripe', PAGE.marginX, y, CONTENT_WIDTH, rowH, [], { fill: COLOUR.canvas });
      const cells = [
        String(page * TOP_FRICTION_ROWS + r + 1),
        item.card.text || '(no text)',
        item.stage.title,
        item.score.assessed ? formatScore(item.score.score) : 'not assessed',
        '',
        item.owner || '—',
      ];
      let cx = PAGE.marginX;
      COLUMNS.forEach((column, c) => {
        const text = cells[c] ?? '';
        slide.text(
          'table-cell',
          cx,
          y,
          column.width,
          rowH,
          [
            run(column.max ? ellipsize(text, column.max) : text, TYPE.card, COLOUR.ink, {
              bold: column.bold ?? false,
            }),
          ],
          { align: column.align, valign: 'middle', padding: cellPadding },
        );
        cx += column.width;
      });
      // The share column is a bar, so the long tail reads at a glance.
      const shareX = SHARE_X + bar.inset;
      slide.box(
        'share-bar',
        shareX,
        y + bar.y,
        Math.max(bar.min, (bar.max * item.share) / topShare),
        bar.h,
        [],
        {
          fill: FRICTION.share,
        },
      );
      slide.text(
        'share-value',
        shareX + bar.max + bar.valueGap,
        y,
        bar.valueW,
        rowH,
        [run(`${Math.round(item.share * 100)}%`, TYPE.card, COLOUR.muted)],
        { valign: 'middle' },
      );
    });
    const y = headerY + TABLE.headerH + rows.length * rowH + TABLE.footnote.gap;
    const rest = ranked.items.length - top.length;
    slide.text('table-footnote', PAGE.marginX, y, CONTENT_WIDTH, TABLE.footnote.h, [
      run(
        `${counted(ranked.items.length, 'friction point')}, total score ${formatScore(ranked.total)}` +
          (ranked.unassessed > 0 ? `; ${ranked.unassessed} not yet assessed (score 0)` : '') +
          (rest > 0 ? `; the other ${rest} are on the journey map slides` : '') +
          '. Score = severity × frequency factor × segment weight.',
        TYPE.small,
        COLOUR.muted,
      ),
    ]);
  });
}
