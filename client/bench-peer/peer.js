/**
 * The peer: React Flow with the options the app's canvas sets that change what is drawn
 * (fit to view, zoom 0.1 to 2, only visible elements, nothing draggable as for a
 * viewer). The bench puts the board in window.__peerBoard, and window.__peerDrags(true)
 * moves ten cards at 30 Hz, as ten remote editors' drags move them on the app's canvas.
 */
import '@xyflow/react/dist/style.css';
import { Handle, Position, ReactFlow } from '@xyflow/react';
import { createElement as h, memo, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const PeerCard = memo(({ data }) =>
  h(
    'div',
    { className: 'peer-card' },
    h('p', null, data.text),
    h('div', null, ...data.chips.map((chip) => h('span', { key: chip }, chip))),
    h(Handle, { type: 'target', position: Position.Left }),
    h(Handle, { type: 'source', position: Position.Right }),
  ),
);
const nodeTypes = { card: PeerCard };
const board = window.__peerBoard;

function Peer() {
  const [nodes, setNodes] = useState(board.nodes);
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    window.__peerDrags = setDragging;
  }, []);
  useEffect(() => {
    if (!dragging) return undefined;
    let tick = 0;
    const timer = setInterval(() => {
      tick++;
      // The bench's pattern: ten cards, each moved every tick, a new one every 60 ticks.
      const moved = new Map();
      for (let i = 0; i < 10; i++) {
        const index = (i * 97 + Math.floor(tick / 60) * 13) % board.nodes.length;
        moved.set(index, { x: 200 + ((tick * 7 + i * 40) % 1600), y: 100 + ((tick * 5 + i * 90) % 3000) });
      }
      setNodes((current) =>
        current.map((node, index) => (moved.has(index) ? { ...node, position: moved.get(index) } : node)),
      );
    }, 33);
    return () => clearInterval(timer);
  }, [dragging]);
  return h(ReactFlow, {
    nodes,
    edges: board.edges,
    nodeTypes,
    fitView: true,
    onlyRenderVisibleElements: true,
    nodesDraggable: false,
    minZoom: 0.1,
    maxZoom: 2,
    proOptions: { hideAttribution: true },
  });
}

createRoot(document.getElementById('root')).render(h(Peer));
