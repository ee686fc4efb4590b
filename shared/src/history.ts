/**
 * Restoring a named version as a new change: everything done since the version is
 * undone by ordinary Yjs operations, so every client sees the restore live and the
 * history keeps both the edits and their reversal.
 */
import * as Y from 'yjs';
import { ENTITY_COLLECTIONS } from './schema.js';

const RESTORING = Symbol('restoring');

/** Top-level types of a board, as the undo manager must know them before it can revert them. */
export function boardTypes(doc: Y.Doc): Array<Y.AbstractType<unknown>> {
  return [
    doc.getMap('meta'),
    doc.getText('vision'),
    doc.getMap('votes'),
    doc.getMap('ratings'),
    doc.getMap('settings'),
    doc.getMap('timer'),
    ...ENTITY_COLLECTIONS.map((name) => doc.getMap(name)),
  ] as Array<Y.AbstractType<unknown>>;
}

/**
 * The change that makes `doc` read as the board `state` (a full Yjs state update)
 * did. Applying it is the restore; its size is what the restore adds to the stored
 * board, known before anything changes.
 */
export function restoreUpdate(doc: Y.Doc, state: Uint8Array): Uint8Array {
  const version = new Y.Doc({ gc: false });
  try {
    Y.applyUpdate(version, state);
    const undo = new Y.UndoManager(boardTypes(version), {
      trackedOrigins: new Set([RESTORING]),
      captureTimeout: Number.POSITIVE_INFINITY,
    });
    Y.applyUpdate(version, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(version)), RESTORING);
    undo.undo();
    undo.destroy();
    return Y.encodeStateAsUpdate(version, Y.encodeStateVector(doc));
  } finally {
    version.destroy();
  }
}
