/**
 * Every user intent, declared once. ACTIONS are what a person asks for by name:
 * the label is its toolbar button's accessible name, the shortcut is matched on the
 * keyboard and listed in the help overlay. COMMANDS are the document edits panels
 * and the canvas make with a value (a card's new text, a stage one place left).
 * Both ask the server's own write rules (shared/src/command-permissions.ts) whether
 * this person may run them, never role names; both run only through dispatch.ts, and
 * change the board only by shared commands.
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
  type CommandName,
  comment,
  commitDrafts,
  connect,
  deleteSelection,
  editComment,
  endVoteSession,
  forkState,
  linkFriction,
  lockStructure,
  MANY_CARDS,
  moveCard,
  moveLane,
  moveStage,
  ORIGINS,
  pasteCards,
  pauseTimer,
  rateEmotion,
  removeCard,
  removeComment,
  removeLane,
  removeMetric,
  removeOpportunity,
  removePersona,
  removePrinciple,
  removeReason,
  removeSource,
  removeStage,
  removeState,
  renameLane,
  renameReason,
  renameStage,
  renameState,
  resolveComment,
  resumeTimer,
  revealRound,
  setMetric,
  setObjective,
  setScoring,
  setSlide,
  setVision,
  startRound,
  startTimer,
  startVoteSession,
  stopTimer,
  type TransactionOrigin,
  tagReason,
  unlinkFriction,
  updateCard,
  updateLane,
  updateOpportunity,
  updatePersona,
  updatePrinciple,
  vote,
} from '@journeyboard/shared';
import type { BoardStore, BoardViewState } from '../store/boardStore.js';
import { commandRefused, compareBase, selectedCard, shownGrid, touchRefused } from '../store/selectors.js';
import type { BoardSync } from '../sync/boardConnection.js';
import type { PresenceBinding } from '../sync/presence.js';

/** The toolbar's groups, in the order they stand, and its More menu. */
export const TOOLBAR_PLACES = ['create', 'edit', 'workshop', 'analyse', 'more'] as const;
export type ToolbarPlace = (typeof TOOLBAR_PLACES)[number];

/** What an action runs against: the synced board, the view's store, and this person's presence. */
export interface ActionContext {
  sync: BoardSync;
  store: BoardStore;
  presence: PresenceBinding;
}

export interface BoardAction {
  id: string;
  label: string;
  /**
   * Where the toolbar offers it: a button in one of its groups, an item of its More
   * menu (what a workshop rarely needs), or null (only the keyboard and the help overlay).
   */
  place: ToolbarPlace | null;
  /** Shown in the help overlay; matched by `matchesShortcut`. */
  shortcut?: string;
  /**
   * Why this person may not run it at all (asked of the write rules for what it
   * writes), or null; those refused do not see it. Absent for what changes only this
   * person's view (help, heat map), which everyone may run.
   */
  refusal?(state: BoardViewState): string | null;
  /** Whether the board on show allows it now (the button's disabled state). */
  enabled(state: BoardViewState): boolean;
  /**
   * Why the write rules refuse it for what is selected now, or null: a shortcut
   * pressed then says so (a disabled button shows it; a key would do nothing).
   */
  refusedNow?(state: BoardViewState): string | null;
  /** For actions that toggle something on and off: whether it is on (the button's aria-pressed). */
  pressed?(state: BoardViewState): boolean;
  run(context: ActionContext): void;
}

/** A document edit with a value, run as this person (origin `local`, so it can be undone). */
export interface BoardCommand<Input, Result> {
  /** Why the server would refuse it from this person on the board on show, or null: asked before it runs. */
  refusal(state: BoardViewState, input: Input): string | null;
  run(context: ActionContext, input: Input): Result;
}

/** Why the write rules refuse deleting what is selected (someone else's card, for a participant). */
const deletionRefused = (state: BoardViewState) =>
  commandRefused(state, 'deleteSelection', {
    cardIds: state.selectedCardIds,
    edgeIds: state.selectedEdgeIds,
  });

/** A shared command run as this person, refused when the server's rules would refuse it. */
function edit<Input, Result>(
  name: CommandName,
  command: (doc: BoardSync['doc'], input: Input, origin: TransactionOrigin) => Result,
): BoardCommand<Input, Result> {
  return {
    refusal: (state, input) => commandRefused(state, name, input),
    run: ({ sync }, input) => command(sync.doc, input, ORIGINS.local),
  };
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

/** A new empty card in `cell`, written under this person's name (null: an editor without an identity). */
const newCard = (state: BoardViewState, cell: Cell) => ({ ...cell, text: '', authorId: state.participantId });

/** Adds an empty card to a cell, brings it into view and opens it for typing. */
function startCard({ sync, store }: ActionContext, cell: Cell): string {
  // In a private round's cells a new note is a draft, kept in this browser until the reveal.
  const draft = store.getState().draftNote?.(cell);
  if (draft) return draft;
  const id = addCard(sync.doc, newCard(store.getState(), cell), ORIGINS.local);
  // The canvas draws only what is in view: it is brought there, so its editor exists to take the typing.
  store.setState({
    selectedCardIds: [id],
    editingCardId: id,
    focusRequest: { cardId: id, at: Date.now(), reveal: true },
  });
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
    refusal: (state, { id }) =>
      commandRefused(state, kind === 'stages' ? 'moveStage' : 'moveLane', { id, index: 0 }),
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
/** The one selected card, when this person may change it (their own, or any for an editor). */
const oneCardToChange = (state: BoardViewState) => {
  const card = oneCardSelected(state) ? selectedCard(state) : undefined;
  return card !== undefined && commandRefused(state, 'updateCard', { id: card.id, text: card.text }) === null;
};
/** Those who add cards of their own may also edit, move, delete and paste them (the card rule is `owned`). */
const contributorsOnly = (state: BoardViewState) =>
  touchRefused(state, { kind: 'create', collection: 'cards', owner: state.participantId });
/** Stages and lanes: editors, and only facilitators while the structure is locked. */
const gridShapers = (state: BoardViewState) => touchRefused(state, { kind: 'create', collection: 'stages' });
/** What runs the workshop: facilitators and owners. */
const facilitators = (state: BoardViewState) =>
  touchRefused(state, { kind: 'singleton', part: 'facilitation' });

const cardStep = (id: string, label: string, shortcut: string, axis: 'stage' | 'lane', delta: -1 | 1) =>
  ({
    id,
    label,
    place: null,
    shortcut,
    refusal: contributorsOnly,
    enabled: oneCardToChange,
    run: stepCard(axis, delta),
  }) satisfies BoardAction;

export const ACTIONS: BoardAction[] = [
  {
    id: 'edit-card',
    label: 'Edit the selected card',
    place: null,
    shortcut: 'Enter',
    refusal: contributorsOnly,
    enabled: (state) => oneCardToChange(state) && state.editingCardId === null,
    run: ({ store }) => store.setState((s) => ({ editingCardId: s.selectedCardIds[0] ?? null })),
  },
  cardStep('card-previous-stage', 'Move the card to the previous stage', 'Alt+ArrowLeft', 'stage', -1),
  cardStep('card-next-stage', 'Move the card to the next stage', 'Alt+ArrowRight', 'stage', 1),
  cardStep('card-previous-lane', 'Move the card to the lane above', 'Alt+ArrowUp', 'lane', -1),
  cardStep('card-next-lane', 'Move the card to the lane below', 'Alt+ArrowDown', 'lane', 1),
  {
    id: 'copy',
    label: 'Copy selected cards',
    place: null,
    shortcut: 'Ctrl+C',
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
    place: null,
    shortcut: 'Ctrl+V',
    refusal: contributorsOnly,
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
          authorId: state.participantId,
        },
        ORIGINS.local,
      );
      store.setState({ selectedCardIds: pasted });
    },
  },
  {
    id: 'help',
    label: 'Keyboard shortcuts',
    place: 'more',
    shortcut: '?',
    enabled: () => true,
    run: ({ store }) => store.setState((s) => ({ showHelp: !s.showHelp })),
  },
  {
    id: 'add-card',
    label: 'Add card',
    place: 'create',
    shortcut: 'N',
    refusal: contributorsOnly,
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
    place: 'create',
    refusal: gridShapers,
    enabled: hasState,
    run: ({ sync, store }) => {
      const { stateId } = store.getState();
      if (stateId) addStage(sync.doc, { stateId, title: 'New stage' }, ORIGINS.local);
    },
  },
  {
    id: 'add-lane',
    label: 'Add lane',
    place: 'create',
    refusal: gridShapers,
    enabled: hasState,
    run: ({ sync, store }) => {
      const { stateId } = store.getState();
      if (stateId) addLane(sync.doc, { stateId, kind: 'custom', title: 'New lane' }, ORIGINS.local);
    },
  },
  {
    id: 'delete',
    label: 'Delete selection',
    place: 'edit',
    shortcut: 'Delete',
    refusal: contributorsOnly,
    enabled: (state) =>
      hasState(state) &&
      state.selectedCardIds.length + state.selectedEdgeIds.length > 0 &&
      state.editingCardId === null &&
      deletionRefused(state) === null,
    refusedNow: deletionRefused,
    run: ({ sync, store }) => {
      const { selectedCardIds, selectedEdgeIds } = store.getState();
      // Many cards at once: asked first (board/DeleteQuestion.tsx), which then runs the command.
      if (selectedCardIds.length > MANY_CARDS) return store.setState({ confirmingDelete: true });
      deleteSelection(sync.doc, { cardIds: selectedCardIds, edgeIds: selectedEdgeIds }, ORIGINS.local);
      store.setState({ selectedCardIds: [], selectedEdgeIds: [] });
    },
  },
  {
    id: 'fork-state',
    label: 'Fork future state',
    place: 'more',
    refusal: (state) => touchRefused(state, { kind: 'create', collection: 'states' }),
    enabled: hasState,
    run: ({ sync, store }) => {
      const { stateId } = store.getState();
      if (!stateId) return;
      const future = forkState(sync.doc, { stateId }, ORIGINS.local);
      store.setState({ stateId: future, selectedCardIds: [], editingCardId: null, comparing: false });
    },
  },
  {
    id: 'lock-structure',
    label: 'Lock structure',
    // Shown beside the board's title (board/StructureLock.tsx), where everyone sees the lock.
    place: null,
    refusal: facilitators,
    enabled: (state) => state.board !== null,
    pressed: (state) => state.board?.facilitation.structureLocked ?? false,
    run: ({ sync, store }) => {
      const locked = store.getState().board?.facilitation.structureLocked ?? false;
      lockStructure(sync.doc, { locked: !locked }, ORIGINS.local);
    },
  },
  {
    id: 'compare',
    label: 'Compare',
    place: 'analyse',
    enabled: (state) => compareBase(state) !== null,
    run: ({ store }) => store.setState((s) => ({ comparing: !s.comparing })),
  },
  {
    // The board's story as slides, from live data (present/); everyone may watch it.
    id: 'present',
    label: 'Present',
    place: 'analyse',
    shortcut: 'P',
    enabled: (state) => state.board !== null,
    run: ({ store }) => store.setState({ presenting: 'presenter' }),
  },
  {
    id: 'heat-map',
    label: 'Heat map',
    place: 'analyse',
    shortcut: 'H',
    enabled: (state) => state.board !== null,
    pressed: (state) => state.heatMap,
    run: ({ store }) => store.setState((s) => ({ heatMap: !s.heatMap })),
  },
  {
    id: 'undo',
    label: 'Undo',
    place: 'edit',
    shortcut: 'Ctrl+Z',
    refusal: contributorsOnly,
    enabled: (state) => state.canUndo,
    run: ({ sync }) => {
      sync.undoManager?.undo();
    },
  },
  {
    id: 'redo',
    label: 'Redo',
    place: 'edit',
    shortcut: 'Ctrl+Shift+Z',
    refusal: contributorsOnly,
    enabled: (state) => state.canRedo,
    run: ({ sync }) => {
      sync.undoManager?.redo();
    },
  },
];

/** The origin of a reveal's commit of drafts: not undoable (see commitDrafts below). */
const REVEAL_ORIGIN = 'round-reveal';

export const COMMANDS = {
  startCard: {
    refusal: (state, cell) => commandRefused(state, 'addCard', newCard(state, cell)),
    run: startCard,
  } satisfies BoardCommand<Cell, string>,
  updateCard: edit('updateCard', updateCard),
  moveCard: edit('moveCard', moveCard),
  removeCard: edit('removeCard', removeCard),
  deleteSelection: edit('deleteSelection', deleteSelection),
  connect: edit('connect', connect),
  renameStage: edit('renameStage', renameStage),
  removeStage: edit('removeStage', removeStage),
  moveStageBy: stepHeader('stages'),
  renameLane: edit('renameLane', renameLane),
  removeLane: edit('removeLane', removeLane),
  moveLaneBy: stepHeader('lanes'),
  updateLane: edit('updateLane', updateLane),
  renameState: edit('renameState', renameState),
  removeState: edit('removeState', removeState),
  setMetric: edit('setMetric', setMetric),
  removeMetric: edit('removeMetric', removeMetric),
  setSlide: edit('setSlide', setSlide),
  removeSource: edit('removeSource', removeSource),
  setVision: edit('setVision', setVision),
  setObjective: edit('setObjective', setObjective),
  addPrinciple: edit('addPrinciple', addPrinciple),
  updatePrinciple: edit('updatePrinciple', updatePrinciple),
  removePrinciple: edit('removePrinciple', removePrinciple),
  addPersona: edit('addPersona', addPersona),
  updatePersona: edit('updatePersona', updatePersona),
  removePersona: edit('removePersona', removePersona),
  setScoring: edit('setScoring', setScoring),
  addReason: edit('addReason', addReason),
  renameReason: edit('renameReason', renameReason),
  removeReason: edit('removeReason', removeReason),
  tagReason: edit('tagReason', tagReason),
  addOpportunity: edit('addOpportunity', addOpportunity),
  updateOpportunity: edit('updateOpportunity', updateOpportunity),
  removeOpportunity: edit('removeOpportunity', removeOpportunity),
  linkFriction: edit('linkFriction', linkFriction),
  unlinkFriction: edit('unlinkFriction', unlinkFriction),
  comment: edit('comment', comment),
  editComment: edit('editComment', editComment),
  resolveComment: edit('resolveComment', resolveComment),
  removeComment: edit('removeComment', removeComment),
  vote: edit('vote', vote),
  rateEmotion: edit('rateEmotion', rateEmotion),
  startVoteSession: edit('startVoteSession', startVoteSession),
  endVoteSession: edit('endVoteSession', endVoteSession),
  applyVotePriorities: edit('applyVotePriorities', applyVotePriorities),
  startTimer: edit('startTimer', startTimer),
  pauseTimer: edit('pauseTimer', pauseTimer),
  resumeTimer: edit('resumeTimer', resumeTimer),
  stopTimer: edit('stopTimer', stopTimer),
  lockStructure: edit('lockStructure', lockStructure),
  // The private writing round (round/): facilitators start and reveal it; then each
  // person's browser adds their drafts to the board, as theirs, in one transaction.
  startRound: edit('startRound', startRound),
  revealRound: edit('revealRound', revealRound),
  commitDrafts: {
    refusal: (state, { authorId, notes }) =>
      notes
        .map((note) => commandRefused(state, 'addCard', { ...note, authorId }))
        .find((refusal) => refusal !== null) ?? null,
    // Not `local`: an Undo right after the reveal must not take a person's notes back off the board.
    run: ({ sync }, input) => commitDrafts(sync.doc, input, REVEAL_ORIGIN),
  } satisfies BoardCommand<Parameters<typeof commitDrafts>[1], string[]>,
} as const;

export type CommandId = keyof typeof COMMANDS;
export type CommandInputOf<C extends CommandId> = Parameters<(typeof COMMANDS)[C]['run']>[1];
export type CommandResultOf<C extends CommandId> = ReturnType<(typeof COMMANDS)[C]['run']>;
