/**
 * Server-side changes to a board asked over REST, by name, so that in a cluster an
 * instance that does not own the board can ask its owner to make them (cluster/node.ts):
 * they run in the owner's room, where everyone sees them at once.
 */
import { ORIGINS, setTitle } from '@journeyboard/shared';
import type { Limits } from '../config.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import type { RestoreOutcome, Room } from './room.js';

export interface ChangeContext {
  store: AsyncBoardStore;
  limits: Limits;
}

export const BOARD_CHANGES = {
  rename: async (room: Room, args: { title: string }): Promise<null> => {
    setTitle(room.doc, { title: args.title }, ORIGINS.server);
    return null;
  },
  /**
   * Returns the board to a version, keeping what it replaces as the automatic version
   * named `before`; `no-version` when the board has no such version.
   */
  restore: async (
    room: Room,
    args: { versionId: string; before: string },
    { store, limits }: ChangeContext,
  ): Promise<RestoreOutcome | { kind: 'no-version' }> => {
    const state = await store.loadVersion(room.boardId, args.versionId);
    if (!state) return { kind: 'no-version' };
    return room.restore(state, limits.maxBoardBytes, args.before);
  },
} as const;

export type BoardChanges = typeof BOARD_CHANGES;
export type ChangeName = keyof BoardChanges;
export type ChangeArgs<N extends ChangeName> = Parameters<BoardChanges[N]>[1];
export type ChangeResult<N extends ChangeName> = Awaited<ReturnType<BoardChanges[N]>>;

export function isChangeName(name: string): name is ChangeName {
  return Object.hasOwn(BOARD_CHANGES, name);
}
