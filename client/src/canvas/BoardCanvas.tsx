/**
 * The journey canvas: React Flow drawing one state's swimlane grid from the store.
 * What it draws comes from flowNodes.ts, what people do on it from
 * useCanvasGestures, and where it looks from useViewportSync; this file wires them.
 */
import { type Card, MINIMAP_COLOURS, touchRefusal } from '@journeyboard/shared';
import {
  Background,
  ControlButton,
  Controls,
  type EdgeTypes,
  MiniMap,
  type Node,
  type NodeProps,
  type NodeTypes,
  ReactFlow,
  useConnection,
} from '@xyflow/react';
import { lazy, memo, Suspense, useEffect, useMemo, useRef } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { ActionsContext } from '../actions/react.js';
import type { CoverageFlowNode } from '../analytics/CoverageLayer.js';
import type { HeatMapFlowNode } from '../analytics/HeatMapLayer.js';
import { mayContribute, mayEditCollection } from '../store/selectors.js';
import { CardNode } from './CardNode.js';
import { FrozenHeaders } from './FrozenHeaders.js';
import {
  buildEdges,
  buildNodes,
  type CanvasNode,
  cardPositions,
  routeLines,
  sceneryOf,
} from './flowNodes.js';
import { LaneRow, StageColumn } from './GridNodes.js';
import { Overlay } from './Overlay.js';
import { PeerCursors } from './PeerCursors.js';
import { RoutedEdge, type RoutedFlowEdge } from './RoutedEdge.js';
import { useCanvasGestures } from './useCanvasGestures.js';
import { useMiniMapShown } from './useMiniMapShown.js';
import { useFocusRequest, useFollowAndSummon } from './useViewportSync.js';

// The heat map is analytics a person turns on: its layer's code arrives then, drawn
// inside its own Suspense so the board never waits for it.
const LazyHeatMap = lazy(() =>
  import('../analytics/HeatMapLayer.js').then((m) => ({ default: m.HeatMapLayer })),
);
const HeatMapLayer = memo((props: NodeProps<HeatMapFlowNode>) => (
  <Suspense fallback={null}>
    <LazyHeatMap {...props} />
  </Suspense>
));
const LazyCoverage = lazy(() =>
  import('../analytics/CoverageLayer.js').then((m) => ({ default: m.CoverageLayer })),
);
const CoverageLayer = memo((props: NodeProps<CoverageFlowNode>) => (
  <Suspense fallback={null}>
    <LazyCoverage {...props} />
  </Suspense>
));

const nodeTypes: NodeTypes = {
  card: CardNode,
  stage: StageColumn,
  lane: LaneRow,
  overlay: Overlay,
  heatMap: HeatMapLayer,
  coverage: CoverageLayer,
};

const edgeTypes: EdgeTypes = { routed: RoutedEdge };

const MINIMAP_SIZE = { width: 160, height: 100 };

const miniMapColor = (node: Node) =>
  node.type === 'card' ? MINIMAP_COLOURS.card : node.type === 'lane' ? MINIMAP_COLOURS.lane : 'transparent';

export function BoardCanvas({ actions }: { actions: BoardActions }) {
  const { store, presence } = actions;
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  const mayAdd = useStore(store, mayContribute);
  const mayConnect = useStore(store, (s) => mayEditCollection(s, 'edges'));
  const role = useStore(store, (s) => s.role);
  const participantId = useStore(store, (s) => s.participantId);
  const selectedIds = useStore(store, (s) => s.selectedCardIds);
  const selectedEdgeIds = useStore(store, (s) => s.selectedEdgeIds);
  const editingId = useStore(store, (s) => s.editingCardId);
  const heatMap = useStore(store, (s) => s.heatMap);
  const coverage = useStore(store, (s) => s.coverage);
  // What others do, as the canvas needs it: the colour of whoever selected a card, and cards others are dragging.
  // (Cursors are drawn by PeerCursors alone: a moving cursor does not redraw the board.)
  const peerMarks = useStore(presence.store, (s) => s.marks);
  const cache = useRef(new Map<string, CanvasNode>());
  const edgeCache = useRef<{ edges: RoutedFlowEdge[]; byId: Map<string, RoutedFlowEdge> }>({
    edges: [],
    byId: new Map(),
  });
  const connecting = useConnection((s) => s.inProgress);

  // Grid, metrics, friction and badges change with the board; selection and drags do not touch them.
  const scenery = useMemo(
    () => (board && stateId ? sceneryOf(board, stateId, { heatMap, coverage }) : null),
    [board, stateId, heatMap, coverage],
  );
  const layout = scenery?.layout ?? null;

  useFocusRequest(store, layout);
  useFollowAndSummon(store, presence);
  useEffect(() => presence.set('selection', selectedIds), [presence, selectedIds]);
  // A card is this person's to change when the write rules say so: their own, or any for an editor.
  // Asked once per card per board: the nodes are built again on every remote drag step, and
  // asking the rules for 2,000 cards each time was the biggest cost of panning under drags.
  const mayChange = useMemo(() => {
    const answers = new WeakMap<Card, boolean>();
    return (card: Card) => {
      let answer = answers.get(card);
      if (answer === undefined) {
        answer =
          board !== null &&
          touchRefusal({ kind: 'edit', collection: 'cards', id: card.id, fields: ['text'] }, board, {
            role,
            participantId,
          }) === null;
        answers.set(card, answer);
      }
      return answer;
    };
  }, [board, role, participantId]);
  const gestures = useCanvasGestures(actions, layout, mayAdd);
  const [miniMapShown, toggleMiniMap] = useMiniMapShown();
  const { drag, onStartEdit, onCommit } = gestures;

  const nodes = useMemo(() => {
    if (!scenery) return [];
    const inputs = { ...scenery, selectedIds, editingId, mayChange, drag, peerMarks, onStartEdit, onCommit };
    const built = buildNodes(inputs, cache.current);
    cache.current = built.byId;
    return built.nodes;
  }, [scenery, selectedIds, editingId, mayChange, drag, peerMarks, onStartEdit, onCommit]);
  // Lines follow the cards as drawn, a dragged one included.
  const positions = useMemo(
    () => layout && cardPositions(layout, drag, peerMarks),
    [layout, drag, peerMarks],
  );
  const routes = useMemo(
    () => (board && layout && positions ? routeLines(board, layout, positions) : []),
    [board, layout, positions],
  );
  const edges = useMemo(() => {
    const built = buildEdges(routes, selectedEdgeIds, edgeCache.current);
    edgeCache.current = built;
    return built.edges;
  }, [routes, selectedEdgeIds]);

  return (
    <ActionsContext.Provider value={actions}>
      <div className={connecting ? 'canvas canvas--connecting' : 'canvas'}>
        <ReactFlow<CanvasNode>
          onDoubleClick={gestures.onDoubleClick}
          onPointerMove={gestures.onPointerMove}
          onPointerLeave={() => presence.moveCursor(null)}
          onMoveEnd={(_event, viewport) => presence.set('viewport', viewport)}
          onMoveStart={(event) => {
            // Panning by hand stops following someone.
            if (event && store.getState().following !== null) store.setState({ following: null });
          }}
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={gestures.onNodesChange}
          onEdgesChange={gestures.onEdgesChange}
          onConnect={gestures.onConnect}
          onConnectEnd={gestures.onConnectEnd}
          onNodeDragStop={gestures.onNodeDragStop}
          zoomOnDoubleClick={false}
          nodesConnectable={mayConnect}
          deleteKeyCode={null}
          fitView
          onlyRenderVisibleElements
          minZoom={0.1}
          maxZoom={2}
          proOptions={{ hideAttribution: true }}
          aria-label="Journey canvas"
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false}>
            <ControlButton
              aria-label="Mini map"
              title={miniMapShown ? 'Hide the mini map' : 'Show the mini map'}
              aria-pressed={miniMapShown}
              onClick={toggleMiniMap}
            >
              ▣
            </ControlButton>
          </Controls>
          {miniMapShown && (
            <MiniMap
              // Small enough to leave the map's bottom-right cells in sight (a tenth of the canvas at most).
              style={MINIMAP_SIZE}
              pannable
              zoomable
              ariaLabel="Mini map"
              nodeColor={miniMapColor}
              nodeStrokeWidth={0}
              bgColor={MINIMAP_COLOURS.background}
              maskColor={MINIMAP_COLOURS.mask}
            />
          )}
          {scenery && <FrozenHeaders scenery={scenery} />}
          <PeerCursors presence={presence} />
        </ReactFlow>
      </div>
    </ActionsContext.Provider>
  );
}
