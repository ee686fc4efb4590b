/**
 * The stage and lane headers, drawn in the canvas's viewport like frozen panes in a
 * spreadsheet: zoomed in and panned down, the stage row stays at the top edge; panned
 * right, the lane column stays at the left edge, so every cell in sight is named. Each
 * header stays a live header (rename, move, delete, metrics, comments) wherever it sits.
 */
import { GRID, type GridLayout, type StageMetric } from '@journeyboard/shared';
import { type Transform, useStore as useFlowStore, ViewportPortal } from '@xyflow/react';
import { useMemo } from 'react';
import type { Scenery } from './flowNodes.js';
import { LaneHeader, StageHeader } from './GridNodes.js';

/**
 * How far, in canvas units, the stage row is pushed down and the lane column right to stay
 * at the viewport's edges: 0 while the grid's own edge is in sight, and never past the grid.
 */
export function frozenOffsets([x, y, zoom]: Transform, layout: GridLayout): { top: number; left: number } {
  const clamp = (value: number, max: number) => Math.max(0, Math.min(value, max));
  return {
    top: clamp(-y / zoom, layout.height - GRID.headerHeight),
    left: clamp(-x / zoom, layout.width - GRID.laneHeaderWidth),
  };
}

const NO_METRICS: StageMetric[] = [];

export function FrozenHeaders({ scenery }: { scenery: Scenery }) {
  const { layout, stageMetrics, stageFriction } = scenery;
  // Two numbers, so a pan that leaves them unchanged re-renders nothing.
  const top = useFlowStore((flow) => frozenOffsets(flow.transform, layout).top);
  const left = useFlowStore((flow) => frozenOffsets(flow.transform, layout).left);
  const stages = useMemo(
    () =>
      layout.columns.map((column) => (
        <div
          key={column.stage.id}
          className="frozen-headers__cell"
          style={{ left: column.x, width: column.width, height: GRID.headerHeight }}
        >
          <StageHeader
            stage={column.stage}
            metrics={stageMetrics.get(column.stage.id) ?? NO_METRICS}
            friction={stageFriction.get(column.stage.id) ?? 0}
          />
        </div>
      )),
    [layout, stageMetrics, stageFriction],
  );
  const lanes = useMemo(
    () =>
      layout.rows.map((row) => (
        <div
          key={row.lane.id}
          className="frozen-headers__cell"
          style={{ top: row.y, width: GRID.laneHeaderWidth, height: row.height }}
        >
          <LaneHeader lane={row.lane} />
        </div>
      )),
    [layout],
  );
  const pinned = (on: boolean) => (on ? ' frozen-headers--pinned' : '');
  return (
    <ViewportPortal>
      <div className={`frozen-headers frozen-headers--lanes${pinned(left > 0)}`} style={{ left }}>
        {lanes}
      </div>
      <div className={`frozen-headers frozen-headers--stages${pinned(top > 0)}`} style={{ top }}>
        {stages}
      </div>
      {(top > 0 || left > 0) && (
        <div
          className="frozen-headers frozen-headers--corner"
          style={{ top, left, width: GRID.laneHeaderWidth, height: GRID.headerHeight }}
          aria-hidden="true"
        />
      )}
    </ViewportPortal>
  );
}
