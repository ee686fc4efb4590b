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
import { exportBoardJson, importBoardJson, migrateBoard, parseBoardJson, readBoard } from '../src/index.js';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8');

/** A stored document as the server serves it: migrated when its room loads. */
function docOf(name: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(fixture(name), 'base64'));
  migrateBoard(doc);
  return doc;
}

/** JSON text with keys in their written order, whatever the fixture's formatting: a board file's bytes. */
const asFile = (value: unknown) => JSON.stringify(value);
/** A fixture as today's code writes it after migrating the board. */
const stored = (name: string) => asFile(since(JSON.parse(fixture(name)), { migrated: true }));

type Json = Record<string, unknown>;

/** Puts the empty lists of slide settings and evidence (sources, volumes, readings) where today's code writes them. */
const slidesAfterRatings = (board: Json): Json =>
  Object.fromEntries(
    Object.entries(board).flatMap(([key, value]) =>
      key === 'emotionRatings'
        ? [
            [key, value],
            ['slides', []],
            ['sources', []],
            ['volumes', []],
            ['readings', []],
          ]
        : [[key, value]],
    ),
  );

/**
 * What the schema has added since the fixtures were made, each field at its default
 * and in its declared place: the only differences allowed. Schema 4 (workshop roles)
 * gives every card an author (none, for cards written before) and a read board the
 * facilitator's controls (not carried in board files: they are the live room's), and
 * every vote session the choice to show its tally live (off, for sessions before).
 * Presenter settings per slide (#15) came later, with no migration: a board without
 * them reads and writes an empty list, after the emotion ratings; so did evidence
 * from data (#14): sources, their volumes and readings, after the slides.
 */
function since(value: Json, { migrated }: { migrated: boolean }): Json {
  const board = (value.board ?? value) as Json;
  if (migrated) (board.meta as Json).schemaVersion = 4;
  board.cards = (board.cards as Json[]).map((card) => ({ ...card, authorId: null }));
  board.voteSessions = (board.voteSessions as Json[]).map((session) => ({ ...session, liveTally: false }));
  if ('repairs' in board) {
    const { settings, repairs, ...rest } = board;
    const facilitation = {
      structureLocked: false,
      roundId: null,
      roundStatus: null,
      roundStageId: null,
      roundLaneId: null,
      roundStartedBy: '',
      roundStartedAt: 0,
    };
    return slidesAfterRatings({ ...rest, facilitation, settings, repairs });
  }
  if (value.board) value.board = slidesAfterRatings(board);
  if ('schemaVersion' in value) value.schemaVersion = 4;
  return value;
}

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
    const parsed = parseBoardJson(text) as unknown as Json;
    expect({ ...parsed, schemaVersion: 4 }).toEqual(since(JSON.parse(text), { migrated: false }));
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
