/**
 * A board read straight from storage, migrated forward as a room would load it:
 * what the command line exports, and what an export worker reads so that the main
 * thread never encodes or copies a board for an export.
 */
import { type BoardSnapshot, migrateBoard, readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';
import { applyStoredState, type BoardStore } from './board-store.js';

/** The board as stored, or null when there is no such board. */
export function readStoredBoard(store: BoardStore, boardId: string): BoardSnapshot | null {
  if (!store.getBoard(boardId)) return null;
  const doc = new Y.Doc();
  try {
    applyStoredState(doc, store.loadState(boardId));
    migrateBoard(doc);
    return readBoard(doc);
  } finally {
    doc.destroy();
  }
}
