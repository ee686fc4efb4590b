/**
 * The one way the UI changes anything: toolbar buttons, shortcuts, the help
 * overlay, the canvas and every panel hold a BoardActions, never the document.
 * What the server would refuse (its own write rules, asked through the shared
 * permission table) is refused here, as a value, whatever asked, and its reason is
 * shown to the person (the store's notice), so an honest app never sends a change
 * the server would throw back.
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
import { isTypingInto, type KeyPress, matchesShortcut } from './shortcuts.js';

/** What running something came to: its result, or why it was refused. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: string };

export const REFUSED_NOW = 'not possible right now';

export interface BoardActions {
  /** The view's state, read through selectors (`useStore(actions.store, ...)`). */
  readonly store: BoardStore;
  readonly presence: PresenceBinding;
  /** The board and this person's link to it (for what goes over HTTP, such as exports). */
  readonly link: { boardId: string; token: string };
  /** The named actions this person may run, in registry order: the others are not shown. */
  offered(state: BoardViewState): BoardAction[];
  /** Whether `action` may run now: this person may run it and the board allows it. */
  allowed(action: BoardAction, state: BoardViewState): boolean;
  /** Runs a named action (a toolbar button, a shortcut). */
  run(id: string): Outcome<void>;
  /** Runs the action whose shortcut this key press is; null when it is none of them, or not allowed now. */
  press(key: KeyPress): BoardAction | null;
  /**
   * Runs a document command with its input, unless the server's rules would refuse it
   * from this person; an input the command itself refuses throws BoardCommandError.
   */
  edit<C extends CommandId>(command: C, input: CommandInputOf<C>): Outcome<CommandResultOf<C>>;
  /** Tells the person something about what they just did, at the foot of the board (the store's notice). */
  announce(text: string): void;
  /** Ends this person's current undo step: their next edit is undone on its own (live text's word runs). */
  endUndoStep(): void;
}

export function createBoardActions(context: ActionContext): BoardActions {
  const { sync, store, presence } = context;
  const isOffered = (action: BoardAction, state: BoardViewState) =>
    (action.refusal?.(state) ?? null) === null;
  const allowed = (action: BoardAction, state: BoardViewState) =>
    isOffered(action, state) && action.enabled(state);
  /** A refusal as a value, and its reason on show for the person who asked. */
  const announce = (text: string) => store.setState({ notice: { text, at: Date.now() } });
  const refuse = (refusal: string): { ok: false; refusal: string } => {
    announce(refusal);
    return { ok: false, refusal };
  };
  return {
    store,
    presence,
    link: { boardId: sync.options.boardId, token: sync.options.token },
    offered: (state) => ACTIONS.filter((action) => isOffered(action, state)),
    allowed,
    announce,
    endUndoStep: () => sync.undoManager?.stopCapturing(),
    run(id) {
      const action = ACTIONS.find((a) => a.id === id);
      if (!action) return { ok: false, refusal: `no action "${id}"` };
      const state = store.getState();
      const refusal = action.refusal?.(state) ?? null;
      if (refusal) return refuse(refusal);
      if (!action.enabled(state)) return refuse(REFUSED_NOW);
      action.run(context);
      return { ok: true, value: undefined };
    },
    press(key) {
      const state = store.getState();
      // Keys typed into a field, or while a card is open for writing (its editor may still be
      // on its way into view), are words: only Ctrl/⌘ combinations still run actions then.
      if (isTypingInto(key.target)) return null;
      if (state.editingCardId !== null && !key.ctrlKey && !key.metaKey) return null;
      const matching = ACTIONS.filter((a) => matchesShortcut(a.shortcut, key));
      const action = matching.find((a) => allowed(a, state));
      if (!action) {
        // A shortcut for something this person may not do says why, as its button would.
        const refusal = matching
          .map((a) => a.refusal?.(state) ?? a.refusedNow?.(state) ?? null)
          .find((r) => r !== null);
        if (refusal) refuse(refusal);
        return null;
      }
      action.run(context);
      return action;
    },
    edit(command, input) {
      const entry = COMMANDS[command] as {
        refusal(state: BoardViewState, input: unknown): string | null;
        run(context: ActionContext, input: unknown): unknown;
      };
      const refusal = entry.refusal(store.getState(), input);
      if (refusal) return refuse(refusal);
      return { ok: true, value: entry.run(context, input) as CommandResultOf<typeof command> };
    },
  };
}
