/** How horizons, statuses and quadrants read in the opportunity views. */
import type { Horizon, OpportunityStatus, Quadrant } from '@journeyboard/shared';

export const HORIZON_LABELS: Record<Horizon, string> = { now: 'Now', next: 'Next', later: 'Later' };

export const STATUS_LABELS: Record<OpportunityStatus, string> = {
  idea: 'Idea',
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

/** The matrix names each quadrant as a group of opportunities. */
export const QUADRANT_TITLES: Record<Quadrant, string> = {
  'quick-win': 'Quick wins',
  structural: 'Structural work',
  'fill-in': 'Fill-ins',
  reconsider: 'Reconsider',
};
