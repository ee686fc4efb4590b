/**
 * The zod schemas derived from entity declarations: how a board file checks an
 * entity (fileSchemaOf) and how a command checks the fields it takes (inputShape).
 */
import { z } from 'zod';
import { ID_PATTERN } from '../ids.js';
import type {
  EntityDeclaration,
  FieldSpec,
  Fields,
  HasDefault,
  Shape,
  SnapshotOf,
  ValueOf,
} from './fields.js';

export const id = z.string().regex(ID_PATTERN, 'must be 1-100 letters, digits or _.:-');

/** What a board file may hold as an entity's order key. */
const order = z.string().max(200);

type Enum = [string, ...string[]];

function defaultOf(field: FieldSpec): unknown {
  return 'default' in field ? field.default : undefined;
}

function hasDefault(field: FieldSpec): boolean {
  return defaultOf(field) !== undefined;
}

/** `schema` with the field's default, if it has one. */
function withDefault(schema: z.ZodType, field: FieldSpec): z.ZodType {
  const value = defaultOf(field);
  return value === undefined ? schema : schema.default(value as never);
}

function allDefaulted(fields: Fields): boolean {
  return Object.values(fields).every(hasDefault);
}

function numberSchema(field: Extract<FieldSpec, { kind: 'number' }>): z.ZodNumber {
  let schema = field.integer ? z.number().int() : z.number().finite();
  if (field.min !== undefined) schema = schema.min(field.min);
  if (field.max !== undefined) schema = schema.max(field.max);
  return schema;
}

function mapFields(fields: Fields, schema: (field: FieldSpec) => z.ZodType): Record<string, z.ZodType> {
  return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, schema(field)]));
}

/**
 * A field's value as a board file (`forCommand` false) or a command takes it: a
 * command trims text and says why an empty one is refused, and takes whole
 * milliseconds. `member` checks a group's members.
 */
function valueSchema(
  field: FieldSpec,
  forCommand: boolean,
  member: (field: FieldSpec) => z.ZodType,
): z.ZodType {
  const message = forCommand ? 'must not be empty' : undefined;
  switch (field.kind) {
    case 'text': {
      const text = field.trim && forCommand ? z.string().trim() : z.string();
      return (field.nonEmpty ? text.min(1, message) : text).max(field.max);
    }
    case 'title':
      return (forCommand ? z.string().trim() : z.string()).min(1, message).max(field.max);
    case 'order':
      return order;
    case 'choice':
      return z.enum(field.values as Enum);
    case 'number':
      return numberSchema(field);
    case 'timestamp':
      return forCommand ? z.number().int().nonnegative() : z.number().nonnegative();
    case 'ref':
      return id;
    case 'flag':
      return z.boolean();
    case 'notes':
      return z.string().max(field.max);
    case 'idSet':
      return z.array(id).max(field.max);
    case 'group':
      return z.object(mapFields(field.fields, member));
  }
}

function isNullable(field: FieldSpec): boolean {
  return 'nullable' in field && field.nullable;
}

/** A field as a board file must hold it; one with a default may be left out. */
function fileField(field: FieldSpec): z.ZodType {
  const schema = valueSchema(field, false, fileField);
  if (field.kind === 'group' && !field.nullable)
    return allDefaulted(field.fields) ? schema.prefault({}) : schema;
  const value = isNullable(field) ? schema.nullable() : schema;
  return withDefault(value, field);
}

/** How a board file checks one entity of a collection: its id, then its fields. */
export function fileSchemaOf<E extends EntityDeclaration>(declaration: E): z.ZodType<SnapshotOf<E>> {
  return z.object({ id, ...mapFields(declaration.fields, fileField) }) as unknown as z.ZodType<SnapshotOf<E>>;
}

/** How a board file checks a keyed entry (its key parts, then its value) or a singleton: its fields alone. */
export function fileSchemaOfFields<F extends Fields>(declaration: {
  readonly fields: F;
}): z.ZodType<Shape<F>> {
  return z.object(mapFields(declaration.fields, fileField)) as unknown as z.ZodType<Shape<F>>;
}

/**
 * How a command takes a field: `add` gives a left-out field its default (and
 * requires one without), `patch` leaves it out, `whole` requires it (the members
 * of an all-or-nothing group).
 */
export type InputMode = 'add' | 'patch' | 'whole';

function inputField(field: FieldSpec, mode: InputMode): z.ZodType {
  if (field.kind === 'order')
    throw new Error('an order key is set by the command that places an entity, never given');
  const members = field.kind === 'group' && field.nullable ? 'whole' : mode;
  const schema = valueSchema(field, true, (member) => inputField(member, members));
  if (field.kind === 'group' && mode === 'add' && !field.nullable && allDefaulted(field.fields))
    return schema.prefault({});
  const value = isNullable(field) ? schema.nullable() : schema;
  if (mode === 'patch') return value.optional();
  return mode === 'add' ? withDefault(value, field) : value;
}

/** A field's patch: an object's members each optional. */
export type PatchOf<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: T[K] } : T;

type InputSchema<F, M extends InputMode> = M extends 'patch'
  ? z.ZodOptional<z.ZodType<PatchOf<ValueOf<F>>, PatchOf<ValueOf<F>>>>
  : M extends 'add'
    ? HasDefault<F> extends true
      ? z.ZodDefault<z.ZodType<ValueOf<F>, PatchOf<ValueOf<F>>>>
      : z.ZodType<ValueOf<F>, ValueOf<F>>
    : z.ZodType<ValueOf<F>, ValueOf<F>>;

export type InputShape<F, K extends keyof F, M extends InputMode> = {
  -readonly [P in K]: InputSchema<F[P], M>;
};

/** The zod shape of some of an entity's fields, as a command takes them. */
export function inputShape<
  E extends EntityDeclaration,
  K extends keyof E['fields'] & string,
  M extends InputMode,
>(declaration: E, keys: readonly K[], mode: M): NoInfer<InputShape<E['fields'], K, M>> {
  return Object.fromEntries(
    keys.map((key) => [key, inputField(declaration.fields[key] as FieldSpec, mode)]),
  ) as InputShape<E['fields'], K, M>;
}
