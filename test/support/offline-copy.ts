/** What a browser keeps of a board in IndexedDB (y-indexeddb's database `journeyboard:<board id>`). */
import type { Page } from 'playwright-core';
import * as Y from 'yjs';

/** The updates this browser keeps of a board in IndexedDB (y-indexeddb's `updates` store). */
function storedUpdates(page: Page, boardId: string): Promise<number[][]> {
  return page.evaluate(
    (name) =>
      new Promise<number[][]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('updates').objectStore('updates').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            open.result.close();
            resolve((all.result as Uint8Array[]).map((update) => Array.from(update)));
          };
        };
      }),
    `journeyboard:${boardId}`,
  );
}

/** Adds an update to what this browser keeps of a board, as if it had been made here offline. */
export function keepUpdate(page: Page, boardId: string, update: Uint8Array): Promise<void> {
  return page.evaluate(
    ([name, bytes]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction('updates', 'readwrite');
          transaction.objectStore('updates').add(new Uint8Array(bytes));
          transaction.oncomplete = () => {
            open.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    [`journeyboard:${boardId}`, Array.from(update)] as const,
  );
}

/** The board as this browser's copy holds it: every update it keeps, applied to a new document. */
export async function offlineCopy(page: Page, boardId: string): Promise<Y.Doc> {
  const copy = new Y.Doc();
  for (const update of await storedUpdates(page, boardId)) Y.applyUpdate(copy, new Uint8Array(update));
  return copy;
}
