/**
 * Restoring a named version as a new change: everything done since the version is
 * undone by ordinary Yjs operations, so every client sees the restore live and the
 * history keeps both the edits and their reversal.
 */
import * as Y from 'yjs';
import { ORIGINS, type TransactionOrigin } from './origins.js';
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

/** Makes `doc` read as the board `state` (a full Yjs state update) did, in one transaction. */
export function restoreState(
  doc: Y.Doc,
  state: Uint8Array,
  origin: TransactionOrigin = ORIGINS.server,
): void {
  const version = new Y.Doc({ gc: false });
  Y.applyUpdate(version, state);
  const undo = new Y.UndoManager(boardTypes(version), {
    trackedOrigins: new Set([RESTORING]),
    captureTimeout: Number.POSITIVE_INFINITY,
  });
  Y.applyUpdate(version, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(version)), RESTORING);
  undo.undo();
  undo.destroy();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(version, Y.encodeStateVector(doc)), origin);
  version.destroy();
}
