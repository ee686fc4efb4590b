/**
 * readBoard reads documents it did not write: older clients, buggy clients, hostile
 * clients. It skips or repairs what it cannot use, says so, and never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCard, connect, readBoard } from '../src/index.js';
import { cardsAlong, currentState, laneOfKind, newBoard } from './board.js';

const RUNS = Number(process.env.JB_PROPERTY_RUNS ?? 200);

function rawCard(doc: Y.Doc, id: string, fields: Record<string, unknown>): void {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  doc.getMap('cards').set(id, map);
}

describe('readBoard repairs damage and reports it', () => {
  it('skips dangling edges and cards in missing stages or lanes', () => {
    const doc = newBoard();
    const { state, stages } = currentState(doc);
    const lane = laneOfKind(doc, 'actions');
    const real = addCard(doc, { stageId: stages[0]!.id, laneId: lane.id, text: 'Real' });
    rawCard(doc, 'ghost', {
      stateId: state.id,
      stageId: 'deleted-stage',
      laneId: lane.id,
      order: 'a0',
      text: 'Ghost',
    });
    rawCard(doc, 'lost', {
      stateId: state.id,
      stageId: stages[0]!.id,
      laneId: 'gone',
      order: 'a1',
      text: 'Lost',
    });
    const edges = doc.getMap('edges');
    const edge = new Y.Map<unknown>();
    edge.set('stateId', state.id);
    edge.set('from', real);
    edge.set('to', 'ghost');
    edges.set('dangling', edge);
    const board = readBoard(doc);
    expect(board.cards.map((c) => c.text)).toEqual(['Real']);
    expect(board.edges).toEqual([]);
    expect(board.repairs).toEqual([
      { entity: 'card', id: 'ghost', problem: 'its stage does not exist', action: 'skipped' },
      { entity: 'card', id: 'lost', problem: 'its lane does not exist', action: 'skipped' },
      { entity: 'edge', id: 'dangling', problem: 'connects a card that does not exist', action: 'skipped' },
    ]);
  });

  it('clamps out-of-range numbers, drops NaN and bad enums, ignores unknown keys', () => {
    const doc = newBoard();
    const { state, stages } = currentState(doc);
    const lane = laneOfKind(doc, 'friction');
    rawCard(doc, 'wild', {
      stateId: state.id,
      stageId: stages[1]!.id,
      laneId: lane.id,
      order: 'a0',
      text: 'Wild values',
      kind: 'sticker',
      emotion: 7,
      severity: Number.NaN,
      frequencyCount: -3,
      frequencyPeriod: 'week',
      epic: 'fast',
      confidence: 'certain',
      colour: 'hotpink',
    });
    const board = readBoard(doc);
    const card = board.cards[0]!;
    expect(card).toMatchObject({ kind: 'friction', emotion: 2, confidence: null });
    expect(card.friction).toMatchObject({
      severity: null,
      frequency: { count: 0, period: 'week' },
      epic: null,
    });
    expect(board.repairs.map((r) => r.problem)).toEqual([
      'confidence "certain" is not one of low, medium, high',
      'emotion 7 out of range -2..2',
      'epic "fast" is not one of easy, personalised, intuitive, contextual',
      'frequencyCount -3 out of range 0..1000000000',
      'kind "sticker" is not one of action, touchpoint, emotion, friction, opportunity, frontstage, backstage, support, evidence, note',
      'severity is not a number',
      'unknown field "colour" ignored',
    ]);
  });

  it('skips values that are not entity maps and unknown top-level types', () => {
    const doc = newBoard();
    doc.getMap('cards').set('plain', { text: 'not a map' });
    doc.getMap('stages').set('number', 42);
    doc.getArray('legacyCards').push(['x']);
    const board = readBoard(doc);
    expect(board.cards).toEqual([]);
    expect(board.stages).toHaveLength(8);
    expect(board.repairs.map((r) => `${r.entity} ${r.id}: ${r.problem}`)).toEqual([
      'board legacyCards: unknown top-level type "legacyCards" ignored',
      'card plain: not an entity map',
      'stage number: not an entity map',
    ]);
  });

  it('reads an empty document as an untitled board without throwing', () => {
    const board = readBoard(new Y.Doc());
    expect(board.meta.title).toBe('Untitled board');
    expect(board.cards).toEqual([]);
    expect(board.repairs.map((r) => r.problem)).toEqual(['missing schemaVersion', 'missing title']);
  });

  it(
    'never throws, whatever values are written into any field',
    () => {
      const value = fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.double(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.constant(Number.NaN),
        // Round-trip through JSON: Yjs stores plain objects, not null-prototype ones.
        fc
          .dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 })
          .map((o) => JSON.parse(JSON.stringify(o)) as unknown),
        fc
          .array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })
          .map((a) => JSON.parse(JSON.stringify(a)) as unknown),
      );
      const collections = [
        'cards',
        'stages',
        'lanes',
        'states',
        'journeys',
        'edges',
        'opportunities',
        'metrics',
        'reasons',
        'comments',
        'personas',
        'principles',
        'votes',
        'meta',
      ];
      const fields = [
        'stateId',
        'stageId',
        'laneId',
        'journeyId',
        'order',
        'text',
        'title',
        'kind',
        'emotion',
        'severity',
        'frequencyCount',
        'frequencyPeriod',
        'notes',
        'reasonIds',
        'frictionIds',
        'from',
        'to',
        'parentId',
        'targetType',
        'targetId',
        'schemaVersion',
        'name',
        'current',
        'impact',
      ];
      const write = fc.record({
        collection: fc.constantFrom(...collections),
        id: fc.constantFrom('x', 'y', 'z'),
        asMap: fc.boolean(),
        field: fc.constantFrom(...fields),
        value,
        reuse: fc.boolean(),
      });
      fc.assert(
        fc.property(fc.array(write, { maxLength: 40 }), (writes) => {
          const doc = newBoard('online-order');
          const board = readBoard(doc);
          const someId = (n: string) => (board.cards[0] ? `${board.cards[0].id}${n}` : n);
          for (const w of writes) {
            const target = doc.getMap<unknown>(w.collection);
            const id = w.reuse && w.collection === 'cards' ? someId('') : w.id;
            if (w.collection === 'meta' || w.collection === 'votes') {
              target.set(w.field, w.value);
            } else if (w.asMap) {
              const existing = target.get(id);
              const map = existing instanceof Y.Map ? (existing as Y.Map<unknown>) : new Y.Map<unknown>();
              if (!(existing instanceof Y.Map)) target.set(id, map);
              map.set(w.field, w.value);
            } else {
              target.set(id, w.value);
            }
          }
          const result = readBoard(doc);
          expect(() => JSON.stringify(result)).not.toThrow();
          for (const card of result.cards) {
            if (card.emotion !== null) expect(Math.abs(card.emotion)).toBeLessThanOrEqual(2);
            if (card.friction.severity !== null) expect(card.friction.severity).toBeGreaterThanOrEqual(1);
          }
        }),
        { numRuns: RUNS },
      );
    },
    Math.max(30_000, RUNS * 75),
  );

  it('keeps an edge whose cards both survive', () => {
    const doc = newBoard();
    const [a, b] = cardsAlong(doc, 'actions', ['A', 'B']);
    connect(doc, { from: a, to: b });
    expect(readBoard(doc).edges).toHaveLength(1);
  });
});
