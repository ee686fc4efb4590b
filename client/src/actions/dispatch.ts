/**
 * The one way the UI changes anything: toolbar buttons, shortcuts, the help
 * overlay, the canvas and every panel hold a BoardActions, never the document.
 * A role that may not run something is refused here, as a value, whatever asked.
 */
import type { BoardStore, BoardViewState } from '../store/boardStore.js';
import type { PresenceBinding } from '../sync/presence.js';
import {
  ACTIONS,
  type ActionContext,
  type BoardAction,
  COMMANDS,
  type CommandId,
  type CommandInputOf,
  type CommandResultOf,
} from './registry.js';
import { type KeyPress, matchesShortcut } from './shortcuts.js';

/** What running something came to: its result, or why it was refused. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: string };

export const REFUSED_ROLE = 'viewers cannot change this board';
export const REFUSED_NOW = 'not possible right now';

export interface BoardActions {
  /** The view's state, read through selectors (`useStore(actions.store, ...)`). */
  readonly store: BoardStore;
  readonly presence: PresenceBinding;
  /** The board and this person's link to it (for what goes over HTTP, such as exports). */
  readonly link: { boardId: string; token: string };
  /** The named actions this person's role may run, in registry order: the others are not shown. */
  offered(state: BoardViewState): BoardAction[];
  /** Whether `action` may run now: this role may run it and the board allows it. */
  allowed(action: BoardAction, state: BoardViewState): boolean;
  /** Runs a named action (a toolbar button, a shortcut). */
  run(id: string): Outcome<void>;
  /** Runs the action whose shortcut this key press is; null when it is none of them, or not allowed now. */
  press(key: KeyPress): BoardAction | null;
  /** Runs a document command with its input; a refused input throws BoardCommandError as before. */
  edit<C extends CommandId>(command: C, input: CommandInputOf<C>): Outcome<CommandResultOf<C>>;
}

export function createBoardActions(context: ActionContext): BoardActions {
  const { sync, store, presence } = context;
  const mayRun = (roles: readonly string[]) => roles.includes(store.getState().role);
  const allowed = (action: BoardAction, state: BoardViewState) =>
    action.roles.includes(state.role) && action.enabled(state);
  return {
    store,
    presence,
    link: { boardId: sync.options.boardId, token: sync.options.token },
    offered: (state) => ACTIONS.filter((action) => action.roles.includes(state.role)),
    allowed,
    run(id) {
      const action = ACTIONS.find((a) => a.id === id);
      if (!action) return { ok: false, refusal: `no action "${id}"` };
      if (!mayRun(action.roles)) return { ok: false, refusal: REFUSED_ROLE };
      if (!action.enabled(store.getState())) return { ok: false, refusal: REFUSED_NOW };
      action.run(context);
      return { ok: true, value: undefined };
    },
    press(key) {
      const state = store.getState();
      const action = ACTIONS.find((a) => matchesShortcut(a.shortcut, key) && allowed(a, state));
      if (!action) return null;
      action.run(context);
      return action;
    },
    edit(command, input) {
      const entry = COMMANDS[command] as {
        roles: readonly string[];
        run(context: ActionContext, input: unknown): unknown;
      };
      if (!mayRun(entry.roles)) return { ok: false, refusal: REFUSED_ROLE };
      return { ok: true, value: entry.run(context, input) as CommandResultOf<typeof command> };
    },
  };
}
