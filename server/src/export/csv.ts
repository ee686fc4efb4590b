/**
 * Friction points and opportunities as CSV, with their scores, for the people who
 * take the business case on in a spreadsheet. Cells that a spreadsheet would run
 * as a formula are prefixed with an apostrophe.
 */
import {
  type BoardSnapshot,
  type Card,
  frictionScore,
  isFrictionCard,
  QUADRANT_LABELS,
  quadrantOf,
  rankFriction,
} from '@journeyboard/shared';

export const CSV_TABLES = ['friction', 'opportunities'] as const;
export type CsvTable = (typeof CSV_TABLES)[number];

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(Math.round(value * 100) / 100) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !(typeof value === 'number')) text = `'${text}`;
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
