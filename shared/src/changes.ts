/**
 * Which cards a transaction touched, for readers that patch a snapshot instead
 * of reading the whole board again. Only shared knows the layout, so only shared
 * walks from a changed Yjs type up to the card it belongs to.
 */
import type * as Y from 'yjs';
import { collection } from './schema.js';

/**
 * The ids of existing cards whose fields changed, or 'all' when the transaction
 * did anything else (added or removed a card, touched another collection).
 */
export function changedCardIds(doc: Y.Doc, transaction: Y.Transaction): Set<string> | 'all' {
  const cards: unknown = collection(doc, 'cards');
  const ids = new Set<string>();
  // biome-ignore lint/suspicious/noExplicitAny: Yjs types its own type tree with YEvent<any>
  type AnyType = Y.AbstractType<Y.YEvent<any>>;
  for (const type of transaction.changed.keys()) {
    if (type === cards) return 'all';
    let child = type as AnyType;
    let parent = child._item?.parent as AnyType | null | undefined;
    while (parent && parent !== cards) {
      child = parent;
      parent = child._item?.parent as AnyType | null | undefined;
    }
    const id = child._item?.parentSub;
    if (parent !== cards || !id) return 'all';
    ids.add(id);
  }
  return ids;
}
