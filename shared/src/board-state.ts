/**
 * Boards as bytes, for code that stores or ships a board but holds no live document:
 * the server's REST routes, its file workers and its command line. Only `shared/`
 * (and the server's rooms and storage) touch Yjs; these hand back the encoded state
 * that storage keeps, with the board as read from it.
 */
import * as Y from 'yjs';
import { setTitle } from './commands/board.js';
import type { CommandInput } from './inputs.js';
import type { BoardSnapshot } from './model.js';
import { ORIGINS, type TransactionOrigin } from './origins.js';
import { readBoard } from './read.js';
import { createBoard } from './templates/create-board.js';
import { importBoardJson } from './transfer.js';

/** A new board, made from a template, as stored state. Throws BoardCommandError for a bad input. */
export function newBoardState(
  input: CommandInput<'createBoard'>,
  origin: TransactionOrigin = ORIGINS.server,
): Uint8Array {
  const doc = new Y.Doc();
  try {
    createBoard(doc, input, origin);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

export interface ImportedBoard {
  state: Uint8Array;
  board: BoardSnapshot;
}

/**
 * A board file read into a new board's stored state; `title` renames the copy.
 * Throws BoardImportError with the file's problems, as importBoardJson does.
 */
export function importBoardState(
  file: unknown,
  { title, origin = ORIGINS.import }: { title?: string; origin?: TransactionOrigin } = {},
): ImportedBoard {
  const doc = new Y.Doc();
  try {
    importBoardJson(doc, file, origin);
    if (title) setTitle(doc, { title }, origin);
    return { state: Y.encodeStateAsUpdate(doc), board: readBoard(doc) };
  } finally {
    doc.destroy();
  }
}
