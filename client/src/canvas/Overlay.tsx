/**
 * Drawn over the grid and under the cards: the emotion curve through each stage's
 * average feeling, and the service blueprint's three lines (interaction,
 * visibility, internal interaction) above the lanes they separate.
 */
import {
  BLUEPRINT_LINES,
  type EmotionRating,
  emotionCurve,
  emotionY,
  GRID,
  type GridLayout,
  smoothPath,
} from '@journeyboard/shared';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';

export type OverlayFlowNode = Node<{ layout: GridLayout; ratings: EmotionRating[] }, 'overlay'>;

interface SpreadMark {
  x: number;
  mean: number;
  low: number;
  high: number;
  count: number;
  disagree: boolean;
}

/**
 * Per stage, what participants scored themselves on the emotion lane's steps: the
 * average and the range, so a step where one person feels +2 and another −2 shows
 * as a long bar instead of a reassuring 0.
 */
function spreadMarks(layout: GridLayout, ratings: EmotionRating[]): SpreadMark[] {
  const row = layout.rows.find((r) => r.lane.kind === 'emotions');
  if (!row || ratings.length === 0) return [];
  const stageOf = new Map(
    layout.cards.filter((p) => p.card.laneId === row.lane.id).map((p) => [p.card.id, p.card.stageId]),
  );
  const marks: SpreadMark[] = [];
  for (const column of layout.columns) {
    const scores = ratings.filter((r) => stageOf.get(r.cardId) === column.stage.id).map((r) => r.score);
    if (scores.length === 0) continue;
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((sum, s) => sum + (s - mean) ** 2, 0) / scores.length);
    marks.push({
      // In the gap at the column's right edge, where cards do not cover it.
      x: column.x + column.width - 8,
      mean: emotionY(row, mean),
      low: emotionY(row, Math.min(...scores)),
      high: emotionY(row, Math.max(...scores)),
      count: scores.length,
      disagree: sd >= 1,
    });
  }
  return marks;
}

function OverlayView({ data }: NodeProps<OverlayFlowNode>) {
  const { layout, ratings } = data;
  const points = emotionCurve(layout);
  const spreads = spreadMarks(layout, ratings);
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
      {points.length > 1 && <path className="emotion-curve" d={smoothPath(points)} />}
      {points.map((p) => (
        <circle
          key={`${p.x}`}
          className={`emotion-point emotion-point--${p.value < 0 ? 'low' : p.value > 0 ? 'high' : 'flat'}`}
          cx={p.x}
          cy={p.y}
          r={5}
        />
      ))}
      {spreads.map((s) => (
        <g
          key={`spread-${s.x}`}
          className={`emotion-spread-mark${s.disagree ? ' emotion-spread-mark--disagree' : ''}`}
        >
          <title>{`${s.count} personal scores${s.disagree ? ': people disagree here' : ''}`}</title>
          <line x1={s.x} x2={s.x} y1={s.high} y2={s.low} />
          <line x1={s.x - 5} x2={s.x + 5} y1={s.high} y2={s.high} />
          <line x1={s.x - 5} x2={s.x + 5} y1={s.low} y2={s.low} />
          <rect x={s.x - 4} y={s.mean - 4} width={8} height={8} transform={`rotate(45 ${s.x} ${s.mean})`} />
        </g>
      ))}
    </svg>
  );
}

export const Overlay = memo(OverlayView);
