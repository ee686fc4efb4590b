/**
 * The zod schemas derived from entity declarations: how a board file checks an
 * entity (fileSchemaOf) and how a command checks the fields it takes (inputShape).
 */
import { z } from 'zod';
import { ID_PATTERN } from '../ids.js';
import type { EntityDeclaration, FieldSpec, Fields, HasDefault, SnapshotOf, ValueOf } from './fields.js';

export const id = z.string().regex(ID_PATTERN, 'must be 1-100 letters, digits or _.:-');

/** What a board file may hold as an entity's order key. */
const order = z.string().max(200);

type Enum = [string, ...string[]];

function hasDefault(field: FieldSpec): boolean {
  return 'default' in field && field.default !== undefined;
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

/** A field as a board file must hold it; one with a default may be left out. */
function fileField(field: FieldSpec): z.ZodType {
  let schema: z.ZodType;
  switch (field.kind) {
    case 'text':
      schema = (field.nonEmpty ? z.string().min(1) : z.string()).max(field.max);
      break;
    case 'title':
      schema = z.string().min(1).max(field.max);
      break;
    case 'order':
      return order;
    case 'choice':
      schema = z.enum(field.values as Enum);
      break;
    case 'number':
      schema = numberSchema(field);
      break;
    case 'timestamp':
      schema = z.number().nonnegative();
      break;
    case 'ref':
      schema = id;
      break;
    case 'flag':
      return z.boolean().default(field.default);
    case 'notes':
      return z.string().max(field.max).default(field.default);
    case 'idSet':
      return z.array(id).max(field.max).default([]);
    case 'group': {
      const object = z.object(mapFields(field.fields, fileField));
      if (field.nullable) return object.nullable().default(null);
      return allDefaulted(field.fields) ? object.prefault({}) : object;
    }
  }
  if ('nullable' in field && field.nullable) schema = schema.nullable();
  return hasDefault(field) ? schema.default(field.default as never) : schema;
}

/** How a board file checks one entity of a collection: its id, then its fields. */
export function fileSchemaOf<E extends EntityDeclaration>(declaration: E): z.ZodType<SnapshotOf<E>> {
  return z.object({ id, ...mapFields(declaration.fields, fileField) }) as unknown as z.ZodType<SnapshotOf<E>>;
}

/**
 * How a command takes a field: `add` gives a left-out field its default (and
 * requires one without), `patch` leaves it out, `whole` requires it (the members
 * of an all-or-nothing group).
 */
export type InputMode = 'add' | 'patch' | 'whole';

function inputField(field: FieldSpec, mode: InputMode): z.ZodType {
  let schema: z.ZodType;
  switch (field.kind) {
    case 'text': {
      let text = field.trim ? z.string().trim() : z.string();
      if (field.nonEmpty) text = text.min(1, 'must not be empty');
      schema = text.max(field.max);
      break;
    }
    case 'title':
      schema = z.string().trim().min(1, 'must not be empty').max(field.max);
      break;
    case 'order':
      throw new Error('an order key is set by the command that places an entity, never given');
    case 'choice':
      schema = z.enum(field.values as Enum);
      break;
    case 'number':
      schema = numberSchema(field);
      break;
    case 'timestamp':
      schema = z.number().int().nonnegative();
      break;
    case 'ref':
      schema = id;
      break;
    case 'flag':
      schema = z.boolean();
      break;
    case 'notes':
      schema = z.string().max(field.max);
      break;
    case 'idSet':
      schema = z.array(id).max(field.max);
      break;
    case 'group': {
      const members = field.nullable ? 'whole' : mode;
      schema = z.object(mapFields(field.fields, (member) => inputField(member, members)));
      if (mode === 'add' && !field.nullable && allDefaulted(field.fields)) return schema.prefault({});
      break;
    }
  }
  if ('nullable' in field && field.nullable) schema = schema.nullable();
  if (mode === 'patch') return schema.optional();
  return mode === 'add' && hasDefault(field) ? schema.default(field.default as never) : schema;
}

/** A field's patch: an object's members each optional. */
type PatchOf<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: T[K] } : T;

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
