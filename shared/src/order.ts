/**
 * Order is a fractional index string on each entity (stage order, lane order, card
 * order in a cell): a move rewrites one key, so a concurrent move of the same item
 * can never duplicate it. Two replicas inserting at the same spot may pick the same
 * key; readers break that tie by id, and the next insert between them re-keys.
 */
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export interface Ordered {
  id: string;
  order: string;
}

/** Sort by order key, ties broken by id: the same result on every replica. */
export function compareOrdered(a: Ordered, b: Ordered): number {
  if (a.order < b.order) return -1;
  if (a.order > b.order) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function isValidKey(key: string): boolean {
  try {
    generateKeyBetween(key, null);
    return true;
  } catch {
    return false;
  }
}

export interface Placement {
  /** The order key for the item being placed. */
  order: string;
  /** Siblings whose keys had to be rewritten (ties or damaged keys next to the spot). */
  rekeyed: Ordered[];
}

/**
 * The key that puts an item at `index` among `siblings` (sorted, without the item
 * itself). Normally one key between two neighbours; when the neighbours tie or hold
 * damaged keys, every sibling gets a fresh key in its current order.
 */
export function placeAt(siblings: readonly Ordered[], index: number): Placement {
  const at = Math.max(0, Math.min(Math.trunc(index), siblings.length));
  const before = at > 0 ? siblings[at - 1] : undefined;
  const after = at < siblings.length ? siblings[at] : undefined;
  const beforeKey = before?.order ?? null;
  const afterKey = after?.order ?? null;
  const neighboursUsable =
    (beforeKey === null || isValidKey(beforeKey)) &&
    (afterKey === null || isValidKey(afterKey)) &&
    (beforeKey === null || afterKey === null || beforeKey < afterKey);
  if (neighboursUsable) {
    return { order: generateKeyBetween(beforeKey, afterKey), rekeyed: [] };
  }
  const keys = generateNKeysBetween(null, null, siblings.length + 1);
  const rekeyed: Ordered[] = [];
  let k = 0;
  let order = '';
  for (let i = 0; i <= siblings.length; i++) {
    if (i === at) {
      order = keys[k++] as string;
    }
    const sibling = siblings[i];
    if (sibling) rekeyed.push({ id: sibling.id, order: keys[k++] as string });
  }
  return { order, rekeyed };
}

/** Keys for `count` items appended in sequence after `last`. */
export function keysAfter(last: string | null, count: number): string[] {
  const start = last !== null && isValidKey(last) ? last : null;
  return generateNKeysBetween(start, null, count);
}
