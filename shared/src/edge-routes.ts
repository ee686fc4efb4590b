/**
 * Where the lines between cards run, with no DOM: each edge's elbow route (out of
 * its card's right side, into the target's left, turning in the gutter between
 * columns), that route as an SVG path with rounded corners, its arrowhead, and a
 * place for its label clear of every card. The canvas and the picture export both
 * draw from here, so a line runs the same way on screen and on paper.
 */
import { BLUEPRINT_LINES } from './contract/tokens.js';
import { GRID, type GridLayout } from './layout.js';
import type { Edge } from './model.js';

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The geometry of lines, in board units (pixels at zoom 1). */
export const EDGE_LINE = {
  /** How far a line runs straight out of a card before it turns: half the gutter between columns. */
  stub: (GRID.stageWidth - GRID.cardWidth) / 2,
  cornerRadius: 8,
  /** A line's width at zoom 1 (and in the exports). */
  width: 2,
  /** The thinnest a line is drawn, in screen pixels, however far out the view is zoomed. */
  minScreenWidth: 1.6,
  /** The arrowhead's length and half its width, in line widths. */
  arrowLength: 6,
  arrowHalfWidth: 3,
} as const;

/** How an edge's label is set: one line, cut with an ellipsis, on a pill that hides the line under it. */
export const EDGE_LABEL = {
  fontSize: 11,
  /** A label's width is guessed from its length (no font metrics here): this share of the font size per character. */
  glyph: 0.6,
  padX: 6,
  height: 20,
  maxChars: 40,
  /** Room kept between a label and any card. */
  clearance: 4,
  /** The furthest a label is moved off its line to find room. */
  maxOffset: 96,
} as const;

export interface PlacedLabel {
  text: string;
  /** The label's centre. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgeGeometry {
  edge: Edge;
  /** The route's corners, from the source card's right side to the target card's left side. */
  points: Point[];
  /** The route as SVG path data, its corners rounded. */
  path: string;
  label: PlacedLabel | null;
}

/** What a line says: its label, or "hand-off" for an unlabelled hand-off (the point of drawing one). */
export function edgeLabelText(edge: Pick<Edge, 'label' | 'kind'>): string {
  const text = edge.label.trim() || (edge.kind === 'handoff' ? 'hand-off' : '');
  const chars = [...text];
  return chars.length <= EDGE_LABEL.maxChars
    ? text
    : `${chars
        .slice(0, EDGE_LABEL.maxChars - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * The corners of the line from one card to another. Forwards, it turns once, in
 * the gutter before the target's column; backwards or within a column, it leaves to
 * the right, crosses between the two cards (or under both when they sit side by
 * side) and comes into the target from the left. `stub` is half the gutter between
 * columns of cards, in the units of the boxes (the deck's are inches).
 */
export function routeEdge(from: Box, to: Box, stub: number = EDGE_LINE.stub): Point[] {
  const start = { x: from.x + from.width, y: from.y + from.height / 2 };
  const end = { x: to.x, y: to.y + to.height / 2 };
  const fromBottom = from.y + from.height;
  const toBottom = to.y + to.height;
  // (A millionth of a unit of slack: the deck's inches are not whole numbers.)
  if (end.x - start.x >= 2 * stub - 1e-6) {
    // Cards side by side (of different heights on a slide) are joined by one straight run.
    const top = Math.max(from.y, to.y);
    const bottom = Math.min(fromBottom, toBottom);
    if (bottom - top >= Math.min(from.height, to.height) / 2) {
      const y = start.y === end.y ? start.y : (top + bottom) / 2;
      return [
        { x: start.x, y },
        { x: end.x, y },
      ];
    }
    const turn = end.x - stub;
    return [start, { x: turn, y: start.y }, { x: turn, y: end.y }, end];
  }
  const across =
    fromBottom <= to.y
      ? (fromBottom + to.y) / 2
      : toBottom <= from.y
        ? (toBottom + from.y) / 2
        : Math.max(fromBottom, toBottom) + stub;
  const out = start.x + stub;
  const into = end.x - stub;
  return [
    start,
    { x: out, y: start.y },
    { x: out, y: across },
    { x: into, y: across },
    { x: into, y: end.y },
    end,
  ];
}

/** A coordinate as the path writes it: at most two decimals, so every renderer prints the same text. */
const num = (n: number) => String(Math.round(n * 100) / 100);

/** The route as SVG path data: straight runs joined by quarter turns of up to `radius`. */
export function routePath(points: readonly Point[], radius: number = EDGE_LINE.cornerRadius): string {
  const first = points[0];
  if (!first) return '';
  const parts = [`M ${num(first.x)} ${num(first.y)}`];
  for (let i = 1; i < points.length - 1; i++) {
    const [a, c, b] = [points[i - 1] as Point, points[i] as Point, points[i + 1] as Point];
    const r = Math.min(radius, distance(a, c) / 2, distance(c, b) / 2);
    const before = toward(c, a, r);
    const after = toward(c, b, r);
    parts.push(
      `L ${num(before.x)} ${num(before.y)}`,
      `Q ${num(c.x)} ${num(c.y)} ${num(after.x)} ${num(after.y)}`,
    );
  }
  const last = points[points.length - 1] as Point;
  if (points.length > 1) parts.push(`L ${num(last.x)} ${num(last.y)}`);
  return parts.join(' ');
}

const distance = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);

/** The point `by` along the way from `from` to `to`. */
function toward(from: Point, to: Point, by: number): Point {
  const length = distance(from, to);
  if (length === 0) return from;
  return { x: from.x + ((to.x - from.x) / length) * by, y: from.y + ((to.y - from.y) / length) * by };
}

/**
 * A line's width at a zoom: EDGE_LINE.width, thickened when zoomed out so it never
 * drops below EDGE_LINE.minScreenWidth on screen (in quarter steps, so zooming
 * redraws the lines only now and then).
 */
export function edgeWidthAt(zoom: number): number {
  const width = Math.max(EDGE_LINE.width, EDGE_LINE.minScreenWidth / Math.max(zoom, 0.01));
  return Math.ceil(width * 4) / 4;
}

/** The arrowhead at the route's end, for a line `width` wide: its tip on the target card's side. */
export function arrowHead(points: readonly Point[], width: number): [Point, Point, Point] {
  const tip = points[points.length - 1] as Point;
  const from = (points[points.length - 2] ?? tip) as Point;
  const length = distance(from, tip) || 1;
  const u = { x: (tip.x - from.x) / length, y: (tip.y - from.y) / length };
  const base = {
    x: tip.x - u.x * EDGE_LINE.arrowLength * width,
    y: tip.y - u.y * EDGE_LINE.arrowLength * width,
  };
  const half = EDGE_LINE.arrowHalfWidth * width;
  return [
    tip,
    { x: base.x - u.y * half, y: base.y + u.x * half },
    { x: base.x + u.y * half, y: base.y - u.x * half },
  ];
}

/** The arrowhead as an SVG polygon's points. */
export const arrowPoints = (points: readonly Point[], width: number) =>
  arrowHead(points, width)
    .map((p) => `${num(p.x)},${num(p.y)}`)
    .join(' ');

/** The side of an obstacle bucket, in board units: about a card with the room round it. */
const SIZE = 256;
/** Bucket columns per row of buckets in a key: far more than any board has. */
const SPAN = 1 << 16;

/** Boxes found by area: a label's search asks only the buckets it covers, not every card on the board. */
class Obstacles {
  private readonly buckets = new Map<number, Box[]>();

  add(box: Box): void {
    this.each(box, (key) => {
      const bucket = this.buckets.get(key);
      if (bucket) bucket.push(box);
      else this.buckets.set(key, [box]);
      return false;
    });
  }

  hits(box: Box): boolean {
    return this.each(box, (key) =>
      (this.buckets.get(key) ?? []).some(
        (other) =>
          box.x < other.x + other.width &&
          other.x < box.x + box.width &&
          box.y < other.y + other.height &&
          other.y < box.y + box.height,
      ),
    );
  }

  /** Calls `visit` with each bucket the box covers until it returns true. */
  private each(box: Box, visit: (key: number) => boolean): boolean {
    const [i0, i1] = [Math.floor(box.x / SIZE), Math.floor((box.x + box.width) / SIZE)];
    const [j0, j1] = [Math.floor(box.y / SIZE), Math.floor((box.y + box.height) / SIZE)];
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) if (visit(j * SPAN + i)) return true;
    }
    return false;
  }
}

/** `count` points spread evenly along a route, from its start to its end. */
function samples(points: readonly Point[], count: number): Point[] {
  const lengths = points.slice(1).map((p, i) => distance(points[i] as Point, p));
  const total = lengths.reduce((a, b) => a + b, 0);
  const out: Point[] = [];
  for (let k = 0; k < count; k++) {
    let s = (total * k) / (count - 1);
    let i = 0;
    while (i < lengths.length - 1 && s > (lengths[i] as number)) s -= lengths[i++] as number;
    out.push(toward(points[i] as Point, points[i + 1] ?? (points[i] as Point), s));
  }
  return out;
}

const SAMPLES = 17;
const OFFSET_STEP = 6;
/**
 * The spots a label tries, best first, as [sample along the route, offset up or
 * down]: near the route's middle and near the line before far along or far off it.
 */
const LABEL_SPOTS: ReadonlyArray<readonly [number, number]> = (() => {
  const spots: Array<[number, number, number]> = [];
  const middle = (SAMPLES - 1) / 2;
  for (let dy = -EDGE_LABEL.maxOffset; dy <= EDGE_LABEL.maxOffset; dy += OFFSET_STEP) {
    for (let k = 0; k < SAMPLES; k++) spots.push([k, dy, Math.abs(dy) + Math.abs(k - middle) * OFFSET_STEP]);
  }
  return spots.sort((a, b) => a[2] - b[2]).map(([k, dy]) => [k, dy] as const);
})();

/**
 * Where a label goes: on its line at the route's middle when that is clear of
 * every obstacle, else the nearest clear spot found by sliding along the route and
 * moving up or down off it (lanes leave bands free between rows of cards); the
 * route's middle when nothing nearby is clear.
 */
function placeLabel(text: string, points: readonly Point[], obstacles: Obstacles): PlacedLabel {
  const { height } = EDGE_LABEL;
  const width = Math.ceil([...text].length * EDGE_LABEL.fontSize * EDGE_LABEL.glyph + 2 * EDGE_LABEL.padX);
  const along = samples(points, SAMPLES);
  const boxAt = (c: Point) => ({ x: c.x - width / 2, y: c.y - height / 2, width, height });
  let found = along[(SAMPLES - 1) / 2] as Point;
  for (const [k, dy] of LABEL_SPOTS) {
    const at = along[k] as Point;
    const spot = { x: at.x, y: at.y + dy };
    if (!obstacles.hits(boxAt(spot))) {
      found = spot;
      break;
    }
  }
  obstacles.add(boxAt(found));
  return { text, x: found.x, y: found.y, width, height };
}

/**
 * What a line must keep its label off besides cards: the stage headers along the
 * top, the lane headers down the left, and the names of the service blueprint's
 * lines (set above each line's left end, as the canvas and the export draw them).
 */
export function gridObstacles(layout: Pick<GridLayout, 'width' | 'height' | 'rows'>): Box[] {
  const boxes: Box[] = [
    { x: 0, y: 0, width: layout.width, height: GRID.headerHeight },
    { x: 0, y: 0, width: GRID.laneHeaderWidth, height: layout.height },
  ];
  for (const line of BLUEPRINT_LINES) {
    const row = layout.rows.find((r) => r.lane.kind === line.above);
    if (!row) continue;
    // The names are set in 11 px type, their baseline 5 px above the line.
    const width = 8 + line.label.length * 11 * EDGE_LABEL.glyph;
    boxes.push({ x: GRID.laneHeaderWidth, y: row.y - 18, width, height: 16 });
  }
  return boxes;
}

/**
 * Every edge's route and label, given where each card's top-left corner is (a card
 * being dragged where it is being dragged). Labels are placed in the edges' order,
 * each kept clear of the cards, of `others` and of the labels placed before it.
 */
export function routeEdges(
  cards: ReadonlyMap<string, Point>,
  edges: readonly Edge[],
  others: readonly Box[] = [],
): EdgeGeometry[] {
  const size = { width: GRID.cardWidth, height: GRID.cardHeight };
  const margin = EDGE_LABEL.clearance;
  const obstacles = new Obstacles();
  for (const box of others) obstacles.add(box);
  for (const at of cards.values()) {
    obstacles.add({
      x: at.x - margin,
      y: at.y - margin,
      width: size.width + 2 * margin,
      height: size.height + 2 * margin,
    });
  }
  const routes: EdgeGeometry[] = [];
  for (const edge of edges) {
    const from = cards.get(edge.from);
    const to = cards.get(edge.to);
    if (!from || !to) continue;
    const points = routeEdge({ ...from, ...size }, { ...to, ...size });
    const text = edgeLabelText(edge);
    routes.push({
      edge,
      points,
      path: routePath(points),
      label: text ? placeLabel(text, points, obstacles) : null,
    });
  }
  return routes;
}

/** The edges of a laid-out state, routed where the layout puts their cards. */
export function edgeGeometry(layout: GridLayout, edges: readonly Edge[]): EdgeGeometry[] {
  const cards = new Map(layout.cards.map((p) => [p.card.id, { x: p.x, y: p.y }]));
  return routeEdges(
    cards,
    edges.filter((e) => e.stateId === layout.stateId),
    gridObstacles(layout),
  );
}
