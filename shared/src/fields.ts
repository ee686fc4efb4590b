/** Tolerant reads of entity fields: a missing or mistyped value yields the fallback, never a throw. */
import type { EntityMap } from './schema.js';

export function stringField(map: EntityMap, key: string, fallback = ''): string {
  const value = map.get(key);
  return typeof value === 'string' ? value : fallback;
}

export function nullableString(map: EntityMap, key: string): string | null {
  const value = map.get(key);
  return typeof value === 'string' && value !== '' ? value : null;
}

export function numberField(map: EntityMap, key: string): number | null {
  const value = map.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function oneOf<T extends string>(map: EntityMap, key: string, allowed: readonly T[]): T | null {
  const value = map.get(key);
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}
