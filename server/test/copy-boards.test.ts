/**
 * What `journeyboard migrate`'s verification calls a difference (boardDifferences):
 * the board's content as Yjs state, whatever form its log takes, and everything else
 * as stored. Real Yjs documents, made by the board's own commands.
 */
import { addCard, createBoard, readBoard, removeCard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { BoardRows } from '../src/storage/board-store.js';
import { boardDifferences } from '../src/storage/copy-boards.js';

const bytes = (...values: number[]) => new Uint8Array(values);

/** A board as stored: a snapshot of the template, then one update per card added. */
function storedBoard(): BoardRows {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Onboarding', template: 'blank-journey' });
  const snapshot = Y.encodeStateAsUpdate(doc);
  const { stages, lanes } = readBoard(doc);
  const updates = ['Sign up', 'Verify email'].map((text, i) => {
    const before = Y.encodeStateVector(doc);
    addCard(doc, { stageId: stages[0]!.id, laneId: lanes[0]!.id, text });
    return { data: Y.encodeStateAsUpdate(doc, before), createdAt: 2_000 + i };
  });
  return {
    board: { id: 'b1', title: 'Onboarding', createdAt: 1_000, updatedAt: 2_001 },
    snapshot,
    storedBytes: snapshot.byteLength + updates.reduce((sum, u) => sum + u.data.byteLength, 0),
    updates,
    links: [{ role: 'editor', tokenHash: bytes(1, 2, 3), expiresAt: 9_000 }],
    sealedLinks: [{ holder: 'owner', role: 'editor', box: bytes(4, 5, 6) }],
    versions: [{ id: 'v1', name: 'Before', createdAt: 1_500, state: snapshot, automatic: false }],
    identities: [{ participantId: 'p1', tokenHash: bytes(7, 8), name: 'Ada', createdAt: 1_600 }],
  };
}

/** The same board with its log compacted into one snapshot, as a server does when a room unloads. */
function compacted(rows: BoardRows): BoardRows {
  const doc = new Y.Doc();
  if (rows.snapshot) Y.applyUpdate(doc, rows.snapshot);
  for (const update of rows.updates) Y.applyUpdate(doc, update.data);
  const snapshot = Y.encodeStateAsUpdate(doc);
  return { ...rows, snapshot, updates: [], storedBytes: snapshot.byteLength };
}

describe('the differences migrate verifies', () => {
  it('finds none between a board and its copy, nor its copy compacted since', () => {
    const rows = storedBoard();
    expect(boardDifferences(rows, structuredClone(rows))).toEqual([]);
    expect(boardDifferences(rows, compacted(rows))).toEqual([]);
  });

  it('names each part that differs', () => {
    const rows = storedBoard();
    const cases: Array<[string, (copy: BoardRows) => void]> = [
      ['title', (copy) => Object.assign(copy.board, { title: 'Renamed' })],
      ['created time', (copy) => Object.assign(copy.board, { createdAt: 1 })],
      ['updated time', (copy) => Object.assign(copy.board, { updatedAt: 1 })],
      ['board content', (copy) => copy.updates.pop()],
      ['links (token hashes or expiry)', (copy) => Object.assign(copy.links[0]!, { expiresAt: null })],
      ['links (token hashes or expiry)', (copy) => Object.assign(copy.links[0]!, { tokenHash: bytes(9) })],
      ['sealed links', (copy) => copy.sealedLinks.pop()],
      ['versions', (copy) => Object.assign(copy.versions[0]!, { state: bytes(0) })],
      ['identities', (copy) => copy.identities.pop()],
    ];
    for (const [what, change] of cases) {
      const copy = structuredClone(rows);
      change(copy);
      expect(boardDifferences(rows, copy), what).toEqual([what]);
    }
  });

  it('sees a deletion the state vector alone would miss', () => {
    const rows = storedBoard();
    const doc = new Y.Doc();
    if (rows.snapshot) Y.applyUpdate(doc, rows.snapshot);
    for (const update of rows.updates) Y.applyUpdate(doc, update.data);
    // A deletion adds no item: the state vector stays the same, the delete set does not.
    const before = Y.encodeStateVector(doc);
    removeCard(doc, { id: readBoard(doc).cards[0]!.id });
    expect(Y.encodeStateVector(doc)).toEqual(before);
    const deleted = {
      ...rows,
      updates: [...rows.updates, { data: Y.encodeStateAsUpdate(doc), createdAt: 3_000 }],
    };
    expect(boardDifferences(rows, deleted)).toEqual(['board content']);
  });
});
