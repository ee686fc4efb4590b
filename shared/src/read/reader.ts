/**
 * The tolerant reader every collection is read with: it reads a field as its
 * declaration says (entities/), falls back or clamps where a value is wrong, and
 * records each repair. It never throws on what a client wrote.
 */
import * as Y from 'yjs';
import {
  ENTITIES,
  type EntityCollection,
  type EntityDeclaration,
  type FieldSpec,
  type Fields,
  memberKey,
  type SnapshotOf,
  storedKeys,
} from '../entities/index.js';
import { nullableString, numberField, oneOf, stringField } from '../fields.js';
import type { Repair } from '../model.js';
import { compareOrdered } from '../order.js';
import { collection, type EntityMap, setField, textField } from '../schema.js';

/** Whether an entity of a collection was read (so a reference to it holds). */
export type Known = (to: EntityCollection, id: string) => boolean;

export class Reader {
  readonly repairs: Repair[] = [];

  constructor(readonly doc: Y.Doc) {}

  skip(entity: string, id: string, problem: string): void {
    this.repairs.push({ entity, id, problem, action: 'skipped' });
  }

  repair(entity: string, id: string, problem: string): void {
    this.repairs.push({ entity, id, problem, action: 'repaired' });
  }

  /**
   * The entity maps of a collection; anything else stored there, and any key its
   * declaration does not know, is reported and skipped.
   */
  entries(
    name: EntityCollection,
    declaration: EntityDeclaration = ENTITIES[name],
  ): Array<[string, EntityMap]> {
    const result: Array<[string, EntityMap]> = [];
    const known = knownKeysOf(declaration.fields);
    for (const [id, value] of collection(this.doc, name).entries()) {
      if (!(value instanceof Y.Map)) {
        this.skip(declaration.name, id, 'not an entity map');
        continue;
      }
      for (const key of (value as EntityMap).keys()) {
        if (!known.has(key)) this.skip(declaration.name, id, `unknown field "${key}" ignored`);
      }
      result.push([id, value as EntityMap]);
    }
    return result;
  }

  text(entity: string, id: string, map: EntityMap, key: string, fallback: string, max: number): string {
    const value = map.get(key);
    if (typeof value === 'string') {
      if (value.length <= max) return value;
      this.repair(entity, id, `${key} longer than ${max} characters, truncated`);
      return value.slice(0, max);
    }
    if (value !== undefined && value !== null) this.repair(entity, id, `${key} is not text`);
    return fallback;
  }

  /** Text that is null when blank. */
  nullableText(entity: string, id: string, map: EntityMap, key: string, max: number): string | null {
    const value = map.get(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') {
      this.repair(entity, id, `${key} is not text`);
      return null;
    }
    return value.trim() !== '' ? value.slice(0, max) : null;
  }

  /** A name that must not be blank: `fallback` stands in for a missing one. */
  title(entity: string, id: string, map: EntityMap, fallback: string, key = 'title', max = 200): string {
    const value = this.text(entity, id, map, key, '', max);
    if (value.trim() !== '') return value;
    this.repair(entity, id, `missing ${key}`);
    return fallback;
  }

  order(entity: string, id: string, map: EntityMap): string {
    const value = map.get('order');
    if (typeof value === 'string') return value;
    this.repair(entity, id, 'missing order key');
    return '';
  }

  choice<T extends string>(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    allowed: readonly T[],
    fallback: T,
  ): T {
    const value = oneOf(map, key, allowed);
    if (value !== null) return value;
    this.repair(entity, id, `${key} "${String(map.get(key))}" is not one of ${allowed.join(', ')}`);
    return fallback;
  }

  optionalChoice<T extends string>(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    allowed: readonly T[],
  ): T | null {
    const value = map.get(key);
    if (value === undefined || value === null) return null;
    const choice = oneOf(map, key, allowed);
    if (choice === null)
      this.repair(entity, id, `${key} "${String(value)}" is not one of ${allowed.join(', ')}`);
    return choice;
  }

  /** A number kept inside [min, max] and rounded if it must be whole; null when absent or not a number. */
  bounded(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    min: number,
    max: number,
    integer: boolean,
  ): number | null {
    const value = map.get(key);
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.repair(entity, id, `${key} is not a number`);
      return null;
    }
    let fixed = integer ? Math.round(value) : value;
    fixed = Math.min(max, Math.max(min, fixed));
    if (fixed !== value) this.repair(entity, id, `${key} ${value} out of range ${min}..${max}`);
    return fixed;
  }

  reference(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    exists: (ref: string) => boolean,
  ): string | null {
    const ref = nullableString(map, key);
    if (ref === null) return null;
    if (exists(ref)) return ref;
    this.repair(entity, id, `${key} "${ref}" refers to nothing, cleared`);
    return null;
  }

  /** The ids of a stored set, sorted, without those `exists` does not know. */
  idSet(
    entity: string,
    id: string,
    map: EntityMap,
    key: string,
    lost: string,
    exists: (ref: string) => boolean,
  ) {
    const members = Array.from(setField(map, key)?.keys() ?? []).filter((ref) => {
      if (exists(ref)) return true;
      this.repair(entity, id, `${lost} "${ref}" dropped`);
      return false;
    });
    return members.sort();
  }

  /**
   * An entity read field by field as its declaration says. `given` holds the
   * fields its collection's reader worked out itself (where it sits, fallbacks
   * that depend on other entities); they are not read again.
   */
  entity<E extends EntityDeclaration>(
    declaration: E,
    id: string,
    map: EntityMap,
    known: Known,
    given: Partial<SnapshotOf<E>> = {},
  ): SnapshotOf<E> {
    const read = new FieldReader(this, declaration.name, id, map, known);
    return read.fields(planOf(declaration.fields), given as Record<string, unknown>, { id }) as SnapshotOf<E>;
  }
}

/** How to read one field: where it is stored, and whether it is a member of an all-or-nothing group. */
interface Step {
  name: string;
  key: string;
  field: FieldSpec;
  optional: boolean;
  members?: Step[];
}

const plans = new WeakMap<Fields, Step[]>();
const knownKeys = new WeakMap<Fields, ReadonlySet<string>>();

/** The keys an entity map may hold; anything else is reported as unknown. */
function knownKeysOf(fields: Fields): ReadonlySet<string> {
  const cached = knownKeys.get(fields);
  if (cached) return cached;
  const keys = new Set(storedKeys(fields));
  knownKeys.set(fields, keys);
  return keys;
}

/** The steps that read `fields`, worked out once per declaration (readBoard runs on every change). */
function planOf(fields: Fields, parent?: { key: string; prefixed: boolean; whole: boolean }): Step[] {
  const cached = parent ? undefined : plans.get(fields);
  if (cached) return cached;
  const steps = Object.entries(fields).map(([name, field]): Step => {
    const key = parent ? memberKey(parent.key, parent.prefixed, name) : name;
    const step: Step = { name, key, field, optional: parent?.whole ?? false };
    if (field.kind === 'group')
      step.members = planOf(field.fields, { key, prefixed: field.prefixed, whole: field.nullable });
    return step;
  });
  if (!parent) plans.set(fields, steps);
  return steps;
}

class FieldReader {
  constructor(
    readonly r: Reader,
    readonly entity: string,
    readonly id: string,
    readonly map: EntityMap,
    readonly known: Known,
  ) {}

  fields(
    steps: Step[],
    given: Record<string, unknown>,
    into: Record<string, unknown>,
  ): Record<string, unknown> {
    for (const step of steps) into[step.name] = step.name in given ? given[step.name] : this.field(step);
    return into;
  }

  field({ name, key, field, optional, members }: Step): unknown {
    const { r, entity, id, map } = this;
    switch (field.kind) {
      case 'text':
        return field.nullable
          ? r.nullableText(entity, id, map, key, field.max)
          : r.text(entity, id, map, key, field.default ?? '', field.max);
      case 'title':
        return r.title(entity, id, map, field.fallback, key, field.max);
      case 'order':
        return r.order(entity, id, map);
      case 'choice': {
        if (field.nullable || optional) return r.optionalChoice(entity, id, map, key, field.values);
        const fallback = field.fallback ?? field.default;
        if (fallback === undefined || fallback === null)
          throw new Error(`${entity}.${name} has no fallback: its collection's reader must give it`);
        return r.choice(entity, id, map, key, field.values, fallback);
      }
      case 'number': {
        const value = r.bounded(
          entity,
          id,
          map,
          key,
          field.min ?? -Infinity,
          field.max ?? Infinity,
          field.integer,
        );
        return value ?? field.default ?? null;
      }
      case 'timestamp':
        return numberField(map, key) ?? (field.nullable ? null : (field.default ?? 0));
      case 'ref': {
        const { to } = field;
        if (field.checked && to) return r.reference(entity, id, map, key, (ref) => this.known(to, ref));
        return field.nullable ? nullableString(map, key) : stringField(map, key);
      }
      case 'flag':
        return map.get(key) === true;
      case 'notes': {
        const value = textField(map, key)?.toString() ?? map.get(key);
        return typeof value === 'string' ? value : field.default;
      }
      case 'idSet':
        return r.idSet(entity, id, map, key, field.lost, (ref) => this.known(field.to, ref));
      case 'group':
        return this.group(name, field.nullable, members ?? []);
    }
  }

  /** A group's members; an all-or-nothing group with some members missing reads as null. */
  group(name: string, nullable: boolean, members: Step[]): unknown {
    const value = this.fields(members, {}, {});
    if (!nullable) return value;
    const values = Object.values(value);
    if (values.every((member) => member === null)) return null;
    if (values.every((member) => member !== null)) return value;
    const names = members.map((member) => `a ${member.name}`);
    this.r.repair(
      this.entity,
      this.id,
      `${name} needs ${names.length === 2 ? 'both ' : ''}${names.join(' and ')}`,
    );
    return null;
  }
}

/** Every entity of a collection that sits directly on the board, read as declared, in order. */
export function readOrdered<C extends 'principles' | 'personas' | 'journeys' | 'opportunities'>(
  r: Reader,
  name: C,
  known: Known,
): Array<SnapshotOf<(typeof ENTITIES)[C]>> {
  const declaration = ENTITIES[name] as (typeof ENTITIES)[C];
  return r
    .entries(name)
    .map(([id, m]) => r.entity(declaration, id, m, known))
    .sort(compareOrdered);
}

export function byIndex<T extends { id: string }>(items: T[]): Map<string, number> {
  return new Map(items.map((item, i) => [item.id, i]));
}

export function compareTuples(a: Array<number | string>, b: Array<number | string>): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return 0;
}

/** Runs one entity's read; should anything unforeseen throw, the entity is skipped, never the board. */
export function guarded<T>(r: Reader, what: string, read: () => T, fallback: T): T {
  try {
    return read();
  } catch (error) {
    r.skip(what, what, `unreadable: ${error instanceof Error ? error.message : String(error)}`);
    return fallback;
  }
}
