import { stringField } from '../fields.js';
import {
  collection,
  entities,
  entity,
  newSet,
  patchEntity,
  putEntity,
  SETTING_KEYS,
  setField,
  settingsMap,
} from '../schema.js';
import {
  defineCommand,
  idForNew,
  orderAmong,
  patchCommand,
  removeCommand,
  removeCommentsOn,
  removeWhere,
  requireEntity,
  requireTopLevel,
} from './context.js';
import { metricId } from './structure.js';

// ---- opportunities ----------------------------------------------------------

export const addOpportunity = defineCommand(
  'addOpportunity',
  (doc, { id: givenId, frictionIds, ...fields }): string => {
    const id = idForNew(doc, 'opportunities', givenId, 'addOpportunity');
    if (fields.journeyId !== null) {
      requireEntity(doc, 'journeys', fields.journeyId, 'addOpportunity', 'journeyId');
    }
    for (const [i, cardId] of frictionIds.entries()) {
      requireEntity(doc, 'cards', cardId, 'addOpportunity', `frictionIds.${i}`);
    }
    const order = orderAmong(doc, 'opportunities');
    putEntity(doc, 'opportunities', id, { ...fields, order, frictionIds: newSet(frictionIds) });
    return id;
  },
);

export const updateOpportunity = patchCommand('updateOpportunity', 'opportunities');

export const removeOpportunity = removeCommand('removeOpportunity', 'opportunities', (doc, id) => {
  collection(doc, 'opportunities').delete(id);
  removeCommentsOn(doc, 'opportunity', new Set([id]));
});

/** Records that an opportunity removes or reduces a friction card. */
export const linkFriction = defineCommand('linkFriction', (doc, { opportunityId, cardId }) => {
  const opportunity = requireEntity(doc, 'opportunities', opportunityId, 'linkFriction', 'opportunityId');
  requireEntity(doc, 'cards', cardId, 'linkFriction', 'cardId');
  const links = setField(opportunity, 'frictionIds');
  if (links) links.set(cardId, true);
  else opportunity.set('frictionIds', newSet([cardId]));
});

export const unlinkFriction = defineCommand('unlinkFriction', (doc, { opportunityId, cardId }) => {
  const opportunity = requireEntity(doc, 'opportunities', opportunityId, 'unlinkFriction', 'opportunityId');
  setField(opportunity, 'frictionIds')?.delete(cardId);
});

// ---- friction scoring settings ---------------------------------------------

/** Changes this board's friction scoring settings; what is not given keeps its value. */
export const setScoring = defineCommand('setScoring', (doc, s) => {
  const settings = settingsMap(doc);
  const put = (key: string, value: unknown) => {
    if (value !== undefined && settings.get(key) !== value) settings.set(key, value);
  };
  put(SETTING_KEYS.period, s.period);
  for (const [tier, weight] of Object.entries(s.tierWeights ?? {})) put(SETTING_KEYS.tier(tier), weight);
  for (const [priority, weight] of Object.entries(s.priorityWeights ?? {})) {
    put(SETTING_KEYS.priority(priority), weight);
  }
  put(SETTING_KEYS.unknownSegment, s.unknownSegmentWeight);
});

// ---- stage metrics ---------------------------------------------------------

/** Sets a stage's NPS / CSAT / CES / custom metric (current and target); returns the metric id. */
export const setMetric = defineCommand('setMetric', (doc, metric): string => {
  const id = metricId(metric.stageId, metric.name, metric.label);
  requireEntity(doc, 'stages', metric.stageId, 'setMetric', 'stageId');
  const existing = entity(doc, 'metrics', id);
  if (existing) {
    patchEntity(existing, {
      label: metric.label,
      current: metric.current,
      target: metric.target,
    });
  } else {
    putEntity(doc, 'metrics', id, { ...metric });
  }
  return id;
});

/** Removes a stage metric with its survey readings. */
export const removeMetric = removeCommand('removeMetric', 'metrics', (doc, id) => {
  collection(doc, 'metrics').delete(id);
  removeWhere(doc, 'readings', (reading) => stringField(reading, 'metricId') === id);
});

// ---- interaction reasons (primary -> secondary) ----------------------------

export const addReason = defineCommand('addReason', (doc, reason): string => {
  const id = idForNew(doc, 'reasons', reason.id, 'addReason');
  if (reason.parentId !== null) {
    requireTopLevel(
      doc,
      'reasons',
      reason.parentId,
      'addReason',
      'reasons have two levels: a secondary reason cannot have children',
    );
  }
  const order = orderAmong(doc, 'reasons', (r) => (r.get('parentId') ?? null) === reason.parentId);
  putEntity(doc, 'reasons', id, { title: reason.title, parentId: reason.parentId, order });
  return id;
});

export const renameReason = patchCommand('renameReason', 'reasons');

/** Removes a reason with its secondary reasons and their contact volumes, and untags the cards that carried them. */
export const removeReason = removeCommand('removeReason', 'reasons', (doc, id) => {
  const removed = new Set(
    removeWhere(doc, 'reasons', (reason, reasonId) => reasonId === id || reason.get('parentId') === id),
  );
  removeWhere(doc, 'volumes', (volume) => removed.has(stringField(volume, 'reasonId')));
  for (const [, card] of entities(doc, 'cards')) {
    const tags = setField(card, 'reasonIds');
    if (tags) for (const reasonId of removed) tags.delete(reasonId);
  }
});

/** Tags (or untags) a touchpoint or friction card with an interaction reason. */
export const tagReason = defineCommand('tagReason', (doc, { cardId, reasonId, tagged }) => {
  const card = requireEntity(doc, 'cards', cardId, 'tagReason', 'cardId');
  requireEntity(doc, 'reasons', reasonId, 'tagReason', 'reasonId');
  const tags = setField(card, 'reasonIds');
  if (tagged) {
    if (tags) tags.set(reasonId, true);
    else card.set('reasonIds', newSet([reasonId]));
  } else {
    tags?.delete(reasonId);
  }
});
