/**
 * Import then export of reason volumes round-trips (#14): random contact files, read
 * by the evidence parser, written into a board by importContacts and exported as the
 * reasons CSV table, give back every reason's contacts per period, as a plain count of
 * the generated rows says.
 */
import { createBoard, importContacts, readBoard } from '@journeyboard/shared';
import { parseContacts } from '@journeyboard/shared/evidence';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { seeded } from '../../shared/test/evidence/random.js';
import { parseCsv } from '../../test/support/csv.js';
import { reasonsCsv } from '../src/export/csv.js';

const PRIMARIES = ['Delivery', 'Payment', 'Returns', 'Account'];
const CHANNELS = ['phone', 'chat', 'email', ''];

function randomFile(seed: number) {
  const random = seeded(seed);
  const aggregated = random.next() < 0.5;
  const expected = new Map<string, number>(); // "reason|period" -> contacts
  const count = (reason: string, period: string, n: number) =>
    expected.set(`${reason}|${period}`, (expected.get(`${reason}|${period}`) ?? 0) + n);
  const lines = [
    aggregated ? 'month,primary reason,secondary reason,channel,count' : 'date,reason,sub reason,channel',
  ];
  const rows = random.int(1, 300);
  for (let i = 0; i < rows; i++) {
    const primary = random.pick(PRIMARIES);
    const secondary = random.next() < 0.2 ? '' : `${primary} ${random.int(1, 4)}`;
    const month = random.int(1, 4);
    const period = `2026-0${month}`;
    const channel = random.pick(CHANNELS);
    const n = aggregated ? random.int(0, 5_000) : 1;
    lines.push(
      aggregated
        ? `${period},${primary},${secondary},${channel},${n}`
        : `${period}-${String(random.int(1, 28)).padStart(2, '0')},${primary},${secondary},${channel}`,
    );
    count(primary, period, n);
    if (secondary) count(secondary, period, n);
  }
  return { text: lines.join('\n'), expected };
}

describe('reason volumes through import and the reasons CSV', () => {
  it('come back as they went in, for any file', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { text, expected } = randomFile(seed);
      const read = parseContacts(text);
      if (!read.ok) throw new Error(`seed ${seed}: ${JSON.stringify(read.problems)}`);
      const doc = new Y.Doc();
      createBoard(doc, { title: 'Round trip', template: 'blank-journey' });
      importContacts(doc, {
        source: {
          name: 'Export',
          fileName: '',
          rows: read.aggregate.rows,
          unit: read.aggregate.unit,
          importedAt: 1,
        },
        volumes: read.aggregate.volumes,
      });
      const [header = [], ...rows] = parseCsv(reasonsCsv(readBoard(doc)));
      const exported = new Map<string, number>();
      for (const row of rows) {
        header.forEach((column, i) => {
          const period = /^volume (\d{4}-\d{2})$/.exec(column)?.[1];
          if (period && Number(row[i]) > 0) exported.set(`${row[0]}|${period}`, Number(row[i]));
        });
      }
      const nonZero = new Map([...expected].filter(([, n]) => n > 0));
      expect(exported, `seed ${seed}`).toEqual(nonZero);
    }
  });
});
