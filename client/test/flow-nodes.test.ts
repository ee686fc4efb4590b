import {
  addCard,
  connect,
  createBoard,
  edgeGeometry,
  GRID,
  layoutState,
  readBoard,
  setMetric,
} from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  buildEdges,
  buildNodes,
  cardPositions,
  type NodeInputs,
  routeLines,
  sceneryOf,
} from '../src/canvas/flowNodes.js';

function boardWithCards() {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Checkout journey', template: 'blank-journey' });
  const first = readBoard(doc);
  const state = first.states.find((s) => s.kind === 'current')!;
  const stage = first.stages.find((s) => s.stateId === state.id)!;
  const lane = first.lanes.find((l) => l.stateId === state.id)!;
  const a = addCard(doc, { stageId: stage.id, laneId: lane.id, text: 'Sees an advert' });
  const b = addCard(doc, { stageId: stage.id, laneId: lane.id, text: 'Clicks it' });
  connect(doc, { from: a, to: b });
  setMetric(doc, { stageId: stage.id, name: 'NPS', label: '', current: 10, target: 40 });
  return { doc, board: readBoard(doc), stateId: state.id, stage, a, b };
}

function inputs(board: ReturnType<typeof readBoard>, stateId: string): NodeInputs {
  return {
    ...sceneryOf(board, stateId, { heatMap: false, coverage: false }),
    selectedIds: [],
    editingId: null,
    mayChange: () => true,
    drag: null,
    peerMarks: { selectedBy: new Map(), dragged: new Map() },
    onStartEdit: () => {},
    onCommit: () => {},
  };
}

describe('the nodes the canvas draws', () => {
  it('draws lanes, stages, the overlay and every card, grid under cards', () => {
    const { board, stateId, a, b } = boardWithCards();
    const { nodes } = buildNodes(inputs(board, stateId), new Map());
    const types = nodes.map((n) => n.type);
    expect(types.filter((t) => t === 'card')).toHaveLength(2);
    expect(types).toContain('overlay');
    expect(types).not.toContain('heatMap');
    expect(nodes.filter((n) => n.type === 'card').map((n) => n.id)).toEqual([a, b]);
    for (const node of nodes) {
      if (node.type !== 'card') expect(node.draggable).toBe(false);
      else expect(node.zIndex).toBeGreaterThan(0);
    }
  });

  it('keeps every unchanged node object, and renews only the card that changed', () => {
    const { board, stateId, a, b } = boardWithCards();
    const first = buildNodes(inputs(board, stateId), new Map());
    const again = buildNodes({ ...inputs(board, stateId), selectedIds: [b] }, first.byId);
    expect(again.byId.get(a)).toBe(first.byId.get(a));
    expect(again.byId.get(b)).not.toBe(first.byId.get(b));
    expect(again.byId.get(b)?.selected).toBe(true);
    const stageNode = [...first.byId.values()].find((n) => n.type === 'stage');
    expect(again.byId.get(stageNode?.id as string)).toBe(stageNode);
  });

  it('shows a card where its dragger holds it, and gives a stage header its metrics', () => {
    const { board, stateId, stage, a } = boardWithCards();
    const { byId } = buildNodes({ ...inputs(board, stateId), drag: { id: a, x: 500, y: 600 } }, new Map());
    expect(byId.get(a)?.position).toEqual({ x: 500, y: 600 });
    expect(
      sceneryOf(board, stateId, { heatMap: false, coverage: false })
        .stageMetrics.get(stage.id)
        ?.map((m) => m.name),
    ).toEqual(['NPS']);
  });

  it('a card this person may not change cannot be dragged', () => {
    const { board, stateId, a } = boardWithCards();
    const { nodes } = buildNodes(
      { ...inputs(board, stateId), mayChange: (card) => card.id === a },
      new Map(),
    );
    const cards = nodes.filter((n) => n.type === 'card');
    expect(cards.filter((n) => n.draggable).map((n) => n.id)).toEqual([a]);
    expect(cards.find((n) => n.id !== a)?.data).toMatchObject({ readOnly: true });
  });

  it('draws the heat map under the cards when it is on', () => {
    const { board, stateId } = boardWithCards();
    const { nodes } = buildNodes(
      { ...inputs(board, stateId), ...sceneryOf(board, stateId, { heatMap: true, coverage: false }) },
      new Map(),
    );
    expect(nodes.find((n) => n.type === 'heatMap')?.zIndex).toBe(-1);
  });

  it('draws the edges of the state, selected ones selected, routed from where the cards are drawn', () => {
    const { board, stateId, a } = boardWithCards();
    const edge = board.edges[0]!;
    const layout = layoutState(board, stateId);
    const noMarks = { selectedBy: new Map(), dragged: new Map() };
    const still = buildEdges(routeLines(board, layout, cardPositions(layout, null, noMarks)), [
      edge.id,
    ]).edges;
    expect(still).toMatchObject([
      { id: edge.id, source: edge.from, target: edge.to, selected: true, className: 'edge--flow' },
    ]);
    expect(still[0]!.data!.geometry.path).toBe(edgeGeometry(layout, board.edges)[0]!.path);
    // While its source card is dragged, the line leaves from where the card is drawn.
    const dragged = routeLines(board, layout, cardPositions(layout, { id: a, x: 900, y: 500 }, noMarks));
    expect(dragged[0]!.points[0]).toEqual({ x: 900 + GRID.cardWidth, y: 500 + GRID.cardHeight / 2 });
    const elsewhere = { ...layout, stateId: 'another-state' };
    expect(routeLines(board, elsewhere, cardPositions(layout, null, noMarks))).toEqual([]);
  });
});
