/**
 * Friction points and opportunities as CSV, with their scores, for the people who
 * take the business case on in a spreadsheet. Text that a spreadsheet could run as
 * a formula gets an apostrophe before it (see neutralise).
 */
import {
  type BoardSnapshot,
  type Card,
  frictionScore,
  isFrictionCard,
  QUADRANT_LABELS,
  quadrantOf,
  rankFriction,
  reasonVolumes,
} from '@journeyboard/shared';

export const CSV_TABLES = ['friction', 'opportunities', 'reasons'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

/** What a spreadsheet runs as a formula at the start of a cell: = + - @, their full-width forms, and a tab or CR that it strips first. */
const FORMULA_CHARS = new Set(['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20']);
/**
 * What starts another cell when the file is read another way: the `;` or `|`
 * separator of another locale, a tab when pasted, a line break inside quotes for a
 * reader that ignores the quotes, a quote.
 */
const CELL_SPLITTERS = new Set([',', ';', '|', '\t', '\r', '\n', '"']);
const BLANKS = new Set([' ', '\u00a0']);

/** Puts an apostrophe before every formula character that could start a cell, however the file is split. */
function neutralise(text: string): string {
  let out = '';
  let cellStart = true;
  for (const char of text) {
    if (cellStart && FORMULA_CHARS.has(char)) out += "'";
    out += char;
    if (CELL_SPLITTERS.has(char)) cellStart = true;
    else if (!BLANKS.has(char)) cellStart = false;
  }
  return out;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(Math.round(value * 100) / 100);
  const text = neutralise(String(value));
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function table(header: string[], rows: unknown[][]): string {
  // CRLF per RFC 4180; a BOM so spreadsheet software reads the UTF-8 correctly.
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function frictionCsv(board: BoardSnapshot): string {
  const period = board.settings.scoring.period;
  const personas = new Map(board.personas.map((p) => [p.id, p.name]));
  const lanes = new Map(board.lanes.map((l) => [l.id, l.title]));
  const rows: unknown[][] = [];
  for (const state of board.states) {
    for (const [rank, item] of rankFriction(board, state.id).items.entries()) {
      const { card, score } = item;
      rows.push([
        state.title,
        rank + 1,
        item.stage.title,
        lanes.get(card.laneId) ?? '',
        card.text,
        score.score,
        item.share * 100,
        card.friction.severity,
        card.friction.frequency?.count,
        card.friction.frequency?.period,
        score.rate,
        score.frequencySource,
        score.evidence?.sources.map((source) => source.name).join('; '),
        score.frequencyFactor,
        card.friction.segmentId ? (personas.get(card.friction.segmentId) ?? '') : '',
        score.segmentWeight,
        item.owner,
        item.channel,
        card.friction.rootCause,
        card.friction.epic,
        card.evidence,
        card.evidenceSource,
        card.confidence,
        card.priority,
        item.opportunities.map((o) => o.title).join('; '),
        card.id,
      ]);
    }
  }
  return table(
    [
      'state',
      'rank',
      'stage',
      'lane',
      'friction point',
      'score',
      'share of state %',
      'severity',
      'frequency',
      'per',
      `rate per ${period}`,
      'rate from',
      'evidence data',
      'frequency factor',
      'segment',
      'segment weight',
      'owner',
      'channel',
      'root cause',
      'principle broken',
      'evidence',
      'evidence source',
      'confidence',
      'vote priority',
      'opportunities',
      'card id',
    ],
    rows,
  );
}

export function opportunitiesCsv(board: BoardSnapshot): string {
  const personas = board.personas;
  const scoring = board.settings.scoring;
  const cards = new Map(board.cards.map((c) => [c.id, c]));
  const rows = board.opportunities.map((o) => {
    const friction = o.frictionIds
      .map((id) => cards.get(id))
      .filter((c): c is Card => c !== undefined && isFrictionCard(c, board));
    const addressed = friction.reduce((sum, c) => sum + frictionScore(c, personas, scoring).score, 0);
    return [
      o.title,
      QUADRANT_LABELS[quadrantOf(o)],
      o.impact,
      o.effort,
      o.horizon,
      o.status,
      o.owner,
      friction.length,
      addressed,
      friction.map((c) => c.text).join('; '),
      o.description,
      o.id,
    ];
  });
  return table(
    [
      'opportunity',
      'quadrant',
      'impact',
      'effort',
      'horizon',
      'status',
      'owner',
      'friction points',
      'friction score addressed',
      'friction',
      'description',
      'opportunity id',
    ],
    rows,
  );
}

/**
 * Interaction reasons with their contact volumes (#14): each primary reason, then its
 * secondary ones; the latest period's volume, share and trend, whether the numbers come
 * from data or the reason was typed by hand, the friction cards tagged with it, then
 * one column of volumes per period, oldest first.
 */
export function reasonsCsv(board: BoardSnapshot): string {
  const cards = new Map(board.cards.map((c) => [c.id, c]));
  const view = reasonVolumes(board, (cardId) => {
    const card = cards.get(cardId);
    return card ? isFrictionCard(card, board) : false;
  });
  const titles = new Map(board.reasons.map((r) => [r.id, r.title]));
  const rows = view.reasons.map((stats) => [
    stats.reason.title,
    stats.reason.parentId ? (titles.get(stats.reason.parentId) ?? '') : '',
    stats.fromData ? 'data' : 'typed by hand',
    view.latest ?? '',
    stats.fromData ? stats.latest : null,
    stats.previous,
    stats.fromData ? stats.share * 100 : null,
    stats.trend === null ? null : stats.trend * 100,
    stats.channels.map(({ channel, count }) => `${channel || 'no channel'} ${count}`).join('; '),
    stats.frictionIds.map((id) => cards.get(id)?.text ?? id).join('; '),
    ...view.periods.map((period) => stats.byPeriod.get(period) ?? (stats.fromData ? 0 : null)),
    stats.reason.id,
  ]);
  return table(
    [
      'reason',
      'parent',
      'from',
      'period',
      'volume',
      'previous volume',
      'share %',
      'trend %',
      'channels',
      'linked friction',
      ...view.periods.map((period) => `volume ${period}`),
      'reason id',
    ],
    rows,
  );
}
