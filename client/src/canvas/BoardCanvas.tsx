/**
 * The journey canvas: React Flow drawing one state's swimlane grid from the store.
 * Drags stay local (React Flow moves the node) and become one moveCard on drop;
 * everything else flows doc → store → nodes, reusing unchanged node objects.
 */
import {
  addCard,
  cellAt,
  connect,
  type EmotionRating,
  frictionByStage,
  frictionHeatMap,
  GRID,
  layoutState,
  moveCard,
  moveLane,
  moveStage,
  ORIGINS,
  removeCard,
  removeLane,
  removeMetric,
  removeStage,
  renameLane,
  renameStage,
  type StageMetric,
  setMetric,
  updateCard,
} from '@journeyboard/shared';
import {
  Background,
  type Connection,
  Controls,
  type Edge,
  type EdgeChange,
  MarkerType,
  MiniMap,
  type Node,
  type NodeChange,
  type NodeTypes,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type MouseEvent, type PointerEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { type HeatMapFlowNode, HeatMapLayer } from '../analytics/HeatMapLayer.js';
import { addressedFriction } from '../opportunities/frictionLinks.js';
import type { BoardStore } from '../store/boardStore.js';
import type { BoardConnection } from '../sync/boardConnection.js';
import type { PresenceBinding } from '../sync/presence.js';
import { type CardFlowNode, CardNode } from './CardNode.js';
import { type CanvasCommands, CanvasCommandsContext } from './canvasCommands.js';
import { type LaneFlowNode, LaneRow, StageColumn, type StageFlowNode } from './GridNodes.js';
import { Overlay, type OverlayFlowNode } from './Overlay.js';
import { PeerCursors } from './PeerCursors.js';

const NO_METRICS: StageMetric[] = [];
const NO_TITLES: string[] = [];
const NO_RATINGS: EmotionRating[] = [];

const nodeTypes: NodeTypes = {
  card: CardNode,
  stage: StageColumn,
  lane: LaneRow,
  overlay: Overlay,
  heatMap: HeatMapLayer,
};

type CanvasNode = CardFlowNode | StageFlowNode | LaneFlowNode | OverlayFlowNode | HeatMapFlowNode;

const miniMapColor = (node: Node) =>
  node.type === 'card' ? '#d9a93a' : node.type === 'lane' ? '#dfe4ee' : 'transparent';

export function BoardCanvas({
  connection,
  store,
  presence,
}: {
  connection: BoardConnection;
  store: BoardStore;
  presence: PresenceBinding;
}) {
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  const readOnly = useStore(store, (s) => s.role === 'viewer');
  const selectedIds = useStore(store, (s) => s.selectedCardIds);
  const selectedEdgeIds = useStore(store, (s) => s.selectedEdgeIds);
  const editingId = useStore(store, (s) => s.editingCardId);
  const [drag, setDrag] = useState<{ id: string; x: number; y: number } | null>(null);
  const flow = useReactFlow();
  const cache = useRef(new Map<string, CanvasNode>());
  const { doc } = connection;

  const following = useStore(store, (s) => s.following);
  const summonRequested = useStore(store, (s) => s.summonRequested);

  const layout = useMemo(() => (board && stateId ? layoutState(board, stateId) : null), [board, stateId]);
  const heatMap = useStore(store, (s) => s.heatMap);
  const heatCells = useMemo(
    () => (heatMap && board && stateId ? frictionHeatMap(board, stateId) : null),
    [heatMap, board, stateId],
  );
  // A panel asked to see a card: centre on it once, when its layout is there (handled by `at`).
  const focusRequest = useStore(store, (s) => s.focusRequest);
  const focusedAt = useRef<number | null>(null);
  useEffect(() => {
    if (!focusRequest || !layout || focusedAt.current === focusRequest.at) return;
    const placed = layout.cards.find((p) => p.card.id === focusRequest.cardId);
    if (!placed) return;
    focusedAt.current = focusRequest.at;
    void flow.setCenter(placed.x + GRID.cardWidth / 2, placed.y + GRID.cardHeight / 2, {
      zoom: Math.max(flow.getZoom(), 0.8),
      duration: 300,
    });
  }, [flow, focusRequest, layout]);
  // Stage headers show each stage's metrics and its total friction score.
  const stageMetrics = useMemo(() => {
    const byStage = new Map<string, StageMetric[]>();
    for (const metric of board?.metrics ?? []) {
      byStage.set(metric.stageId, [...(byStage.get(metric.stageId) ?? []), metric]);
    }
    return byStage;
  }, [board?.metrics]);
  const ratings = board?.emotionRatings ?? NO_RATINGS;
  const stageFriction = useMemo(
    () => new Map(board && stateId ? frictionByStage(board, stateId).map((s) => [s.stage.id, s.total]) : []),
    [board, stateId],
  );
  // In a future state, friction cards that an opportunity addresses carry its badge.
  const addressed = useMemo(
    () => (board && stateId ? addressedFriction(board, stateId) : new Map<string, string[]>()),
    [board, stateId],
  );

  // What others do, as the canvas needs it: the colour of whoever selected a card, and cards others are dragging.
  // (Cursors are drawn by PeerCursors alone: a moving cursor does not redraw the board.)
  const peerMarks = useStore(presence.store, (s) => s.marks);

  useEffect(() => presence.set('selection', selectedIds), [presence, selectedIds]);

  // Follow a person: their viewport becomes this one's.
  const followedViewport = useStore(presence.store, (s) =>
    following === null ? null : (s.peers.find((p) => p.clientId === following)?.viewport ?? null),
  );
  useEffect(() => {
    if (followedViewport) void flow.setViewport(followedViewport, { duration: 200 });
  }, [flow, followedViewport]);

  // "Bring everyone to me": send this viewport with a fresh timestamp...
  useEffect(() => {
    if (summonRequested) presence.set('summon', { at: summonRequested, viewport: flow.getViewport() });
  }, [flow, presence, summonRequested]);
  // ...and go wherever the latest call from someone else points.
  const lastSummon = useRef(Date.now());
  const latestSummon = useStore(presence.store, (s) => s.summon);
  useEffect(() => {
    if (latestSummon && latestSummon.at > lastSummon.current) {
      lastSummon.current = latestSummon.at;
      void flow.setViewport(latestSummon.viewport, { duration: 300 });
    }
  }, [flow, latestSummon]);

  const onStartEdit = useCallback(
    (id: string) => store.setState({ editingCardId: id, selectedCardIds: [id] }),
    [store],
  );
  const onCommit = useCallback(
    (id: string, text: string | null) => {
      const card = store.getState().board?.cards.find((c) => c.id === id);
      store.setState({ editingCardId: null });
      if (!card) return;
      if (text === null) {
        // A new card whose first edit was cancelled was never meant to exist.
        if (card.text === '') removeCard(doc, { id }, ORIGINS.local);
        return;
      }
      if (text !== card.text) updateCard(doc, { id, text }, ORIGINS.local);
    },
    [doc, store],
  );

  const commands = useMemo<CanvasCommands>(() => {
    const siblingsOf = (kind: 'stages' | 'lanes', id: string) => {
      const current = store.getState();
      const list = current.board?.[kind].filter((item) => item.stateId === current.stateId) ?? [];
      return { list, index: list.findIndex((item) => item.id === id) };
    };
    return {
      readOnly,
      renameStage: (id, title) => renameStage(doc, { id, title }, ORIGINS.local),
      renameLane: (id, title) => renameLane(doc, { id, title }, ORIGINS.local),
      removeStage: (id) => removeStage(doc, { id }, ORIGINS.local),
      removeLane: (id) => removeLane(doc, { id }, ORIGINS.local),
      setStageMetric: (input) => {
        setMetric(doc, input, ORIGINS.local);
      },
      removeStageMetric: (id) => removeMetric(doc, { id }, ORIGINS.local),
      moveStage: (id, delta) => {
        const { list, index } = siblingsOf('stages', id);
        const to = index + delta;
        if (index >= 0 && to >= 0 && to < list.length) moveStage(doc, { id, index: to }, ORIGINS.local);
      },
      moveLane: (id, delta) => {
        const { list, index } = siblingsOf('lanes', id);
        const to = index + delta;
        if (index >= 0 && to >= 0 && to < list.length) moveLane(doc, { id, index: to }, ORIGINS.local);
      },
    };
  }, [doc, readOnly, store]);

  const nodes = useMemo(() => {
    if (!layout) return [];
    const next = new Map<string, CanvasNode>();
    const reuse = <T extends CanvasNode>(node: T, same: (old: T) => boolean): T => {
      const old = cache.current.get(node.id) as T | undefined;
      const kept =
        old && old.position.x === node.position.x && old.position.y === node.position.y && same(old)
          ? old
          : node;
      next.set(node.id, kept);
      return kept;
    };
    const selected = new Set(selectedIds);
    const result: CanvasNode[] = [];
    for (const row of layout.rows) {
      result.push(
        reuse<LaneFlowNode>(
          {
            id: `lane:${row.lane.id}`,
            type: 'lane',
            position: { x: 0, y: row.y },
            data: { lane: row.lane, width: layout.width, headerWidth: GRID.laneHeaderWidth },
            width: layout.width,
            height: row.height,
            style: { width: layout.width, height: row.height },
            draggable: false,
            selectable: false,
            focusable: false,
            zIndex: -3,
          },
          (old) =>
            old.data.lane === row.lane && old.data.width === layout.width && old.style?.height === row.height,
        ),
      );
    }
    for (const column of layout.columns) {
      const metrics = stageMetrics.get(column.stage.id) ?? NO_METRICS;
      const friction = stageFriction.get(column.stage.id) ?? 0;
      result.push(
        reuse<StageFlowNode>(
          {
            id: `stage:${column.stage.id}`,
            type: 'stage',
            position: { x: column.x, y: 0 },
            data: { stage: column.stage, height: layout.height, metrics, friction },
            style: { width: column.width, height: layout.height },
            draggable: false,
            selectable: false,
            focusable: false,
            zIndex: -2,
          },
          (old) =>
            old.data.stage === column.stage &&
            old.data.height === layout.height &&
            old.data.friction === friction &&
            JSON.stringify(old.data.metrics) === JSON.stringify(metrics),
        ),
      );
    }
    if (heatCells) {
      // Under the overlay's lines and the cards, over the grid.
      result.push(
        reuse<HeatMapFlowNode>(
          {
            id: 'heat-map',
            type: 'heatMap',
            position: { x: 0, y: 0 },
            data: { layout, cells: heatCells },
            width: layout.width,
            height: layout.height,
            style: { width: layout.width, height: layout.height, pointerEvents: 'none' },
            draggable: false,
            selectable: false,
            focusable: false,
            zIndex: -1,
          },
          (old) => old.data.layout === layout && old.data.cells === heatCells,
        ),
      );
    }
    result.push(
      reuse<OverlayFlowNode>(
        {
          id: 'overlay',
          type: 'overlay',
          position: { x: 0, y: 0 },
          data: { layout, ratings },
          style: { width: layout.width, height: layout.height, pointerEvents: 'none' },
          draggable: false,
          selectable: false,
          focusable: false,
          zIndex: -1,
        },
        (old) => old.data.layout === layout && old.data.ratings === ratings,
      ),
    );
    for (const placed of layout.cards) {
      const id = placed.card.id;
      const peerDrag = peerMarks.dragged.get(id);
      const position =
        drag?.id === id
          ? { x: drag.x, y: drag.y }
          : peerDrag
            ? { x: peerDrag.x, y: peerDrag.y }
            : { x: placed.x, y: placed.y };
      const editing = editingId === id;
      const peerColor = peerDrag?.color ?? peerMarks.selectedBy.get(id) ?? null;
      const addressedBy = addressed.get(id) ?? NO_TITLES;
      result.push(
        reuse<CardFlowNode>(
          {
            id,
            type: 'card',
            position,
            data: {
              card: placed.card,
              editing,
              readOnly,
              peerColor,
              peerDragging: Boolean(peerDrag),
              addressedBy,
              onStartEdit,
              onCommit,
            },
            width: GRID.cardWidth,
            height: GRID.cardHeight,
            style: { width: GRID.cardWidth, height: GRID.cardHeight },
            selected: selected.has(id),
            draggable: !readOnly && !editing,
            selectable: true,
            zIndex: drag?.id === id ? 10 : 1,
          },
          (old) =>
            old.data.card === placed.card &&
            old.data.editing === editing &&
            old.data.peerColor === peerColor &&
            old.data.peerDragging === Boolean(peerDrag) &&
            old.data.addressedBy.join('\n') === addressedBy.join('\n') &&
            old.data.readOnly === readOnly &&
            old.selected === selected.has(id) &&
            old.draggable === (!readOnly && !editing),
        ),
      );
    }
    cache.current = next;
    return result;
  }, [
    layout,
    selectedIds,
    editingId,
    readOnly,
    drag,
    peerMarks,
    onStartEdit,
    onCommit,
    stageMetrics,
    stageFriction,
    heatCells,
    addressed,
    ratings,
  ]);

  const edges = useMemo<Edge[]>(() => {
    if (!board || !stateId) return [];
    const selected = new Set(selectedEdgeIds);
    return board.edges
      .filter((edge) => edge.stateId === stateId)
      .map((edge) => ({
        id: edge.id,
        source: edge.from,
        target: edge.to,
        type: 'smoothstep',
        label: edge.label || (edge.kind === 'handoff' ? 'hand-off' : undefined),
        className: `edge--${edge.kind}`,
        markerEnd: { type: MarkerType.ArrowClosed },
        selected: selected.has(edge.id),
        zIndex: 2,
      }));
  }, [board, stateId, selectedEdgeIds]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      let selection: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === 'position' && change.position && change.dragging) {
          setDrag({ id: change.id, x: change.position.x, y: change.position.y });
          // Others watch the drag live through presence; the document only gets the drop.
          presence.moveDrag({ id: change.id, x: change.position.x, y: change.position.y });
        } else if (change.type === 'select') {
          selection ??= new Set(store.getState().selectedCardIds);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        }
      }
      if (selection) store.setState({ selectedCardIds: Array.from(selection) });
    },
    [presence, store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      let selection: Set<string> | null = null;
      for (const change of changes) {
        if (change.type !== 'select') continue;
        selection ??= new Set(store.getState().selectedEdgeIds);
        if (change.selected) selection.add(change.id);
        else selection.delete(change.id);
      }
      if (selection) store.setState({ selectedEdgeIds: Array.from(selection) });
    },
    [store],
  );

  const onConnect = useCallback(
    (link: Connection) => {
      const cards = store.getState().board?.cards ?? [];
      const from = cards.find((c) => c.id === link.source);
      const to = cards.find((c) => c.id === link.target);
      if (!from || !to || from.id === to.id) return;
      // A line between two channels is a hand-off: where customers get bounced between teams.
      const kind = from.channel && to.channel && from.channel !== to.channel ? 'handoff' : 'flow';
      connect(doc, { from: from.id, to: to.id, kind }, ORIGINS.local);
    },
    [doc, store],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, node: Node) => {
      setDrag(null);
      presence.moveDrag(null);
      if (!layout || node.type !== 'card') return;
      const hit = cellAt(
        layout,
        node.position.x + GRID.cardWidth / 2,
        node.position.y + GRID.cardHeight / 2,
        node.id,
      );
      if (hit) moveCard(doc, { id: node.id, ...hit }, ORIGINS.local);
    },
    [doc, layout, presence],
  );

  const onPointerMove = useCallback(
    (event: PointerEvent<HTMLDivElement>) =>
      presence.moveCursor(flow.screenToFlowPosition({ x: event.clientX, y: event.clientY })),
    [flow, presence],
  );

  const onDoubleClick = useCallback(
    (event: MouseEvent) => {
      if (readOnly || !layout) return;
      const target = event.target as HTMLElement;
      if (
        target.closest(
          '.card, .stage-column__header, .lane-row__header, .react-flow__controls, .react-flow__minimap',
        )
      ) {
        return;
      }
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const hit = cellAt(layout, point.x, point.y);
      if (!hit) return;
      const id = addCard(doc, { ...hit, text: '' }, ORIGINS.local);
      store.setState({ selectedCardIds: [id], editingCardId: id });
    },
    [doc, flow, layout, readOnly, store],
  );

  return (
    <CanvasCommandsContext.Provider value={commands}>
      <div className="canvas">
        <ReactFlow<CanvasNode>
          onDoubleClick={onDoubleClick}
          onPointerMove={onPointerMove}
          onPointerLeave={() => presence.moveCursor(null)}
          onMoveEnd={(_event, viewport) => presence.set('viewport', viewport)}
          onMoveStart={(event) => {
            // Panning by hand stops following someone.
            if (event && store.getState().following !== null) store.setState({ following: null });
          }}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onNodeDragStop={onNodeDragStop}
          zoomOnDoubleClick={false}
          nodesConnectable={!readOnly}
          deleteKeyCode={null}
          fitView
          onlyRenderVisibleElements
          minZoom={0.1}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
          aria-label="Journey canvas"
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} />
          <MiniMap
            pannable
            zoomable
            ariaLabel="Mini map"
            nodeColor={miniMapColor}
            nodeStrokeWidth={0}
            bgColor="#ffffff"
            maskColor="rgb(29 36 51 / 10%)"
          />
          <PeerCursors presence={presence} />
        </ReactFlow>
      </div>
    </CanvasCommandsContext.Provider>
  );
}
