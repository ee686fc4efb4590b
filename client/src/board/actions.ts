/**
 * Every user command is one action: its label is the accessible name of its
 * button, its shortcut is listed in the help overlay, and `enabled` says when the
 * person's role and the board allow it. Actions call shared commands only.
 */
import {
  addCard,
  addLane,
  addStage,
  type Card,
  disconnect,
  forkState,
  moveCard,
  ORIGINS,
  removeCard,
} from '@journeyboard/shared';
import type { BoardStore, BoardViewState } from '../store/boardStore.js';
import type { BoardConnection } from '../sync/boardConnection.js';
import type { PresenceBinding } from '../sync/presence.js';

export interface ActionContext {
  connection: BoardConnection;
  store: BoardStore;
  presence: PresenceBinding;
}

export interface BoardAction {
  id: string;
  label: string;
  /** Shown as a toolbar button (others live in the keyboard and the help overlay). */
  inToolbar: boolean;
  /** Shown in the help overlay; matched by `matchesShortcut`. */
  shortcut?: string;
  enabled(state: BoardViewState): boolean;
  /** For actions that toggle something on and off: whether it is on (the button's aria-pressed). */
  pressed?(state: BoardViewState): boolean;
  perform(context: ActionContext): void;
}

const selectedCard = (state: BoardViewState): Card | undefined =>
  state.selectedCardIds.length === 1
    ? state.board?.cards.find((c) => c.id === state.selectedCardIds[0])
    : undefined;

/** Moves the selected card one stage or lane over, keeping its place in the cell as far as it can. */
function stepCard(axis: 'stage' | 'lane', delta: -1 | 1): BoardAction['perform'] {
  return ({ connection, store }) => {
    const state = store.getState();
    const card = selectedCard(state);
    if (!card) return;
    const { stages, lanes } = stateParts(state);
    const list = axis === 'stage' ? stages : lanes;
    const index = list.findIndex((item) => item.id === (axis === 'stage' ? card.stageId : card.laneId));
    const target = list[index + delta];
    if (!target) return;
    moveCard(
      connection.doc,
      {
        id: card.id,
        stageId: axis === 'stage' ? target.id : card.stageId,
        laneId: axis === 'lane' ? target.id : card.laneId,
      },
      ORIGINS.local,
    );
  };
}

const canEdit = (state: BoardViewState) =>
  state.role !== 'viewer' && state.board !== null && state.stateId !== null;

function stateParts(state: BoardViewState) {
  const board = state.board;
  const stages = board?.stages.filter((s) => s.stateId === state.stateId) ?? [];
  const lanes = board?.lanes.filter((l) => l.stateId === state.stateId) ?? [];
  return { board, stages, lanes };
}

export const ACTIONS: BoardAction[] = [
  {
    id: 'edit-card',
    label: 'Edit the selected card',
    inToolbar: false,
    shortcut: 'Enter',
    enabled: (state) => canEdit(state) && selectedCard(state) !== undefined && state.editingCardId === null,
    perform: ({ store }) => store.setState((s) => ({ editingCardId: s.selectedCardIds[0] ?? null })),
  },
  {
    id: 'card-previous-stage',
    label: 'Move the card to the previous stage',
    inToolbar: false,
    shortcut: 'Alt+ArrowLeft',
    enabled: (state) => canEdit(state) && selectedCard(state) !== undefined,
    perform: stepCard('stage', -1),
  },
  {
    id: 'card-next-stage',
    label: 'Move the card to the next stage',
    inToolbar: false,
    shortcut: 'Alt+ArrowRight',
    enabled: (state) => canEdit(state) && selectedCard(state) !== undefined,
    perform: stepCard('stage', 1),
  },
  {
    id: 'card-previous-lane',
    label: 'Move the card to the lane above',
    inToolbar: false,
    shortcut: 'Alt+ArrowUp',
    enabled: (state) => canEdit(state) && selectedCard(state) !== undefined,
    perform: stepCard('lane', -1),
  },
  {
    id: 'card-next-lane',
    label: 'Move the card to the lane below',
    inToolbar: false,
    shortcut: 'Alt+ArrowDown',
    enabled: (state) => canEdit(state) && selectedCard(state) !== undefined,
    perform: stepCard('lane', 1),
  },
  {
    id: 'copy',
    label: 'Copy selected cards',
    inToolbar: false,
    shortcut: 'Ctrl+C',
    enabled: (state) => state.selectedCardIds.length > 0,
    perform: ({ store }) => {
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
    enabled: (state) => canEdit(state) && state.clipboard.length > 0,
    perform: ({ connection, store }) => {
      const state = store.getState();
      const { stages, lanes } = stateParts(state);
      const target = selectedCard(state);
      const pasted: string[] = [];
      connection.doc.transact(() => {
        for (const card of state.clipboard) {
          // Into the selected card's cell, or the same cell when it exists in the state on show.
          const stageId =
            target?.stageId ?? (stages.some((s) => s.id === card.stageId) ? card.stageId : stages[0]?.id);
          const laneId =
            target?.laneId ?? (lanes.some((l) => l.id === card.laneId) ? card.laneId : lanes[0]?.id);
          if (!stageId || !laneId) continue;
          const {
            id: _id,
            stateId: _s,
            stageId: _st,
            laneId: _l,
            order: _o,
            derivedFrom: _d,
            reasonIds: _r,
            ...fields
          } = card;
          const copy = { ...fields, friction: { ...card.friction, segmentId: null } };
          pasted.push(addCard(connection.doc, { ...copy, stageId, laneId }, ORIGINS.local));
        }
      }, ORIGINS.local);
      store.setState({ selectedCardIds: pasted });
    },
  },
  {
    id: 'help',
    label: 'Keyboard shortcuts',
    inToolbar: true,
    shortcut: '?',
    enabled: () => true,
    perform: ({ store }) => store.setState((s) => ({ showHelp: !s.showHelp })),
  },
  {
    id: 'add-card',
    label: 'Add card',
    inToolbar: true,
    shortcut: 'N',
    enabled: (state) =>
      canEdit(state) && stateParts(state).stages.length > 0 && stateParts(state).lanes.length > 0,
    perform: ({ connection, store }) => {
      const state = store.getState();
      const { board, stages, lanes } = stateParts(state);
      const selected = board?.cards.find((c) => c.id === state.selectedCardIds[0]);
      const stageId = selected?.stageId ?? stages[0]?.id;
      const laneId = selected?.laneId ?? lanes[0]?.id;
      if (!stageId || !laneId) return;
      const id = addCard(connection.doc, { stageId, laneId, text: '' }, ORIGINS.local);
      store.setState({ selectedCardIds: [id], editingCardId: id });
    },
  },
  {
    id: 'add-stage',
    label: 'Add stage',
    inToolbar: true,
    enabled: canEdit,
    perform: ({ connection, store }) => {
      const { stateId } = store.getState();
      if (stateId) addStage(connection.doc, { stateId, title: 'New stage' }, ORIGINS.local);
    },
  },
  {
    id: 'add-lane',
    label: 'Add lane',
    inToolbar: true,
    enabled: canEdit,
    perform: ({ connection, store }) => {
      const { stateId } = store.getState();
      if (stateId) addLane(connection.doc, { stateId, kind: 'custom', title: 'New lane' }, ORIGINS.local);
    },
  },
  {
    id: 'delete',
    label: 'Delete selection',
    inToolbar: true,
    shortcut: 'Delete',
    enabled: (state) =>
      canEdit(state) &&
      state.selectedCardIds.length + state.selectedEdgeIds.length > 0 &&
      state.editingCardId === null,
    perform: ({ connection, store }) => {
      const { selectedCardIds, selectedEdgeIds, board } = store.getState();
      const { doc } = connection;
      doc.transact(() => {
        for (const id of selectedEdgeIds) {
          if (board?.edges.some((e) => e.id === id)) disconnect(doc, { id }, ORIGINS.local);
        }
        for (const id of selectedCardIds) removeCard(doc, { id }, ORIGINS.local);
      }, ORIGINS.local);
      store.setState({ selectedCardIds: [], selectedEdgeIds: [] });
    },
  },
  {
    id: 'fork-state',
    label: 'Fork future state',
    inToolbar: true,
    enabled: canEdit,
    perform: ({ connection, store }) => {
      const { stateId } = store.getState();
      if (!stateId) return;
      const future = forkState(connection.doc, { stateId }, ORIGINS.local);
      store.setState({ stateId: future, selectedCardIds: [], editingCardId: null, comparing: false });
    },
  },
  {
    id: 'compare',
    label: 'Compare',
    inToolbar: true,
    enabled: (state) => compareBase(state) !== null,
    perform: ({ store }) => store.setState((s) => ({ comparing: !s.comparing })),
  },
  {
    id: 'heat-map',
    label: 'Heat map',
    inToolbar: true,
    shortcut: 'H',
    enabled: (state) => state.board !== null,
    pressed: (state) => state.heatMap,
    perform: ({ store }) => store.setState((s) => ({ heatMap: !s.heatMap })),
  },
  {
    id: 'undo',
    label: 'Undo',
    inToolbar: true,
    shortcut: 'Ctrl+Z',
    enabled: (state) => state.role !== 'viewer' && state.canUndo,
    perform: ({ connection }) => {
      connection.undoManager?.undo();
    },
  },
  {
    id: 'redo',
    label: 'Redo',
    inToolbar: true,
    shortcut: 'Ctrl+Shift+Z',
    enabled: (state) => state.role !== 'viewer' && state.canRedo,
    perform: ({ connection }) => {
      connection.undoManager?.redo();
    },
  },
];

/** The state the one on show was forked from (or, on a current state, its first future): what Compare sets beside it. */
export function compareBase(state: BoardViewState): { from: string; to: string } | null {
  const states = state.board?.states ?? [];
  const shown = states.find((s) => s.id === state.stateId);
  if (!shown) return null;
  if (shown.derivedFrom && states.some((s) => s.id === shown.derivedFrom))
    return { from: shown.derivedFrom, to: shown.id };
  const future = states.find((s) => s.derivedFrom === shown.id);
  return future ? { from: shown.id, to: future.id } : null;
}

export function matchesShortcut(action: BoardAction, event: KeyboardEvent): boolean {
  if (!action.shortcut) return false;
  const parts = action.shortcut.split('+');
  const key = parts.at(-1) as string;
  const wantsCtrl = parts.includes('Ctrl');
  const wantsShift = parts.includes('Shift');
  const wantsAlt = parts.includes('Alt');
  const ctrl = event.ctrlKey || event.metaKey;
  // '?' needs Shift on most layouts: it is matched by the character alone.
  if (key === '?') return event.key === '?' && !ctrl && !event.altKey;
  if (ctrl !== wantsCtrl || event.shiftKey !== wantsShift || event.altKey !== wantsAlt) return false;
  if (key === 'Delete') return event.key === 'Delete' || event.key === 'Backspace';
  return event.key.toLowerCase() === key.toLowerCase();
}
