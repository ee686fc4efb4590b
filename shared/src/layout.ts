/**
 * The swimlane grid's geometry, with no DOM: stages are columns, lanes are rows,
 * cards stack in their cell in order. The canvas draws from it, the drop of a drag
 * asks it which cell and index a point falls on, and exports can draw the same grid.
 */
import type { BoardSnapshot, Card, Lane, Stage } from './model.js';

export const GRID = {
  /** Room for the stage title and, under it, the stage's metrics and friction total. */
  headerHeight: 84,
  laneHeaderWidth: 180,
  stageWidth: 248,
  cardWidth: 216,
  cardHeight: 92,
  cardGap: 10,
  cellPadding: 16,
  minLaneHeight: 120,
} as const;

export interface Column {
  stage: Stage;
  x: number;
  width: number;
}

export interface Row {
  lane: Lane;
  y: number;
  height: number;
}

export interface PlacedCard {
  card: Card;
  x: number;
  y: number;
  index: number;
}

export interface GridLayout {
  stateId: string;
  columns: Column[];
  rows: Row[];
  cards: PlacedCard[];
  width: number;
  height: number;
}

/** Lays out one state of a board. */
export function layoutState(board: BoardSnapshot, stateId: string): GridLayout {
  const stages = board.stages.filter((s) => s.stateId === stateId);
  const lanes = board.lanes.filter((l) => l.stateId === stateId);
  const cells = new Map<string, Card[]>();
  for (const card of board.cards) {
    if (card.stateId !== stateId) continue;
    const key = `${card.stageId}|${card.laneId}`;
    const cell = cells.get(key);
    if (cell) cell.push(card);
    else cells.set(key, [card]);
  }
  const stackHeight = (count: number) =>
    GRID.cellPadding * 2 + count * GRID.cardHeight + Math.max(0, count - 1) * GRID.cardGap;

  const columns = stages.map((stage, i) => ({
    stage,
    x: GRID.laneHeaderWidth + i * GRID.stageWidth,
    width: GRID.stageWidth,
  }));
  let y = GRID.headerHeight;
  const rows = lanes.map((lane) => {
    const tallest = Math.max(0, ...stages.map((stage) => cells.get(`${stage.id}|${lane.id}`)?.length ?? 0));
    const row = { lane, y, height: Math.max(GRID.minLaneHeight, stackHeight(tallest)) };
    y += row.height;
    return row;
  });
  const cards: PlacedCard[] = [];
  for (const column of columns) {
    for (const row of rows) {
      const cell = cells.get(`${column.stage.id}|${row.lane.id}`) ?? [];
      cell.forEach((card, index) => {
        cards.push({
          card,
          index,
          x: column.x + (GRID.stageWidth - GRID.cardWidth) / 2,
          y: row.y + GRID.cellPadding + index * (GRID.cardHeight + GRID.cardGap),
        });
      });
    }
  }
  return {
    stateId,
    columns,
    rows,
    cards,
    width: GRID.laneHeaderWidth + columns.length * GRID.stageWidth,
    height: y,
  };
}

export interface CellHit {
  stageId: string;
  laneId: string;
  /** Where among the cell's cards a card dropped here goes. */
  index: number;
}

/** The cell under a point in canvas coordinates (null outside the grid), and the insertion index there. */
export function cellAt(layout: GridLayout, x: number, y: number, ignoreCardId?: string): CellHit | null {
  const column = layout.columns.find((c) => x >= c.x && x < c.x + c.width);
  const row = layout.rows.find((r) => y >= r.y && y < r.y + r.height);
  if (!column || !row) return null;
  const inCell = layout.cards.filter(
    (p) => p.card.stageId === column.stage.id && p.card.laneId === row.lane.id && p.card.id !== ignoreCardId,
  );
  const index = inCell.filter((p) => p.y + GRID.cardHeight / 2 < y).length;
  return { stageId: column.stage.id, laneId: row.lane.id, index };
}
