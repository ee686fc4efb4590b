/**
 * The store as a networked database serves it: every BoardStore method (same name,
 * arguments and meaning, documented on BoardStore) answering with a Promise. The
 * Postgres store (postgres/postgres-store.ts) is one; sync-as-async.ts makes the
 * SQLite store another, so the server can move onto this interface and one contract
 * test holds both to the same behaviour.
 *
 * limitPages is SQLite's page cap, how tests fill the disk under a live server; a
 * database server has no such knob, so it is not part of this interface.
 *
 * appendUpdate alone may answer with the plain number, where the store commits
 * synchronously (SQLite): a room then broadcasts a lone update in the very turn it
 * arrived in, not a promise's hop later (issue #18's idle latency). A failure is
 * still a rejection, never a throw.
 */
import type { BoardStore } from './board-store.js';

type Method<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;

export type AsyncBoardStore = {
  [K in Exclude<keyof BoardStore, 'limitPages' | 'appendUpdate'>]: Method<BoardStore[K]>;
} & {
  appendUpdate(id: string, update: Uint8Array, now: number): number | Promise<number>;
};
