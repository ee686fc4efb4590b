/**
 * What every command needs: validated input, the entity it targets (or a clear
 * not-found error) and one transaction with a named origin; and the three shapes
 * most entities share (patch fields, move among siblings, remove with dependants).
 */
import type * as Y from 'yjs';
import { BoardCommandError } from '../errors.js';
import { stringField } from '../fields.js';
import { newId } from '../ids.js';
import { type CommandInput, type CommandName, type ParsedInput, parseInput } from '../inputs.js';
import type { CommentTargetType } from '../model.js';
import { compareOrdered, type Ordered, placeAt } from '../order.js';
import { ORIGINS, type TransactionOrigin } from '../origins.js';
import {
  collection,
  ENTITY_NAMES,
  type EntityCollection,
  type EntityMap,
  entities,
  entity,
  patchEntity,
} from '../schema.js';

/** How every command is called: the document, its raw input, and who is changing it. */
export type Command<C extends CommandName, R = void> = (
  doc: Y.Doc,
  input: CommandInput<C>,
  origin?: TransactionOrigin,
) => R;

/**
 * Declares a command: `run` gets the input once it has passed the command's schema
 * (else a BoardCommandError names the bad field) and runs as one transaction,
 * tagged with the caller's origin, so a command's changes sync and undo together.
 */
export function defineCommand<C extends CommandName, R = void>(
  command: C,
  run: (doc: Y.Doc, input: ParsedInput<C>) => R,
): Command<C, R> {
  return (doc, input, origin) => {
    const parsed = parseInput(command, input);
    return transact(doc, origin, () => run(doc, parsed));
  };
}

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

/**
 * The parent a reply or secondary entity is added under. Threads and reasons have
 * two levels, so the parent must itself have no parent.
 */
export function requireTopLevel(
  doc: Y.Doc,
  name: EntityCollection,
  parentId: string,
  command: string,
  detail: string,
): EntityMap {
  const parent = requireEntity(doc, name, parentId, command, 'parentId');
  if (typeof parent.get('parentId') === 'string') {
    throw new BoardCommandError('invalid_input', command, 'parentId', detail);
  }
  return parent;
}

/** The id of an entity being added: the one the caller chose, which must be free, or a fresh one. */
export function idForNew(
  doc: Y.Doc,
  name: EntityCollection,
  given: string | undefined,
  command: string,
): string {
  const id = given ?? newId();
  requireAbsent(doc, name, id, command);
  return id;
}

export function requireAbsent(doc: Y.Doc, name: EntityCollection, id: string, command: string): void {
  if (entity(doc, name, id)) {
    throw new BoardCommandError('conflict', command, 'id', `${ENTITY_NAMES[name]} "${id}" already exists`);
  }
}

function matching(
  doc: Y.Doc,
  name: EntityCollection,
  matches: (map: EntityMap, id: string) => boolean,
): Array<[string, EntityMap]> {
  return Array.from(entities(doc, name)).filter(([id, map]) => matches(map, id));
}

/** The ordered siblings in a collection matching `belongs`, sorted the way readers sort them. */
export function siblings(
  doc: Y.Doc,
  name: EntityCollection,
  belongs: (map: EntityMap, id: string) => boolean,
): Ordered[] {
  return matching(doc, name, belongs)
    .map(([id, map]) => ({ id, order: stringField(map, 'order') }))
    .sort(compareOrdered);
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

/** The order key for a new entity at `index` (last when not given) among those `belongs` picks. */
export function orderAmong(
  doc: Y.Doc,
  name: EntityCollection,
  belongs: (map: EntityMap, id: string) => boolean = () => true,
  index?: number,
): string {
  return orderFor(doc, name, siblings(doc, name, belongs), index);
}

/** Deletes entities of a collection that match, returning their ids. */
export function removeWhere(
  doc: Y.Doc,
  name: EntityCollection,
  matches: (map: EntityMap, id: string) => boolean,
): string[] {
  const ids = matching(doc, name, matches).map(([id]) => id);
  const collectionMap = collection(doc, name);
  for (const id of ids) collectionMap.delete(id);
  return ids;
}

/** Removes the comment threads anchored to entities that are gone. */
export function removeCommentsOn(
  doc: Y.Doc,
  targetType: CommentTargetType,
  removed: ReadonlySet<string>,
): void {
  removeWhere(
    doc,
    'comments',
    (c) => stringField(c, 'targetType') === targetType && removed.has(stringField(c, 'targetId')),
  );
}

/** Commands whose validated input names its target by `id`. */
type TargetedCommand = {
  [C in CommandName]: ParsedInput<C> extends { id: string } ? C : never;
}[CommandName];

/** Commands whose validated input is an `id` and a destination `index`. */
type MoveCommand = {
  [C in CommandName]: ParsedInput<C> extends { id: string; index: number } ? C : never;
}[CommandName];

/** A command that sets the given fields of the entity its input names by `id` (rename, update, edit). */
export function patchCommand<C extends TargetedCommand>(command: C, name: EntityCollection): Command<C> {
  return defineCommand(command, (doc, input) => {
    const { id, ...patch }: { id: string } = input;
    patchEntity(requireEntity(doc, name, id, command), patch);
  });
}

/** A command that moves an entity to `index` among the entities that share its `parentField`. */
export function moveCommand<C extends MoveCommand>(
  command: C,
  name: EntityCollection,
  parentField: string,
): Command<C> {
  return defineCommand(command, (doc, input) => {
    const { id, index }: { id: string; index: number } = input;
    const moving = requireEntity(doc, name, id, command);
    const parent = stringField(moving, parentField);
    const others = siblings(
      doc,
      name,
      (map, otherId) => otherId !== id && stringField(map, parentField) === parent,
    );
    patchEntity(moving, { order: orderFor(doc, name, others, index) });
  });
}

/**
 * A command that removes the entity its input names by `id`. `remove` says what
 * goes (or changes) with it; by default the entity goes alone.
 */
export function removeCommand<C extends TargetedCommand>(
  command: C,
  name: EntityCollection,
  remove: (doc: Y.Doc, id: string) => void = (doc, id) => collection(doc, name).delete(id),
): Command<C> {
  return defineCommand(command, (doc, input) => {
    const { id }: { id: string } = input;
    requireEntity(doc, name, id, command);
    remove(doc, id);
  });
}
