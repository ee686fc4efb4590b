/**
 * The words an entity declaration is written in. Each builder returns a Field:
 * what the value is (its TypeScript type rides along as `value`), its bounds,
 * the value a new entity gets (`default`), whether a state diff compares it, and
 * who may write it. Everything else (types, command inputs, the board file,
 * the reader, stored keys) is derived from these, never said again.
 */
import type { Role } from '../contract/roles.js';
import type { EntityCollection } from './collections.js';

/**
 * Who may write a part of the board: the permission table of the roles issue, said
 * once beside each declaration. `role` is the least role that may write any entity
 * (see atLeast in contract/roles.ts). A person-owned part names, in `own`, the
 * stored key (or an entry's key part) holding the participantId of whoever it
 * belongs to: from `own.by` up, a person writes the entities they own; the owner
 * key itself only ever holds the writer's own id. `whenLocked` is the least role
 * while a facilitator has locked the board's structure. The server checks every
 * update against these (server/src/sync/update-permissions.ts) and the app checks
 * the same rules before it sends (permissions.ts).
 */
export interface WriteRule {
  readonly role: Role;
  readonly own?: { readonly key: string; readonly by: Role };
  readonly whenLocked?: Role;
}

/** A write rule as declarations write it: a role alone, or a whole rule. */
export type WriteRuleInput = Role | WriteRule;

function ruleOf(input: WriteRuleInput): WriteRule {
  return typeof input === 'string' ? { role: input } : input;
}

/** Person-owned: `by` and up write their own (those whose `key` holds their id); `role` and up write any. */
export function owned(key: string, by: Role, role: Role = 'editor'): WriteRule {
  return { role, own: { key, by } };
}

/** Written from `role` up, and only from `whenLocked` up while the structure is locked. */
export function lockable(role: Role, whenLocked: Role): WriteRule {
  return { role, whenLocked };
}

/** A field whose rule differs from its entity's (a card's priority is set by a vote, not by its author). */
export function writtenBy<F extends FieldSpec>(rule: WriteRuleInput, field: F): F {
  return { ...field, write: ruleOf(rule) };
}

interface Common {
  /** A state diff (diff.ts) reports a change of this field. */
  readonly diffed: boolean;
  /** Overrides the entity's write rule for this field. */
  readonly write?: WriteRule;
}

export type FieldSpec = Common &
  (
    | {
        readonly kind: 'text';
        readonly max: number;
        /** Must hold more than whitespace when a command or a file sets it. */
        readonly nonEmpty: boolean;
        /** Commands trim it first. */
        readonly trim: boolean;
        readonly nullable: boolean;
        readonly default?: string | null;
      }
    | { readonly kind: 'title'; readonly max: number; readonly fallback: string; readonly default?: string }
    | { readonly kind: 'order' }
    | {
        readonly kind: 'choice';
        readonly values: readonly string[];
        readonly nullable: boolean;
        readonly default?: string | null;
        /** What the reader puts in place of a missing or unknown value, when not the default. */
        readonly fallback?: string;
      }
    | {
        readonly kind: 'number';
        readonly min?: number;
        readonly max?: number;
        readonly integer: boolean;
        readonly nullable: boolean;
        readonly default?: number | null;
      }
    | { readonly kind: 'timestamp'; readonly nullable: boolean; readonly default?: number | null }
    | {
        readonly kind: 'ref';
        /** null: an id of something else (a person, or an entity of the kind another field names). */
        readonly to: EntityCollection | null;
        readonly nullable: boolean;
        /** The reader clears a reference to nothing (others are checked by their collection's reader). */
        readonly checked: boolean;
        /**
         * May point at nothing, in a board file too: what a fork copied from, or
         * a vote's session, may since be gone. A board file's other refs to a
         * collection must land (see checkReferences in transfer.ts).
         */
        readonly loose: boolean;
        /**
         * The field, on both entities, naming what they must share: a card's
         * stage must be a stage of the card's state (`within: 'stateId'`).
         */
        readonly within?: string;
        readonly default?: null;
      }
    | { readonly kind: 'flag'; readonly default: boolean }
    | { readonly kind: 'notes'; readonly max: number; readonly default: string }
    | {
        readonly kind: 'idSet';
        readonly to: EntityCollection;
        readonly max: number;
        /** How the reader names a member whose entity is gone: `tag of missing reason`. */
        readonly lost: string;
        readonly default: readonly string[];
      }
    | {
        readonly kind: 'group';
        readonly fields: Fields;
        /** All or nothing: null, or every member set. */
        readonly nullable: boolean;
        /** Members are stored as `<name><Member>` keys rather than under their own names. */
        readonly prefixed: boolean;
        readonly default?: null;
      }
  );

/**
 * A declared field whose snapshot value has type T; D says whether it has a
 * default, so that commands and board files may leave it out.
 */
export type Field<T = unknown, D extends boolean = boolean> = FieldSpec & {
  readonly value?: T;
  readonly defaulted?: D;
};
/**
 * Declared fields by name. Typed by their specs alone, so that a builder's type
 * parameters come from its arguments, never from this context.
 */
export type Fields = Readonly<Record<string, FieldSpec>>;

export type ValueOf<F> = F extends { readonly value?: infer T } ? T : never;
/** The snapshot form of an entity's fields. */
export type Shape<F extends Fields> = { -readonly [K in keyof F]: ValueOf<F[K]> };
export type HasDefault<F> = F extends { readonly defaulted?: infer D } ? D : false;

type Nullable<T, N extends boolean> = N extends true ? T | null : T;
/** A nullable field defaults to null; another only when it says so. */
type Defaults<N extends boolean, D> = N extends true ? true : undefined extends D ? false : true;
const common = { diffed: false } as const;

/** Plain text up to `max` characters. */
export function text<N extends boolean = false, D extends string | undefined = undefined>(options: {
  max: number;
  default?: D;
  nonEmpty?: boolean;
  trim?: boolean;
  nullable?: N;
}): Field<Nullable<string, N>, Defaults<N, D>> {
  const { max, nonEmpty = false, trim = false, nullable = false } = options;
  return {
    ...common,
    kind: 'text',
    max,
    nonEmpty,
    trim,
    nullable,
    default: options.default ?? (nullable ? null : undefined),
  };
}

/** A name people see: never blank; the reader shows `fallback` for a missing one. */
export function title<D extends string | undefined = undefined>(
  fallback: string,
  options: { max: number; default?: D },
): Field<string, Defaults<false, D>> {
  return { ...common, kind: 'title', fallback, ...options };
}

/** The fractional index that orders an entity among its siblings. */
export function order(): Field<string, false> {
  return { ...common, kind: 'order' };
}

export function choice<V extends string, N extends boolean = false, D extends V | undefined = undefined>(
  values: readonly V[],
  options: { default?: D; fallback?: V; nullable?: N } = {},
): Field<Nullable<V, N>, Defaults<N, D>> {
  const nullable = options.nullable ?? false;
  return {
    ...common,
    kind: 'choice',
    values,
    ...options,
    nullable,
    default: options.default ?? (nullable ? null : undefined),
  };
}

export function number<N extends boolean = false, D extends number | undefined = undefined>(options: {
  min?: number;
  max?: number;
  integer?: boolean;
  default?: D;
  nullable?: N;
}): Field<Nullable<number, N>, Defaults<N, D>> {
  const { integer = false, nullable = false } = options;
  return {
    ...common,
    kind: 'number',
    ...options,
    integer,
    nullable,
    default: options.default ?? (nullable ? null : undefined),
  };
}

/** Milliseconds since the epoch. */
export function timestamp<N extends boolean = false, D extends number | undefined = undefined>(
  options: { default?: D; nullable?: N } = {},
): Field<Nullable<number, N>, Defaults<N, D>> {
  const nullable = options.nullable ?? false;
  return {
    ...common,
    kind: 'timestamp',
    nullable,
    default: options.default ?? (nullable ? null : undefined),
  };
}

/** The id of an entity of `to`; nullable ones default to null. */
export function ref<N extends boolean = false>(
  to: EntityCollection | null,
  options: { nullable?: N; checked?: boolean; loose?: boolean; within?: string } = {},
): Field<Nullable<string, N>, N> {
  const { nullable = false as N, checked = nullable, loose = false, within } = options;
  return {
    ...common,
    kind: 'ref',
    to,
    nullable,
    checked,
    loose,
    ...(within ? { within } : {}),
    ...(nullable ? { default: null } : {}),
  };
}

/** The entity of the same collection this one was copied from by a fork; null for an original. */
export function origin(to: EntityCollection): Field<string | null, true> {
  return ref(to, { nullable: true, checked: false, loose: true });
}

export function flag(): Field<boolean, true> {
  return { ...common, kind: 'flag', default: false };
}

/** Long text several people type into at once (stored as a Y.Text). */
export function notes(max: number): Field<string, true> {
  return { ...common, kind: 'notes', max, default: '' };
}

/** A set of ids of `to`, read back sorted (stored as a Y.Map of `id -> true`). */
export function idSet(to: EntityCollection, options: { max: number; lost: string }): Field<string[], true> {
  return { ...common, kind: 'idSet', to, ...options, default: [] };
}

type AllDefaulted<F extends Fields> = false extends { [K in keyof F]: HasDefault<F[K]> }[keyof F]
  ? false
  : true;

/**
 * Fields that belong together in the snapshot, stored as flat keys so concurrent
 * edits of different members merge. A nullable group is all or nothing.
 */
export function group<F extends Fields, N extends boolean = false>(
  fields: F,
  options: { nullable?: N; prefixed?: boolean } = {},
): Field<Nullable<Shape<F>, N>, N extends true ? true : AllDefaulted<F>> {
  const nullable = options.nullable ?? false;
  return {
    ...common,
    kind: 'group',
    fields,
    nullable,
    prefixed: options.prefixed ?? true,
    ...(nullable ? { default: null } : {}),
  };
}

/** Marks a field that a state diff compares. */
export function diffed<F extends Field>(field: F): F & { readonly diffed: true } {
  return { ...field, diffed: true };
}

export interface EntityDeclaration<F extends Fields = Fields> {
  /** What one entity is called, in errors and repair reports. */
  readonly name: string;
  /** Who may write its fields, unless a field says otherwise. */
  readonly write: WriteRule;
  readonly fields: F;
}

export function entity<F extends Fields>(
  name: string,
  write: WriteRuleInput,
  fields: F,
): EntityDeclaration<F> {
  return { name, write: ruleOf(write), fields };
}

/** An entity as readBoard returns it: its id, then its fields in declaration order. */
export type SnapshotOf<E> = E extends EntityDeclaration<infer F> ? { id: string } & Shape<F> : never;

/** The names of the fields a state diff compares. */
export type DiffedKeys<F extends Fields> = {
  [K in keyof F]: F[K] extends { readonly diffed: true } ? K : never;
}[keyof F] &
  string;

export function diffedKeys<F extends Fields>(declaration: EntityDeclaration<F>): Array<DiffedKeys<F>> {
  return Object.keys(declaration.fields).filter((key) => declaration.fields[key]?.diffed) as Array<
    DiffedKeys<F>
  >;
}

/**
 * Who may write the stored `key` of an entity (or of a keyed entry or singleton,
 * declared alike: parts.ts); a group's members are stored flat and follow the group.
 */
export function writeRule(declaration: Pick<EntityDeclaration, 'write' | 'fields'>, key: string): WriteRule {
  return storedFieldSpecs(declaration.fields).get(key)?.write ?? declaration.write;
}

const specsByFields = new WeakMap<Fields, Map<string, FieldSpec>>();

/** Each stored key's field (a group's members under their stored keys, carrying the group's rule). */
export function storedFieldSpecs(fields: Fields): ReadonlyMap<string, FieldSpec> {
  let specs = specsByFields.get(fields);
  if (!specs) {
    const found = new Map<string, FieldSpec>();
    eachStoredField(fields, (key, field, group) => {
      const write = field.write ?? group?.write;
      found.set(key, write ? { ...field, write } : field);
    });
    specs = found;
    specsByFields.set(fields, specs);
  }
  return specs;
}

/** The group a stored field is a member of, as the walk over stored fields meets it. */
interface MemberOf {
  key: string;
  prefixed: boolean;
  /** The group's own: its members are null together. */
  nullable: boolean;
  /** The nearest write rule declared around the field, if any. */
  write?: WriteRule;
}

/**
 * Every stored field of `fields` under its stored key, a group's members flat
 * (memberKey), each with the group it is a member of: the one walk that the stored
 * keys, their specs and their empty values are all read from.
 */
function eachStoredField(
  fields: Fields,
  visit: (key: string, field: FieldSpec, group: MemberOf | undefined) => void,
  group?: MemberOf,
): void {
  for (const [name, field] of Object.entries(fields)) {
    const key = group ? memberKey(group.key, group.prefixed, name) : name;
    if (field.kind !== 'group') {
      visit(key, field, group);
      continue;
    }
    const write = field.write ?? group?.write;
    eachStoredField(field.fields, visit, { key, prefixed: field.prefixed, nullable: field.nullable, write });
  }
}

/** The stored key of a member of a group. */
export function memberKey(groupKey: string, prefixed: boolean, member: string): string {
  return prefixed ? `${groupKey}${member[0]?.toUpperCase()}${member.slice(1)}` : member;
}

/**
 * The keys an entity's map stores, field by field: a field under its own name, a
 * group's members flat (see memberKey).
 */
export function storedKeys(fields: Fields): string[] {
  const keys: string[] = [];
  eachStoredField(fields, (key) => keys.push(key));
  return keys;
}

/**
 * An empty value (null, '' or false) that a stored field reads back as (read/reader.ts)
 * when its entity's map lacks its key, without a repair; undefined for the fields whose
 * absence reads otherwise: titles, order keys and required choices are repaired,
 * numbers and timestamps may default to a number, and notes and id sets are Yjs types
 * their entity's creator makes once. `optional`: a member of a nullable group.
 */
function emptyWhenAbsent(field: FieldSpec, optional: boolean): null | '' | false | undefined {
  switch (field.kind) {
    case 'text': {
      const fallback = field.nullable ? null : (field.default ?? '');
      return fallback === null || fallback === '' ? fallback : undefined;
    }
    case 'choice':
      return field.nullable || optional ? null : undefined;
    case 'number':
      return (field.default ?? null) === null ? null : undefined;
    case 'timestamp':
      return field.nullable ? null : undefined;
    case 'ref':
      return (field.checked && field.to) || field.nullable ? null : '';
    case 'flag':
      return false;
    default:
      return undefined;
  }
}

const emptiesByFields = new WeakMap<Fields, Map<string, null | '' | false>>();

/**
 * The stored keys that may be left out of an entity's map while they hold the empty
 * value given here: absent, they read the same. A new entity leaves them out
 * (putEntity), since most of a card's fields are empty on most cards, and every key
 * stored is a Yjs item that each join encodes and each client decodes for the board's
 * whole life: on a 2,000-card board, a third of the bytes and nearly half the decoding.
 */
export function emptyWhenAbsentKeys(fields: Fields): ReadonlyMap<string, null | '' | false> {
  let empties = emptiesByFields.get(fields);
  if (!empties) {
    const found = new Map<string, null | '' | false>();
    eachStoredField(fields, (key, field, group) => {
      const empty = emptyWhenAbsent(field, group?.nullable ?? false);
      if (empty !== undefined) found.set(key, empty);
    });
    empties = found;
    emptiesByFields.set(fields, empties);
  }
  return empties;
}
