/**
 * What React Flow draws for one state, as pure functions of the board and the
 * view: the grid, the heat map and overlay layers, the cards, and the edges. A
 * node whose inputs did not change keeps its previous object, so memoised nodes
 * do not re-render when something else on the board changes.
 */
import {
  type BoardSnapshot,
  type Card,
  type EdgeGeometry,
  type EmotionRating,
  type EvidenceCoverage,
  evidenceCoverage,
  frictionByStage,
  frictionHeatMap,
  GRID,
  type GridLayout,
  gridObstacles,
  type HeatCell,
  layoutState,
  type MetricReading,
  routeEdges,
  type StageMetric,
  trendedMetrics,
} from '@journeyboard/shared';
import type { NodeHandle } from '@xyflow/react';
import type { CSSProperties } from 'react';
import type { CoverageFlowNode } from '../analytics/CoverageLayer.js';
import type { HeatMapFlowNode } from '../analytics/HeatMapLayer.js';
import { addressedFriction } from '../opportunities/frictionLinks.js';
import type { PeerMarks } from '../sync/presence.js';
import type { CardFlowNode, CardNodeData } from './CardNode.js';
import { CARD_HANDLES } from './cardHandles.js';
import type { LaneFlowNode, StageFlowNode } from './GridNodes.js';
import type { OverlayFlowNode } from './Overlay.js';
import type { RoutedFlowEdge } from './RoutedEdge.js';

export type CanvasNode =
  | CardFlowNode
  | StageFlowNode
  | LaneFlowNode
  | OverlayFlowNode
  | HeatMapFlowNode
  | CoverageFlowNode;

/** A card being dragged by this person: drawn where the pointer is until it is dropped. */
export interface LocalDrag {
  id: string;
  x: number;
  y: number;
}

/** What the board says about the state on show, read once per board change. */
export interface Scenery {
  layout: GridLayout;
  /** Each stage's metrics, shown in its header. */
  stageMetrics: ReadonlyMap<string, StageMetric[]>;
  /** Each stage's total friction score, shown in its header. */
  stageFriction: ReadonlyMap<string, number>;
  /** Friction per cell when the heat map is on. */
  heatCells: HeatCell[] | null;
  /** Friction without evidence per cell when the coverage overlay is on. */
  coverage: EvidenceCoverage | null;
  /** Titles of the opportunities addressing each friction card (in a future state, through its origin). */
  addressed: ReadonlyMap<string, string[]>;
  ratings: EmotionRating[];
}

export function sceneryOf(
  board: BoardSnapshot,
  stateId: string,
  layers: { heatMap: boolean; coverage: boolean },
): Scenery {
  return {
    layout: layoutState(board, stateId),
    stageMetrics: metricsByStage(board.metrics, board.readings),
    stageFriction: new Map(frictionByStage(board, stateId).map((s) => [s.stage.id, s.total])),
    heatCells: layers.heatMap ? frictionHeatMap(board, stateId) : null,
    coverage: layers.coverage ? evidenceCoverage(board, stateId) : null,
    addressed: addressedFriction(board, stateId),
    ratings: board.emotionRatings,
  };
}

export interface NodeInputs extends Scenery {
  selectedIds: readonly string[];
  editingId: string | null;
  /** Whether this person may change (edit, move) a card: their own, or any for an editor. */
  mayChange(card: Card): boolean;
  drag: LocalDrag | null;
  peerMarks: PeerMarks;
  onStartEdit: CardNodeData['onStartEdit'];
  onCommit: CardNodeData['onCommit'];
}

const NO_TITLES: string[] = [];

const sameTitles = (a: readonly string[], b: readonly string[]) =>
  a === b || (a.length === b.length && a.every((title, i) => title === b[i]));

/** Where the layers as big as the grid are drawn, to compare with (each layer is built with a position object of its own). */
const ORIGIN = { x: 0, y: 0 };

/** Grid and layers are scenery: nothing to drag, select or tab to. */
const SCENERY = { draggable: false, selectable: false, focusable: false } as const;

/**
 * Each stage's metrics, in board order; read again only when the metrics change, so
 * a card moved elsewhere leaves every stage header's props (and so the header) as it was.
 */
const metricsSeen = new WeakMap<
  readonly StageMetric[],
  { readings: readonly MetricReading[]; byStage: Map<string, StageMetric[]> }
>();
function metricsByStage(
  metrics: readonly StageMetric[],
  readings: readonly MetricReading[],
): Map<string, StageMetric[]> {
  const seen = metricsSeen.get(metrics);
  if (seen && seen.readings === readings) return seen.byStage;
  const byStage = new Map<string, StageMetric[]>();
  for (const metric of trendedMetrics(metrics, readings))
    byStage.set(metric.stageId, [...(byStage.get(metric.stageId) ?? []), metric]);
  metricsSeen.set(metrics, { readings, byStage });
  return byStage;
}

/** The nodes of one state, reusing from `previous` every node whose inputs are unchanged. */
export function buildNodes(
  inputs: NodeInputs,
  previous: ReadonlyMap<string, CanvasNode>,
): { nodes: CanvasNode[]; byId: Map<string, CanvasNode> } {
  const { layout, drag, peerMarks } = inputs;
  const byId = new Map<string, CanvasNode>();
  const nodes: CanvasNode[] = [];
  // A node whose data is unchanged keeps its data object even when it moves (a lane above
  // grew, say): React Flow moves it, and its memoised component, comparing data, draws nothing.
  // `same` is asked before anything is built: on a drag step all but a few of 2,000 cards
  // are as they were, and building each card's node only to compare it made 4,000 objects.
  // `build` is handed the data to keep, if any, so that a node that only moved builds none.
  const place = <T extends CanvasNode>(
    id: string,
    position: { x: number; y: number },
    same: (old: T) => boolean,
    build: (kept: T['data'] | undefined) => T,
  ) => {
    const old = previous.get(id) as T | undefined;
    const unchanged = old !== undefined && same(old);
    const kept =
      unchanged && old.position.x === position.x && old.position.y === position.y
        ? old
        : build(unchanged ? old.data : undefined);
    byId.set(id, kept);
    nodes.push(kept);
  };
  /** A layer as big as the grid, drawn under the cards. */
  const layer = <T extends HeatMapFlowNode | CoverageFlowNode | OverlayFlowNode>(
    id: string,
    type: T['type'],
    data: T['data'],
  ) =>
    ({
      id,
      type,
      position: { x: 0, y: 0 },
      data,
      ...sized(layout.width, layout.height, NO_HANDLES, { pointerEvents: 'none' }),
      ...SCENERY,
      zIndex: -1,
    }) as T;

  for (const row of layout.rows) {
    const id = `lane:${row.lane.id}`;
    const position = { x: 0, y: row.y };
    place<LaneFlowNode>(
      id,
      position,
      (old) => old.data.lane === row.lane && old.data.width === layout.width && old.height === row.height,
      (kept) => ({
        id,
        type: 'lane',
        position,
        data: kept ?? { lane: row.lane, width: layout.width },
        ...sized(layout.width, row.height),
        ...SCENERY,
        zIndex: -3,
      }),
    );
  }
  for (const column of layout.columns) {
    const id = `stage:${column.stage.id}`;
    const position = { x: column.x, y: 0 };
    place<StageFlowNode>(
      id,
      position,
      (old) => old.data.stage === column.stage && old.data.height === layout.height,
      (kept) => ({
        id,
        type: 'stage',
        position,
        data: kept ?? { stage: column.stage, height: layout.height },
        ...sized(column.width, layout.height),
        ...SCENERY,
        zIndex: -2,
      }),
    );
  }
  const heatCells = inputs.heatCells;
  if (heatCells) {
    // Under the overlay's lines and the cards, over the grid.
    place<HeatMapFlowNode>(
      'heat-map',
      ORIGIN,
      (old) => old.data.layout === layout && old.data.cells === heatCells,
      (kept) => layer<HeatMapFlowNode>('heat-map', 'heatMap', kept ?? { layout, cells: heatCells }),
    );
  }
  const coverage = inputs.coverage;
  if (coverage) {
    place<CoverageFlowNode>(
      'coverage',
      ORIGIN,
      (old) => old.data.layout === layout && old.data.coverage === coverage,
      (kept) => layer<CoverageFlowNode>('coverage', 'coverage', kept ?? { layout, coverage }),
    );
  }
  place<OverlayFlowNode>(
    'overlay',
    ORIGIN,
    (old) => old.data.layout === layout && old.data.ratings === inputs.ratings,
    (kept) => layer<OverlayFlowNode>('overlay', 'overlay', kept ?? { layout, ratings: inputs.ratings }),
  );
  const selected = new Set(inputs.selectedIds);
  const positions = cardPositions(layout, drag, peerMarks);
  for (const placed of layout.cards) {
    const id = placed.card.id;
    const peerDrag = peerMarks.dragged.get(id);
    const position = positions.get(id) as { x: number; y: number };
    const editing = inputs.editingId === id;
    const peerColor = peerDrag?.color ?? peerMarks.selectedBy.get(id) ?? null;
    const addressedBy = inputs.addressed.get(id) ?? NO_TITLES;
    const readOnly = !inputs.mayChange(placed.card);
    const draggable = !readOnly && !editing;
    const isSelected = selected.has(id);
    place<CardFlowNode>(
      id,
      position,
      (old) =>
        old.data.card === placed.card &&
        old.data.editing === editing &&
        old.data.peerColor === peerColor &&
        old.data.peerDragging === Boolean(peerDrag) &&
        sameTitles(old.data.addressedBy, addressedBy) &&
        old.data.readOnly === readOnly &&
        old.selected === isSelected &&
        old.draggable === draggable,
      (kept) => ({
        id,
        type: 'card',
        position,
        data: kept ?? {
          card: placed.card,
          editing,
          readOnly,
          peerColor,
          peerDragging: Boolean(peerDrag),
          addressedBy,
          onStartEdit: inputs.onStartEdit,
          onCommit: inputs.onCommit,
        },
        ...cardSize,
        selected: isSelected,
        draggable,
        selectable: true,
        zIndex: drag?.id === id ? 10 : 1,
      }),
    );
  }
  return { nodes, byId };
}

/**
 * A node's size and handles, told to React Flow up front, and the style that draws it
 * that size. React Flow draws a node it has not measured whether it is in view or
 * not, to measure it (xyflow's getNodesInside), and fits the view only once every
 * node is measured: without these, a 2,000-card board drew all its cards with their
 * text, laid them out and measured them before drawing the few hundred in view, and
 * that was most of its mount. Nodes it draws are still measured, as always.
 */
const sized = (
  width: number,
  height: number,
  handles: NodeHandle[] = NO_HANDLES,
  style: CSSProperties = {},
) => ({
  width,
  height,
  measured: { width, height },
  handles,
  style: { ...style, width, height },
});
const NO_HANDLES: NodeHandle[] = [];

const cardSize = sized(GRID.cardWidth, GRID.cardHeight, CARD_HANDLES);

/**
 * Where each card's top-left corner is drawn: where the layout puts it, or where
 * this person or someone else is dragging it.
 */
export function cardPositions(
  layout: GridLayout,
  drag: LocalDrag | null,
  peerMarks: PeerMarks,
): Map<string, { x: number; y: number }> {
  const positions = new Map<string, { x: number; y: number }>();
  for (const placed of layout.cards) {
    const id = placed.card.id;
    const peerDrag = peerMarks.dragged.get(id);
    positions.set(
      id,
      drag?.id === id
        ? { x: drag.x, y: drag.y }
        : peerDrag
          ? { x: peerDrag.x, y: peerDrag.y }
          : { x: placed.x, y: placed.y },
    );
  }
  return positions;
}

/**
 * The lines between cards of one state, routed (and their labels placed) from
 * where the cards are drawn, as the exports route them from the layout.
 */
export function routeLines(
  board: BoardSnapshot,
  layout: GridLayout,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): EdgeGeometry[] {
  const edges = board.edges.filter((edge) => edge.stateId === layout.stateId);
  return routeEdges(positions, edges, gridObstacles(layout));
}

/**
 * The routed lines as React Flow edges, selected ones selected (selecting a line routes
 * nothing again). A line drawn as before keeps its previous object from `previous`, so
 * routing again after one card moved redraws only the lines whose route changed; when no
 * line changed at all, the previous array itself comes back. React Flow takes a new
 * `edges` array as news (it adopts every edge and wakes every node's and edge's store
 * selector), and each step of a peer's drag of a card without lines used to bring one:
 * a sixth of the main thread while panning under ten drags.
 */
export function buildEdges(
  routes: readonly EdgeGeometry[],
  selectedEdgeIds: readonly string[],
  previous: { edges: RoutedFlowEdge[]; byId: ReadonlyMap<string, RoutedFlowEdge> } = {
    edges: [],
    byId: new Map(),
  },
): { edges: RoutedFlowEdge[]; byId: Map<string, RoutedFlowEdge> } {
  const selected = new Set(selectedEdgeIds);
  const byId = new Map<string, RoutedFlowEdge>();
  const edges = routes.map((geometry) => {
    const id = geometry.edge.id;
    const old = previous.byId.get(id);
    const edge: RoutedFlowEdge =
      old?.data && sameLine(old.data.geometry, geometry) && old.selected === selected.has(id)
        ? old
        : {
            id,
            source: geometry.edge.from,
            target: geometry.edge.to,
            type: 'routed',
            data: { geometry },
            className: `edge--${geometry.edge.kind}`,
            selected: selected.has(id),
            zIndex: 2,
          };
    byId.set(id, edge);
    return edge;
  });
  const unchanged =
    edges.length === previous.edges.length && edges.every((edge, i) => edge === previous.edges[i]);
  return { edges: unchanged ? previous.edges : edges, byId };
}

/** Whether two routes of a line draw the same: same line, same path, same label in the same place. */
function sameLine(a: EdgeGeometry, b: EdgeGeometry): boolean {
  const la = a.label;
  const lb = b.label;
  return (
    a.edge === b.edge &&
    a.path === b.path &&
    (la === lb ||
      (la !== null &&
        lb !== null &&
        la.text === lb.text &&
        la.x === lb.x &&
        la.y === lb.y &&
        la.width === lb.width &&
        la.height === lb.height))
  );
}
