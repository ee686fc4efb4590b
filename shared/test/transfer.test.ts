import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  BOARD_FILE_BOUNDS,
  BOARD_FILE_FORMAT,
  BoardImportError,
  exportBoardJson,
  importBoardJson,
  PROBLEM_LIMITS,
  parseBoardJson,
  readBoard,
  SCHEMA_VERSION,
  TEMPLATES,
} from '../src/index.js';
import { cardsAlong, discuss, newBoard } from './board.js';

function problemsOf(input: unknown): string[] {
  try {
    parseBoardJson(input);
  } catch (error) {
    if (error instanceof BoardImportError) return error.problems;
    throw error;
  }
  return [];
}

describe('board JSON files', () => {
  it.each(TEMPLATES.map((t) => t.id))(
    'round-trips the %s template exactly, through JSON text',
    (template) => {
      const doc = newBoard(template, 'Round trip');
      const [card] = cardsAlong(doc, 'friction', ['Extra']);
      discuss(doc, card, 5);
      const file = exportBoardJson(doc, new Date('2026-11-23T10:00:00Z'));
      expect(file).toMatchObject({
        format: BOARD_FILE_FORMAT,
        formatVersion: 1,
        schemaVersion: SCHEMA_VERSION,
      });
      const copy = new Y.Doc();
      importBoardJson(copy, JSON.stringify(file));
      const { repairs, ...original } = readBoard(doc);
      const { repairs: copyRepairs, ...imported } = readBoard(copy);
      expect(imported).toEqual(original);
      expect(copyRepairs).toEqual([]);
      expect(exportBoardJson(copy, new Date('2026-11-23T10:00:00Z'))).toEqual(file);
    },
  );

  it('refuses text that is not JSON, and JSON that is not a board file', () => {
    expect(problemsOf('{"format": ')[0]).toMatch(/^not JSON: /);
    expect(problemsOf([1, 2])).toEqual(['expected a JSON object with "format": "journeyboard.board"']);
    expect(problemsOf({ version: 2, widgets: [] })).toEqual([
      'format: not a Journeyboard board file (expected "format": "journeyboard.board", found nothing)',
    ]);
    expect(problemsOf({ format: BOARD_FILE_FORMAT, formatVersion: 9 })).toEqual([
      'formatVersion: made by a newer Journeyboard (format version 9; this one reads 1)',
    ]);
  });

  it('lists every problem of a malformed file with its path', () => {
    const file = exportBoardJson(newBoard('online-order'));
    const broken = structuredClone(file) as unknown as {
      board: Record<string, Array<Record<string, unknown>>>;
    };
    const cards = broken.board.cards!;
    cards[0]!.emotion = 9;
    cards[1]!.stageId = 'nowhere';
    cards[2]!.text = 17;
    broken.board.edges![0]!.to = 'missing-card';
    delete (broken.board as Record<string, unknown>).journeys;
    const problems = problemsOf(broken);
    expect(problems).toEqual([
      'board.journeys: Invalid input: expected array, received undefined',
      expect.stringMatching(/^board\.cards\[0\]\.emotion: Too big: expected number to be <=2/),
      'board.cards[2].text: Invalid input: expected string, received number',
    ]);
    // Shape problems come first; once the shape is right, references are checked.
    (broken.board as Record<string, unknown>).journeys = file.board.journeys;
    cards[0]!.emotion = 1;
    cards[2]!.text = 'ok';
    expect(problemsOf(broken)).toEqual([
      `board.cards[1].stageId: no stage "nowhere" in state "${file.board.cards[1]!.stateId}"`,
      `board.edges[0].to: no card "missing-card" in state "${file.board.edges[0]!.stateId}"`,
    ]);
  });

  it('refuses a file over the size limits, and writes nothing when it refuses', () => {
    const file = exportBoardJson(newBoard());
    const tooMany = {
      ...file,
      board: { ...file.board, votes: Array.from({ length: 20_001 }, () => file.board.votes[0]) },
    };
    expect(problemsOf(tooMany)[0]).toMatch(/^board\.votes: Too big: expected array to have <=20000 items/);
    const doc = new Y.Doc();
    expect(() => importBoardJson(doc, tooMany)).toThrow(BoardImportError);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()));
  });

  it('reports the first 100 problems, counts the rest, and stops counting at 10,000', () => {
    const file = exportBoardJson(newBoard());
    const bomb = { ...file, board: { ...file.board, cards: Array.from({ length: 20_000 }, () => ({})) } };
    try {
      parseBoardJson(bomb);
      expect.unreachable();
    } catch (error) {
      if (!(error instanceof BoardImportError)) throw error;
      expect(error.problems).toHaveLength(PROBLEM_LIMITS.reported);
      expect(error.problems[0]).toBe('board.cards[0].id: Invalid input: expected string, received undefined');
      expect(error.problems.length + error.omitted).toBeGreaterThanOrEqual(PROBLEM_LIMITS.counted);
      expect(error.problems.length + error.omitted).toBeLessThan(PROBLEM_LIMITS.counted + 50);
      expect(error.stoppedEarly).toBe(true);
      expect(error.message).toMatch(/\n- \.\.\.and \d+\+ more$/);
    }
    const few = structuredClone(file) as unknown as { board: { cards: Array<Record<string, unknown>> } };
    few.board.cards = [{ id: 'a' }];
    try {
      parseBoardJson(few);
      expect.unreachable();
    } catch (error) {
      if (!(error instanceof BoardImportError)) throw error;
      expect(error.problems.length).toBeGreaterThan(1);
      expect(error.omitted).toBe(0);
      expect(error.stoppedEarly).toBe(false);
    }
  });

  it('refuses JSON text past its bounds before parsing it', () => {
    const text = JSON.stringify(exportBoardJson(newBoard()));
    const withCards = (cards: string) => text.replace(/"cards":\[[^\]]*\]/, `"cards":${cards}`);
    expect(problemsOf(withCards(`[${Array(20_001).fill('{}').join(',')}]`))).toEqual([
      '(file): a list or object with more than 20,000 entries',
    ]);
    expect(problemsOf(withCards(`${'['.repeat(40)}${']'.repeat(40)}`))).toEqual([
      '(file): nested deeper than 32 levels',
    ]);
    const names = Array.from({ length: 1001 }, (_, i) => `"n${i}":0`).join(',');
    expect(problemsOf(withCards(`[{${names}}]`))[0]).toMatch(/more than 1,000 different member names/);
    // Quoted brackets, commas and colons are text, not structure.
    const quoted = withCards(`[${Array(100).fill('"[,{:\\"]"').join(',')}]`);
    expect(problemsOf(quoted)[0]).toMatch(/^board\.cards\[0\]: Invalid input: expected object/);
    expect(BOARD_FILE_BOUNDS.maxMembers).toBe(20_000);
  });

  it('imports only into an empty document', () => {
    const file = exportBoardJson(newBoard());
    expect(() => importBoardJson(newBoard(), file)).toThrow(
      'importBoardJson: import goes into an empty document',
    );
  });

  it('error message lists the problems for a person to read', () => {
    try {
      parseBoardJson({ format: BOARD_FILE_FORMAT, formatVersion: 1 });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/^Not a valid Journeyboard board file:\n- schemaVersion: /);
    }
  });
});
