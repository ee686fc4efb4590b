/**
 * A lane's kind (what its cards are: actions, touchpoints, feelings, friction…),
 * changeable from its header by those the write rules let edit the lane.
 */
import { LANE_KINDS, type Lane, type LaneKind } from '@journeyboard/shared';
import { useStore } from 'zustand';
import { useActions } from '../actions/react.js';
import { mayTouch } from '../store/selectors.js';

const KIND_LABELS: Record<LaneKind, string> = {
  actions: 'Customer actions',
  touchpoints: 'Touchpoints',
  emotions: 'Feelings',
  friction: 'Friction points',
  opportunities: 'Opportunities',
  frontstage: 'Frontstage',
  backstage: 'Backstage',
  support: 'Support processes',
  evidence: 'Evidence',
  custom: 'Custom',
};

export function LaneKindSelect({ lane }: { lane: Lane }) {
  const actions = useActions();
  const mayEdit = useStore(actions.store, (s) =>
    mayTouch(s, { kind: 'edit', collection: 'lanes', id: lane.id, fields: ['kind'] }),
  );
  if (!mayEdit) return null;
  return (
    <select
      className="lane-kind nodrag"
      aria-label={`Kind of lane ${lane.title}`}
      value={lane.kind}
      onChange={(event) => actions.edit('updateLane', { id: lane.id, kind: event.target.value as LaneKind })}
    >
      {LANE_KINDS.map((kind) => (
        <option key={kind} value={kind}>
          {KIND_LABELS[kind]}
        </option>
      ))}
    </select>
  );
}
