/**
 * Evidence coverage (#14), a canvas layer under the cards: each stage × lane cell
 * whose friction points have no evidence (no source named on the card, no data behind
 * its frequency) is hatched and says how many; a cell whose friction all rests on
 * evidence gets a quiet outline. A legend sits in the grid's empty top-left corner.
 */
import { type EvidenceCoverage, GRID, type GridLayout } from '@journeyboard/shared';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';

export type CoverageFlowNode = Node<{ layout: GridLayout; coverage: EvidenceCoverage }, 'coverage'>;

const LEGEND = { x: 12, y: 10, width: GRID.laneHeaderWidth - 24, height: GRID.headerHeight - 20 };

function CoverageView({ data }: NodeProps<CoverageFlowNode>) {
  const { layout, coverage } = data;
  const columns = new Map(layout.columns.map((c) => [c.stage.id, c]));
  const rows = new Map(layout.rows.map((r) => [r.lane.id, r]));
  return (
    <svg
      className="coverage"
      width={layout.width}
      height={layout.height}
      role="img"
      aria-label={`Evidence coverage: ${coverage.unsupported} of ${coverage.friction} friction points have no evidence`}
    >
      <defs>
        <pattern
          id="coverage-hatch"
          width="10"
          height="10"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect className="coverage__hatch-ground" width="10" height="10" />
          <line className="coverage__hatch-line" x1="0" y1="0" x2="0" y2="10" />
        </pattern>
      </defs>
      {coverage.cells.map((cell) => {
        const column = columns.get(cell.stageId);
        const row = rows.get(cell.laneId);
        if (!column || !row) return null;
        const bare = cell.unsupported > 0;
        return (
          <g
            key={`${cell.stageId}|${cell.laneId}`}
            className={bare ? 'coverage-cell coverage-cell--bare' : 'coverage-cell'}
          >
            <rect
              x={column.x + 2}
              y={row.y + 2}
              width={column.width - 4}
              height={row.height - 4}
              rx={6}
              fill={bare ? 'url(#coverage-hatch)' : 'none'}
            />
            {bare && (
              <text className="coverage-cell__label" x={column.x + column.width - 8} y={row.y + 13}>
                {`${cell.unsupported} of ${cell.friction} without evidence`}
              </text>
            )}
          </g>
        );
      })}
      <g className="heat-legend" transform={`translate(${LEGEND.x} ${LEGEND.y})`}>
        <rect className="heat-legend__card" width={LEGEND.width} height={LEGEND.height} rx={8} />
        <text className="heat-legend__title" x={10} y={18}>
          Evidence coverage
        </text>
        <rect
          x={10}
          y={26}
          width={16}
          height={12}
          rx={2}
          fill="url(#coverage-hatch)"
          className="coverage__swatch"
        />
        <text className="heat-legend__label" x={32} y={36}>
          {`${coverage.unsupported} of ${coverage.friction} without`}
        </text>
      </g>
    </svg>
  );
}

export const CoverageLayer = memo(CoverageView);
