/** The streaming CSV reader: RFC 4180 quoting, any chunk boundaries, sniffed delimiters, bounded memory. */
import { type CsvReaderOptions, createCsvReader } from '@journeyboard/shared/evidence';
import { describe, expect, it } from 'vitest';
import { randomChunks } from './random.js';

function read(chunks: string[], options?: CsvReaderOptions) {
  const records: [string[], number][] = [];
  const reader = createCsvReader((fields, row) => records.push([fields, row]), options);
  for (const chunk of chunks) reader.write(chunk);
  reader.end();
  return { records, problems: reader.problems, delimiter: reader.delimiter };
}

const TRICKY = [
  '\uFEFFCreated at,Contact reason,"Sub-reason",Note\r\n',
  '2026-03-01,Delivery,Late,"said ""where is it?"", twice"\r\n',
  '\r\n',
  '2026-03-02,Payment,"Card\r\ndeclined",\n',
  '2026-03-03,"Returns",,""\n',
  '\n',
  '2026-03-04,Account,Login,"multi\nline\nnote"\r\n',
  '2026-03-05,Other,,last line without a break',
].join('');

const EXPECTED: [string[], number][] = [
  [['Created at', 'Contact reason', 'Sub-reason', 'Note'], 1],
  [['2026-03-01', 'Delivery', 'Late', 'said "where is it?", twice'], 2],
  [['2026-03-02', 'Payment', 'Card\r\ndeclined', ''], 4],
  [['2026-03-03', 'Returns', '', ''], 6],
  [['2026-03-04', 'Account', 'Login', 'multi\nline\nnote'], 8],
  [['2026-03-05', 'Other', '', 'last line without a break'], 11],
];

describe('createCsvReader', () => {
  it('reads quotes, escaped quotes, line breaks in quotes, a BOM and blank lines, with the line each record starts on', () => {
    const { records, problems, delimiter } = read([TRICKY]);
    expect(problems).toEqual([]);
    expect(delimiter).toBe(',');
    expect(records).toEqual(EXPECTED);
  });

  it('gives the same records fed one character at a time', () => {
    expect(read([...TRICKY]).records).toEqual(EXPECTED);
  });

  it('gives the same records for random chunk sizes (\\r\\n and "" split across chunks)', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const { records, problems } = read(randomChunks(TRICKY, seed, 1 + (seed % 23)));
      expect(problems).toEqual([]);
      expect(records).toEqual(EXPECTED);
    }
  });

  it('sniffs tab and semicolon from the first line, ignoring delimiters inside quotes', () => {
    const tsv = read(['Stage\tScore\n"Pay, online"\t4,5\n']);
    expect(tsv.delimiter).toBe('\t');
    expect(tsv.records.map(([fields]) => fields)).toEqual([
      ['Stage', 'Score'],
      ['Pay, online', '4,5'],
    ]);
    const semicolon = read(['"Datum;Tag";Grund;Anzahl\n2026-03;Lieferung;1,5\n']);
    expect(semicolon.delimiter).toBe(';');
    expect(semicolon.records[1]?.[0]).toEqual(['2026-03', 'Lieferung', '1,5']);
    // A quoted header with commas does not make a semicolon file a comma file.
    expect(read(['"a,b,c";d\n1;2\n']).delimiter).toBe(';');
    expect(read(['reason\nDelivery\n']).delimiter).toBe(',');
  });

  it('sniffs the delimiter when the first line arrives in pieces, and from a one-line file without a break', () => {
    expect(read(['Stage', '\tSco', 're\r', '\nPay\t9']).records.map(([f]) => f)).toEqual([
      ['Stage', 'Score'],
      ['Pay', '9'],
    ]);
    expect(read(['a;b']).records).toEqual([[['a', 'b'], 1]]);
  });

  it('reports an unterminated quote at the end with the row it started on, and emits nothing of it', () => {
    const { records, problems } = read(['a,b\n1,2\n3,"open\nstill open\n']);
    expect(records.map(([, row]) => row)).toEqual([1, 2]);
    expect(problems).toEqual([{ row: 3, message: expect.stringContaining('not closed') }]);
  });

  it('reads lines ended by a lone \\r (old Mac exports), and nothing from an empty file or a lone BOM', () => {
    expect(read(['a,b\r1,2\r\r3,4']).records).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
      [['3', '4'], 4],
    ]);
    expect(read([]).records).toEqual([]);
    expect(read(['\uFEFF', '', '\n\n']).records).toEqual([]);
  });

  it('keeps text after a closing quote, as spreadsheets do', () => {
    expect(read(['"a"b,c\n']).records[0]?.[0]).toEqual(['ab', 'c']);
  });

  it('refuses a field, a row or a column count past its limit and stops reading', () => {
    const field = read([`a,b\n1,${'x'.repeat(50)}\n2,3\n`], { maxFieldChars: 20 });
    expect(field.problems).toEqual([{ row: 2, message: 'a field is longer than 20 characters (column 2)' }]);
    expect(field.records).toHaveLength(1);
    const row = read([`a,b\n${'x,'.repeat(30)}\n`], { maxRowChars: 40, maxColumns: 100 });
    expect(row.problems[0]).toEqual({ row: 2, message: 'the row is longer than 40 characters' });
    const columns = read(['a,b,c,d\n'], { maxColumns: 3 });
    expect(columns.problems[0]).toEqual({ row: 1, message: 'the row has more than 3 columns' });
    expect(columns.records).toEqual([]);
  });

  it('refuses a 10 MB field without a line break, quoted or not, without buffering it', () => {
    for (const opening of ['', '"']) {
      let records = 0;
      const reader = createCsvReader(() => {
        records += 1;
      });
      const chunk = 'y'.repeat(64 * 1024);
      const before = process.memoryUsage().heapUsed;
      reader.write(`reason,note\nDelivery,${opening}`);
      let written = 0;
      while (written < 10 * 1024 * 1024) {
        reader.write(chunk);
        written += chunk.length;
      }
      reader.end();
      const grown = process.memoryUsage().heapUsed - before;
      expect(reader.stopped).toBe(true);
      expect(reader.problems).toEqual([
        { row: 2, message: 'a field is longer than 1000 characters (column 2)' },
      ]);
      expect(records).toBe(1);
      // The 10 MB were never joined: what grew is far below the file (garbage collection aside).
      expect(grown).toBeLessThan(4 * 1024 * 1024);
    }
  });

  it('refuses a first line of 10 MB (no header break to sniff from) without keeping it', () => {
    const reader = createCsvReader(() => {});
    const chunk = 'z'.repeat(64 * 1024);
    for (let i = 0; i < 160; i += 1) reader.write(chunk);
    expect(reader.stopped).toBe(true);
    expect(reader.problems[0]?.message).toContain('longer than');
  });
});
