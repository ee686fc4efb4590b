/**
 * What a board has deleted, as sorted, merged clock ranges per Yjs client: the
 * room's own copy of its delete set, kept up to date transaction by transaction.
 *
 * Every client's sync answer carries its whole delete set, and Yjs walks every
 * stored struct inside every range it is given, deleted or not: on a board with a
 * long history of deletions a 60 KB frame of repeated ranges stalled the process
 * for seconds. Against this index the room finds what a frame would newly delete by
 * binary search, so its cost follows the frame's ranges, not the board's history.
 */
import type * as Y from 'yjs';
import { deletedRangesOf } from './yjs-internals.js';

export class DeletedRanges {
  /** Per client, flat [start, end, start, end, ...]: sorted, disjoint, never adjacent. */
  private readonly clients = new Map<number, number[]>();

  /** Takes in what `doc` has deleted, and from now on what its transactions delete. */
  follow(doc: Y.Doc): void {
    for (const [client, ranges] of deletedRangesOf(doc)) {
      for (const { clock, len } of ranges) this.add(client, clock, clock + len);
    }
    doc.on('afterTransaction', (transaction: Y.Transaction) => {
      for (const [client, ranges] of transaction.deleteSet.clients) {
        for (const { clock, len } of ranges) this.add(client, clock, clock + len);
      }
    });
  }

  /** Marks [start, end) of `client` deleted, merging it with the ranges it touches. */
  add(client: number, start: number, end: number): void {
    if (end <= start) return;
    let ranges = this.clients.get(client);
    if (!ranges) {
      ranges = [];
      this.clients.set(client, ranges);
    }
    // The first range that ends at or after `start` (it may touch or overlap ours).
    const first = firstEndingFrom(ranges, start);
    let last = first;
    while (last < ranges.length && (ranges[last] as number) <= end) last += 2;
    if (first < last) {
      start = Math.min(start, ranges[first] as number);
      end = Math.max(end, ranges[last - 1] as number);
    }
    ranges.splice(first, last - first, start, end);
  }

  /**
   * Calls `gap` for each part of [start, end) of `client` not marked deleted, in
   * clock order; stops early when `gap` returns false.
   */
  forEachGap(client: number, start: number, end: number, gap: (start: number, end: number) => boolean): void {
    const ranges = this.clients.get(client) ?? [];
    let at = start;
    for (let i = firstEndingFrom(ranges, start + 1); i < ranges.length && at < end; i += 2) {
      const rangeStart = ranges[i] as number;
      if (rangeStart >= end) break;
      if (rangeStart > at && !gap(at, rangeStart)) return;
      at = Math.max(at, ranges[i + 1] as number);
    }
    if (at < end) gap(at, end);
  }

  /** The ranges held for `client`, as [start, end) pairs (for tests). */
  rangesOf(client: number): Array<[number, number]> {
    const flat = this.clients.get(client) ?? [];
    const pairs: Array<[number, number]> = [];
    for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i] as number, flat[i + 1] as number]);
    return pairs;
  }

  /** Ranges held, over all clients (for metrics and tests). */
  get size(): number {
    let size = 0;
    for (const ranges of this.clients.values()) size += ranges.length / 2;
    return size;
  }
}

/** Index of the first [start, end) pair in `ranges` whose end is >= `clock`. */
function firstEndingFrom(ranges: number[], clock: number): number {
  let low = 0;
  let high = ranges.length / 2;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((ranges[mid * 2 + 1] as number) < clock) low = mid + 1;
    else high = mid;
  }
  return low * 2;
}
