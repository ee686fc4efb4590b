/**
 * The Yjs layout of a board: the one place that knows which top-level types a
 * board document has and which keys an entity map holds. Commands, readers and
 * migrations go through these accessors; nothing outside `shared/` sees them.
 *
 * Layout (schema version 4):
 *   doc.getMap('meta')      title, schemaVersion, createdAt, template, objective
 *   doc.getText('vision')   the board's vision, typed together
 *   doc.getMap(<entities>)  one Y.Map per entity, keyed by the entity id
 *   doc.getMap('votes')     `session|target|user` -> dots
 *   doc.getMap('ratings')   `card|user` -> that person's emotion score for the step
 *   doc.getMap('settings')  friction scoring settings, one flat key per value
 *   doc.getMap('timer')     the workshop timer everyone sees
 *   doc.getMap('facilitation')  the structure lock and the private writing round
 *
 * A card's friction fields are flat keys on the card map (not one nested object),
 * so two people editing severity and frequency at once both keep their edit.
 */
import * as Y from 'yjs';
import {
  ENTITIES,
  ENTITY_COLLECTIONS,
  ENTRIES,
  ENTRY_KEY_SEPARATOR,
  type EntityCollection,
  type EntityDeclaration,
  type EntryDeclaration,
  emptyWhenAbsentKeys,
  entryKey,
  entryValue,
  type Fields,
  memberKey,
  SINGLETONS,
  type SingletonDeclaration,
} from './entities/index.js';

export { ENTITY_COLLECTIONS, type EntityCollection };

/** What one entity of each collection is called, in errors and repair reports. */
export const ENTITY_NAMES = Object.fromEntries(
  ENTITY_COLLECTIONS.map((name) => [name, ENTITIES[name].name]),
) as Record<EntityCollection, string>;

/** An entity as stored: a Y.Map whose values were written by some (maybe older, maybe damaged) client. */
export type EntityMap = Y.Map<unknown>;

export function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SINGLETONS.meta.map);
}

export function visionText(doc: Y.Doc): Y.Text {
  return doc.getText('vision');
}

export function collection(doc: Y.Doc, name: EntityCollection): Y.Map<unknown> {
  return doc.getMap(name);
}

/**
 * Votes are per-person counters, keyed `session|target|user` with the number of
 * dots as value, so concurrent voters never overwrite each other.
 */
export function votesMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ENTRIES.votes.map);
}

export const VOTE_KEY_SEPARATOR = ENTRY_KEY_SEPARATOR;

export function voteKey(sessionId: string, targetId: string, userId: string): string {
  return entryKey(ENTRIES.votes, { sessionId, targetId, userId });
}

/** Per-person emotion scores of a step, keyed `card|user`, so each person writes only their own entry. */
export function ratingsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(ENTRIES.emotionRatings.map);
}

export function ratingKey(cardId: string, userId: string): string {
  return entryKey(ENTRIES.emotionRatings, { cardId, userId });
}

/**
 * Scoring settings as flat keys (`period`, `tier.<valueTier>`, `priority.<priority>`,
 * `unknownSegment`), so two facilitators tuning different weights both keep theirs.
 */
export function settingsMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('settings');
}

export const SETTING_KEYS = {
  period: 'period',
  tier: (tier: string) => `tier.${tier}`,
  priority: (priority: string) => `priority.${priority}`,
  unknownSegment: 'unknownSegment',
} as const;

/** The workshop timer: its fields as SINGLETONS.timer declares them, one flat key each. */
export function timerMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SINGLETONS.timer.map);
}

/** The facilitator's controls: the structure lock and the private round, one flat key each. */
export function facilitationMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SINGLETONS.facilitation.map);
}

export const TIMER_FIELDS = Object.keys(SINGLETONS.timer.fields) as ReadonlyArray<
  keyof typeof SINGLETONS.timer.fields
>;

/** Sets a keyed entry from its snapshot form (import). */
export function putEntry(doc: Y.Doc, declaration: EntryDeclaration, item: Record<string, unknown>): void {
  const [value] = entryValue(declaration);
  doc.getMap(declaration.map).set(entryKey(declaration, item), item[value]);
}

/**
 * Sets a singleton's fields from their snapshot form (import); notes are left to
 * the caller, as a singleton's long text lives in a Y.Text of its own (the vision).
 */
export function putSingleton(
  doc: Y.Doc,
  declaration: SingletonDeclaration,
  values: Record<string, unknown>,
): void {
  const map = doc.getMap(declaration.map);
  for (const [key, field] of Object.entries(declaration.fields)) {
    if (field.kind !== 'notes' && values[key] !== undefined) map.set(key, values[key]);
  }
}

/** Looks an entity up, ignoring anything in its place that is not an entity map. */
export function entity(doc: Y.Doc, name: EntityCollection, id: string): EntityMap | undefined {
  const value = collection(doc, name).get(id);
  return value instanceof Y.Map ? (value as EntityMap) : undefined;
}

/**
 * Creates an entity map with its stored fields; a field left out gets its declared
 * default. Nested Yjs types are created here, once, by the creator. A field holding
 * the empty value its absence reads as (emptyWhenAbsentKeys) is not stored at all.
 */
export function putEntity(
  doc: Y.Doc,
  name: EntityCollection,
  id: string,
  fields: Record<string, unknown>,
): EntityMap {
  const declaration = ENTITIES[name];
  const map = new Y.Map<unknown>();
  const empties = emptyWhenAbsentKeys(declaration.fields);
  for (const [key, value] of Object.entries({
    ...storedFields(declaration, defaultsOf(declaration.fields)),
    ...fields,
  })) {
    if (value !== undefined && value !== empties.get(key)) map.set(key, value);
  }
  collection(doc, name).set(id, map);
  return map;
}

/** Creates an entity from its snapshot form: what readBoard returns and a board file holds (import and fork). */
export function putFromSnapshot(
  doc: Y.Doc,
  name: EntityCollection,
  id: string,
  fields: Record<string, unknown>,
): EntityMap {
  return putEntity(doc, name, id, storedFields(ENTITIES[name], fields));
}

/** Sets fields that are defined in `patch`, skipping values that would not change. */
export function patchEntity(map: EntityMap, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (map.get(key) !== value) map.set(key, value);
  }
}

/** Iterates the entity maps of a collection, skipping values that are not maps. */
export function* entities(doc: Y.Doc, name: EntityCollection): Generator<[string, EntityMap]> {
  for (const [id, value] of collection(doc, name).entries()) {
    if (value instanceof Y.Map) yield [id, value as EntityMap];
  }
}

/** The Y.Text held under `key`, or undefined when the key is missing or damaged. */
export function textField(map: EntityMap, key: string): Y.Text | undefined {
  const value = map.get(key);
  return value instanceof Y.Text ? value : undefined;
}

/** The keys of a set stored as a nested Y.Map of `id -> true`. */
export function setField(map: EntityMap, key: string): Y.Map<unknown> | undefined {
  const value = map.get(key);
  return value instanceof Y.Map ? (value as Y.Map<unknown>) : undefined;
}

export function newText(text: string): Y.Text {
  return new Y.Text(text);
}

export function newSet(ids: Iterable<string>): Y.Map<unknown> {
  const set = new Y.Map<unknown>();
  for (const id of ids) set.set(id, true);
  return set;
}

/**
 * Replaces a Y.Text's content by deleting and inserting only the part that
 * changed, so a concurrent edit elsewhere in the text survives.
 */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shorter = Math.min(current.length, next.length);
  while (start < shorter && current[start] === next[start]) start++;
  let endCurrent = current.length;
  let endNext = next.length;
  while (endCurrent > start && endNext > start && current[endCurrent - 1] === next[endNext - 1]) {
    endCurrent--;
    endNext--;
  }
  if (endCurrent > start) text.delete(start, endCurrent - start);
  if (endNext > start) text.insert(start, next.slice(start, endNext));
}

/** Card keys in schema version 2 (migrations.ts reads them). */
export const CARD_FRICTION_KEYS = {
  severity: 'severity',
  frequencyCount: 'frequencyCount',
  frequencyPeriod: 'frequencyPeriod',
  segmentId: 'segmentId',
  rootCause: 'rootCause',
  ownerTeam: 'ownerTeam',
  epic: 'epic',
} as const;

/** The keys the meta map holds: every meta field but the vision, which is a Y.Text of its own. */
export const META_FIELDS = Object.entries(SINGLETONS.meta.fields)
  .filter(([, field]) => field.kind !== 'notes')
  .map(([key]) => key);

/** Every top-level type a board document may hold. */
export const TOP_LEVEL_TYPES = new Set<string>([
  'vision',
  'settings',
  ...Object.values(SINGLETONS).map((part) => part.map),
  ...Object.values(ENTRIES).map((part) => part.map),
  ...ENTITY_COLLECTIONS,
]);

/** The snapshot values of the fields that have a default. */
function defaultsOf(fields: Fields): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.kind === 'group' && !field.nullable) defaults[name] = defaultsOf(field.fields);
    else if ('default' in field && field.default !== undefined) defaults[name] = field.default;
  }
  return defaults;
}

/**
 * The stored form of some of an entity's fields, from their snapshot form: a
 * group's members as flat keys (all null for a null group), notes as a Y.Text, an
 * id set as a Y.Map. Fields left out or undefined are left out, so this also
 * turns a patch into the keys it sets.
 */
export function storedFields(
  declaration: EntityDeclaration,
  fields: Record<string, unknown>,
): Record<string, unknown> {
  const stored: Record<string, unknown> = {};
  const put = (
    specs: Fields,
    values: Record<string, unknown> | null,
    parent?: { key: string; prefixed: boolean },
  ) => {
    for (const [name, field] of Object.entries(specs)) {
      const value = values === null ? null : values[name];
      if (value === undefined) continue;
      const key = parent ? memberKey(parent.key, parent.prefixed, name) : name;
      if (field.kind === 'group')
        put(field.fields, value as Record<string, unknown> | null, { key, prefixed: field.prefixed });
      else if (field.kind === 'notes') stored[key] = newText(value as string);
      else if (field.kind === 'idSet') stored[key] = newSet(value as string[]);
      else stored[key] = value;
    }
  };
  put(declaration.fields, fields);
  return stored;
}
