/**
 * updatePaths tells what an update would change, as paths of keys from the board's
 * root: for the board's own commands sent by a replica, and for structs built to hide
 * where they land (no parent named, placed beside a neighbour; a parent that exists
 * nowhere).
 */

import type { TouchedPath } from '@journeyboard/shared';
import { addCard, comment, createBoard, readBoard, removeCard, updateCard, vote } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updatePaths } from '../src/sync/update-paths.js';

/** A board on the server and a replica of it that makes a change: the change's update and the server's doc. */
function changeFrom(change: (replica: Y.Doc) => void, server = boardDoc()) {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(replica);
  change(replica);
  return { server, update: Y.encodeStateAsUpdate(replica, before), replica };
}

function boardDoc(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Paths', template: 'blank-journey' });
  return doc;
}

function firstCard(doc: Y.Doc) {
  const board = readBoard(doc);
  const state = board.states[0];
  const stage = board.stages.find((s) => s.stateId === state?.id);
  const lane = board.lanes.find((l) => l.stateId === state?.id);
  if (!stage || !lane) throw new Error('blank journey without a cell');
  return { stageId: stage.id, laneId: lane.id };
}

const paths = (touched: TouchedPath[], change: TouchedPath['change']) =>
  touched.filter((t) => t.change === change).map((t) => t.path.join('/'));

describe('updatePaths', () => {
  it("names the field an edit of a card's text writes, and nothing else", () => {
    const server = boardDoc();
    const cardId = addCard(server, { ...firstCard(server), text: 'Before' });
    const { update } = changeFrom((replica) => updateCard(replica, { id: cardId, text: 'After' }), server);
    const { touched, unplaced } = updatePaths(server, update);
    expect(unplaced).toBe(0);
    expect(paths(touched, 'write')).toEqual([`cards/${cardId}/text`]);
    // The old value is what the edit deletes: the same field.
    expect(paths(touched, 'delete')).toEqual([`cards/${cardId}/text`]);
  });

  it('places a new card and each of its fields under the card, though the fields name a parent new in the update', () => {
    const server = boardDoc();
    let cardId = '';
    const { update } = changeFrom((replica) => {
      cardId = addCard(replica, { ...firstCard(replica), text: 'New' });
    }, server);
    const written = paths(updatePaths(server, update).touched, 'write');
    expect(written).toContain(`cards/${cardId}`);
    expect(written).toContain(`cards/${cardId}/text`);
    expect(written.every((path) => path.startsWith(`cards/${cardId}`))).toBe(true);
  });

  it('follows typing into shared text to the field that holds it', () => {
    const server = boardDoc();
    const cardId = addCard(server, { ...firstCard(server), text: 'Noted', notes: 'first words' });
    const { update } = changeFrom((replica) => {
      updateCard(replica, { id: cardId, notes: 'first and second words' });
    }, server);
    const { touched } = updatePaths(server, update);
    expect(new Set(touched.map((t) => t.path.join('/')))).toEqual(new Set([`cards/${cardId}/notes`]));
  });

  it('names a removed card, its comments and what else the command takes along as deletions', () => {
    const server = boardDoc();
    const cardId = addCard(server, { ...firstCard(server), text: 'Doomed' });
    comment(server, {
      targetType: 'card',
      targetId: cardId,
      author: { id: 'u1', name: 'Ann' },
      text: 'Why?',
    });
    const { update } = changeFrom((replica) => removeCard(replica, { id: cardId }), server);
    const deleted = paths(updatePaths(server, update).touched, 'delete');
    expect(deleted).toContain(`cards/${cardId}`);
    expect(deleted.some((path) => path.startsWith('comments/'))).toBe(true);
  });

  it("names a person's vote by its key in the votes map", () => {
    const server = boardDoc();
    const cardId = addCard(server, { ...firstCard(server), text: 'Vote on me' });
    const { update } = changeFrom(
      (replica) => vote(replica, { targetId: cardId, userId: 'u1', dots: 2 }),
      server,
    );
    const written = paths(updatePaths(server, update).touched, 'write');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(new RegExp(`^votes/.*${cardId}.*u1$`));
  });

  it('finds the key of a struct that names none but sits beside the value it overwrites', () => {
    const server = new Y.Doc();
    server.getMap('meta').set('title', 'One');
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(replica);
    replica.getMap('meta').set('title', 'Two');
    const update = Y.encodeStateAsUpdate(replica, before);
    // Yjs writes no parent and no key for it: its origin, the old value, gives both.
    const [struct] = Y.decodeUpdate(update).structs as Y.Item[];
    expect(struct?.parent).toBeNull();
    expect(struct?.parentSub).toBeNull();
    expect(paths(updatePaths(server, update).touched, 'write')).toEqual(['meta/title']);
  });

  it('counts as unplaced a struct whose parent is neither on the board nor in the update', () => {
    const elsewhere = new Y.Doc();
    const nested = new Y.Map<string>();
    elsewhere.getMap('cards').set('c1', nested);
    const before = Y.encodeStateVector(elsewhere);
    nested.set('text', 'orphan');
    const orphan = Y.encodeStateAsUpdate(elsewhere, before);
    const { touched, unplaced } = updatePaths(boardDoc(), orphan);
    expect(touched).toEqual([]);
    expect(unplaced).toBe(1);
  });

  it('skips what the board holds already and what is deleted already', () => {
    const { server, replica } = changeFrom((r) =>
      updateCard(r, { id: addCard(r, { ...firstCard(r), text: 'x' }), text: 'y' }),
    );
    Y.applyUpdate(server, Y.encodeStateAsUpdate(replica));
    expect(updatePaths(server, Y.encodeStateAsUpdate(replica)).touched).toEqual([]);
  });

  it('places a long run of items typed one beside the other, each in one step', () => {
    const server = new Y.Doc();
    server.getMap('cards').set('c1', new Y.Map());
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
    const before = Y.encodeStateVector(replica);
    const list = new Y.Array<number>();
    replica.transact(() => {
      (replica.getMap('cards').get('c1') as Y.Map<unknown>).set('steps', list);
      // Each insert at the front: every item's right origin is the one before it.
      for (let i = 0; i < 2_000; i++) list.insert(0, [i]);
    });
    const { touched, unplaced } = updatePaths(server, Y.encodeStateAsUpdate(replica, before));
    expect(unplaced).toBe(0);
    // The list written under its key, then its items, once for all of them.
    expect(touched.map((t) => [t.path.join('/'), t.written?.kind ?? 'items'])).toEqual([
      ['cards/c1/steps', 'type'],
      ['cards/c1/steps', 'items'],
    ]);
  });
});
