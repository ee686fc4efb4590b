/** Edge routes: elbows through the gutters, one path text for every renderer, arrowheads and labels clear of cards. */
import { describe, expect, it } from 'vitest';
import {
  arrowHead,
  EDGE_LABEL,
  EDGE_LINE,
  edgeGeometry,
  edgeLabelText,
  edgeWidthAt,
  GRID,
  layoutState,
  readBoard,
  routeEdge,
  routeEdges,
  routePath,
} from '../src/index.js';
import { newBoard } from './board.js';

const card = (x: number, y: number) => ({ x, y, width: GRID.cardWidth, height: GRID.cardHeight });
const overlaps = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('routeEdge', () => {
  it('runs straight between cards side by side in one lane', () => {
    expect(routeEdge(card(0, 0), card(248, 0))).toEqual([
      { x: 216, y: 46 },
      { x: 248, y: 46 },
    ]);
  });

  it('runs straight between side-by-side cards of different heights, across the middle of their overlap', () => {
    const tall = { x: 0, y: 0, width: 1.5, height: 0.8 };
    const short = { x: 1.5 + 0.14 + 1e-12, y: 0, width: 1.5, height: 0.6 };
    expect(routeEdge(tall, short, 0.07)).toEqual([
      { x: 1.5, y: 0.3 },
      { x: short.x, y: 0.3 },
    ]);
  });

  it('turns once, mid-gutter before the target’s column, going forwards to another lane', () => {
    expect(routeEdge(card(0, 0), card(496, 300))).toEqual([
      { x: 216, y: 46 },
      { x: 480, y: 46 },
      { x: 480, y: 346 },
      { x: 496, y: 346 },
    ]);
  });

  it('goes round through the gap between the cards to a card below in the same column', () => {
    const points = routeEdge(card(0, 0), card(0, 200));
    expect(points[0]).toEqual({ x: 216, y: 46 });
    expect(points.at(-1)).toEqual({ x: 0, y: 246 });
    // The crossing runs halfway between the two cards, clear of both.
    expect(points[2]!.y).toBe((92 + 200) / 2);
    // Every run is straight across or straight down.
    expect(points.slice(1).every((p, i) => p.x === points[i]!.x || p.y === points[i]!.y)).toBe(true);
  });

  it('passes under both cards on a line back to a card beside it', () => {
    const points = routeEdge(card(248, 0), card(0, 0));
    expect(Math.max(...points.map((p) => p.y))).toBeGreaterThan(GRID.cardHeight);
  });
});

describe('routePath', () => {
  it('rounds each corner with a quarter turn no bigger than half the shorter run', () => {
    expect(
      routePath([
        { x: 0, y: 0 },
        { x: 100, y: 0 },
        { x: 100, y: 6 },
        { x: 200, y: 6 },
      ]),
    ).toBe('M 0 0 L 97 0 Q 100 0 100 3 L 100 3 Q 100 6 103 6 L 200 6');
  });
});

describe('arrowheads', () => {
  it('point along the last run, tip on the target’s side, and grow with the line', () => {
    const [tip, left, right] = arrowHead(
      [
        { x: 0, y: 10 },
        { x: 100, y: 10 },
      ],
      2,
    );
    expect(tip).toEqual({ x: 100, y: 10 });
    expect(left.x).toBe(100 - EDGE_LINE.arrowLength * 2);
    expect(Math.abs(left.y - right.y)).toBe(2 * EDGE_LINE.arrowHalfWidth * 2);
  });

  it('keep at least the minimum screen width when zoomed out, and the set width when zoomed in', () => {
    expect(edgeWidthAt(1)).toBe(EDGE_LINE.width);
    expect(edgeWidthAt(2)).toBe(EDGE_LINE.width);
    expect(edgeWidthAt(0.4) * 0.4).toBeGreaterThanOrEqual(EDGE_LINE.minScreenWidth);
    // An arrowhead at least 8 screen pixels long at a worked example's fit zoom.
    expect(edgeWidthAt(0.4) * EDGE_LINE.arrowLength * 0.4).toBeGreaterThanOrEqual(8);
  });
});

describe('labels', () => {
  it('say "hand-off" on an unlabelled hand-off and are cut with an ellipsis when long', () => {
    expect(edgeLabelText({ label: '', kind: 'handoff' })).toBe('hand-off');
    expect(edgeLabelText({ label: '', kind: 'flow' })).toBe('');
    const long = edgeLabelText({ label: 'x'.repeat(500), kind: 'flow' });
    expect([...long]).toHaveLength(EDGE_LABEL.maxChars);
    expect(long.endsWith('…')).toBe(true);
  });

  it('sit clear of every card and of each other on the worked examples', () => {
    for (const template of ['online-order', 'baggage-recovery']) {
      const board = readBoard(newBoard(template));
      for (const state of board.states) {
        const layout = layoutState(board, state.id);
        const placed = edgeGeometry(layout, board.edges).flatMap((g) => (g.label ? [g.label] : []));
        const boxes = placed.map((l) => ({ ...l, x: l.x - l.width / 2, y: l.y - l.height / 2 }));
        const cards = layout.cards.map((p) => ({
          x: p.x,
          y: p.y,
          width: GRID.cardWidth,
          height: GRID.cardHeight,
        }));
        expect(placed.length).toBeGreaterThan(0);
        expect(boxes.filter((box) => cards.some((c) => overlaps(box, c)))).toEqual([]);
        expect(boxes.filter((box) => boxes.some((other) => other !== box && overlaps(box, other)))).toEqual(
          [],
        );
      }
    }
  });

  it('sit on their line when nothing is in the way', () => {
    const cards = new Map([
      ['a', { x: 0, y: 0 }],
      ['b', { x: 744, y: 0 }],
    ]);
    const edge = {
      id: 'e',
      stateId: 's',
      from: 'a',
      to: 'b',
      kind: 'flow',
      label: 'Paid',
      derivedFrom: null,
    } as const;
    const [routed] = routeEdges(cards, [edge]);
    expect(routed!.label).toMatchObject({ text: 'Paid', x: (216 + 744) / 2, y: 46 });
  });

  it('are placed on a board of 2,000 cards and 1,000 labelled edges without searching every card each time', () => {
    const cards = new Map<string, { x: number; y: number }>();
    for (let i = 0; i < 2000; i++) cards.set(`c${i}`, { x: (i % 40) * 248, y: Math.floor(i / 40) * 120 });
    const edges = Array.from({ length: 1000 }, (_, i) => ({
      id: `e${i}`,
      stateId: 's',
      from: `c${i}`,
      to: `c${(i * 7 + 41) % 2000}`,
      kind: 'flow' as const,
      label: 'A label of some length',
      derivedFrom: null,
    }));
    const routed = routeEdges(cards, edges);
    expect(routed).toHaveLength(1000);
    expect(routed.every((g) => g.label !== null)).toBe(true);
  });
});
