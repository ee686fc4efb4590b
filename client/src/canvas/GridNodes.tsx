/** The swimlane grid drawn as canvas nodes: stage columns with their headers, lane rows with theirs. */
import type { Lane, Stage } from '@journeyboard/shared';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';

export type StageFlowNode = Node<{ stage: Stage; height: number }, 'stage'>;
export type LaneFlowNode = Node<{ lane: Lane; width: number; headerWidth: number }, 'lane'>;

function StageColumnView({ data }: NodeProps<StageFlowNode>) {
  return (
    <div className="stage-column" style={{ height: data.height }}>
      <h3 className="stage-column__title">{data.stage.title}</h3>
    </div>
  );
}

function LaneRowView({ data }: NodeProps<LaneFlowNode>) {
  return (
    <div className={`lane-row lane-row--${data.lane.kind}`} style={{ width: data.width }}>
      <h3 className="lane-row__title" style={{ width: data.headerWidth }}>
        {data.lane.title}
      </h3>
    </div>
  );
}

export const StageColumn = memo(StageColumnView);
export const LaneRow = memo(LaneRowView);
