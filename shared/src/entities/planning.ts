/** What the workshop plans from a journey: opportunities, stage metrics, interaction reasons. */
import { choice, entity, idSet, number, order, ref, text, title } from './fields.js';
import { HORIZONS, LIMITS, METRIC_NAMES, OPPORTUNITY_STATUSES, SCORE_MAX, SCORE_MIN } from './vocabulary.js';

export const opportunities = entity('opportunity', 'editor', {
  journeyId: ref('journeys', { nullable: true }),
  title: title('Untitled opportunity', { max: LIMITS.title }),
  description: text({ max: LIMITS.longText, default: '' }),
  impact: number({ min: SCORE_MIN, max: SCORE_MAX, integer: true, default: 3 }),
  effort: number({ min: SCORE_MIN, max: SCORE_MAX, integer: true, default: 3 }),
  owner: text({ max: LIMITS.title, default: '' }),
  horizon: choice(HORIZONS, { default: 'next' }),
  status: choice(OPPORTUNITY_STATUSES, { default: 'idea' }),
  /** Friction cards this opportunity removes or reduces. */
  frictionIds: idSet('cards', { max: 1000, lost: 'link to missing card' }),
  order: order(),
});

export const metrics = entity('metric', 'editor', {
  stageId: ref('stages'),
  name: choice(METRIC_NAMES, { fallback: 'custom' }),
  label: text({ max: 60, trim: true, default: '' }),
  current: number({ nullable: true }),
  target: number({ nullable: true }),
});

export const reasons = entity('reason', 'editor', {
  title: title('Untitled reason', { max: LIMITS.title }),
  /** null for a primary reason; the primary's id for a secondary one. */
  parentId: ref('reasons', { nullable: true, checked: false }),
  order: order(),
});

export const planningEntities = { opportunities, metrics, reasons };
