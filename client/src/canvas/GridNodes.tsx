/** The swimlane grid drawn as canvas nodes: stage columns with their headers, lane rows with theirs. */
import type { Lane, Stage } from '@journeyboard/shared';
import type { Node, NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useCanvasCommands } from './canvasCommands.js';
import { HeaderTitle } from './HeaderTitle.js';

export type StageFlowNode = Node<{ stage: Stage; height: number }, 'stage'>;
export type LaneFlowNode = Node<{ lane: Lane; width: number; headerWidth: number }, 'lane'>;

function StageColumnView({ data }: NodeProps<StageFlowNode>) {
  const commands = useCanvasCommands();
  const { stage } = data;
  return (
    <div className="stage-column" style={{ height: data.height }}>
      <section className="stage-column__header" aria-label={`Stage ${stage.title}`}>
        <HeaderTitle
          kind="stage"
          title={stage.title}
          readOnly={commands.readOnly}
          onRename={(title) => commands.renameStage(stage.id, title)}
          onMove={(delta) => commands.moveStage(stage.id, delta)}
          onRemove={() => commands.removeStage(stage.id)}
        />
      </section>
    </div>
  );
}

function LaneRowView({ data }: NodeProps<LaneFlowNode>) {
  const commands = useCanvasCommands();
  const { lane } = data;
  return (
    <div className={`lane-row lane-row--${lane.kind}`} style={{ width: data.width }}>
      <section
        className="lane-row__header"
        style={{ width: data.headerWidth }}
        aria-label={`Lane ${lane.title}`}
      >
        <HeaderTitle
          kind="lane"
          title={lane.title}
          readOnly={commands.readOnly}
          onRename={(title) => commands.renameLane(lane.id, title)}
          onMove={(delta) => commands.moveLane(lane.id, delta)}
          onRemove={() => commands.removeLane(lane.id)}
        />
      </section>
    </div>
  );
}

export const StageColumn = memo(StageColumnView);
export const LaneRow = memo(LaneRowView);
