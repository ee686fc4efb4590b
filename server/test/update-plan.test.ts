/**
 * The room applies a plan of an update instead of the update itself (update-plan.ts):
 * its structs and only the deletions the board lacks. Whatever the update (a
 * replica's honest sync, or one whose delete set repeats, overlaps or invents
 * ranges), the board must end up exactly as if Yjs had applied the original, a
 * "no-op" plan must be one that would have changed nothing, and the room's index
 * of deleted ranges must never call a live struct deleted.
 */
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DeletedRanges } from '../src/sync/deleted-ranges.js';
import { planUpdate } from '../src/sync/update-plan.js';
import { readUpdate } from '../src/sync/update-reader.mjs';
import { deletedRangesOf } from '../src/sync/yjs-internals.js';

const RUNS = Number(process.env.JB_PROPERTY_RUNS ?? 200);
const GENEROUS = { visitsBase: 1e9, visitsPerByte: 0, maxDeletions: 1e9 };

type Op =
  | { kind: 'set'; replica: number; key: number; value: number }
  | { kind: 'delete'; replica: number; key: number }
  | { kind: 'nested'; replica: number; key: number; field: number; value: number }
  | { kind: 'insert'; replica: number; at: number; text: string }
  | { kind: 'cut'; replica: number; at: number; length: number }
  | { kind: 'sync'; from: number; to: number };

const replica = fc.integer({ min: 0, max: 2 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), replica, key: fc.nat(5), value: fc.nat(100) }),
  fc.record({ kind: fc.constant('delete' as const), replica, key: fc.nat(5) }),
  fc.record({
    kind: fc.constant('nested' as const),
    replica,
    key: fc.nat(5),
    field: fc.nat(3),
    value: fc.nat(100),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    replica,
    at: fc.nat(50),
    text: fc.string({ maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('cut' as const),
    replica,
    at: fc.nat(50),
    length: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({ kind: fc.constant('sync' as const), from: replica, to: replica }),
);

/** How the incoming update is made from the sender's replica. */
type Mangle =
  | { kind: 'as-is' }
  | { kind: 'repeat'; times: number }
  | { kind: 'invent'; ranges: Array<[number, number, number]> };
const mangleArb: fc.Arbitrary<Mangle> = fc.oneof(
  fc.constant({ kind: 'as-is' as const }),
  fc.record({ kind: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 20 }) }),
  fc.record({
    kind: fc.constant('invent' as const),
    ranges: fc.array(fc.tuple(fc.nat(3), fc.nat(120), fc.integer({ min: 0, max: 40 })), { maxLength: 12 }),
  }),
);

function replicas(): Y.Doc[] {
  return [1, 2, 3].map((clientID) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    return doc;
  });
}

function run(docs: Y.Doc[], op: Op): void {
  if (op.kind === 'sync') {
    const from = docs[op.from] as Y.Doc;
    const to = docs[op.to] as Y.Doc;
    Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    return;
  }
  const doc = docs[op.replica] as Y.Doc;
  const cards = doc.getMap<unknown>('cards');
  const text = doc.getText('notes');
  switch (op.kind) {
    case 'set':
      cards.set(`k${op.key}`, op.value);
      break;
    case 'delete':
      cards.delete(`k${op.key}`);
      break;
    case 'nested': {
      let card = cards.get(`card${op.key}`);
      if (!(card instanceof Y.Map)) {
        card = new Y.Map();
        cards.set(`card${op.key}`, card);
      }
      (card as Y.Map<number>).set(`f${op.field}`, op.value);
      break;
    }
    case 'insert':
      text.insert(Math.min(op.at, text.length), op.text);
      break;
    case 'cut': {
      const at = Math.min(op.at, text.length);
      text.delete(at, Math.min(op.length, text.length - at));
      break;
    }
  }
}

/** `update` with its delete set replaced by `ranges` (client, clock, len), in the order given. */
function withRanges(update: Uint8Array, ranges: Array<[number, number, number]>): Uint8Array {
  const { structs } = readUpdate(update);
  const e = encoding.createEncoder();
  encoding.writeUint8Array(e, structs.subarray(0, structs.length - 1));
  const byClient = new Map<number, Array<[number, number]>>();
  for (const [client, clock, len] of ranges) {
    const list = byClient.get(client) ?? [];
    list.push([clock, len]);
    byClient.set(client, list);
  }
  encoding.writeVarUint(e, byClient.size);
  for (const [client, list] of byClient) {
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, list.length);
    for (const [clock, len] of list) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
  return encoding.toUint8Array(e);
}

function incoming(sender: Y.Doc, server: Y.Doc, full: boolean, mangle: Mangle): Uint8Array {
  const update = full
    ? Y.encodeStateAsUpdate(sender)
    : Y.encodeStateAsUpdate(sender, Y.encodeStateVector(server));
  if (mangle.kind === 'as-is') return update;
  const ranges: Array<[number, number, number]> = [];
  for (const [client, items] of Y.decodeUpdate(update).ds.clients) {
    for (const { clock, len } of items) ranges.push([client, clock, len]);
  }
  if (mangle.kind === 'repeat') {
    return withRanges(
      update,
      Array.from({ length: mangle.times }, () => ranges)
        .flat()
        .reverse(),
    );
  }
  return withRanges(update, [
    ...ranges,
    ...mangle.ranges.map(([c, clock, len]) => [c + 1, clock, len] as [number, number, number]),
  ]);
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  copy.clientID = 99;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function indexOf(doc: Y.Doc): DeletedRanges {
  const index = new DeletedRanges();
  for (const [client, items] of deletedRangesOf(doc))
    for (const { clock, len } of items) index.add(client, clock, clock + len);
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    for (const [client, items] of transaction.deleteSet.clients) {
      for (const { clock, len } of items) index.add(client, clock, clock + len);
    }
  });
  return index;
}

function sameBoard(a: Y.Doc, b: Y.Doc): void {
  expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));
  expect(
    Y.equalDeleteSets(Y.createDeleteSetFromStructStore(b.store), Y.createDeleteSetFromStructStore(a.store)),
  ).toBe(true);
  expect(b.getMap('cards').toJSON()).toEqual(a.getMap('cards').toJSON());
  expect(b.getText('notes').toString()).toBe(a.getText('notes').toString());
}

describe('planUpdate', () => {
  it('applies what the original would have, no more and no less, whatever the delete set says', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 40 }),
        fc.array(opArb, { maxLength: 20 }),
        fc.boolean(),
        mangleArb,
        (before, after, full, mangle) => {
          const docs = replicas();
          for (const op of before) run(docs, op);
          const server = copyOf(docs[0] as Y.Doc);
          for (const op of after) run(docs, op);
          const update = incoming(docs[1] as Y.Doc, server, full, mangle);

          const expected = copyOf(server);
          const svBefore = Y.encodeStateVector(expected);
          const dsBefore = Y.createDeleteSetFromStructStore(expected.store);
          try {
            Y.applyUpdate(expected, update);
          } catch {
            return; // Yjs itself cannot apply it: the room refuses it another way
          }
          const actual = copyOf(server);
          const index = indexOf(actual);
          const plan = planUpdate(actual, index, readUpdate(update), GENEROUS);
          expect(plan.outcome).not.toBe('refused');
          if (plan.outcome === 'change') Y.applyUpdate(actual, plan.update);
          else {
            // Nothing to apply: the original changed nothing either.
            expect(Y.encodeStateVector(expected)).toEqual(svBefore);
            expect(Y.equalDeleteSets(Y.createDeleteSetFromStructStore(expected.store), dsBefore)).toBe(true);
          }
          sameBoard(expected, actual);
          // The index never calls a live struct deleted. (It may miss some deletions, e.g. an
          // item integrated as garbage under a deleted parent: those it learns when it meets them.)
          const truth = Y.createDeleteSetFromStructStore(actual.store);
          for (const client of truth.clients.keys()) {
            for (const [start, end] of index.rangesOf(client)) {
              for (let clock = start; clock < end; clock++) {
                expect(Y.isDeleted(truth, Y.createID(client, clock))).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("finds a sync answer that repeats the board's whole delete set 100 times a no-op, walking nothing", () => {
    const docs = replicas();
    const doc = docs[0] as Y.Doc;
    const text = doc.getText('notes');
    for (let i = 0; i < 2000; i++) {
      text.insert(0, 'ab');
      text.delete(1, 1); // each round leaves a deleted item of its own
    }
    const sender = copyOf(doc);
    const update = incoming(sender, doc, true, { kind: 'repeat', times: 100 });
    const plan = planUpdate(doc, indexOf(doc), readUpdate(update), GENEROUS);
    expect(plan).toEqual({ outcome: 'no-op', visits: 0 });
  });
});
