/**
 * Where a private round's drafts wait: in this browser only (IndexedDB, one database
 * per board), never in the shared document, so neither the others nor the server
 * see them until the round is revealed. A draft is keyed by the person, the round and
 * its own id, which is also the id its card gets: committing it twice adds it once.
 */
import type { DraftedNote } from '@journeyboard/shared';

export interface Draft extends DraftedNote {
  /** Whose draft it is: this browser may hold drafts of several people on one board. */
  participantId: string;
  /** The round it was written in: it is committed once that round is no longer drafting. */
  roundId: string;
  createdAt: number;
}

/** The drafts of one board in this browser. */
export interface DraftStore {
  /** This person's drafts of every round, oldest first. */
  list(participantId: string): Promise<Draft[]>;
  /** Adds a draft, or replaces the one with its person, round and id. */
  put(draft: Draft): Promise<void>;
  remove(drafts: readonly Draft[]): Promise<void>;
  close(): void;
}

const byAge = (a: Draft, b: Draft) => a.createdAt - b.createdAt || a.id.localeCompare(b.id);
const keyOf = (d: Pick<Draft, 'participantId' | 'roundId' | 'id'>) =>
  `${d.participantId}|${d.roundId}|${d.id}`;

/** Drafts kept in memory: for tests, and for a browser without IndexedDB (drafts then end with the tab). */
export function memoryDraftStore(): DraftStore {
  const drafts = new Map<string, Draft>();
  return {
    list: async (participantId) =>
      [...drafts.values()].filter((d) => d.participantId === participantId).sort(byAge),
    put: async (draft) => {
      drafts.set(keyOf(draft), { ...draft });
    },
    remove: async (gone) => {
      for (const draft of gone) drafts.delete(keyOf(draft));
    },
    close: () => {},
  };
}

const STORE = 'drafts';
/** The key path: person, round, draft (so one person's drafts are one key range). */
const KEY_PATH = ['participantId', 'roundId', 'id'];

const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
const committed = (transaction: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });

/** The board's drafts in IndexedDB (database `journeyboard-drafts:<boardId>`), or in memory where there is none. */
export function browserDraftStore(boardId: string): DraftStore {
  if (typeof indexedDB === 'undefined') return memoryDraftStore();
  const opening = indexedDB.open(`journeyboard-drafts:${boardId}`, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: KEY_PATH });
  const db = done(opening);
  const write = async (change: (store: IDBObjectStore) => void) => {
    const transaction = (await db).transaction(STORE, 'readwrite');
    change(transaction.objectStore(STORE));
    await committed(transaction);
  };
  return {
    async list(participantId) {
      const store = (await db).transaction(STORE, 'readonly').objectStore(STORE);
      // Arrays sort after strings, so [id, []] bounds every [id, round, draft].
      const drafts = await done(store.getAll(IDBKeyRange.bound([participantId], [participantId, []])));
      return (drafts as Draft[]).sort(byAge);
    },
    put: (draft) => write((store) => store.put(draft)),
    remove: (gone) =>
      write((store) => {
        for (const d of gone) store.delete([d.participantId, d.roundId, d.id]);
      }),
    close: () => {
      void db.then((open) => open.close()).catch(() => {});
    },
  };
}
