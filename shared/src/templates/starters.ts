/** The two empty starting points: a plain journey map and a service blueprint. */
import { DEFAULT_LANES, DEFAULT_STAGES } from '../model.js';
import { lanesByKind } from './rows.js';
import type { BoardTemplate } from './types.js';

const lifecycleStages = DEFAULT_STAGES.map((title) => ({ key: title.toLowerCase(), title }));

export const blankJourneyTemplate: BoardTemplate = {
  id: 'blank-journey',
  title: 'Blank journey map',
  description:
    'The eight lifecycle stages from Awareness to Retention, with lanes for customer actions, touchpoints, feelings, friction points and opportunities.',
  journey: {
    title: 'Customer journey',
    stages: lifecycleStages,
    lanes: DEFAULT_LANES.map((lane) => ({ key: lane.kind, ...lane })),
  },
};

export const serviceBlueprintTemplate: BoardTemplate = {
  id: 'service-blueprint',
  title: 'Service blueprint',
  description:
    'Customer actions above the line of interaction; frontstage, backstage and support processes below, separated by the lines of visibility and internal interaction.',
  journey: {
    title: 'Service blueprint',
    stages: lifecycleStages,
    lanes: lanesByKind({
      evidence: 'Physical evidence',
      actions: 'Customer actions',
      touchpoints: 'Touchpoints & channels',
      frontstage: 'Frontstage (staff actions)',
      backstage: 'Backstage (staff actions)',
      support: 'Support processes & systems',
      emotions: 'Feelings',
      friction: 'Friction points',
    }),
  },
};
