/**
 * A board read straight from storage, migrated forward as a room would load it:
 * what the command line exports, and what an export worker reads so that the main
 * thread never encodes or copies a board for an export.
 */
import { type BoardSnapshot, migrateBoard, readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';
import type { AsyncBoardStore } from './async-board-store.js';
import { applyStoredState } from './board-store.js';

/** The board as stored, or null when there is no such board. */
export async function readStoredBoard(
  store: AsyncBoardStore,
  boardId: string,
): Promise<BoardSnapshot | null> {
  if (!(await store.getBoard(boardId))) return null;
  const state = await store.loadState(boardId);
  const doc = new Y.Doc();
  try {
    applyStoredState(doc, state);
    migrateBoard(doc);
    return readBoard(doc);
  } finally {
    doc.destroy();
  }
}
