/**
 * What a person does on the canvas, turned into actions: selecting, dragging and
 * dropping cards, drawing lines, double-clicking a cell, typing into a card. Drags
 * stay local (and in presence, for others to watch); only the drop edits the board.
 */
import { type Card, cellAt, GRID, type GridLayout } from '@journeyboard/shared';
import {
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type Node,
  type NodeChange,
  useReactFlow,
} from '@xyflow/react';
import { type PointerEvent, type MouseEvent as ReactMouseEvent, useCallback, useState } from 'react';
import type { BoardActions } from '../actions/dispatch.js';
import type { CanvasNode, LocalDrag } from './flowNodes.js';

/** The ids selected after `changes`, starting from `current`; null when no change selects anything. */
function selectionAfter(
  current: readonly string[],
  changes: Array<NodeChange | EdgeChange>,
): string[] | null {
  let selection: Set<string> | null = null;
  for (const change of changes) {
    if (change.type !== 'select') continue;
    selection ??= new Set(current);
    if (change.selected) selection.add(change.id);
    else selection.delete(change.id);
  }
  return selection && Array.from(selection);
}

/** A card with nothing on it: no text, and nothing set from the inspector either. */
const isBlank = (card: Card) =>
  card.text.trim() === '' &&
  card.notes === '' &&
  card.channel === null &&
  card.emotion === null &&
  card.friction.severity === null &&
  card.reasonIds.length === 0;

const NOT_A_CELL =
  '.card, .stage-column__header, .lane-row__header, .react-flow__controls, .react-flow__minimap';

/** `mayAdd`: whether this person may add cards (a double-click in a cell starts one). */
export function useCanvasGestures(actions: BoardActions, layout: GridLayout | null, mayAdd: boolean) {
  const { store, presence } = actions;
  const flow = useReactFlow();
  const [drag, setDrag] = useState<LocalDrag | null>(null);

  const onStartEdit = useCallback(
    (id: string) => store.setState({ editingCardId: id, selectedCardIds: [id] }),
    [store],
  );
  const onCommit = useCallback(
    (id: string, text: string | null) => {
      const card = store.getState().board?.cards.find((c) => c.id === id);
      store.setState({ editingCardId: null });
      if (!card) return;
      // A card left blank (its first edit cancelled, or nothing typed) was never meant to exist:
      // keeping it would pile up empty cards each time N is pressed and the typing went elsewhere.
      if (isBlank(card) && (text ?? '').trim() === '') actions.edit('removeCard', { id });
      // What was typed is on the board already (live text); a difference is someone else's change
      // since the person's last keystroke, and the person who finishes last wins, as with Enter.
      else if (text !== null && text !== card.text) actions.edit('updateCard', { id, text });
    },
    [actions, store],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      for (const change of changes) {
        if (change.type === 'position' && change.position && change.dragging) {
          const at = { id: change.id, x: change.position.x, y: change.position.y };
          setDrag(at);
          // Others watch the drag live through presence; the document only gets the drop.
          presence.moveDrag(at);
        }
      }
      const selection = selectionAfter(store.getState().selectedCardIds, changes);
      if (selection) store.setState({ selectedCardIds: selection });
    },
    [presence, store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const selection = selectionAfter(store.getState().selectedEdgeIds, changes);
      if (selection) store.setState({ selectedEdgeIds: selection });
    },
    [store],
  );

  const connect = useCallback(
    (source: string, target: string) => {
      const cards = store.getState().board?.cards ?? [];
      const from = cards.find((c) => c.id === source);
      const to = cards.find((c) => c.id === target);
      if (!from || !to || from.id === to.id) return;
      // A line between two channels is a hand-off: where customers get bounced between teams.
      const kind = from.channel && to.channel && from.channel !== to.channel ? 'handoff' : 'flow';
      actions.edit('connect', { from: from.id, to: to.id, kind });
    },
    [actions, store],
  );

  const onConnect = useCallback((link: Connection) => connect(link.source, link.target), [connect]);

  /**
   * A line let go over a card's body, not on its small handle, still connects to
   * that card: React Flow only snaps to handles, so the card under the pointer is
   * looked up here. (A drop on a handle was already connected by onConnect.)
   */
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || !state.fromHandle) return;
      const point = 'changedTouches' in event ? event.changedTouches[0] : event;
      if (!point) return;
      const under = document
        .elementFromPoint(point.clientX, point.clientY)
        ?.closest<HTMLElement>('.card[data-card-id]');
      const cardId = under?.dataset.cardId;
      if (!cardId) return;
      // Drawn from a card's left (target) handle, the line runs the other way.
      if (state.fromHandle.type === 'source') connect(state.fromNode.id, cardId);
      else connect(cardId, state.fromNode.id);
    },
    [connect],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, node: Node) => {
      setDrag(null);
      presence.moveDrag(null);
      if (!layout || node.type !== 'card') return;
      const centre = { x: node.position.x + GRID.cardWidth / 2, y: node.position.y + GRID.cardHeight / 2 };
      const hit = cellAt(layout, centre.x, centre.y, node.id);
      if (hit) actions.edit('moveCard', { id: node.id, ...hit });
    },
    [actions, layout, presence],
  );

  const onPointerMove = useCallback(
    (event: PointerEvent<HTMLDivElement>) =>
      presence.moveCursor(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })),
    [flow, presence],
  );

  const onDoubleClick = useCallback(
    (event: ReactMouseEvent) => {
      if (!mayAdd || !layout) return;
      if ((event.target as HTMLElement).closest(NOT_A_CELL)) return;
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const hit = cellAt(layout, point.x, point.y);
      if (hit) actions.edit('startCard', hit);
    },
    [actions, flow, layout, mayAdd],
  );

  return {
    drag,
    onStartEdit,
    onCommit,
    onNodesChange,
    onEdgesChange,
    onConnect,
    onConnectEnd,
    onNodeDragStop,
    onPointerMove,
    onDoubleClick,
  };
}
