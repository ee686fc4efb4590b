/**
 * What an update would change in a board, in the board's words: for each struct it
 * adds and each stored item it deletes, the path of keys from the document's root
 * down to it (`['cards', cardId, 'text']`). This is what a check of who may change
 * what (the roles of a workshop) reads, so it must tell the truth about an update
 * built to lie: an item's parent and key are taken from where Yjs would take them
 * (the item itself, or the neighbour it is placed beside), in the update or on the
 * board, never from anything the sender could state separately.
 *
 * The room holds its paths against the board's write rules (updateRefusal in
 * shared/src/update-check.ts) before it applies an update.
 *
 * Cost follows the update: each struct is placed by walking up at most MAX_DEPTH
 * parents, each found by binary search; each deleted range visits the stored items
 * inside it, which update-plan.ts has already bounded.
 */
import type { TouchedPath, UpdatePaths, Written } from '@journeyboard/shared';
import * as Y from 'yjs';
import { forEachStruct, storedPath, structAt } from './yjs-internals.js';

/** Deeper than any board path (root → entity → field → a set member or a text's characters). */
const MAX_DEPTH = 8;
/**
 * Structs of one update placed one beside the other before any is found on the board.
 * Each is placed once (remembered), and the update's structs are placed in clock order,
 * so an honest chain (items typed one after another) costs one step each; only a chain
 * across clients in an unhelpful order recurses, and one this long is not honest.
 */
const MAX_CHAIN = 256;

/** A struct of the update as decoded: parent and key are given, or left to a neighbour. */
type NewItem = Y.Item;

/** The update's own structs, by client, in clock order, for finding the one that holds a clock. */
class UpdateStructs {
  private readonly byClient = new Map<number, NewItem[]>();

  constructor(structs: ReadonlyArray<Y.Item | Y.GC | Y.Skip>) {
    for (const struct of structs) {
      if (!(struct instanceof Y.Item)) continue;
      const list = this.byClient.get(struct.id.client) ?? [];
      list.push(struct);
      this.byClient.set(struct.id.client, list);
    }
    for (const list of this.byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock);
  }

  at(id: Y.ID): NewItem | null {
    const list = this.byClient.get(id.client);
    if (!list) return null;
    let low = 0;
    let high = list.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const item = list[middle] as NewItem;
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return null;
  }

  *items(): Iterable<NewItem> {
    for (const list of this.byClient.values()) yield* list;
  }
}

/** A stored item holding `id`, or null when the board lacks that clock (or holds garbage there). */
function storedItem(doc: Y.Doc, id: Y.ID): Y.Item | null {
  const found = structAt(doc, id.client, id.clock);
  return found && found.struct instanceof Y.Item ? found.struct : null;
}

/**
 * Where the structs of an update land. A struct that names no parent sits beside its
 * origin (or right origin) and inherits that neighbour's parent and key, as Yjs does
 * when it integrates it; a neighbour may itself be new.
 */
interface Placement {
  path: string[];
  /** See TouchedPath.storedDepth. */
  storedDepth: number;
  /** Inside a stored type that is deleted: Yjs integrates it as deleted, so it changes nothing. */
  dead: boolean;
  /** Under a map key (its own, or the one of the neighbour it inherits its place from). */
  keyed: boolean;
}

class Placer {
  private readonly placed = new Map<NewItem, Placement | null>();

  constructor(
    private readonly doc: Y.Doc,
    private readonly update: UpdateStructs,
  ) {}

  placementOf(item: NewItem, chain = 0): Placement | null {
    const known = this.placed.get(item);
    if (known !== undefined || this.placed.has(item)) return known ?? null;
    if (chain >= MAX_CHAIN) return null;
    // Null while it is being placed: a circle of neighbours places nothing.
    this.placed.set(item, null);
    const placement = this.place(item, chain);
    this.placed.set(item, placement);
    return placement;
  }

  private place(item: NewItem, chain: number): Placement | null {
    const parent = item.parent as string | Y.ID | null;
    if (parent === null) {
      const neighbour = item.origin ?? item.rightOrigin;
      if (!neighbour) return null;
      const stored = storedItem(this.doc, neighbour);
      if (stored) {
        const path = storedPath(stored);
        if (!path) return null;
        const keyed = stored.parentSub !== null;
        return { path, storedDepth: path.length - (keyed ? 1 : 0), dead: insideDeleted(stored), keyed };
      }
      const fresh = this.update.at(neighbour);
      return fresh ? this.placementOf(fresh, chain + 1) : null;
    }
    const key = item.parentSub === null ? [] : [item.parentSub];
    const keyed = item.parentSub !== null;
    if (typeof parent === 'string') return { path: [parent, ...key], storedDepth: 1, dead: false, keyed };
    const storedParent = storedItem(this.doc, parent);
    const freshParent = storedParent ? null : this.update.at(parent);
    const parentItem = storedParent ?? freshParent;
    // Yjs places nothing inside a struct that is not a shared type.
    if (!parentItem || !(parentItem.content instanceof Y.ContentType)) return null;
    if (storedParent) {
      const above = storedPath(storedParent);
      if (!above || above.length >= MAX_DEPTH) return null;
      return {
        path: [...above, ...key],
        storedDepth: above.length,
        dead: storedParent.deleted || insideDeleted(storedParent),
        keyed,
      };
    }
    const above = this.placementOf(parentItem, chain + 1);
    if (!above || above.path.length >= MAX_DEPTH) return null;
    return { path: [...above.path, ...key], storedDepth: above.storedDepth, dead: above.dead, keyed };
  }
}

/** Whether a stored item sits inside a type that is deleted (its own deletion aside). */
function insideDeleted(item: Y.Item): boolean {
  let parent = item.parent as Y.AbstractType<unknown> | null;
  for (let depth = 0; parent?._item && depth < MAX_DEPTH; depth++) {
    if (parent._item.deleted) return true;
    parent = parent._item.parent as Y.AbstractType<unknown> | null;
  }
  return false;
}

/** What a struct written under a map key puts there. */
function writtenBy(item: NewItem): Written {
  const content = item.content;
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) {
    return { kind: 'value', value: content.arr[content.arr.length - 1] };
  }
  return content instanceof Y.ContentType ? { kind: 'type' } : { kind: 'other' };
}

/**
 * The paths `update` writes and the stored items its delete set removes (those not
 * deleted already), each path once. Throws on an update Yjs cannot decode: the room
 * reads every update whole before this (update-guard.ts).
 */
export function updatePaths(doc: Y.Doc, update: Uint8Array): UpdatePaths {
  const decoded = Y.decodeUpdate(update);
  const structs = new UpdateStructs(decoded.structs);
  const placer = new Placer(doc, structs);
  const seen = new Set<string>();
  const touched: TouchedPath[] = [];
  let unplaced = 0;
  for (const item of structs.items()) {
    // A struct the board holds already changes nothing (Yjs skips it).
    if (Y.getState(doc.store, item.id.client) >= item.id.clock + item.length) continue;
    const placement = placer.placementOf(item);
    if (!placement) {
      unplaced++;
      continue;
    }
    if (placement.dead) continue;
    const { path, storedDepth } = placement;
    // Each map value is told apart (two may be written under one key); a list's items
    // (a text's characters) only once per place.
    if (placement.keyed) {
      // A value the update writes and removes again (an honest client's merged transactions)
      // comes with its content gone; as the key's latest value it still removes the one before.
      if (item.content instanceof Y.ContentDeleted) touched.push({ path, change: 'delete', storedDepth });
      else touched.push({ path, change: 'write', storedDepth, written: writtenBy(item) });
      continue;
    }
    const seenKey = `w${storedDepth}\u0000${path.join('\u0000')}`;
    if (seen.has(seenKey)) continue;
    seen.add(seenKey);
    touched.push({ path, change: 'write', storedDepth });
  }
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      forEachStruct(doc, client, clock, clock + len, (struct) => {
        if (struct instanceof Y.Item && !struct.deleted && !insideDeleted(struct)) {
          const path = storedPath(struct);
          const seenKey = path ? `d\u0000${path.join('\u0000')}` : '';
          if (path && !seen.has(seenKey)) {
            seen.add(seenKey);
            touched.push({ path, change: 'delete', storedDepth: path.length });
          }
        }
        return true;
      });
    }
  }
  return { touched, unplaced };
}
