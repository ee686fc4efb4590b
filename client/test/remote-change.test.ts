/**
 * What one remote change costs the canvas on a 2,000-card board: the nodes and
 * lines React Flow is handed anew. Every other node keeps its object, so its
 * memoised component (CardNode, the grid, the overlay) is skipped; the count is
 * a small constant, not the board's size. The browser side, renders counted in
 * Chromium, is test/e2e/canvas-renders.test.ts.
 */
import { addCard, type BoardSnapshot, connect, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import {
  buildEdges,
  buildNodes,
  type CanvasNode,
  cardPositions,
  type NodeInputs,
  routeLines,
  type Scenery,
  sceneryOf,
} from '../src/canvas/flowNodes.js';
import type { RoutedFlowEdge } from '../src/canvas/RoutedEdge.js';
import type { PeerMarks } from '../src/sync/presence.js';
import { openRoom, type Person } from './driver.js';

const CARDS = 2000;
const NO_MARKS: PeerMarks = { selectedBy: new Map(), dragged: new Map() };

/** 2,000 cards over every cell, every tenth card linked to the next. */
function bigBoard(doc: Y.Doc): void {
  const { stages, lanes } = readBoard(doc);
  let previous: string | null = null;
  for (let i = 0; i < CARDS; i++) {
    const id = addCard(doc, {
      stageId: stages[i % stages.length]!.id,
      laneId: lanes[Math.floor(i / stages.length) % lanes.length]!.id,
      text: `Card ${i}: customer waits for an answer about the delivery slot`,
    });
    if (previous && i % 10 === 0) connect(doc, { from: previous, to: id });
    previous = id;
  }
}

interface Canvas {
  board: BoardSnapshot | null;
  nodes: { nodes: CanvasNode[]; byId: Map<string, CanvasNode> };
  edges: { edges: RoutedFlowEdge[]; byId: Map<string, RoutedFlowEdge> };
  scenery: Scenery;
}

/** What Alice's canvas would hand React Flow now, reusing what it handed before (as BoardCanvas does). */
function canvasOf(person: Person, peerMarks: PeerMarks, before?: Canvas): Canvas {
  const { board, stateId } = person.actions.store.getState();
  // The canvas reads its scenery once per board (a useMemo on the board).
  const scenery =
    before?.board === board
      ? before.scenery
      : sceneryOf(board!, stateId!, { heatMap: false, coverage: false });
  const inputs: NodeInputs = {
    ...scenery,
    selectedIds: [],
    editingId: null,
    mayChange: () => true,
    drag: null,
    peerMarks,
    onStartEdit: () => {},
    onCommit: () => {},
  };
  const nodes = buildNodes(inputs, before?.nodes.byId ?? new Map());
  const routes = routeLines(board!, scenery.layout, cardPositions(scenery.layout, null, peerMarks));
  const edges = buildEdges(routes, [], before?.edges);
  return { board, nodes, edges, scenery };
}

/** The ids of nodes or lines handed over anew since `before` (React Flow updates each). */
const renewed = <T extends { id: string }>(before: ReadonlyMap<string, T>, after: readonly T[]) =>
  after.filter((item) => before.get(item.id) !== item).map((item) => item.id);

/** The cards whose component draws again: those whose data changed (CardNode compares data, not position). */
const redrawnCards = (before: Canvas, after: Canvas) =>
  after.nodes.nodes
    .filter((node) => node.type === 'card' && before.nodes.byId.get(node.id)?.data !== node.data)
    .map((node) => node.id);

describe('a remote change on a 2,000-card board', () => {
  it('redraws the card that changed, not the board', () => {
    const room = openRoom('blank-journey', bigBoard);
    const alice = room.join('alice', 'editor');
    const bob = room.join('bob', 'editor');
    const first = canvasOf(alice, NO_MARKS);
    expect(first.nodes.nodes.filter((n) => n.type === 'card')).toHaveLength(CARDS);
    expect(first.edges.edges.length).toBeGreaterThan(100);

    // Bob rewrites a card: that card alone is handed over and drawn again, with the one
    // overlay (its emotion curve is drawn from the layout, read again on each board change).
    const { board } = bob.actions.store.getState();
    const edited = board!.cards[700]!;
    bob.actions.edit('updateCard', { id: edited.id, text: 'Waits on hold' });
    alice.frame();
    const afterEdit = canvasOf(alice, NO_MARKS, first);
    expect(renewed(first.nodes.byId, afterEdit.nodes.nodes)).toEqual(['overlay', edited.id]);
    expect(redrawnCards(first, afterEdit)).toEqual([edited.id]);
    expect(renewed(first.edges.byId, afterEdit.edges.edges)).toEqual([]);

    // Bob drops the last card at the top of another cell: that cell's lane grows, so the
    // cards below really move (React Flow moves their nodes), but only the moved card draws again.
    const moved = board!.cards[CARDS - 1]!;
    const target = board!.cards.find((c) => c.stageId !== moved.stageId && c.laneId !== moved.laneId)!;
    bob.actions.edit('moveCard', { id: moved.id, stageId: target.stageId, laneId: target.laneId, index: 0 });
    alice.frame();
    const afterMove = canvasOf(alice, NO_MARKS, afterEdit);
    expect(renewed(afterEdit.nodes.byId, afterMove.nodes.nodes)).toContain(moved.id);
    expect(redrawnCards(afterEdit, afterMove)).toEqual([moved.id]);
    // Beyond cards, only the grid's bands and the overlay may change size: a few dozen at most.
    const grid = renewed(afterEdit.nodes.byId, afterMove.nodes.nodes).filter(
      (id) => (afterMove.nodes.byId.get(id) as CanvasNode).type !== 'card',
    );
    const { layout } = afterMove.scenery;
    expect(grid.length).toBeLessThanOrEqual(layout.columns.length + layout.rows.length + 1);
  });

  it('a card someone else drags renews that one card node, frame after frame', () => {
    const room = openRoom('blank-journey', bigBoard);
    const alice = room.join('alice', 'editor');
    let previous = canvasOf(alice, NO_MARKS);
    const { cards, edges } = alice.actions.store.getState().board!;
    // A card no line touches (most of them: the lines are a few hundred among 2,000 cards).
    const card = cards.slice(500).find((c) => !edges.some((e) => e.from === c.id || e.to === c.id))!;
    for (let step = 1; step <= 3; step++) {
      const marks: PeerMarks = {
        selectedBy: new Map([[card.id, '#e8590c']]),
        dragged: new Map([[card.id, { x: 100 * step, y: 50 * step, color: '#e8590c' }]]),
      };
      const next = canvasOf(alice, marks, previous);
      expect(renewed(previous.nodes.byId, next.nodes.nodes)).toEqual([card.id]);
      // No line touches the card: React Flow is handed the very same lines (no news for its store).
      expect(next.edges.edges).toBe(previous.edges.edges);
      previous = next;
    }
  });
});
