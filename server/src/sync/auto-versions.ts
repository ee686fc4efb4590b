/**
 * The safety net under destructive changes (#17): before an update removes a stage,
 * a lane, a state or more than a few cards, and before a version is restored, the
 * room keeps the whole board as an automatic version (“Before removing stage
 * ‘Delivery’”) that anyone may list and an owner may restore for everyone.
 *
 * It is taken here, on the server, from what the update would remove (update-paths.ts
 * tells the truth about it): a client need not be honest, nor up to date, for its
 * removals to be recoverable. The board is encoded before the update is applied, so
 * the version holds what went, whenever its write lands.
 *
 * Bounds: at most one automatic version a board per `automaticVersionIntervalSeconds`
 * (one taken a moment ago still holds what this removal removes, unless it was made
 * since), the newest `maxAutomaticVersionsPerBoard` kept, the oldest pruned. They are
 * not counted in the named versions' quota, which is people's.
 */
import { MANY_CARDS, newId, type UpdatePaths } from '@journeyboard/shared';
import * as Y from 'yjs';
import type { Limits } from '../config.js';
import type { Logger } from '../log.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import type { VersionRecord } from '../storage/board-store.js';

/** What one entity is called in a version's name. */
const REMOVED_ENTITIES = [
  // A state goes with its stages and lanes, a stage or lane with its cards: the largest is named.
  ['states', 'state'],
  ['stages', 'stage'],
  ['lanes', 'lane'],
] as const;

/** Titles in a version's name are cut to this many characters. */
const TITLE_IN_NAME = 60;

function titleOf(doc: Y.Doc, collection: string, id: string): string {
  const entity = doc.getMap(collection).get(id);
  const title = entity instanceof Y.Map ? entity.get('title') : null;
  const text = title instanceof Y.Text ? title.toString() : typeof title === 'string' ? title : '';
  const trimmed = text.trim();
  return trimmed.length > TITLE_IN_NAME ? `${trimmed.slice(0, TITLE_IN_NAME - 1)}…` : trimmed;
}

/**
 * The name of the version to take before an update, or null when it removes nothing
 * worth one. An entity is removed when its key in the collection is deleted and not
 * written again (a value replaced is not a removal).
 */
export function removalName(doc: Y.Doc, paths: UpdatePaths): string | null {
  const removed = new Map<string, Set<string>>();
  const written = new Set<string>();
  for (const touched of paths.touched) {
    if (touched.path.length !== 2) continue;
    const [collection, id] = touched.path as [string, string];
    if (touched.change === 'write') {
      written.add(`${collection}\u0000${id}`);
      continue;
    }
    const ids = removed.get(collection) ?? new Set<string>();
    ids.add(id);
    removed.set(collection, ids);
  }
  // Only what the board holds: an entity added and removed within the update takes nothing away.
  const gone = (collection: string) =>
    [...(removed.get(collection) ?? [])].filter(
      (id) => !written.has(`${collection}\u0000${id}`) && doc.getMap(collection).has(id),
    );
  for (const [collection, noun] of REMOVED_ENTITIES) {
    const ids = gone(collection);
    if (ids.length === 0) continue;
    if (ids.length > 1) return `Before removing ${ids.length} ${collection}`;
    return `Before removing ${noun} ‘${titleOf(doc, collection, ids[0] as string)}’`;
  }
  const cards = gone('cards').length;
  return cards > MANY_CARDS ? `Before removing ${cards} cards` : null;
}

/** The whole board as one update: what a version, named or automatic, stores. */
export function boardState(doc: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(doc);
}

export class AutomaticVersions {
  private lastTakenAt = Number.NEGATIVE_INFINITY;
  /** Saves run one after another, so each prune sees the versions saved before it. */
  private saving: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly boardId: string,
    private readonly store: AsyncBoardStore,
    private readonly limits: Pick<Limits, 'maxAutomaticVersionsPerBoard' | 'automaticVersionIntervalSeconds'>,
    private readonly log: Logger,
  ) {}

  /**
   * Before an update is applied: keeps the board as it is now when the update removes
   * something and no automatic version was taken within the interval. The write is
   * not awaited (the room applies updates synchronously); a failed one is logged.
   */
  beforeUpdate(doc: Y.Doc, paths: UpdatePaths): void {
    const name = removalName(doc, paths);
    if (!name) return;
    if (Date.now() - this.lastTakenAt < this.limits.automaticVersionIntervalSeconds * 1000) return;
    this.take(doc, name).catch((error: unknown) =>
      this.log.error({ err: error, name }, 'automatic version not saved'),
    );
  }

  /** Keeps the board as it is now, whatever the interval (a restore); resolves once stored. */
  take(doc: Y.Doc, name: string): Promise<VersionRecord> {
    const state = boardState(doc);
    this.lastTakenAt = Date.now();
    const version: VersionRecord = {
      id: newId(),
      boardId: this.boardId,
      name,
      createdAt: this.lastTakenAt,
      bytes: state.byteLength,
      automatic: true,
    };
    const saved = this.saving.then(async () => {
      await this.store.saveVersion(version, state);
      await this.store.pruneAutomaticVersions(this.boardId, this.limits.maxAutomaticVersionsPerBoard);
      return version;
    });
    this.saving = saved.catch(() => undefined);
    return saved;
  }
}
