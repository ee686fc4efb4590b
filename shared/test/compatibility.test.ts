/**
 * Documents and board files written by earlier code read the same today. The
 * fixtures were made once, by the code before entity declarations existed (commit
 * "Pin today's reads and board files as fixtures"): an online-order board with a
 * fork, comments, votes, ratings, a timer and scoring settings, and a damaged
 * board holding what an old or hostile client may write. Never regenerate them to
 * make a test pass: a difference here is a compatibility break.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportBoardJson, importBoardJson, parseBoardJson, readBoard } from '../src/index.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

function docOf(name: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(fixture(name), 'base64'));
  return doc;
}

/** JSON text with keys in their written order, whatever the fixture's formatting: a board file's bytes. */
const asFile = (value: unknown) => JSON.stringify(value);
const stored = (name: string) => asFile(JSON.parse(fixture(name)));

describe('compatibility with documents and files written before', () => {
  it('reads a stored board document to the same snapshot, key for key', () => {
    expect(asFile(readBoard(docOf('online-order.ydoc.b64')))).toBe(stored('online-order.read.json'));
  });

  it('reads a damaged document with the same repairs', () => {
    expect(asFile(readBoard(docOf('damaged.ydoc.b64')))).toBe(stored('damaged.read.json'));
  });

  it('exports a stored board document to the same file, byte for byte', () => {
    const file = exportBoardJson(docOf('online-order.ydoc.b64'), new Date('2026-11-30T10:00:00Z'));
    expect(asFile(file)).toBe(stored('online-order.board.json'));
  });

  it('accepts a board file as written, adding nothing', () => {
    const text = fixture('online-order.board.json');
    expect(parseBoardJson(text)).toEqual(JSON.parse(text));
  });

  it('imports a board file and exports it again unchanged', () => {
    const text = fixture('online-order.board.json');
    const copy = new Y.Doc();
    importBoardJson(copy, text);
    expect(asFile(exportBoardJson(copy, new Date('2026-11-30T10:00:00Z')))).toBe(
      stored('online-order.board.json'),
    );
    expect(readBoard(copy).repairs).toEqual([]);
  });
});
