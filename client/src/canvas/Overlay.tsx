/**
 * Drawn over the grid and under the cards: the emotion curve through each stage's
 * average feeling, and the service blueprint's three lines (interaction,
 * visibility, internal interaction) above the lanes they separate.
 */
import { GRID, type GridLayout } from '@journeyboard/shared';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';

export type OverlayFlowNode = Node<{ layout: GridLayout }, 'overlay'>;

const BLUEPRINT_LINES = [
  { above: 'frontstage', label: 'Line of interaction' },
  { above: 'backstage', label: 'Line of visibility' },
  { above: 'support', label: 'Line of internal interaction' },
] as const;

/** Points of the emotion curve: per stage, the average emotion of the emotion lane's cards. */
function emotionPoints(layout: GridLayout): Array<{ x: number; y: number; value: number }> {
  const row = layout.rows.find((r) => r.lane.kind === 'emotions');
  if (!row) return [];
  const points: Array<{ x: number; y: number; value: number }> = [];
  for (const column of layout.columns) {
    const scores = layout.cards
      .filter(
        (p) => p.card.stageId === column.stage.id && p.card.laneId === row.lane.id && p.card.emotion !== null,
      )
      .map((p) => p.card.emotion as number);
    if (scores.length === 0) continue;
    const value = scores.reduce((a, b) => a + b, 0) / scores.length;
    const margin = 14;
    points.push({
      x: column.x + column.width / 2,
      y: row.y + margin + ((2 - value) / 4) * (row.height - 2 * margin),
      value,
    });
  }
  return points;
}

/** A smooth curve through the points: each segment a cubic with horizontal tangents. */
function curvePath(points: Array<{ x: number; y: number }>): string {
  return points
    .map((b, i) => {
      const a = points[i - 1];
      if (!a) return `M ${b.x} ${b.y}`;
      const mid = (a.x + b.x) / 2;
      return `C ${mid} ${a.y}, ${mid} ${b.y}, ${b.x} ${b.y}`;
    })
    .join(' ');
}

function OverlayView({ data }: NodeProps<OverlayFlowNode>) {
  const { layout } = data;
  const points = emotionPoints(layout);
  const lines = BLUEPRINT_LINES.flatMap((line) => {
    const row = layout.rows.find((r) => r.lane.kind === line.above);
    return row ? [{ ...line, y: row.y }] : [];
  });
  return (
    <svg className="overlay" width={layout.width} height={layout.height} aria-hidden="true">
      {lines.map((line) => (
        <g key={line.label} className="blueprint-line">
          <line x1={GRID.laneHeaderWidth} x2={layout.width} y1={line.y} y2={line.y} />
          <text x={GRID.laneHeaderWidth + 8} y={line.y - 5}>
            {line.label}
          </text>
        </g>
      ))}
      {points.length > 1 && <path className="emotion-curve" d={curvePath(points)} />}
      {points.map((p) => (
        <circle
          key={`${p.x}`}
          className={`emotion-point emotion-point--${p.value < 0 ? 'low' : p.value > 0 ? 'high' : 'flat'}`}
          cx={p.x}
          cy={p.y}
          r={5}
        />
      ))}
    </svg>
  );
}

export const Overlay = memo(OverlayView);
