/**
 * How the app, the deck and the CSV name the values of the model's enums, so a
 * quadrant, a horizon or a status reads the same on screen and on a slide.
 */
import type { Horizon, OpportunityStatus, VoteScope } from '../model.js';
import type { Quadrant } from '../opportunities.js';

/** One opportunity's quadrant, in the singular ("Quick win"). */
export const QUADRANT_LABELS: Record<Quadrant, string> = {
  'quick-win': 'Quick win',
  structural: 'Structural work',
  'fill-in': 'Fill-in',
  reconsider: 'Reconsider',
};

/** A quadrant as a heading over the opportunities it holds ("Quick wins"). */
export const QUADRANT_TITLES: Record<Quadrant, string> = {
  'quick-win': 'Quick wins',
  structural: 'Structural work',
  'fill-in': 'Fill-ins',
  reconsider: 'Reconsider',
};

export const HORIZON_LABELS: Record<Horizon, string> = { now: 'Now', next: 'Next', later: 'Later' };

export const OPPORTUNITY_STATUS_LABELS: Record<OpportunityStatus, string> = {
  idea: 'Idea',
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

export const VOTE_SCOPE_LABELS: Record<VoteScope, string> = {
  friction: 'Friction lane',
  board: 'Whole board',
};
