/**
 * Every user command is one action: its label is the accessible name of its
 * button, its shortcut is listed in the help overlay, and `enabled` says when the
 * person's role and the board allow it. Actions call shared commands only.
 */
import { addCard, addLane, addStage, ORIGINS, removeCard } from '@journeyboard/shared';
import type { BoardStore, BoardViewState } from '../store/boardStore.js';
import type { BoardConnection } from '../sync/boardConnection.js';

export interface ActionContext {
  connection: BoardConnection;
  store: BoardStore;
}

export interface BoardAction {
  id: string;
  label: string;
  /** Shown in the help overlay; matched by `matchesShortcut`. */
  shortcut?: string;
  enabled(state: BoardViewState): boolean;
  perform(context: ActionContext): void;
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
    id: 'add-card',
    label: 'Add card',
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
    enabled: canEdit,
    perform: ({ connection, store }) => {
      const { stateId } = store.getState();
      if (stateId) addStage(connection.doc, { stateId, title: 'New stage' }, ORIGINS.local);
    },
  },
  {
    id: 'add-lane',
    label: 'Add lane',
    enabled: canEdit,
    perform: ({ connection, store }) => {
      const { stateId } = store.getState();
      if (stateId) addLane(connection.doc, { stateId, kind: 'custom', title: 'New lane' }, ORIGINS.local);
    },
  },
  {
    id: 'delete',
    label: 'Delete selected cards',
    shortcut: 'Delete',
    enabled: (state) => canEdit(state) && state.selectedCardIds.length > 0 && state.editingCardId === null,
    perform: ({ connection, store }) => {
      const ids = store.getState().selectedCardIds;
      connection.doc.transact(() => {
        for (const id of ids) removeCard(connection.doc, { id }, ORIGINS.local);
      }, ORIGINS.local);
      store.setState({ selectedCardIds: [] });
    },
  },
  {
    id: 'undo',
    label: 'Undo',
    shortcut: 'Ctrl+Z',
    enabled: (state) => state.role !== 'viewer' && state.canUndo,
    perform: ({ connection }) => {
      connection.undoManager?.undo();
    },
  },
  {
    id: 'redo',
    label: 'Redo',
    shortcut: 'Ctrl+Shift+Z',
    enabled: (state) => state.role !== 'viewer' && state.canRedo,
    perform: ({ connection }) => {
      connection.undoManager?.redo();
    },
  },
];

export function matchesShortcut(action: BoardAction, event: KeyboardEvent): boolean {
  if (!action.shortcut) return false;
  const parts = action.shortcut.split('+');
  const key = parts.at(-1) as string;
  const wantsCtrl = parts.includes('Ctrl');
  const wantsShift = parts.includes('Shift');
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl !== wantsCtrl || event.shiftKey !== wantsShift || event.altKey) return false;
  if (key === 'Delete') return event.key === 'Delete' || event.key === 'Backspace';
  return event.key.toLowerCase() === key.toLowerCase();
}
