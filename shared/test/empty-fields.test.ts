/**
 * Fields holding the empty value their absence reads as are not stored
 * (emptyWhenAbsentKeys, putEntity): a board reads the same as if every one of them were
 * written out, which is how boards made before were stored, and stays small.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { emptyWhenAbsentKeys } from '../src/entities/fields.js';
import {
  addCard,
  ENTITIES,
  ENTITY_COLLECTIONS,
  exportBoardJson,
  importBoardJson,
  migrateBoard,
  readBoard,
  resolveComment,
  TEMPLATES,
  updateCard,
} from '../src/index.js';
import { entities, entity } from '../src/schema.js';
import { newBoard } from './board.js';

/** A copy of `doc` with every empty field its entities left out written in. */
function withEmptiesStored(doc: Y.Doc): { full: Y.Doc; added: number } {
  const full = new Y.Doc();
  Y.applyUpdate(full, Y.encodeStateAsUpdate(doc));
  let added = 0;
  full.transact(() => {
    for (const name of ENTITY_COLLECTIONS) {
      for (const [, map] of entities(full, name)) {
        for (const [key, empty] of emptyWhenAbsentKeys(ENTITIES[name].fields)) {
          if (map.has(key)) continue;
          map.set(key, empty);
          added++;
        }
      }
    }
  });
  return { full, added };
}

/** Keys stored in every entity map of a document. */
function storedKeyCount(doc: Y.Doc): number {
  let keys = 0;
  for (const name of ENTITY_COLLECTIONS) for (const [, map] of entities(doc, name)) keys += map.size;
  return keys;
}

describe('empty fields', () => {
  it('a board stored with every field written (the fixture, made by earlier code) reads the same copied today', () => {
    const written = new Y.Doc();
    const fixture = readFileSync(new URL('fixtures/online-order.ydoc.b64', import.meta.url), 'utf8');
    Y.applyUpdate(written, Buffer.from(fixture, 'base64'));
    migrateBoard(written);
    // A flag set too: each kind of field is then held both empty and not.
    resolveComment(written, { id: readBoard(written).comments[0]!.id, resolved: true });
    const copy = new Y.Doc();
    importBoardJson(copy, JSON.stringify(exportBoardJson(written)));
    const board = readBoard(copy);
    expect(board.repairs).toEqual([]);
    expect(board).toEqual(readBoard(written));
    expect(storedKeyCount(copy)).toBeLessThan(storedKeyCount(written) * 0.8);
  });

  it.each(TEMPLATES.map((t) => t.id))('%s reads the same with every empty field stored', (id) => {
    const doc = newBoard(id);
    const { full, added } = withEmptiesStored(doc);
    expect(added).toBeGreaterThan(0);
    const board = readBoard(doc);
    expect(board.repairs).toEqual([]);
    expect(board).toEqual(readBoard(full));
  });

  it('a new card stores what it holds, and an emptied field reads empty again', () => {
    const doc = newBoard();
    const { stages, lanes } = readBoard(doc);
    const at = { stageId: stages[0]!.id, laneId: lanes[0]!.id };
    const plain = addCard(doc, { ...at, text: 'Waits for a call back' });
    expect([...entity(doc, 'cards', plain)!.keys()].sort()).toEqual(
      ['kind', 'laneId', 'notes', 'order', 'reasonIds', 'stageId', 'stateId', 'text'].sort(),
    );
    const rich = addCard(doc, {
      ...at,
      text: 'Parcel lost',
      channel: 'phone',
      owner: 'Support',
      friction: { severity: 4, frequency: { count: 30, period: 'week' } },
    });
    const stored = [...entity(doc, 'cards', rich)!.keys()];
    for (const key of ['channel', 'owner', 'severity', 'frequencyCount', 'frequencyPeriod'])
      expect(stored).toContain(key);
    updateCard(doc, { id: rich, owner: '', channel: null, friction: { severity: null, frequency: null } });
    const card = readBoard(doc).cards.find((c) => c.id === rich)!;
    expect([card.owner, card.channel, card.friction.severity, card.friction.frequency]).toEqual([
      '',
      null,
      null,
      null,
    ]);
    expect(readBoard(doc)).toEqual(readBoard(withEmptiesStored(doc).full));
  });
});
