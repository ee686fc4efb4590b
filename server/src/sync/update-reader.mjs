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
import * as decoding from 'lib0/decoding';
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
 * The offset where the update's delete set starts: its structs skipped as Yjs's v1
 * decoder reads them (UpdateDecoderV1 and readItemContent), without building any.
 * If this disagreed with Yjs about a malformed update no harm would follow: Yjs then
 * reads the structs part alone, and only what it reads there is summarised and applied.
 * @param {decoding.Decoder} decoder
 */
function skipStructs(decoder) {
  const skipBytes = () => decoding.readVarUint8Array(decoder); // strings and keys too: a length, then bytes
  const skipId = () => {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
  };
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients--) {
    let structs = decoding.readVarUint(decoder);
    skipId(); // the client and its first clock
    for (; structs > 0; structs--) {
      const info = decoding.readUint8(decoder);
      const content = info & 0x1f;
      if (content === 0 || content === 10) {
        decoding.readVarUint(decoder); // garbage or a skip: a length
        continue;
      }
      if (info & 0x80) skipId(); // origin
      if (info & 0x40) skipId(); // right origin
      if ((info & 0xc0) === 0) {
        if (decoding.readVarUint(decoder) === 1)
          skipBytes(); // a root type's name
        else skipId(); // a parent item
        if (info & 0x20) skipBytes(); // the map key
      }
      switch (content) {
        case 1: // deleted: a length
          decoding.readVarUint(decoder);
          break;
        case 2: // JSON values
          for (let n = decoding.readVarUint(decoder); n > 0; n--) skipBytes();
          break;
        case 3: // binary
        case 4: // string
        case 5: // embed
          skipBytes();
          break;
        case 6: // format: key and value
          skipBytes();
          skipBytes();
          break;
        case 7: {
          // a type; XML elements and hooks carry a name
          const typeRef = decoding.readVarUint(decoder);
          if (typeRef === 3 || typeRef === 5) skipBytes();
          break;
        }
        case 8: // any values
          for (let n = decoding.readVarUint(decoder); n > 0; n--) decoding.readAny(decoder);
          break;
        case 9: // a subdocument: guid and options
          skipBytes();
          decoding.readAny(decoder);
          break;
        default:
          throw new Error(`unknown content ${content}`);
      }
    }
  }
  return decoder.pos;
}

/**
 * The delete set at the decoder, per client as sorted, merged [start, end) pairs,
 * without an object per range (a megabyte holds a quarter of a million of them).
 * Ranges that come in order, as honest encoders write them and as repeats of one
 * range do, are merged as they are read; a client whose ranges do not is sorted at the end.
 * @param {decoding.Decoder} decoder
 * @returns {{ deletes: Array<[number, number[]]>, rangesSent: number }}
 */
function readDeletes(decoder) {
  /** @type {Map<number, { flat: number[], ordered: boolean }>} */
  const byClient = new Map();
  let rangesSent = 0;
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients--) {
    const client = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    rangesSent += count;
    let ranges = byClient.get(client);
    if (!ranges) {
      ranges = { flat: [], ordered: true };
      byClient.set(client, ranges);
    }
    const { flat } = ranges;
    for (let i = 0; i < count; i++) {
      const start = decoding.readVarUint(decoder);
      const len = decoding.readVarUint(decoder);
      if (len === 0) continue;
      const end = start + len;
      const last = flat.length - 1;
      if (last < 0 || !ranges.ordered) flat.push(start, end);
      else if (start < /** @type {number} */ (flat[last - 1])) {
        ranges.ordered = false;
        flat.push(start, end);
      } else if (start <= /** @type {number} */ (flat[last])) {
        if (end > /** @type {number} */ (flat[last])) flat[last] = end;
      } else flat.push(start, end);
    }
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the delete set');
  /** @type {Array<[number, number[]]>} */
  const deletes = [];
  for (const [client, { flat, ordered }] of byClient) {
    if (flat.length > 0) deletes.push([client, ordered ? flat : sortedAndMerged(flat)]);
  }
  return { deletes, rangesSent };
}

/**
 * Flat [start, end) pairs in any order, sorted and merged (overlapping and touching pairs become one).
 * @param {number[]} flat
 * @returns {number[]}
 */
function sortedAndMerged(flat) {
  /** @param {number} i */
  const at = (i) => /** @type {number} */ (flat[i]);
  const order = Array.from({ length: flat.length / 2 }, (_, i) => i);
  order.sort((a, b) => at(a * 2) - at(b * 2));
  /** @type {number[]} */
  const out = [];
  for (const i of order) {
    const start = at(i * 2);
    const end = at(i * 2 + 1);
    const last = out.length - 1;
    if (last > 0 && start <= /** @type {number} */ (out[last])) {
      if (end > /** @type {number} */ (out[last])) out[last] = end;
    } else out.push(start, end);
  }
  return out;
}

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
 * Throws when the update cannot be read whole.
 * @param {Uint8Array} update
 * @returns {ReadUpdate}
 */
export function readUpdate(update) {
  const decoder = decoding.createDecoder(update);
  const structsEnd = skipStructs(decoder);
  const { deletes, rangesSent } = readDeletes(decoder);
  // The structs with an empty delete set: what Yjs reads of it is what is summarised and applied.
  const structsOnly = new Uint8Array(structsEnd + 1);
  structsOnly.set(update.subarray(0, structsEnd));
  const { structs } = Y.decodeUpdate(structsOnly);

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
  return { bytes: update.byteLength, structs: structsOnly, summary, parents, deletes, rangesSent };
}
