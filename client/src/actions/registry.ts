/**
 * Every user intent, declared once. ACTIONS are what a person asks for by name:
 * the label is its toolbar button's accessible name, the shortcut is matched on the
 * keyboard and listed in the help overlay. COMMANDS are the document edits panels
 * and the canvas make with a value (a card's new text, a stage one place left).
 * Both say which roles may run them; both run only through dispatch.ts, and change
 * the board only by shared commands.
 */
import {
  addCard,
  addLane,
  addOpportunity,
  addPersona,
  addPrinciple,
  addReason,
  addStage,
  applyVotePriorities,
  atLeast,
  comment,
  commitDrafts,
  connect,
  deleteSelection,
  editComment,
  endVoteSession,
  forkState,
  linkFriction,
  moveCard,
  moveLane,
  moveStage,
  ORIGINS,
  pasteCards,
  pauseTimer,
  ROLES,
  type Role,
  rateEmotion,
  removeCard,
  removeComment,
  removeLane,
  removeMetric,
  removeOpportunity,
  removePersona,
  removePrinciple,
  removeReason,
  removeStage,
  renameLane,
  renameReason,
  renameStage,
  resolveComment,
  resumeTimer,
  revealRound,
  setMetric,
  setObjective,
  setScoring,
  setVision,
  startRound,
  startTimer,
  startVoteSession,
  stopTimer,
  type TransactionOrigin,
  tagReason,
  unlinkFriction,
  updateCard,
  updateOpportunity,
  updatePersona,
  updatePrinciple,
  vote,
} from '@journeyboard/shared';
import type { BoardStore, BoardViewState } from '../store/boardStore.js';
import { compareBase, selectedCard, shownGrid } from '../store/selectors.js';
import type { BoardSync } from '../sync/boardConnection.js';
import type { PresenceBinding } from '../sync/presence.js';

/** What an action runs against: the synced board, the view's store, and this person's presence. */
export interface ActionContext {
  sync: BoardSync;
  store: BoardStore;
  presence: PresenceBinding;
}

export const EVERYONE: readonly Role[] = ROLES;
/** Those who change the map (the server refuses a viewer's writes as well). */
export const EDITORS: readonly Role[] = ROLES.filter((role) => atLeast(role, 'editor'));

export interface BoardAction {
  id: string;
  label: string;
  /** Shown as a toolbar button (others live in the keyboard and the help overlay). */
  inToolbar: boolean;
  /** Shown in the help overlay; matched by `matchesShortcut`. */
  shortcut?: string;
  /** Who may run it; everyone else does not see it at all. */
  roles: readonly Role[];
  /** Whether the board on show allows it now (the button's disabled state). */
  enabled(state: BoardViewState): boolean;
  /** For actions that toggle something on and off: whether it is on (the button's aria-pressed). */
  pressed?(state: BoardViewState): boolean;
  run(context: ActionContext): void;
}

/** A document edit with a value, run as this person (origin `local`, so it can be undone). */
export interface BoardCommand<Input, Result> {
  roles: readonly Role[];
  run(context: ActionContext, input: Input): Result;
}

/** A shared command as an edit of the map: editors only, as this person. */
function edit<Input, Result>(
  command: (doc: BoardSync['doc'], input: Input, origin: TransactionOrigin) => Result,
): BoardCommand<Input, Result> {
  return { roles: EDITORS, run: ({ sync }, input) => command(sync.doc, input, ORIGINS.local) };
}

/** The item `delta` places from `id` in `list`, if there is one. */
function neighbour<T extends { id: string }>(list: T[], id: string, delta: -1 | 1) {
  const index = list.findIndex((item) => item.id === id);
  const to = index + delta;
  return index >= 0 && to >= 0 && to < list.length ? { index: to, item: list[to] as T } : null;
}

/** A cell of the grid, and optionally where among its cards. */
export interface Cell {
  stageId: string;
  laneId: string;
  index?: number;
}

/** Adds an empty card to a cell and opens it for typing. */
function startCard({ sync, store }: ActionContext, cell: Cell): string {
  const id = addCard(sync.doc, { ...cell, text: '' }, ORIGINS.local);
  store.setState({ selectedCardIds: [id], editingCardId: id });
  return id;
}

/** Moves the selected card one stage or lane over, keeping its place in the cell as far as it can. */
function stepCard(axis: 'stage' | 'lane', delta: -1 | 1): BoardAction['run'] {
  return ({ sync, store }) => {
    const state = store.getState();
    const card = selectedCard(state);
    if (!card) return;
    const { stages, lanes } = shownGrid(state);
    const target =
      axis === 'stage' ? neighbour(stages, card.stageId, delta) : neighbour(lanes, card.laneId, delta);
    if (!target) return;
    const cell =
      axis === 'stage'
        ? { stageId: target.item.id, laneId: card.laneId }
        : { stageId: card.stageId, laneId: target.item.id };
    moveCard(sync.doc, { id: card.id, ...cell }, ORIGINS.local);
  };
}

/** Moves a stage or lane of the state on show one place along. */
function stepHeader(kind: 'stages' | 'lanes'): BoardCommand<{ id: string; delta: -1 | 1 }, void> {
  return {
    roles: EDITORS,
    run: ({ sync, store }, { id, delta }) => {
      const target = neighbour(shownGrid(store.getState())[kind], id, delta);
      if (!target) return;
      if (kind === 'stages') moveStage(sync.doc, { id, index: target.index }, ORIGINS.local);
      else moveLane(sync.doc, { id, index: target.index }, ORIGINS.local);
    },
  };
}

const hasState = (state: BoardViewState) => state.board !== null && state.stateId !== null;
const oneCardSelected = (state: BoardViewState) => hasState(state) && selectedCard(state) !== undefined;

const cardStep = (id: string, label: string, shortcut: string, axis: 'stage' | 'lane', delta: -1 | 1) =>
  ({
    id,
    label,
    inToolbar: false,
    shortcut,
    roles: EDITORS,
    enabled: oneCardSelected,
    run: stepCard(axis, delta),
  }) satisfies BoardAction;

export const ACTIONS: BoardAction[] = [
  {
    id: 'edit-card',
    label: 'Edit the selected card',
    inToolbar: false,
    shortcut: 'Enter',
    roles: EDITORS,
    enabled: (state) => oneCardSelected(state) && state.editingCardId === null,
    run: ({ store }) => store.setState((s) => ({ editingCardId: s.selectedCardIds[0] ?? null })),
  },
  cardStep('card-previous-stage', 'Move the card to the previous stage', 'Alt+ArrowLeft', 'stage', -1),
  cardStep('card-next-stage', 'Move the card to the next stage', 'Alt+ArrowRight', 'stage', 1),
  cardStep('card-previous-lane', 'Move the card to the lane above', 'Alt+ArrowUp', 'lane', -1),
  cardStep('card-next-lane', 'Move the card to the lane below', 'Alt+ArrowDown', 'lane', 1),
  {
    id: 'copy',
    label: 'Copy selected cards',
    inToolbar: false,
    shortcut: 'Ctrl+C',
    roles: EVERYONE,
    enabled: (state) => state.selectedCardIds.length > 0,
    run: ({ store }) => {
      const { board, selectedCardIds } = store.getState();
      const ids = new Set(selectedCardIds);
      store.setState({ clipboard: board?.cards.filter((c) => ids.has(c.id)) ?? [] });
    },
  },
  {
    id: 'paste',
    label: 'Paste cards',
    inToolbar: false,
    shortcut: 'Ctrl+V',
    roles: EDITORS,
    enabled: (state) => hasState(state) && state.clipboard.length > 0,
    run: ({ sync, store }) => {
      const state = store.getState();
      if (!state.stateId) return;
      const target = selectedCard(state);
      const pasted = pasteCards(
        sync.doc,
        {
          stateId: state.stateId,
          cards: state.clipboard,
          target: target ? { stageId: target.stageId, laneId: target.laneId } : null,
        },
        ORIGINS.local,
      );
      store.setState({ selectedCardIds: pasted });
    },
  },
  {
    id: 'help',
    label: 'Keyboard shortcuts',
    inToolbar: true,
    shortcut: '?',
    roles: EVERYONE,
    enabled: () => true,
    run: ({ store }) => store.setState((s) => ({ showHelp: !s.showHelp })),
  },
  {
    id: 'add-card',
    label: 'Add card',
    inToolbar: true,
    shortcut: 'N',
    roles: EDITORS,
    enabled: (state) => {
      const { stages, lanes } = shownGrid(state);
      return hasState(state) && stages.length > 0 && lanes.length > 0;
    },
    run: (context) => {
      const state = context.store.getState();
      const { stages, lanes } = shownGrid(state);
      const selected = state.board?.cards.find((c) => c.id === state.selectedCardIds[0]);
      const stageId = selected?.stageId ?? stages[0]?.id;
      const laneId = selected?.laneId ?? lanes[0]?.id;
      if (stageId && laneId) startCard(context, { stageId, laneId });
    },
  },
  {
    id: 'add-stage',
    label: 'Add stage',
    inToolbar: true,
    roles: EDITORS,
    enabled: hasState,
    run: ({ sync, store }) => {
      const { stateId } = store.getState();
      if (stateId) addStage(sync.doc, { stateId, title: 'New stage' }, ORIGINS.local);
    },
  },
  {
    id: 'add-lane',
    label: 'Add lane',
    inToolbar: true,
    roles: EDITORS,
    enabled: hasState,
    run: ({ sync, store }) => {
      const { stateId } = store.getState();
      if (stateId) addLane(sync.doc, { stateId, kind: 'custom', title: 'New lane' }, ORIGINS.local);
    },
  },
  {
    id: 'delete',
    label: 'Delete selection',
    inToolbar: true,
    shortcut: 'Delete',
    roles: EDITORS,
    enabled: (state) =>
      hasState(state) &&
      state.selectedCardIds.length + state.selectedEdgeIds.length > 0 &&
      state.editingCardId === null,
    run: ({ sync, store }) => {
      const { selectedCardIds, selectedEdgeIds } = store.getState();
      deleteSelection(sync.doc, { cardIds: selectedCardIds, edgeIds: selectedEdgeIds }, ORIGINS.local);
      store.setState({ selectedCardIds: [], selectedEdgeIds: [] });
    },
  },
  {
    id: 'fork-state',
    label: 'Fork future state',
    inToolbar: true,
    roles: EDITORS,
    enabled: hasState,
    run: ({ sync, store }) => {
      const { stateId } = store.getState();
      if (!stateId) return;
      const future = forkState(sync.doc, { stateId }, ORIGINS.local);
      store.setState({ stateId: future, selectedCardIds: [], editingCardId: null, comparing: false });
    },
  },
  {
    id: 'compare',
    label: 'Compare',
    inToolbar: true,
    roles: EVERYONE,
    enabled: (state) => compareBase(state) !== null,
    run: ({ store }) => store.setState((s) => ({ comparing: !s.comparing })),
  },
  {
    id: 'heat-map',
    label: 'Heat map',
    inToolbar: true,
    shortcut: 'H',
    roles: EVERYONE,
    enabled: (state) => state.board !== null,
    pressed: (state) => state.heatMap,
    run: ({ store }) => store.setState((s) => ({ heatMap: !s.heatMap })),
  },
  {
    id: 'undo',
    label: 'Undo',
    inToolbar: true,
    shortcut: 'Ctrl+Z',
    roles: EDITORS,
    enabled: (state) => state.canUndo,
    run: ({ sync }) => {
      sync.undoManager?.undo();
    },
  },
  {
    id: 'redo',
    label: 'Redo',
    inToolbar: true,
    shortcut: 'Ctrl+Shift+Z',
    roles: EDITORS,
    enabled: (state) => state.canRedo,
    run: ({ sync }) => {
      sync.undoManager?.redo();
    },
  },
];

/** Who runs a private round, and who drafts in one (the server holds everyone to the same rules). */
const ROUND_LEADERS: readonly Role[] = ROLES.filter((role) => atLeast(role, 'facilitator'));
const ROUND_WRITERS: readonly Role[] = ROLES.filter((role) => atLeast(role, 'participant'));
const REVEAL_ORIGIN = 'round-reveal';

export const COMMANDS = {
  startCard: { roles: EDITORS, run: startCard } satisfies BoardCommand<Cell, string>,
  updateCard: edit(updateCard),
  moveCard: edit(moveCard),
  removeCard: edit(removeCard),
  connect: edit(connect),
  renameStage: edit(renameStage),
  removeStage: edit(removeStage),
  moveStageBy: stepHeader('stages'),
  renameLane: edit(renameLane),
  removeLane: edit(removeLane),
  moveLaneBy: stepHeader('lanes'),
  setMetric: edit(setMetric),
  removeMetric: edit(removeMetric),
  setVision: edit(setVision),
  setObjective: edit(setObjective),
  addPrinciple: edit(addPrinciple),
  updatePrinciple: edit(updatePrinciple),
  removePrinciple: edit(removePrinciple),
  addPersona: edit(addPersona),
  updatePersona: edit(updatePersona),
  removePersona: edit(removePersona),
  setScoring: edit(setScoring),
  addReason: edit(addReason),
  renameReason: edit(renameReason),
  removeReason: edit(removeReason),
  tagReason: edit(tagReason),
  addOpportunity: edit(addOpportunity),
  updateOpportunity: edit(updateOpportunity),
  removeOpportunity: edit(removeOpportunity),
  linkFriction: edit(linkFriction),
  unlinkFriction: edit(unlinkFriction),
  comment: edit(comment),
  editComment: edit(editComment),
  resolveComment: edit(resolveComment),
  removeComment: edit(removeComment),
  vote: edit(vote),
  rateEmotion: edit(rateEmotion),
  startVoteSession: edit(startVoteSession),
  endVoteSession: edit(endVoteSession),
  applyVotePriorities: edit(applyVotePriorities),
  startTimer: edit(startTimer),
  pauseTimer: edit(pauseTimer),
  resumeTimer: edit(resumeTimer),
  stopTimer: edit(stopTimer),
  // The private writing round (round/): facilitators start and reveal it; then each
  // person's browser adds their drafts to the board, as theirs, in one transaction.
  startRound: { ...edit(startRound), roles: ROUND_LEADERS },
  revealRound: { ...edit(revealRound), roles: ROUND_LEADERS },
  commitDrafts: {
    roles: ROUND_WRITERS,
    // Not `local`: an Undo right after the reveal must not take a person's notes back off the board.
    run: ({ sync }, input) => commitDrafts(sync.doc, input, REVEAL_ORIGIN),
  } satisfies BoardCommand<Parameters<typeof commitDrafts>[1], string[]>,
} as const;

export type CommandId = keyof typeof COMMANDS;
export type CommandInputOf<C extends CommandId> = Parameters<(typeof COMMANDS)[C]['run']>[1];
export type CommandResultOf<C extends CommandId> = ReturnType<(typeof COMMANDS)[C]['run']>;
