/**
 * The zod schemas derived from entity declarations: how a board file checks an
 * entity (fileSchemaOf) and how a command checks the fields it takes (inputShape).
 */
import { ID_PATTERN } from '../ids.js';
import { z } from '../validation.js';
import type {
  EntityDeclaration,
  FieldSpec,
  Fields,
  HasDefault,
  Shape,
  SnapshotOf,
  ValueOf,
} from './fields.js';

export const id = z.string().check(z.regex(ID_PATTERN, 'must be 1-100 letters, digits or _.:-'));

/** What a board file may hold as an entity's order key. */
const order = z.string().check(z.maxLength(200));

type Enum = [string, ...string[]];

function defaultOf(field: FieldSpec): unknown {
  return 'default' in field ? field.default : undefined;
}

function hasDefault(field: FieldSpec): boolean {
  return defaultOf(field) !== undefined;
}

/** `schema` with the field's default, if it has one. */
function withDefault(schema: z.ZodMiniType, field: FieldSpec): z.ZodMiniType {
  const value = defaultOf(field);
  return value === undefined ? schema : z._default(schema, value as never);
}

function allDefaulted(fields: Fields): boolean {
  return Object.values(fields).every(hasDefault);
}

function numberSchema(field: Extract<FieldSpec, { kind: 'number' }>): z.ZodMiniType<number> {
  // zod's number refuses NaN and the infinities by itself.
  const schema = field.integer ? z.int() : z.number();
  const bounds = [
    ...(field.min === undefined ? [] : [z.minimum(field.min)]),
    ...(field.max === undefined ? [] : [z.maximum(field.max)]),
  ];
  return bounds.length === 0 ? schema : schema.check(...bounds);
}

function mapFields(
  fields: Fields,
  schema: (field: FieldSpec) => z.ZodMiniType,
): Record<string, z.ZodMiniType> {
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
  member: (field: FieldSpec) => z.ZodMiniType,
): z.ZodMiniType {
  const message = forCommand ? 'must not be empty' : undefined;
  switch (field.kind) {
    case 'text':
    case 'title': {
      const trim = forCommand && (field.kind === 'title' || field.trim);
      const nonEmpty = field.kind === 'title' || field.nonEmpty;
      return z
        .string()
        .check(
          ...(trim ? [z.trim()] : []),
          ...(nonEmpty ? [z.minLength(1, message)] : []),
          z.maxLength(field.max),
        );
    }
    case 'order':
      return order;
    case 'choice':
      return z.enum(field.values as Enum);
    case 'number':
      return numberSchema(field);
    case 'timestamp':
      return (forCommand ? z.int() : z.number()).check(z.nonnegative());
    case 'ref':
      return id;
    case 'flag':
      return z.boolean();
    case 'notes':
      return z.string().check(z.maxLength(field.max));
    case 'idSet':
      return z.array(id).check(z.maxLength(field.max));
    case 'group':
      return z.object(mapFields(field.fields, member));
  }
}

function isNullable(field: FieldSpec): boolean {
  return 'nullable' in field && field.nullable;
}

/** A field as a board file must hold it; one with a default may be left out. */
function fileField(field: FieldSpec): z.ZodMiniType {
  const schema = valueSchema(field, false, fileField);
  if (field.kind === 'group' && !field.nullable)
    return allDefaulted(field.fields) ? z.prefault(schema, {}) : schema;
  const value = isNullable(field) ? z.nullable(schema) : schema;
  return withDefault(value, field);
}

/** How a board file checks one entity of a collection: its id, then its fields. */
export function fileSchemaOf<E extends EntityDeclaration>(declaration: E): z.ZodMiniType<SnapshotOf<E>> {
  return z.object({ id, ...mapFields(declaration.fields, fileField) }) as unknown as z.ZodMiniType<
    SnapshotOf<E>
  >;
}

/** How a board file checks a keyed entry (its key parts, then its value) or a singleton: its fields alone. */
export function fileSchemaOfFields<F extends Fields>(declaration: {
  readonly fields: F;
}): z.ZodMiniType<Shape<F>> {
  return z.object(mapFields(declaration.fields, fileField)) as unknown as z.ZodMiniType<Shape<F>>;
}

/**
 * How a command takes a field: `add` gives a left-out field its default (and
 * requires one without), `patch` leaves it out, `whole` requires it (the members
 * of an all-or-nothing group).
 */
export type InputMode = 'add' | 'patch' | 'whole';

function inputField(field: FieldSpec, mode: InputMode): z.ZodMiniType {
  if (field.kind === 'order')
    throw new Error('an order key is set by the command that places an entity, never given');
  const members = field.kind === 'group' && field.nullable ? 'whole' : mode;
  const schema = valueSchema(field, true, (member) => inputField(member, members));
  if (field.kind === 'group' && mode === 'add' && !field.nullable && allDefaulted(field.fields))
    return z.prefault(schema, {});
  const value = isNullable(field) ? z.nullable(schema) : schema;
  if (mode === 'patch') return z.optional(value);
  return mode === 'add' ? withDefault(value, field) : value;
}

/** A field's patch: an object's members each optional. */
export type PatchOf<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: T[K] } : T;

type InputSchema<F, M extends InputMode> = M extends 'patch'
  ? z.ZodMiniOptional<z.ZodMiniType<PatchOf<ValueOf<F>>, PatchOf<ValueOf<F>>>>
  : M extends 'add'
    ? HasDefault<F> extends true
      ? z.ZodMiniDefault<z.ZodMiniType<ValueOf<F>, PatchOf<ValueOf<F>>>>
      : z.ZodMiniType<ValueOf<F>, ValueOf<F>>
    : z.ZodMiniType<ValueOf<F>, ValueOf<F>>;

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
