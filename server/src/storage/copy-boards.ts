/**
 * `journeyboard migrate`: every board of one store copied into another (a SQLite
 * data directory into Postgres, #20), row for row: token hashes and sealed boxes as
 * stored, so every share link and identity keeps working, and no token is ever in
 * plain text. Boards stream one at a time (a page of ids and one board's rows in
 * memory), each copied in one transaction of the target. Then every board is read
 * back from both stores and compared.
 */
import { isDeepStrictEqual } from 'node:util';
import { readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';
import type { AsyncBoardStore } from './async-board-store.js';
import { applyStoredState, type BoardRows } from './board-store.js';

/** The target already holds some of the boards and the caller did not say to skip them; nothing was written. */
export class CopyRefused extends Error {}

/** A board reads differently from the target than from the source. */
export class BoardsDiffer extends Error {
  constructor(
    readonly boardId: string,
    readonly differences: string[],
  ) {
    super(`board ${boardId} differs in the target: ${differences.join(', ')}`);
  }
}

export interface CopyOptions {
  /** Leave boards the target already holds as they are, and copy the others. */
  skipExisting: boolean;
  /** Progress and summary lines, as they happen. */
  say(line: string): void;
  /** Board ids read per page (1-1000). */
  pageSize?: number;
}

export interface CopyReport {
  copied: number;
  /** The boards left as the target held them. */
  skipped: string[];
  verified: number;
}

/** Names shown of a long list: the rest are counted. */
const NAMED = 10;
const nameSome = (ids: string[], total: number) =>
  ids.join(', ') + (total > ids.length ? ` and ${total - ids.length} more` : '');

/** Every board id of `store`, a page at a time. */
async function* boardIds(store: AsyncBoardStore, pageSize: number): AsyncGenerator<string> {
  let after: string | null = null;
  for (;;) {
    const page: string[] = await store.listBoardIds(after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1] ?? null;
  }
}

/** How often to say how far it has got: about a hundred lines for any number of boards. */
const progressEvery = (total: number) => Math.max(1, Math.ceil(total / 100));

export async function copyBoards(
  source: AsyncBoardStore,
  target: AsyncBoardStore,
  { skipExisting, say, pageSize = 500 }: CopyOptions,
): Promise<CopyReport> {
  // First a count, and which boards the target holds already: a refusal writes nothing.
  let total = 0;
  let existing = 0;
  const existingNamed: string[] = [];
  for await (const id of boardIds(source, pageSize)) {
    total++;
    if (!(await target.getBoard(id))) continue;
    existing++;
    if (existingNamed.length < NAMED) existingNamed.push(id);
  }
  if (existing > 0 && !skipExisting) {
    throw new CopyRefused(
      `the target already holds ${existing} of the ${total} boards (${nameSome(existingNamed, existing)}); ` +
        'nothing was copied. Run again with --skip-existing to copy only the others.',
    );
  }

  const every = progressEvery(total);
  const skipped: string[] = [];
  let copied = 0;
  let done = 0;
  for await (const id of boardIds(source, pageSize)) {
    const rows = await source.exportBoardRows(id);
    // Deleted since it was listed: nothing to copy.
    if (rows) {
      let imported: boolean;
      try {
        imported = await target.importBoardRows(rows);
      } catch (error) {
        throw new Error(
          `copying board ${id} failed (the target has none of it): ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
      if (imported) copied++;
      else if (skipExisting) skipped.push(id);
      else throw new CopyRefused(`board ${id} appeared in the target while copying; it was left as it is`);
    }
    done++;
    if (done % every === 0 || done === total) say(`copied ${copied}/${total} boards`);
  }
  if (skipped.length > 0)
    say(
      `skipped ${skipped.length} boards the target already held: ${nameSome(skipped.slice(0, NAMED), skipped.length)}`,
    );

  const verified = await verifyBoards(source, target, pageSize, say);
  say(`verified ${verified} boards`);
  return { copied, skipped, verified };
}

/** Compares every board of `source` with the target's; throws BoardsDiffer at the first that differs. */
async function verifyBoards(
  source: AsyncBoardStore,
  target: AsyncBoardStore,
  pageSize: number,
  say: (line: string) => void,
): Promise<number> {
  let verified = 0;
  for await (const id of boardIds(source, pageSize)) {
    const expected = await source.exportBoardRows(id);
    if (!expected) continue;
    const actual = await target.exportBoardRows(id);
    const differences = actual ? boardDifferences(expected, actual) : ['missing'];
    if (differences.length > 0) throw new BoardsDiffer(id, differences);
    verified++;
    if (verified % 1000 === 0) say(`verified ${verified} boards so far`);
  }
  return verified;
}

/** The board's document as the rows rebuild it. */
function documentOf(rows: BoardRows): Y.Doc {
  const doc = new Y.Doc();
  applyStoredState(doc, { snapshot: rows.snapshot, updates: rows.updates.map((u) => u.data), bytes: 0 });
  return doc;
}

/**
 * What a room, a share link, a version list or an identity would find different in
 * `actual`: the board's content is compared as Yjs state (state vector, deletions,
 * and the board read from it), not as bytes, so a target that compacted its log
 * since still matches; everything else is compared as stored.
 */
export function boardDifferences(expected: BoardRows, actual: BoardRows): string[] {
  const differences: string[] = [];
  const differ = (what: string, a: unknown, b: unknown) => {
    if (!isDeepStrictEqual(a, b)) differences.push(what);
  };
  differ('title', expected.board.title, actual.board.title);
  differ('created time', expected.board.createdAt, actual.board.createdAt);
  differ('updated time', expected.board.updatedAt, actual.board.updatedAt);

  const [a, b] = [documentOf(expected), documentOf(actual)];
  try {
    const sameState =
      Buffer.from(Y.encodeStateVector(a)).equals(Y.encodeStateVector(b)) &&
      Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b)) &&
      isDeepStrictEqual(readBoard(a), readBoard(b));
    if (!sameState) differences.push('board content');
  } finally {
    a.destroy();
    b.destroy();
  }

  differ('links (token hashes or expiry)', expected.links, actual.links);
  differ('sealed links', expected.sealedLinks, actual.sealedLinks);
  differ('versions', expected.versions, actual.versions);
  differ('identities', expected.identities, actual.identities);
  return differences;
}
