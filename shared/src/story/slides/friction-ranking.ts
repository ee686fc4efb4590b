/**
 * The friction business case: the top friction points of a current state as a ranked
 * table, paged, naming each point's evidence (its source and what it says) where any has
 * some, and, once the board holds contact data, where each frequency came from.
 */
import { describeSources } from '../../evidence-frequency.js';
import type { FrictionItem, FrictionList } from '../../friction.js';
import type { Card, EvidenceSource, JourneyState } from '../../model.js';
import type { DeckBuilder } from '../builder.js';
import { run, type SlideCanvas, strong } from '../canvas.js';
import { CONTENT_WIDTH, chunk, PAGE, TYPE } from '../frame.js';
import { COLOUR, FRICTION } from '../palette.js';
import { counted, ellipsize, formatScore } from '../text.js';

export const TOP_FRICTION_ROWS = 12;
export const TOP_FRICTION_MAX = 24;

const TABLE = {
  headerH: 0.34,
  /** Two lines of a cell fit its row, reaching into its padding. */
  cell: { h: 0.4, padding: 0.07, lines: 2 },
  footnote: { gap: 0.15, h: 0.5 },
  /** The share bar: its offset into its column, thickness and top in the row; it is as long as its column leaves. */
  bar: { inset: 0.1, h: 0.14, y: 0.13, min: 0.02, valueGap: 0.05, valueW: 0.65 },
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
/**
 * A table whose friction points name their evidence gains an Evidence column after
 * the stage, taken from the friction point's and the stage's widths.
 */
const EVIDENCE_COLUMN = {
  title: 'Evidence',
  width: 2.3,
  align: 'left',
  fromText: 1.5,
  fromStage: 0.3,
} as const;
/**
 * A board with contact data gains a Frequency column after the score: where each
 * frequency came from (the data, an estimate typed on the card, or nowhere). It takes
 * its width from the friction point, the stage, the share bar and the owner; beside the
 * Evidence column both are narrower.
 */
const FREQUENCY_COLUMN = {
  title: 'Frequency',
  width: 2.3,
  align: 'left',
  fromText: 1.0,
  fromStage: 0.2,
  fromShare: 0.4,
  /** With the Evidence column too: both this narrower, and the friction point less so. */
  withEvidence: { width: 1.9, fromEvidence: 0.4, fromText: 0.7 },
  textMax: { alone: 70, withEvidence: 58 },
} as const;

/** How a card's evidence source reads in the table. */
const EVIDENCE_SOURCE_LABEL: Record<EvidenceSource, string> = {
  complaints: 'Complaints',
  voc: 'VoC',
  crm: 'CRM',
  observation: 'Observation',
  analytics: 'Analytics',
  staff: 'Staff',
  research: 'Research',
  other: 'Other',
};

/** "VoC: Checkout CSAT 78% (post-purchase survey)": the source, then what the evidence says; '' when none. */
export function evidenceOf(card: Pick<Card, 'evidence' | 'evidenceSource'>): string {
  const source = card.evidenceSource ? EVIDENCE_SOURCE_LABEL[card.evidenceSource] : '';
  const said = card.evidence.trim();
  return source && said ? `${source}: ${said}` : source || said;
}

/** The table's columns; the owner takes the width the others leave. */
function columnsOf(withEvidence: boolean, withFrequency: boolean): Column[] {
  const f = FREQUENCY_COLUMN;
  const both = withEvidence && withFrequency;
  const fixed: Column[] = FIXED_COLUMNS.map((column) => {
    let width = column.width;
    let max = column.max;
    if (column.title === 'Friction point') {
      if (withEvidence) width -= EVIDENCE_COLUMN.fromText;
      if (withFrequency) width -= both ? f.withEvidence.fromText : f.fromText;
      if (withEvidence) max = 60;
      if (withFrequency) max = both ? f.textMax.withEvidence : f.textMax.alone;
    }
    if (column.title === 'Stage') {
      if (withEvidence) width -= EVIDENCE_COLUMN.fromStage;
      if (withFrequency) width -= f.fromStage;
    }
    if (column.title === 'Share' && withFrequency) width -= f.fromShare;
    return { ...column, width, ...(max ? { max } : {}) };
  });
  if (withEvidence)
    fixed.splice(3, 0, {
      ...EVIDENCE_COLUMN,
      width: both ? EVIDENCE_COLUMN.width - f.withEvidence.fromEvidence : EVIDENCE_COLUMN.width,
    });
  if (withFrequency)
    fixed.splice(fixed.findIndex((c) => c.title === 'Score') + 1, 0, {
      title: f.title,
      width: both ? f.withEvidence.width : f.width,
      align: f.align,
    });
  return [
    ...fixed,
    {
      title: 'Owner',
      width: CONTENT_WIDTH - fixed.reduce((sum, c) => sum + c.width, 0),
      align: 'left',
      max: 30,
    },
  ];
}

export function addFrictionRankingSlides(deck: DeckBuilder, state: JourneyState, ranked: FrictionList): void {
  const top = ranked.items.slice(0, TOP_FRICTION_MAX);
  const tables = chunk(top, TOP_FRICTION_ROWS);
  // Bars are scaled to the biggest share on the board, so the long tail stays visible.
  const topShare = Math.max(0.0001, ranked.items[0]?.share ?? 1);
  const { bar } = TABLE;
  const { h: rowH, padding: cellPadding } = TABLE.cell;
  const withEvidence = top.some((item) => evidenceOf(item.card) !== '');
  const withFrequency = deck.board.volumes.length > 0;
  const columns = columnsOf(withEvidence, withFrequency);
  const shareColumn = columns.findIndex((c) => c.title === 'Share');
  const shareX =
    PAGE.marginX + columns.slice(0, shareColumn).reduce((sum, c) => sum + c.width, 0) + bar.inset;
  const barMax = (columns[shareColumn]?.width ?? 0) - bar.inset - bar.valueGap - bar.valueW;
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
    for (const column of columns) {
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
        ...(withEvidence ? [evidenceOf(item.card)] : []),
        item.score.assessed ? formatScore(item.score.score) : 'not assessed',
        ...(withFrequency ? [''] : []),
        '',
        item.owner || '—',
      ];
      let cx = PAGE.marginX;
      columns.forEach((column, c) => {
        const cell = cells[c] ?? '';
        if (column.title === FREQUENCY_COLUMN.title) {
          frequencyCell(deck, slide, item, cx, y, column.width, rowH, cellPadding);
          cx += column.width;
          return;
        }
        // Evidence is said nowhere else in the deck: cut to its column, it is in full in the appendix.
        const text =
          column.title === EVIDENCE_COLUMN.title
            ? deck.fullTexts.fitLines(
                cell,
                column.width - 2 * cellPadding,
                TYPE.card,
                TABLE.cell.lines,
                false,
                `Evidence · ${ellipsize(item.card.text, 60)}`,
              )
            : cell;
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
      slide.box(
        'share-bar',
        shareX,
        y + bar.y,
        Math.max(bar.min, (barMax * item.share) / topShare),
        bar.h,
        [],
        {
          fill: FRICTION.share,
        },
      );
      slide.text(
        'share-value',
        shareX + barMax + bar.valueGap,
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

/**
 * Where a friction point's frequency came from: "From data" over its source ("Contacts
 * export of 30 Nov 2026", cut to its column and then in full in the appendix; the rate
 * itself is in the score), "Estimate" when typed on the card, "—" when unknown. A
 * paragraph a line, so every renderer measures the bold mark and the plain text apart.
 */
function frequencyCell(
  deck: DeckBuilder,
  slide: SlideCanvas,
  item: FrictionItem,
  x: number,
  y: number,
  width: number,
  height: number,
  padding: number,
): void {
  const { frequencySource, evidence } = item.score;
  const style = { valign: 'middle', padding } as const;
  if (frequencySource !== 'evidence' || !evidence) {
    const said = frequencySource === 'typed' ? 'Estimate' : '—';
    slide.text('table-cell', x, y, width, height, [run(said, TYPE.card, COLOUR.muted)], style);
    return;
  }
  const sources = deck.fullTexts.fitLine(
    describeSources(evidence),
    width - 2 * padding,
    TYPE.card,
    false,
    `Frequency · ${ellipsize(item.card.text, 60)}`,
  );
  slide.text(
    'table-cell',
    x,
    y,
    width,
    height,
    [strong('From data', TYPE.card, COLOUR.accent), run(sources, TYPE.card, COLOUR.ink, { paragraph: true })],
    style,
  );
}
