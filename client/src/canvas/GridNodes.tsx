/**
 * The swimlane grid: stage columns and lane rows drawn as canvas nodes, and the
 * stage and lane headers that FrozenHeaders keeps in sight at the viewport's edges.
 */
import { formatMetric, type Lane, type Stage, type StageMetric } from '@journeyboard/shared';
import type { Node, NodeProps } from '@xyflow/react';
import { memo, useState } from 'react';
import { useStore } from 'zustand';
import { useActions } from '../actions/react.js';
import { mayEditCollection, mayTouch } from '../store/selectors.js';
import { HeaderComments } from '../workshop/WorkshopBadges.js';
import { HeaderTitle } from './HeaderTitle.js';
import { LaneKindSelect } from './LaneKindSelect.js';
import { StageMetricsEditor } from './StageMetricsEditor.js';

export type StageFlowNode = Node<{ stage: Stage; height: number }, 'stage'>;
export type LaneFlowNode = Node<{ lane: Lane; width: number }, 'lane'>;

/**
 * What a stage or lane header offers those who may shape the grid (editors; while the
 * structure is locked, facilitators only): rename, move one place, remove.
 */
function useHeaderEdits(kind: 'stage' | 'lane', id: string) {
  const actions = useActions();
  const collection = kind === 'stage' ? 'stages' : 'lanes';
  const readOnly = useStore(
    actions.store,
    (s) => !mayTouch(s, { kind: 'edit', collection, id, fields: ['title'] }),
  );
  const cardCount = useStore(
    actions.store,
    (s) =>
      s.board?.cards.filter((card) => (kind === 'stage' ? card.stageId : card.laneId) === id).length ?? 0,
  );
  return kind === 'stage'
    ? {
        readOnly,
        cardCount,
        onRename: (title: string) => actions.edit('renameStage', { id, title }),
        onMove: (delta: -1 | 1) => actions.edit('moveStageBy', { id, delta }),
        onRemove: () => actions.edit('removeStage', { id }),
      }
    : {
        readOnly,
        cardCount,
        onRename: (title: string) => actions.edit('renameLane', { id, title }),
        onMove: (delta: -1 | 1) => actions.edit('moveLaneBy', { id, delta }),
        onRemove: () => actions.edit('removeLane', { id }),
      };
}

/**
 * The metrics a stage's header shows as chips; the rest collapse into a "+N" chip
 * (all of them in its tooltip), so two rows of chips always fit the header.
 */
const SHOWN_METRICS = 2;

/** A stage's header: its title and tools, its metrics and its friction total. */
function StageHeaderView({
  stage,
  metrics,
  friction,
}: {
  stage: Stage;
  metrics: StageMetric[];
  friction: number;
}) {
  const edits = useHeaderEdits('stage', stage.id);
  const mayEditMetrics = useStore(useActions().store, (s) => mayEditCollection(s, 'metrics'));
  const [editingMetrics, setEditingMetrics] = useState(false);
  return (
    <section className="stage-column__header" aria-label={`Stage ${stage.title}`}>
      <HeaderTitle kind="stage" title={stage.title} {...edits}>
        <HeaderComments target={{ type: 'stage', id: stage.id }} title={stage.title} />
      </HeaderTitle>
      <ul className="stage-metrics" aria-label={`Metrics of ${stage.title}`}>
        {metrics.slice(0, SHOWN_METRICS).map((metric) => (
          <li key={metric.id} className="stage-metric" title={formatMetric(metric, true)}>
            {formatMetric(metric)}
          </li>
        ))}
        {metrics.length > SHOWN_METRICS && (
          <li
            className="stage-metric stage-metric--more"
            title={metrics
              .slice(SHOWN_METRICS)
              .map((metric) => formatMetric(metric, true))
              .join('\n')}
          >
            <span aria-hidden="true">+{metrics.length - SHOWN_METRICS}</span>
            <span className="visually-hidden">
              {`${metrics.length - SHOWN_METRICS} more: ${metrics
                .slice(SHOWN_METRICS)
                .map((metric) => formatMetric(metric))
                .join(', ')}`}
            </span>
          </li>
        )}
        {friction > 0 && (
          <li className="stage-metric stage-metric--friction" title="Total friction score of this stage">
            Friction {friction}
          </li>
        )}
        {mayEditMetrics && (
          <li>
            <button
              type="button"
              className="stage-metrics__edit nodrag"
              aria-label={`Edit metrics of ${stage.title}`}
              onClick={() => setEditingMetrics(true)}
            >
              {metrics.length === 0 ? '+ Metric' : '✎'}
            </button>
          </li>
        )}
      </ul>
      {editingMetrics && (
        <StageMetricsEditor stage={stage} metrics={metrics} onClose={() => setEditingMetrics(false)} />
      )}
    </section>
  );
}

/** A lane's header: its title and tools, and its kind for those who may change it. */
function LaneHeaderView({ lane }: { lane: Lane }) {
  const edits = useHeaderEdits('lane', lane.id);
  return (
    <section className={`lane-row__header lane-row__header--${lane.kind}`} aria-label={`Lane ${lane.title}`}>
      <HeaderTitle kind="lane" title={lane.title} {...edits}>
        <HeaderComments target={{ type: 'lane', id: lane.id }} title={lane.title} />
      </HeaderTitle>
      <LaneKindSelect lane={lane} />
    </section>
  );
}

/** A stage's column on the canvas: its left border (its header is drawn by FrozenHeaders). */
function StageColumnView({ data }: NodeProps<StageFlowNode>) {
  return <div className="stage-column" style={{ height: data.height }} />;
}

/** A lane's row on the canvas: its band across the grid (its header is drawn by FrozenHeaders). */
function LaneRowView({ data }: NodeProps<LaneFlowNode>) {
  return <div className="lane-row" style={{ width: data.width }} />;
}

export const StageHeader = memo(StageHeaderView);
export const LaneHeader = memo(LaneHeaderView);
export const StageColumn = memo(StageColumnView);
export const LaneRow = memo(LaneRowView);
