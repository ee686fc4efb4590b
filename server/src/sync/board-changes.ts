/**
 * Server-side changes to a board asked over REST, by name, so that in a cluster an
 * instance that does not own the board can ask its owner to make them (cluster/node.ts):
 * they run in the owner's room, where everyone sees them at once.
 */
import {
  BoardCommandError,
  type CommandInput,
  type EvidenceSummary,
  importContacts,
  importSurvey,
  ORIGINS,
  readBoard,
  setTitle,
} from '@journeyboard/shared';
import { type SurveyReading, titleKey } from '@journeyboard/shared/evidence';
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
  /** A contacts export, aggregated by a file worker, written as its source's volumes (#14). */
  importContacts: async (room: Room, input: CommandInput<'importContacts'>): Promise<EvidenceOutcome> =>
    refusedOr(() => importContacts(room.doc, input, ORIGINS.server)),
  /**
   * A survey export, aggregated by a file worker: its stages matched by title among
   * one state's stages (the first current state when none is named), or by `stages`
   * (survey stage -> stage id); `unmatched` names the rest, and nothing is written.
   */
  importSurvey: async (
    room: Room,
    args: {
      source: CommandInput<'importSurvey'>['source'];
      readings: SurveyReading[];
      stateId: string | null;
      stages: Record<string, string>;
    },
  ): Promise<EvidenceOutcome> => {
    const board = readBoard(room.doc);
    const state =
      board.states.find((s) => s.id === args.stateId) ??
      board.states.find((s) => s.kind === 'current') ??
      board.states[0];
    if (!state) return { kind: 'refused', message: 'the board has no state to put survey scores on' };
    const stages = board.stages.filter((s) => s.stateId === state.id);
    const byTitle = new Map(stages.map((s) => [titleKey(s.title), s.id]));
    const known = new Set(stages.map((s) => s.id));
    const stageOf = (name: string): string | undefined => {
      const chosen = Object.entries(args.stages).find(([given]) => titleKey(given) === titleKey(name))?.[1];
      if (chosen !== undefined) return chosen === '' || known.has(chosen) ? chosen : undefined;
      return byTitle.get(titleKey(name));
    };
    const unmatched = [...new Set(args.readings.map((r) => r.stage))].filter(
      (name) => stageOf(name) === undefined,
    );
    if (unmatched.length > 0)
      return {
        kind: 'unmatched',
        unmatched,
        stateId: state.id,
        stages: stages.map((s) => ({ id: s.id, title: s.title })),
      };
    const readings = args.readings.flatMap((r) => {
      const stageId = stageOf(r.stage) as string;
      // A stage mapped to '' is left out on purpose.
      return stageId === ''
        ? []
        : [
            {
              stageId,
              name: r.metric,
              label: r.label,
              period: r.period,
              value: r.value,
              responses: r.responses,
            },
          ];
    });
    return refusedOr(() => importSurvey(room.doc, { source: args.source, readings }, ORIGINS.server));
  },
} as const;

export type EvidenceOutcome =
  | { kind: 'imported'; summary: EvidenceSummary }
  | { kind: 'refused'; message: string }
  | { kind: 'unmatched'; unmatched: string[]; stateId: string; stages: Array<{ id: string; title: string }> };

/** A command's refusal (too many volumes for the board, a value out of range) as an answer, not a failure. */
function refusedOr(run: () => EvidenceSummary): EvidenceOutcome {
  try {
    return { kind: 'imported', summary: run() };
  } catch (error) {
    if (error instanceof BoardCommandError) return { kind: 'refused', message: error.message };
    throw error;
  }
}

export type BoardChanges = typeof BOARD_CHANGES;
export type ChangeName = keyof BoardChanges;
export type ChangeArgs<N extends ChangeName> = Parameters<BoardChanges[N]>[1];
export type ChangeResult<N extends ChangeName> = Awaited<ReturnType<BoardChanges[N]>>;

export function isChangeName(name: string): name is ChangeName {
  return Object.hasOwn(BOARD_CHANGES, name);
}
