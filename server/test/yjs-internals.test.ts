/**
 * The Yjs internals the room relies on (server/src/sync/yjs-internals.ts and the
 * reader's use of Yjs's encoding), checked against Yjs itself and pinned to the one
 * version they were read from: on an upgrade this fails first, and says what to re-read.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readUpdate } from '../src/sync/update-reader.mjs';
import {
  dropPending,
  encodeIntegrated,
  pendingBytes,
  placementSteps,
  structAt,
  YJS_VERSION,
} from '../src/sync/yjs-internals.js';

const require = createRequire(import.meta.url);

function docOf(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

describe('the Yjs internals the room relies on', () => {
  it(`are read from yjs ${YJS_VERSION}, the version installed`, () => {
    const installed = (require('yjs/package.json') as { version: string }).version;
    expect(installed, 'yjs changed: re-read yjs-internals.ts and update-reader.mjs against it').toBe(
      YJS_VERSION,
    );
  });

  it('an update read without its delete set keeps every struct and nothing else', () => {
    const doc = docOf(1);
    const text = doc.getText('notes');
    text.insert(0, 'hello world');
    text.delete(2, 3);
    doc.getMap('cards').set('a', 1);
    doc.getMap('cards').delete('a');
    const update = Y.encodeStateAsUpdate(doc);
    const read = readUpdate(update);
    const original = Y.decodeUpdate(update);
    const structsOnly = Y.decodeUpdate(read.structs);
    expect(structsOnly.structs.map((s) => [s.id.client, s.id.clock, s.length])).toEqual(
      original.structs.map((s) => [s.id.client, s.id.clock, s.length]),
    );
    expect(structsOnly.ds.clients.size).toBe(0);
    expect(read.deletes).toEqual([[1, [2, 5, 11, 12]]]);
  });

  it('finds where the delete set starts after structs of every content kind Yjs writes', () => {
    const doc = docOf(7);
    const text = doc.getText('notes');
    text.insert(0, 'bold', { bold: true }); // strings and formats
    text.insertEmbed(4, { image: 'x.png' }); // an embed
    const map = doc.getMap<unknown>('cards');
    map.set('bytes', new Uint8Array([1, 2, 3])); // binary
    map.set('any', { nested: [1, 'two', null, true] }); // any
    map.set('sub', new Y.Doc()); // a subdocument
    const xml = doc.getXmlFragment('xml');
    xml.insert(0, [new Y.XmlElement('p'), new Y.XmlText('t')]); // types with and without a name
    map.set('gone', 1);
    map.delete('gone'); // deleted content
    const update = Y.encodeStateAsUpdate(doc);
    const read = readUpdate(update);
    const shape = (structs: Array<Y.Item | Y.GC | Y.Skip>) =>
      structs.map((s) => [s.constructor.name, s.id.client, s.id.clock, s.length]);
    expect(shape(Y.decodeUpdate(read.structs).structs)).toEqual(shape(Y.decodeUpdate(update).structs));
    expect(read.deletes).toEqual(
      [...Y.decodeUpdate(update).ds.clients].map(([client, items]) => [
        client,
        items.flatMap(({ clock, len }) => [clock, clock + len]),
      ]),
    );
  });

  it('counts no steps for an honest edit, and a key’s whole history for an item placed before it', () => {
    const doc = docOf(1);
    const cards = doc.getMap<number>('cards');
    // Alternating keys, so no two overwritten values are neighbours Yjs would merge.
    for (let i = 0; i < 500; i++) {
      cards.set('text', i);
      cards.set('order', i);
    }
    const head = cards._map.get('text') as Y.Item;
    const list = { type: cards, key: 'text' };
    // An honest set names the current value as its origin: nothing lies between.
    expect(placementSteps({ struct: head, offset: 0 }, null, list, 10_000)).toBe(0);
    // A crafted one with no origin makes Yjs walk the key's chain of 500 values, twice over.
    expect(placementSteps(null, null, list, 10_000)).toBeGreaterThanOrEqual(500);
    expect(placementSteps(null, null, list, 100)).toBeLessThanOrEqual(101);
  });

  it('counts no steps for typing into the middle of a word (an item Yjs splits)', () => {
    const doc = docOf(1);
    const text = doc.getText('notes');
    text.insert(0, 'journey');
    const word = structAt(doc, 1, 0);
    expect(word?.struct.length).toBe(7);
    // Between "jour" and "ney": origin clock 3, right origin clock 4, both inside one item.
    expect(placementSteps({ ...word!, offset: 3 }, { ...word!, offset: 4 }, null, 100)).toBe(0);
  });

  it('leaves structs waiting for missing changes out of answers, and can drop them', () => {
    const author = docOf(1);
    author.getText('notes').insert(0, 'first');
    const first = Y.encodeStateAsUpdate(author);
    author.getText('notes').insert(5, ' second');
    const second = Y.encodeStateAsUpdate(author, Y.encodeStateVector(docOf(2)));
    const room = docOf(3);
    Y.applyUpdate(room, Y.diffUpdate(second, Y.encodeStateVectorFromUpdate(first)));
    expect(pendingBytes(room)).toBeGreaterThan(0);
    expect(Y.decodeUpdate(encodeIntegrated(room)).structs).toHaveLength(0);
    dropPending(room);
    expect(pendingBytes(room)).toBe(0);
    Y.applyUpdate(room, first);
    expect(room.getText('notes').toString()).toBe('first');
  });
});
