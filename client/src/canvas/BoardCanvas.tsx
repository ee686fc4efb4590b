/**
 * The journey canvas: React Flow drawing one state's swimlane grid from the store.
 * Drags stay local (React Flow moves the node) and become one moveCard on drop;
 * everything else flows doc → store → nodes, reusing unchanged node objects.
 */
import {
  addCard,
  cellAt,
  GRID,
  layoutState,
  moveCard,
  ORIGINS,
  removeCard,
  updateCard,
} from '@journeyboard/shared';
import {
  Background,
  Controls,
  MiniMap,
  type Node,
  type NodeChange,
  type NodeTypes,
  ReactFlow,
  useReactFlow,
} from '@xyflow/react';
import { type MouseEvent, useCallback, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardStore } from '../store/boardStore.js';
import type { BoardConnection } from '../sync/boardConnection.js';
import { type CardFlowNode, CardNode } from './CardNode.js';
import { type LaneFlowNode, LaneRow, StageColumn, type StageFlowNode } from './GridNodes.js';

const nodeTypes: NodeTypes = { card: CardNode, stage: StageColumn, lane: LaneRow };

type CanvasNode = CardFlowNode | StageFlowNode | LaneFlowNode;

const miniMapColor = (node: Node) =>
  node.type === 'card' ? '#e9c46a' : node.type === 'lane' ? '#e3e8f1' : 'transparent';

export function BoardCanvas({ connection, store }: { connection: BoardConnection; store: BoardStore }) {
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  const readOnly = useStore(store, (s) => s.role === 'viewer');
  const selectedIds = useStore(store, (s) => s.selectedCardIds);
  const editingId = useStore(store, (s) => s.editingCardId);
  const [drag, setDrag] = useState<{ id: string; x: number; y: number } | null>(null);
  const flow = useReactFlow();
  const cache = useRef(new Map<string, CanvasNode>());

  const layout = useMemo(() => (board && stateId ? layoutState(board, stateId) : null), [board, stateId]);

  const onStartEdit = useCallback(
    (id: string) => store.setState({ editingCardId: id, selectedCardIds: [id] }),
    [store],
  );
  const onCommit = useCallback(
    (id: string, text: string | null) => {
      const card = store.getState().board?.cards.find((c) => c.id === id);
      store.setState({ editingCardId: null });
      if (text === null || !card) {
        // A card left empty when its editing was cancelled was never meant to exist.
        if (card && card.text === '' && text === null) removeCard(connection.doc, { id }, ORIGINS.local);
        return;
      }
      if (text !== card.text) updateCard(connection.doc, { id, text }, ORIGINS.local);
    },
    [connection, store],
  );

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
            style: { width: layout.width, height: row.height },
            draggable: false,
            selectable: false,
            zIndex: -2,
          },
          (old) =>
            old.data.lane === row.lane && old.data.width === layout.width && old.style?.height === row.height,
        ),
      );
    }
    for (const column of layout.columns) {
      result.push(
        reuse<StageFlowNode>(
          {
            id: `stage:${column.stage.id}`,
            type: 'stage',
            position: { x: column.x, y: 0 },
            data: { stage: column.stage, height: layout.height },
            style: { width: column.width, height: layout.height },
            draggable: false,
            selectable: false,
            zIndex: -1,
          },
          (old) => old.data.stage === column.stage && old.data.height === layout.height,
        ),
      );
    }
    for (const placed of layout.cards) {
      const id = placed.card.id;
      const position = drag?.id === id ? { x: drag.x, y: drag.y } : { x: placed.x, y: placed.y };
      result.push(
        reuse<CardFlowNode>(
          {
            id,
            type: 'card',
            position,
            data: { card: placed.card, editing: editingId === id, readOnly, onStartEdit, onCommit },
            style: { width: GRID.cardWidth, height: GRID.cardHeight },
            selected: selected.has(id),
            draggable: !readOnly && editingId !== id,
            selectable: true,
            zIndex: drag?.id === id ? 10 : 1,
          },
          (old) =>
            old.data.card === placed.card &&
            old.data.editing === (editingId === id) &&
            old.data.readOnly === readOnly &&
            old.selected === selected.has(id) &&
            old.draggable === (!readOnly && editingId !== id),
        ),
      );
    }
    cache.current = next;
    return result;
  }, [layout, selectedIds, editingId, readOnly, drag, onStartEdit, onCommit]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      let selection: Set<string> | null = null;
      for (const change of changes) {
        if (change.type === 'position' && change.position && change.dragging) {
          setDrag({ id: change.id, x: change.position.x, y: change.position.y });
        } else if (change.type === 'select') {
          selection ??= new Set(store.getState().selectedCardIds);
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
        }
      }
      if (selection) store.setState({ selectedCardIds: Array.from(selection) });
    },
    [store],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, node: Node) => {
      setDrag(null);
      if (!layout || node.type !== 'card') return;
      const hit = cellAt(
        layout,
        node.position.x + GRID.cardWidth / 2,
        node.position.y + GRID.cardHeight / 2,
        node.id,
      );
      if (hit) moveCard(connection.doc, { id: node.id, ...hit }, ORIGINS.local);
    },
    [connection, layout],
  );

  const onDoubleClick = useCallback(
    (event: MouseEvent) => {
      if (readOnly || !layout) return;
      const target = event.target as HTMLElement;
      if (target.closest('.card')) return;
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const hit = cellAt(layout, point.x, point.y);
      if (!hit) return;
      const id = addCard(connection.doc, { ...hit, text: '' }, ORIGINS.local);
      store.setState({ selectedCardIds: [id], editingCardId: id });
    },
    [connection, flow, layout, readOnly, store],
  );

  return (
    <div className="canvas">
      <ReactFlow<CanvasNode>
        onDoubleClick={onDoubleClick}
        nodes={nodes}
        edges={[]}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onNodeDragStop={onNodeDragStop}
        zoomOnDoubleClick={false}
        nodesConnectable={false}
        fitView
        minZoom={0.1}
        maxZoom={2}
        proOptions={{ hideAttribution: true }}
        aria-label="Journey canvas"
      >
        <Background gap={24} size={1} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Mini map" nodeColor={miniMapColor} nodeStrokeWidth={0} />
      </ReactFlow>
    </div>
  );
}
