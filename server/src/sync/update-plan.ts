/**
 * Decides what an untrusted update would do to a board before anything of it is
 * applied, at a cost that follows the update, not the board's history:
 *
 * - whether it changes anything at all (a client's sync answer that brings nothing
 *   new is not a write: a viewer may send it, and it never counts against the board);
 * - the update to apply instead: its structs, and of its delete set only what the
 *   board has not deleted yet (found by binary search in the room's DeletedRanges,
 *   so repeated or history-long ranges cost nothing);
 * - what applying it would walk that it does not change (deleted structs the index
 *   did not know yet, and the items Yjs steps over to place each new struct), held
 *   against a budget that grows with the update's size. Past it, the update is refused.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { UpdateBudget } from '../config.js';
import type { DeletedRanges } from './deleted-ranges.js';
import { FIELD, KIND, type ReadUpdate, STRIDE } from './update-reader.mjs';
import {
  clockOf,
  forEachStruct,
  parentType,
  placementSteps,
  type SharedType,
  type StructPosition,
  structAt,
} from './yjs-internals.js';

export type UpdatePlan =
  | { outcome: 'no-op'; visits: number }
  | { outcome: 'change'; update: Uint8Array; visits: number; deletions: number }
  | { outcome: 'refused'; reason: string; visits: number };

/** Stop at the first change found (a viewer's update is refused whole once it changes anything). */
export interface PlanOptions {
  firstChangeOnly?: boolean;
}

export function planUpdate(
  doc: Y.Doc,
  deleted: DeletedRanges,
  read: ReadUpdate,
  budget: UpdateBudget,
  options: PlanOptions = {},
): UpdatePlan {
  const maxVisits = budget.visitsBase + budget.visitsPerByte * read.bytes;
  const structCount = read.summary.length / STRIDE;
  let newStructs = false;
  for (let i = 0; i < structCount && !newStructs; i++) {
    const at = i * STRIDE;
    if (read.summary[at + FIELD.kind] === KIND.skip) continue;
    const end = (read.summary[at + FIELD.clock] as number) + (read.summary[at + FIELD.length] as number);
    if (end > clockOf(doc, read.summary[at + FIELD.client] as number)) newStructs = true;
  }
  if (newStructs && options.firstChangeOnly)
    return { outcome: 'change', update: read.structs, visits: 0, deletions: 0 };

  let visits = 0;
  if (newStructs) {
    visits = placementVisits(doc, read, maxVisits);
    if (visits > maxVisits) return refused('placing its items would walk too much of the board', visits);
  }

  // The delete set, less what the board has deleted already.
  const toDelete = new Map<number, number[]>();
  const learned: Array<[number, number, number]> = [];
  let deletions = 0;
  let overBudget = false;
  for (const [client, ranges] of read.deletes) {
    const state = clockOf(doc, client);
    const kept: number[] = [];
    for (let r = 0; r < ranges.length && !overBudget; r += 2) {
      const start = ranges[r] as number;
      const end = ranges[r + 1] as number;
      if (start < state) {
        deleted.forEachGap(client, start, Math.min(end, state), (gapStart, gapEnd) => {
          forEachStruct(doc, client, gapStart, gapEnd, (struct) => {
            const structEnd = struct.id.clock + struct.length;
            if (struct.deleted) {
              // Deleted, but not through a transaction the index saw (garbage that arrived as such).
              learned.push([client, struct.id.clock, structEnd]);
              visits++;
            } else {
              pushRange(kept, Math.max(gapStart, struct.id.clock), Math.min(gapEnd, structEnd));
              deletions++;
            }
            overBudget = visits > maxVisits || deletions > budget.maxDeletions;
            return !overBudget && !(options.firstChangeOnly && deletions > 0);
          });
          return !overBudget && !(options.firstChangeOnly && deletions > 0);
        });
      }
      // Clocks the board does not have yet: Yjs keeps them for when their structs arrive.
      if (end > state) pushRange(kept, Math.max(start, state), end);
    }
    if (kept.length > 0) toDelete.set(client, kept);
  }
  for (const [client, start, end] of learned) deleted.add(client, start, end);
  if (overBudget) {
    return refused(
      deletions > budget.maxDeletions
        ? `it deletes more than ${budget.maxDeletions} items at once`
        : 'its delete set walks too much of the board',
      visits,
    );
  }
  if (!newStructs && toDelete.size === 0) return { outcome: 'no-op', visits };
  return { outcome: 'change', update: withDeleteSet(read.structs, toDelete), visits, deletions };
}

function refused(reason: string, visits: number): UpdatePlan {
  return { outcome: 'refused', reason: `update refused: ${reason}`, visits };
}

/** Appends [start, end) to flat sorted ranges, merging it with the last one when they touch. */
function pushRange(ranges: number[], start: number, end: number): void {
  if (end <= start) return;
  const last = ranges.length - 1;
  if (last > 0 && start <= (ranges[last] as number)) ranges[last] = Math.max(ranges[last] as number, end);
  else ranges.push(start, end);
}

/** `structs` (an update whose delete set is empty, its last byte) with `deletes` as its delete set. */
function withDeleteSet(structs: Uint8Array, deletes: Map<number, number[]>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8Array(encoder, structs.subarray(0, structs.length - 1));
  encoding.writeVarUint(encoder, deletes.size);
  for (const [client, ranges] of deletes) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length / 2);
    for (let r = 0; r < ranges.length; r += 2) {
      encoding.writeVarUint(encoder, ranges[r] as number);
      encoding.writeVarUint(encoder, (ranges[r + 1] as number) - (ranges[r] as number));
    }
  }
  return encoding.toUint8Array(encoder);
}

/** Where a new struct's origin or right origin lies: on the board, or the start or end of its list. */
type Anchor = StructPosition | null;
/** An origin neither on the board nor in the update: Yjs holds the struct back until it arrives. */
const MISSING = Symbol('missing');

/**
 * Items Yjs would step over to place this update's new structs, at most `cap` (and a
 * little beyond, to say it was passed). A struct whose origin is itself in the update
 * is placed from that struct's own place on the board, which bounds its walk from
 * above; and every struct of another client placed in the same gap by this update is
 * one more item it may step over (two clients' items with one origin interleave).
 */
function placementVisits(doc: Y.Doc, read: ReadUpdate, cap: number): number {
  const { summary } = read;
  const count = summary.length / STRIDE;
  const named = new Map<number, { root: string | null; key: string | null }>();
  for (const [index, root, key] of read.parents) named.set(index, { root, key });
  const byClient = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const client = summary[i * STRIDE + FIELD.client] as number;
    const list = byClient.get(client);
    if (list) list.push(i);
    else byClient.set(client, [i]);
  }
  /** The struct of this update holding (client, clock), or -1. */
  const inUpdate = (client: number, clock: number): number => {
    const list = byClient.get(client);
    if (!list) return -1;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const i = list[mid] as number;
      const start = summary[i * STRIDE + FIELD.clock] as number;
      if (clock < start) high = mid - 1;
      else if (clock >= start + (summary[i * STRIDE + FIELD.length] as number)) low = mid + 1;
      else return i;
    }
    return -1;
  };
  const leftMemo = new Array<Anchor | typeof MISSING | undefined>(count);
  const rightMemo = new Array<Anchor | typeof MISSING | undefined>(count);
  /** Follows origins (side 0) or right origins (side 1) through the update to the board. */
  const anchor = (first: number, side: 0 | 1): Anchor | typeof MISSING => {
    const memo = side === 0 ? leftMemo : rightMemo;
    const chain: number[] = [];
    let i = first;
    let found: Anchor | typeof MISSING = MISSING;
    for (;;) {
      const known = memo[i];
      if (known !== undefined) {
        found = known;
        break;
      }
      chain.push(i);
      const at = i * STRIDE;
      const client = summary[at + (side === 0 ? FIELD.originClient : FIELD.rightClient)] as number;
      const clock = summary[at + (side === 0 ? FIELD.originClock : FIELD.rightClock)] as number;
      if (client < 0) {
        found = null;
        break;
      }
      const onBoard = structAt(doc, client, clock);
      if (onBoard) {
        found = onBoard;
        break;
      }
      const next = inUpdate(client, clock);
      if (next < 0 || chain.length > count) break;
      i = next;
    }
    for (const j of chain) memo[j] = found;
    return found;
  };

  const keyOf = (position: Anchor, fallback: string): string =>
    position ? `${position.struct.id.client}:${position.struct.id.clock + position.offset}` : fallback;
  const inGap = new Map<string, { total: number; byClient: Map<number, number> }>();
  let visits = 0;
  for (let i = 0; i < count && visits <= cap; i++) {
    const at = i * STRIDE;
    if (summary[at + FIELD.kind] !== KIND.item) continue;
    const client = summary[at + FIELD.client] as number;
    if (
      (summary[at + FIELD.clock] as number) + (summary[at + FIELD.length] as number) <=
      clockOf(doc, client)
    ) {
      continue; // the board has it already: Yjs skips it
    }
    const left = anchor(i, 0);
    const right = anchor(i, 1);
    if (left === MISSING || right === MISSING) continue;
    let list: { type: SharedType; key: string | null } | null = null;
    let listName = 'start';
    const parent = named.get(i);
    if (parent) {
      const parentClient = summary[at + FIELD.parentClient] as number;
      const parentId =
        parentClient >= 0 ? Y.createID(parentClient, summary[at + FIELD.parentClock] as number) : null;
      const type = parentType(doc, parent.root, parentId);
      list = type ? { type, key: parent.key } : null;
      listName = `start:${parent.root ?? `${parentId?.client}:${parentId?.clock}`}:${parent.key}`;
    }
    visits += placementSteps(left, right, list, cap - visits + 1);
    // Items of other clients this update puts in the same gap: each may be stepped over.
    const gap = `${keyOf(left, listName)}|${keyOf(right, 'end')}`;
    const placed = inGap.get(gap) ?? { total: 0, byClient: new Map<number, number>() };
    inGap.set(gap, placed);
    const own = placed.byClient.get(client) ?? 0;
    visits += placed.total - own;
    placed.total++;
    placed.byClient.set(client, own + 1);
  }
  return visits;
}
