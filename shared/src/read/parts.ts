/** Keyed entries and singletons (entities/entries.ts), read as declared. */
import {
  ENTRY_KEY_SEPARATOR,
  type EntryDeclaration,
  type EntryOf,
  entryValue,
  type FieldSpec,
} from '../entities/index.js';
import type { Known, Reader } from './reader.js';
import { compareTuples } from './reader.js';

/** How a checked key part with no collection of its own (`ref(null, { checked: true })`) is checked. */
export type PartChecks<E extends EntryDeclaration> = Partial<Record<keyof E['key'], (id: string) => boolean>>;

/**
 * Every entry of a keyed part, sorted by key. An entry is skipped, never repaired,
 * when its key is malformed, its value out of bounds, or a checked part names nothing.
 */
export function readEntries<E extends EntryDeclaration>(
  r: Reader,
  declaration: E,
  known: Known,
  checks: NoInfer<PartChecks<E>> = {},
): Array<EntryOf<E>> {
  const { name } = declaration;
  const parts = Object.keys(declaration.key);
  const [valueName, valueField] = entryValue(declaration);
  const exists = parts.map((part) => existsOf(declaration, part, known, checks));
  const min = valueField.min ?? -Infinity;
  const max = valueField.max ?? Infinity;
  const entries: Array<Record<string, unknown>> = [];
  for (const [key, value] of r.doc.getMap(declaration.map).entries()) {
    const ids = key.split(ENTRY_KEY_SEPARATOR);
    if (ids.length !== parts.length || ids.some((id) => !id)) {
      r.skip(name, key, `malformed ${name} key`);
      continue;
    }
    const whole = valueField.integer ? Number.isInteger(value) : Number.isFinite(value);
    if (typeof value !== 'number' || !whole || value < min || value > max) {
      const what = valueField.integer ? 'a whole number' : 'a number';
      r.skip(name, key, `${valueName} ${String(value)} is not ${what} from ${min} to ${max}`);
      continue;
    }
    const missing = parts.findIndex((_, i) => exists[i] && !exists[i]?.(ids[i] as string));
    if (missing >= 0) {
      const noun = (parts[missing] as string).replace(/Id$/, '');
      r.skip(name, key, `${noun} "${ids[missing]}" does not exist`);
      continue;
    }
    const read: Record<string, unknown> = {};
    parts.forEach((part, i) => {
      read[part] = ids[i];
    });
    read[valueName] = value;
    entries.push(read);
  }
  const sortKey = (e: Record<string, unknown>) => parts.map((part) => e[part] as string);
  return entries.sort((a, b) => compareTuples(sortKey(a), sortKey(b))) as Array<EntryOf<E>>;
}

/** How a key part is checked; undefined when it is not. */
function existsOf(
  declaration: EntryDeclaration,
  part: string,
  known: Known,
  checks: Partial<Record<string, (id: string) => boolean>>,
): ((id: string) => boolean) | undefined {
  const field = declaration.key[part] as FieldSpec;
  if (field.kind !== 'ref' || !field.checked) return undefined;
  const given = checks[part];
  if (given) return given;
  const { to } = field;
  if (!to) throw new Error(`${declaration.name}.${part} names no collection: its reader must check it`);
  return (id) => known(to, id);
}
