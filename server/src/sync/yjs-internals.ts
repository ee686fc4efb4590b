/**
 * The Yjs internals the room relies on, in one file: the struct store (what a
 * client's clocks hold, walked by binary search), the list and map-chain pointers
 * Yjs follows when it places an item, the updates left waiting for changes the board
 * lacks, and where a stored item sits (its path of keys). None of it is Yjs's public
 * API, so `server/test/yjs-internals.test.ts` pins it to YJS_VERSION and checks each
 * function against what Yjs itself does (`storedPath` through update-paths.test.ts).
 */
import * as Y from 'yjs';

/** The yjs version these internals were read from (the test fails on any other). */
export const YJS_VERSION = '13.6.33';

export type Struct = Y.Item | Y.GC;
/** A shared type (map, array, text) as the doc holds it. */
export type SharedType = ReturnType<Y.Doc['get']>;

/** A place inside a stored struct: the struct and the offset of one clock in it. */
export interface StructPosition {
  struct: Struct;
  offset: number;
}

/** The next clock a client has on this board (0 when it has none). */
export function clockOf(doc: Y.Doc, client: number): number {
  return Y.getState(doc.store, client);
}

/** The stored struct that holds `clock` of `client`, or null when the board does not have that clock. */
export function structAt(doc: Y.Doc, client: number, clock: number): StructPosition | null {
  if (clock < 0 || clock >= clockOf(doc, client)) return null;
  const structs = doc.store.clients.get(client) as Struct[];
  const struct = structs[Y.findIndexSS(structs, clock)] as Struct;
  return { struct, offset: clock - struct.id.clock };
}

/**
 * Visits the stored structs of `client` that overlap [start, end), in clock order,
 * until `visit` returns false. Each visit costs O(1) after one binary search.
 */
export function forEachStruct(
  doc: Y.Doc,
  client: number,
  start: number,
  end: number,
  visit: (struct: Struct) => boolean,
): void {
  const structs = doc.store.clients.get(client) as Struct[] | undefined;
  if (!structs || start >= clockOf(doc, client)) return;
  for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
    const struct = structs[i] as Struct;
    if (struct.id.clock >= end || !visit(struct)) return;
  }
}

/** The shared type an item would be placed in when it names its parent: a root type, or a stored type item. */
export function parentType(doc: Y.Doc, root: string | null, parentId: Y.ID | null): SharedType | null {
  if (root !== null) return doc.share.get(root) ?? null;
  if (!parentId) return null;
  const at = structAt(doc, parentId.client, parentId.clock);
  if (!at || !(at.struct instanceof Y.Item) || !(at.struct.content instanceof Y.ContentType)) return null;
  return at.struct.content.type as SharedType;
}

/**
 * How many stored items Yjs steps over to place a new item between `left` (the end
 * of its origin) and `right` (the start of its right origin), counting at most `cap`.
 *
 * Yjs integrates an item by walking from its origin towards its right origin,
 * resolving conflicts with every item in between (and, with no origin, from the start
 * of the list, or of a map key's chain of overwritten values). Honest edits have
 * nothing in between; a crafted one can name origins that make it walk a key's whole
 * history, once per struct. This follows the same pointers without changing anything.
 * With no left, `list` is where Yjs starts: the parent type and the map key (null for a list).
 */
export function placementSteps(
  left: StructPosition | null,
  right: StructPosition | null,
  list: { type: SharedType; key: string | null } | null,
  cap: number,
): number {
  // An item next to garbage-collected content is stored as garbage itself: no walk.
  if (left?.struct instanceof Y.GC || right?.struct instanceof Y.GC) return 0;
  const rightItem = right?.struct as Y.Item | undefined;
  const rightOffset = right?.offset ?? 0;
  let steps = 0;
  let o: Y.Item | null;
  if (left) {
    const item = left.struct as Y.Item;
    if (left.offset < item.length - 1) {
      // Yjs splits the origin's item; its remainder comes next.
      if (rightItem === item && rightOffset > left.offset) return rightOffset === left.offset + 1 ? 0 : 1;
      steps = 1;
    } else if (rightItem ? item.right === rightItem && rightOffset === 0 : item.right === null) return 0;
    o = item.right;
  } else {
    if (rightItem && rightOffset === 0 && rightItem.left === null) return 0;
    const start =
      list ??
      (rightItem?.parent instanceof Y.AbstractType
        ? { type: rightItem.parent, key: rightItem.parentSub }
        : null);
    if (!start) return 0;
    if (start.key === null) o = start.type._start;
    else {
      o = start.type._map.get(start.key) ?? null;
      while (o?.left && steps < cap) {
        o = o.left;
        steps++;
      }
    }
  }
  while (o !== null && steps < cap) {
    if (o === rightItem) return steps + (rightOffset > 0 ? 1 : 0);
    steps++;
    o = o.right;
  }
  return steps;
}

/** Bytes of updates the doc holds back until changes they depend on arrive. */
export function pendingBytes(doc: Y.Doc): number {
  const { pendingStructs, pendingDs } = doc.store;
  return (pendingStructs?.update.byteLength ?? 0) + (pendingDs?.byteLength ?? 0);
}

/** Forgets the updates held back (a client that meant them sends them again on its next sync). */
export function dropPending(doc: Y.Doc): void {
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
}

/**
 * What the board holds beyond `stateVector`, without the structs still waiting for
 * changes it lacks. Yjs would merge those into every answer: they are not stored,
 * only a broken or hostile client sends them, and under a fuzzer the merge was most
 * of the process's time.
 */
export function encodeIntegrated(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const { store } = doc;
  const { pendingStructs, pendingDs } = store;
  store.pendingStructs = null;
  store.pendingDs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    store.pendingStructs = pendingStructs;
    store.pendingDs = pendingDs;
  }
}

/** Every deleted clock range of the board, per client, sorted and merged. */
export function deletedRangesOf(doc: Y.Doc): Map<number, Array<{ clock: number; len: number }>> {
  return Y.createDeleteSetFromStructStore(doc.store).clients;
}

/**
 * The path of a stored item: the keys of its parents up to the root type (a type's
 * own item is `_item`), root first; null past `maxDepth` parents.
 */
export function storedPath(item: Y.Item, maxDepth = 8): string[] | null {
  const keys: string[] = [];
  let current = item;
  for (let depth = 0; depth < maxDepth; depth++) {
    if (current.parentSub !== null) keys.push(current.parentSub);
    const parent = current.parent as Y.AbstractType<unknown> | null;
    if (!parent) return null;
    if (parent._item === null) {
      keys.push(Y.findRootTypeKey(parent));
      return keys.reverse();
    }
    current = parent._item;
  }
  return null;
}
