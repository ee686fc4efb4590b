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

export interface CurvePoint {
  x: number;
  y: number;
  /** The average emotion (-2..+2) the point stands for. */
  value: number;
}

/** The y of an emotion value (-2..+2) inside a row, +2 at the top, with a margin so points stay clear of the edges. */
export function emotionY(row: Pick<Row, 'y' | 'height'>, value: number): number {
  const margin = 14;
  return row.y + margin + ((2 - value) / 4) * (row.height - 2 * margin);
}

/**
 * The emotion curve of a laid-out state: per stage, the average emotion of the
 * emotion lane's scored cards, placed in that lane's row at the stage's centre.
 * Stages with no scored card have no point.
 */
export function emotionCurve(layout: GridLayout): CurvePoint[] {
  const row = layout.rows.find((r) => r.lane.kind === 'emotions');
  if (!row) return [];
  const points: CurvePoint[] = [];
  for (const column of layout.columns) {
    const scores = layout.cards
      .filter(
        (p) => p.card.stageId === column.stage.id && p.card.laneId === row.lane.id && p.card.emotion !== null,
      )
      .map((p) => p.card.emotion as number);
    if (scores.length === 0) continue;
    const value = scores.reduce((a, b) => a + b, 0) / scores.length;
    points.push({ x: column.x + column.width / 2, y: emotionY(row, value), value });
  }
  return points;
}

/** An SVG path through the points: each segment a cubic with horizontal tangents, so the curve never overshoots. */
export function smoothPath(points: ReadonlyArray<{ x: number; y: number }>): string {
  return points
    .map((b, i) => {
      const a = points[i - 1];
      if (!a) return `M ${b.x} ${b.y}`;
      const mid = (a.x + b.x) / 2;
      return `C ${mid} ${a.y}, ${mid} ${b.y}, ${b.x} ${b.y}`;
    })
    .join(' ');
}
