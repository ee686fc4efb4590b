// @ts-check
/**
 * Reads an untrusted Yjs update (the v1 format y-websocket speaks) whole, before a
 * room decides whether and how to apply it. Plain JavaScript, so that the update
 * guard's worker thread loads this very file, in the built server and under Vitest alike.
 *
 * What the room gets back is plain data (typed arrays, numbers, strings): it
 * crosses from the worker by structured clone.
 * - `structs`: the update with an empty delete set. The room appends its own delete
 *   set: only the deletions the board does not hold yet (see update-plan.ts).
 * - `summary`: per struct, what the room needs to tell what applying it would cost
 *   (STRIDE numbers each, see FIELD), and `parents` for structs that name their parent.
 * - `deletes`: the delete set, normalised: per client, ranges sorted and merged, so
 *   repeated and overlapping ranges (free to send, each walked anew by Yjs) count once.
 */
import * as Y from 'yjs';

/** Numbers per struct in `summary`. */
export const STRIDE = 10;
/** Offsets within a struct's numbers; -1 where the struct has no such field. */
export const FIELD = Object.freeze({
  kind: 0,
  client: 1,
  clock: 2,
  length: 3,
  originClient: 4,
  originClock: 5,
  rightClient: 6,
  rightClock: 7,
  parentClient: 8,
  parentClock: 9,
});
export const KIND = Object.freeze({ gc: 0, item: 1, skip: 2 });

/**
 * The bytes lib0 takes to write `n` as a variable-length unsigned integer.
 * @param {number} n
 */
function varUintLength(n) {
  let bytes = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    bytes++;
  }
  return bytes;
}

/**
 * The length of a delete set as Yjs writes it in v1 (writeDeleteSet over the map
 * that readDeleteSet builds): client count, then per client its id, its range
 * count and each range's clock and length.
 * @param {Map<number, Array<{ clock: number, len: number }>>} clients
 */
function deleteSetLength(clients) {
  let bytes = varUintLength(clients.size);
  for (const [client, items] of clients) {
    bytes += varUintLength(client) + varUintLength(items.length);
    for (const item of items) bytes += varUintLength(item.clock) + varUintLength(item.len);
  }
  return bytes;
}

/**
 * Sorted, merged [start, end) pairs of one client's deletions, flat.
 * @param {Array<{ clock: number, len: number }>} items
 * @returns {number[]}
 */
function normalise(items) {
  const ranges = items.filter((item) => item.len > 0).sort((a, b) => a.clock - b.clock);
  /** @type {number[]} */
  const flat = [];
  for (const { clock, len } of ranges) {
    const end = clock + len;
    const last = flat.length - 1;
    if (last > 0 && clock <= /** @type {number} */ (flat[last])) {
      if (end > /** @type {number} */ (flat[last])) flat[last] = end;
    } else flat.push(clock, end);
  }
  return flat;
}

const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/**
 * @typedef {{
 *   bytes: number,
 *   structs: Uint8Array,
 *   summary: Float64Array,
 *   parents: Array<[number, string | null, string | null]>,
 *   deletes: Array<[number, number[]]>,
 *   rangesSent: number,
 * }} ReadUpdate
 */

/**
 * Throws (Yjs's own error) when the update cannot be read whole.
 * @param {Uint8Array} update
 * @returns {ReadUpdate}
 */
export function readUpdate(update) {
  const { structs, ds } = Y.decodeUpdate(update);
  // diffUpdate against an empty state vector re-encodes every struct and then the
  // delete set exactly as Yjs writes it, so the structs are all but its last bytes.
  const canonical = Y.diffUpdate(update, EMPTY_STATE_VECTOR);
  const structsOnly = new Uint8Array(canonical.length - deleteSetLength(ds.clients) + 1);
  structsOnly.set(canonical.subarray(0, structsOnly.length - 1));
  structsOnly[structsOnly.length - 1] = 0; // an empty delete set

  const summary = new Float64Array(structs.length * STRIDE).fill(-1);
  /** @type {Array<[number, string | null, string | null]>} */
  const parents = [];
  structs.forEach((struct, i) => {
    const at = i * STRIDE;
    summary[at + FIELD.client] = struct.id.client;
    summary[at + FIELD.clock] = struct.id.clock;
    summary[at + FIELD.length] = struct.length;
    if (struct instanceof Y.Item) {
      summary[at + FIELD.kind] = KIND.item;
      if (struct.origin) {
        summary[at + FIELD.originClient] = struct.origin.client;
        summary[at + FIELD.originClock] = struct.origin.clock;
      }
      if (struct.rightOrigin) {
        summary[at + FIELD.rightClient] = struct.rightOrigin.client;
        summary[at + FIELD.rightClock] = struct.rightOrigin.clock;
      }
      const parent = /** @type {unknown} */ (struct.parent);
      if (parent instanceof Y.ID) {
        summary[at + FIELD.parentClient] = parent.client;
        summary[at + FIELD.parentClock] = parent.clock;
      }
      if (!struct.origin && !struct.rightOrigin) {
        parents.push([i, typeof parent === 'string' ? parent : null, struct.parentSub]);
      }
    } else summary[at + FIELD.kind] = struct instanceof Y.GC ? KIND.gc : KIND.skip;
  });

  /** @type {Array<[number, number[]]>} */
  const deletes = [];
  let rangesSent = 0;
  for (const [client, items] of ds.clients) {
    rangesSent += items.length;
    const flat = normalise(items);
    if (flat.length > 0) deletes.push([client, flat]);
  }
  return { bytes: update.byteLength, structs: structsOnly, summary, parents, deletes, rangesSent };
}
