/**
 * What every command needs: validated input, the entity it targets (or a clear
 * not-found error) and one transaction with a named origin.
 */
import type * as Y from 'yjs';
import { BoardCommandError } from '../errors.js';
import { stringField } from '../fields.js';
import { compareOrdered, type Ordered, placeAt } from '../order.js';
import { ORIGINS, type TransactionOrigin } from '../origins.js';
import {
  collection,
  ENTITY_NAMES,
  type EntityCollection,
  type EntityMap,
  entities,
  entity,
} from '../schema.js';

export function transact<T>(doc: Y.Doc, origin: TransactionOrigin | undefined, fn: () => T): T {
  let result: T | undefined;
  doc.transact(() => {
    result = fn();
  }, origin ?? ORIGINS.local);
  return result as T;
}

export function requireEntity(
  doc: Y.Doc,
  name: EntityCollection,
  id: string,
  command: string,
  field = 'id',
): EntityMap {
  const map = entity(doc, name, id);
  if (!map) {
    throw new BoardCommandError('not_found', command, field, `${ENTITY_NAMES[name]} "${id}" not found`);
  }
  return map;
}

export function requireAbsent(doc: Y.Doc, name: EntityCollection, id: string, command: string): void {
  if (entity(doc, name, id)) {
    throw new BoardCommandError('conflict', command, 'id', `${ENTITY_NAMES[name]} "${id}" already exists`);
  }
}

/** The ordered siblings in a collection matching `belongs`, sorted the way readers sort them. */
export function siblings(
  doc: Y.Doc,
  name: EntityCollection,
  belongs: (map: EntityMap, id: string) => boolean,
): Ordered[] {
  const result: Ordered[] = [];
  for (const [id, map] of entities(doc, name)) {
    if (belongs(map, id)) result.push({ id, order: stringField(map, 'order') });
  }
  return result.sort(compareOrdered);
}

/**
 * Computes the order key for an item placed at `index` among its siblings (the
 * item itself excluded) and writes any sibling keys that had to be re-keyed.
 */
export function orderFor(
  doc: Y.Doc,
  name: EntityCollection,
  others: Ordered[],
  index: number | undefined,
): string {
  const placement = placeAt(others, index ?? others.length);
  for (const { id, order } of placement.rekeyed) entity(doc, name, id)?.set('order', order);
  return placement.order;
}

/** Deletes entities of a collection that match, returning their ids. */
export function removeWhere(
  doc: Y.Doc,
  name: EntityCollection,
  matches: (map: EntityMap, id: string) => boolean,
): string[] {
  const ids: string[] = [];
  for (const [id, map] of entities(doc, name)) if (matches(map, id)) ids.push(id);
  const collectionMap = collection(doc, name);
  for (const id of ids) collectionMap.delete(id);
  return ids;
}
