import { createBoard, GRID, layoutState, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { frozenOffsets } from '../src/canvas/FrozenHeaders.js';

function layout() {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Checkout journey', template: 'blank-journey' });
  const board = readBoard(doc);
  return layoutState(board, board.states.find((s) => s.kind === 'current')!.id);
}

describe('the frozen stage and lane headers', () => {
  it('stay where the grid puts them while its top-left corner is in sight', () => {
    expect(frozenOffsets([40, 30, 1.5], layout())).toEqual({ top: 0, left: 0 });
  });

  it('follow the viewport edges, in canvas units, when the grid is panned past them', () => {
    // At zoom 2, 400 screen pixels past the top are 200 canvas units; 300 past the left, 150.
    expect(frozenOffsets([-300, -400, 2], layout())).toEqual({ top: 200, left: 150 });
  });

  it('stop at the far edges of the grid', () => {
    const grid = layout();
    expect(frozenOffsets([-1e6, -1e6, 1], grid)).toEqual({
      top: grid.height - GRID.headerHeight,
      left: grid.width - GRID.laneHeaderWidth,
    });
  });
});
