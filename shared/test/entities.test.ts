/**
 * A field declared once reaches everything derived from its entity's declaration:
 * the reader, the board file, stored keys, command inputs and state diffs. The
 * test declares a card with one more field, `mood`, built with the same helpers
 * as the real declarations, and edits nothing else.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Y from 'yjs';
import { changedFields } from '../src/diff.js';
import {
  choice,
  diffed,
  ENTITIES,
  ENTITY_COLLECTIONS,
  ENTRIES,
  type EntryOf,
  entity,
  entry,
  fileSchemaOf,
  fileSchemaOfFields,
  inputShape,
  number,
  ref,
  SINGLETONS,
  type SnapshotOf,
  storedKeys,
  writeRule,
} from '../src/entities/index.js';
import { addCard, type Card, readBoard } from '../src/index.js';
import { readCard } from '../src/read/cards.js';
import { readEntries } from '../src/read/parts.js';
import { Reader } from '../src/read/reader.js';
import { type EntityMap, storedFields } from '../src/schema.js';
import { currentState, laneOfKind, newBoard } from './board.js';

const MOODS = ['calm', 'tense'] as const;
const cardsWithMood = entity('card', 'editor', {
  ...ENTITIES.cards.fields,
  mood: diffed(choice(MOODS, { default: 'calm' })),
});
type CardWithMood = SnapshotOf<typeof cardsWithMood>;

function boardWithCard() {
  const doc = newBoard();
  const id = addCard(doc, {
    stageId: currentState(doc).stages[0]!.id,
    laneId: laneOfKind(doc, 'actions').id,
  });
  const card = readBoard(doc).cards.find((c) => c.id === id) as Card;
  const map = doc.getMap('cards').get(id) as EntityMap;
  return { doc, card, map };
}

/** What the card reader makes of a stored card, with the declaration that has a mood. */
function readWithMood(doc: Y.Doc, id: string) {
  const r = new Reader(doc);
  const map = new Map(r.entries('cards', cardsWithMood)).get(id) as EntityMap;
  const { stages, lanes } = readBoard(doc);
  const cells = {
    stageById: new Map(stages.map((s) => [s.id, s])),
    laneById: new Map(lanes.map((l) => [l.id, l])),
  };
  return { card: readCard(r, () => true, cells, id, map, cardsWithMood), repairs: r.repairs };
}

describe('a field added to a declaration', () => {
  it('is in the snapshot type', () => {
    expectTypeOf<CardWithMood['mood']>().toEqualTypeOf<'calm' | 'tense'>();
    expectTypeOf<Omit<CardWithMood, 'mood'>>().toEqualTypeOf<Card>();
  });

  it('is read, its default standing in (and reported) where a card lacks it or holds a bad value', () => {
    const { doc, card, map } = boardWithCard();
    const repaired = (value: string) => ({
      entity: 'card',
      id: card.id,
      problem: `mood "${value}" is not one of calm, tense`,
      action: 'repaired',
    });
    expect(readWithMood(doc, card.id)).toEqual({
      card: { ...card, mood: 'calm' },
      repairs: [repaired('undefined')],
    });
    map.set('mood', 'tense');
    expect(readWithMood(doc, card.id)).toEqual({ card: { ...card, mood: 'tense' }, repairs: [] });
    map.set('mood', 'furious');
    expect(readWithMood(doc, card.id)).toEqual({
      card: { ...card, mood: 'calm' },
      repairs: [repaired('furious')],
    });
  });

  it('is a known stored key, and the real declaration still reports it as unknown', () => {
    expect(storedKeys(cardsWithMood.fields)).toContain('mood');
    const { doc, card, map } = boardWithCard();
    map.set('mood', 'tense');
    expect(readBoard(doc).repairs).toEqual([
      { entity: 'card', id: card.id, problem: 'unknown field "mood" ignored', action: 'skipped' },
    ]);
  });

  it('is in the board file: a file may leave it out, and a bad value is refused by name', () => {
    const { card } = boardWithCard();
    const schema = fileSchemaOf(cardsWithMood);
    expect(schema.parse(card)).toEqual({ ...card, mood: 'calm' });
    expect(schema.parse({ ...card, mood: 'tense' }).mood).toBe('tense');
    const refused = schema.safeParse({ ...card, mood: 'furious' });
    expect(refused.error?.issues.map((issue) => issue.path)).toEqual([['mood']]);
  });

  it('is written under its own key, and taken by commands', () => {
    expect(storedFields(cardsWithMood, { mood: 'tense', text: 'Pays' })).toEqual({
      mood: 'tense',
      text: 'Pays',
    });
    const patch = inputShape(cardsWithMood, ['mood'], 'patch');
    expect(patch.mood.parse('tense')).toBe('tense');
    expect(() => patch.mood.parse('furious')).toThrow();
  });

  it('is compared by a state diff when marked diffed', () => {
    const { card } = boardWithCard();
    const before: CardWithMood = { ...card, mood: 'calm' };
    expect(changedFields(cardsWithMood, before, { ...before, mood: 'tense' })).toEqual(['mood']);
    expect(changedFields(cardsWithMood, before, { ...before, priority: 1 })).toEqual([]);
  });
});

describe('a keyed entry declared like votes and ratings', () => {
  /** Stars a person gives a step, one entry per card and person. */
  const stars = entry('star', 'stars', {
    key: { cardId: ref('cards', { checked: true }), userId: ref(null) },
    owner: 'userId',
    by: 'participant',
    value: { stars: number({ min: 1, max: 5, integer: true }) },
  });

  it('is read as declared: sorted by key, skipping a malformed key, a value out of bounds, a key part naming nothing', () => {
    expectTypeOf<EntryOf<typeof stars>>().toEqualTypeOf<{ cardId: string; userId: string; stars: number }>();
    const { doc, card } = boardWithCard();
    const map = doc.getMap('stars');
    map.set(`${card.id}|zoe`, 4);
    map.set(`${card.id}|amy`, 2);
    map.set(`${card.id}|amy|extra`, 2);
    map.set(`${card.id}|bob`, 9);
    map.set('gone|amy', 1);
    const r = new Reader(doc);
    const known = (to: string, id: string) => to === 'cards' && id === card.id;
    expect(readEntries(r, stars, known)).toEqual([
      { cardId: card.id, userId: 'amy', stars: 2 },
      { cardId: card.id, userId: 'zoe', stars: 4 },
    ]);
    expect(r.repairs.map((repair) => `${repair.id}: ${repair.problem}`)).toEqual([
      `${card.id}|amy|extra: malformed star key`,
      `${card.id}|bob: stars 9 is not a whole number from 1 to 5`,
      'gone|amy: card "gone" does not exist',
    ]);
  });

  it('is in the board file, key parts then value, a bad value refused by name', () => {
    const schema = fileSchemaOfFields(stars);
    expect(schema.parse({ cardId: 'c1', userId: 'amy', stars: 3 })).toEqual({
      cardId: 'c1',
      userId: 'amy',
      stars: 3,
    });
    const refused = schema.safeParse({ cardId: 'c1', userId: 'amy', stars: 6 });
    expect(refused.error?.issues.map((issue) => issue.path)).toEqual([['stars']]);
  });

  it('names the key part that owns it: each person writes their own, from the role it names', () => {
    expect(stars.owner).toBe('userId');
    expect(writeRule(stars, 'stars')).toEqual({ role: 'owner', own: { key: 'userId', by: 'participant' } });
  });
});

describe('the declarations', () => {
  it('declare every collection of the document, in the order a board file lists them', () => {
    expect(Object.keys(ENTITIES)).toEqual([...ENTITY_COLLECTIONS]);
  });

  it('hold the permission table of the workshop roles, part by part', () => {
    const table: Record<string, unknown> = {};
    for (const [name, declaration] of [
      ...Object.entries(ENTITIES),
      ...Object.entries(ENTRIES),
      ...Object.entries(SINGLETONS),
    ]) {
      table[name] = declaration.write;
      for (const key of Object.keys(declaration.fields)) {
        const rule = writeRule(declaration, key);
        if (JSON.stringify(rule) !== JSON.stringify(declaration.write)) table[`${name}.${key}`] = rule;
      }
    }
    const editor = { role: 'editor' };
    const facilitator = { role: 'facilitator' };
    const structure = { role: 'editor', whenLocked: 'facilitator' };
    const theirOwn = { role: 'editor', own: { key: 'authorId', by: 'participant' } };
    const personal = { role: 'owner', own: { key: 'userId', by: 'participant' } };
    expect(table).toEqual({
      principles: editor,
      personas: editor,
      journeys: structure,
      states: structure,
      stages: structure,
      lanes: structure,
      cards: theirOwn,
      'cards.priority': editor,
      'cards.derivedFrom': editor,
      edges: editor,
      opportunities: editor,
      metrics: editor,
      reasons: editor,
      comments: theirOwn,
      voteSessions: facilitator,
      slides: editor,
      sources: editor,
      volumes: editor,
      readings: editor,
      votes: personal,
      emotionRatings: personal,
      meta: editor,
      timer: facilitator,
      facilitation: facilitator,
    });
  });
});
