/**
 * Where CardNode's two handles sit on a card (canvas.css: 8 px and a 2 px border,
 * centred on the card's left and right sides), in the card's own units. React Flow is
 * told them up front (flowNodes.ts, sized); test/e2e/canvas-renders.test.ts checks
 * them against the drawn ones.
 */
import { GRID } from '@journeyboard/shared';
import { type NodeHandle, Position } from '@xyflow/react';

const HANDLE = 12;

export const CARD_HANDLES: NodeHandle[] = [
  {
    type: 'target',
    position: Position.Left,
    x: -HANDLE / 2,
    y: (GRID.cardHeight - HANDLE) / 2,
    width: HANDLE,
    height: HANDLE,
  },
  {
    type: 'source',
    position: Position.Right,
    x: GRID.cardWidth - HANDLE / 2,
    y: (GRID.cardHeight - HANDLE) / 2,
    width: HANDLE,
    height: HANDLE,
  },
];
