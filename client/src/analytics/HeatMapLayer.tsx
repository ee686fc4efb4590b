/**
 * The friction heat map, a canvas layer under the cards: each stage × lane cell
 * tinted by its friction relative to the hottest cell (clear → amber → warm red),
 * its total in the cell's top corner (in the padding above the cards, so no card
 * covers it), and a legend in the grid's empty top-left corner.
 */
import { GRID, type GridLayout, type HeatCell, heatColour } from '@journeyboard/shared';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatScore } from './FrictionScoreView.js';

export type HeatMapFlowNode = Node<{ layout: GridLayout; cells: HeatCell[] }, 'heatMap'>;

const LEGEND = { x: 12, y: 10, width: GRID.laneHeaderWidth - 24, height: GRID.headerHeight - 20 };
const LEGEND_STOPS = [0, 0.5, 1];

function HeatMapView({ data }: NodeProps<HeatMapFlowNode>) {
  const { layout, cells } = data;
  const columns = new Map(layout.columns.map((c) => [c.stage.id, c]));
  const rows = new Map(layout.rows.map((r) => [r.lane.id, r]));
  const hottest = Math.max(0, ...cells.map((c) => c.total));
  return (
    <svg
      className="heat-map"
      width={layout.width}
      height={layout.height}
      role="img"
      aria-label={`Friction heat map: hottest cell scores ${formatScore(hottest)}`}
    >
      <defs>
        <linearGradient id="heat-map-legend-gradient">
          {LEGEND_STOPS.map((stop) => (
            <stop key={stop} offset={stop} stopColor={heatColour(stop)} />
          ))}
        </linearGradient>
      </defs>
      {cells.map((cell) => {
        const column = columns.get(cell.stageId);
        const row = rows.get(cell.laneId);
        if (!column || !row || cell.total <= 0) return null;
        return (
          <g key={`${cell.stageId}|${cell.laneId}`} className="heat-cell" data-intensity={cell.intensity}>
            <rect
              x={column.x}
              y={row.y}
              width={column.width}
              height={row.height}
              style={{ fill: heatColour(cell.intensity) }}
            />
            <text className="heat-cell__total" x={column.x + column.width - 8} y={row.y + 12}>
              {formatScore(cell.total)}
            </text>
          </g>
        );
      })}
      <g className="heat-legend" transform={`translate(${LEGEND.x} ${LEGEND.y})`}>
        <rect className="heat-legend__card" width={LEGEND.width} height={LEGEND.height} rx={8} />
        <text className="heat-legend__title" x={10} y={18}>
          Friction per cell
        </text>
        <rect
          x={10}
          y={26}
          width={LEGEND.width - 20}
          height={10}
          rx={3}
          fill="url(#heat-map-legend-gradient)"
        />
        <text className="heat-legend__label" x={10} y={52}>
          0
        </text>
        <text className="heat-legend__label heat-legend__label--end" x={LEGEND.width - 10} y={52}>
          {formatScore(hottest)}
        </text>
      </g>
    </svg>
  );
}

export const HeatMapLayer = memo(HeatMapView);
