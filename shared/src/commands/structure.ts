/** Journeys, their states (current and forked futures), and the stages and lanes of a state. */
import type * as Y from 'yjs';
import { BoardCommandError } from '../errors.js';
import { stringField } from '../fields.js';
import { newId } from '../ids.js';
import { DEFAULT_LANES, DEFAULT_STAGES, type LaneKind } from '../model.js';
import { compareOrdered, keysAfter } from '../order.js';
import { readBoard } from '../read.js';
import { collection, type EntityMap, entities, patchEntity, putEntity, putFromSnapshot } from '../schema.js';
import { removeCardsWhere } from './cards.js';
import {
  defineCommand,
  idForNew,
  moveCommand,
  orderAmong,
  patchCommand,
  removeCommand,
  removeCommentsOn,
  removeWhere,
  requireEntity,
} from './context.js';

const belongsToState = (stateId: string) => (map: EntityMap) => stringField(map, 'stateId') === stateId;

/** Removes stages and everything inside them (cards, metrics, comments on the stage). */
function removeStagesWhere(doc: Y.Doc, matches: (stage: EntityMap, id: string) => boolean): void {
  const removed = new Set(removeWhere(doc, 'stages', matches));
  if (removed.size === 0) return;
  removeCardsWhere(doc, (card) => removed.has(stringField(card, 'stageId')));
  const metrics = new Set(
    removeWhere(doc, 'metrics', (metric) => removed.has(stringField(metric, 'stageId'))),
  );
  removeWhere(doc, 'readings', (reading) => metrics.has(stringField(reading, 'metricId')));
  removeCommentsOn(doc, 'stage', removed);
}

function removeLanesWhere(doc: Y.Doc, matches: (lane: EntityMap, id: string) => boolean): void {
  const removed = new Set(removeWhere(doc, 'lanes', matches));
  if (removed.size === 0) return;
  removeCardsWhere(doc, (card) => removed.has(stringField(card, 'laneId')));
  removeCommentsOn(doc, 'lane', removed);
}

function removeStatesWhere(doc: Y.Doc, matches: (state: EntityMap, id: string) => boolean): void {
  const removed = new Set(removeWhere(doc, 'states', matches));
  if (removed.size === 0) return;
  const inRemoved = (map: EntityMap) => removed.has(stringField(map, 'stateId'));
  removeStagesWhere(doc, inRemoved);
  removeLanesWhere(doc, inRemoved);
  removeCardsWhere(doc, inRemoved);
  removeWhere(doc, 'edges', inRemoved);
  removeWhere(doc, 'voteSessions', inRemoved);
}

function putStagesAndLanes(
  doc: Y.Doc,
  stateId: string,
  stageTitles: readonly string[],
  lanes: ReadonlyArray<{ kind: LaneKind; title: string }>,
): void {
  const stageOrders = keysAfter(null, stageTitles.length);
  stageTitles.forEach((title, i) => {
    putEntity(doc, 'stages', newId(), { stateId, title, order: stageOrders[i] });
  });
  const laneOrders = keysAfter(null, lanes.length);
  lanes.forEach((lane, i) => {
    putEntity(doc, 'lanes', newId(), {
      stateId,
      kind: lane.kind,
      title: lane.title,
      order: laneOrders[i],
    });
  });
}

export interface JourneyCreated {
  journeyId: string;
  /** The journey's current state. */
  stateId: string;
}

/** Adds a journey with its current state, laid out with the given (or the standard) stages and lanes. */
export const addJourney = defineCommand('addJourney', (doc, journey): JourneyCreated => {
  const journeyId = idForNew(doc, 'journeys', journey.id, 'addJourney');
  const stateId = newId();
  if (journey.personaId !== null) {
    requireEntity(doc, 'personas', journey.personaId, 'addJourney', 'personaId');
  }
  putEntity(doc, 'journeys', journeyId, {
    title: journey.title,
    personaId: journey.personaId,
    order: orderAmong(doc, 'journeys'),
  });
  putEntity(doc, 'states', stateId, {
    journeyId,
    kind: 'current',
    title: 'Current state',
    createdAt: Date.now(),
    order: keysAfter(null, 1)[0],
  });
  putStagesAndLanes(doc, stateId, journey.stages ?? DEFAULT_STAGES, journey.lanes ?? DEFAULT_LANES);
  return { journeyId, stateId };
});

export const updateJourney = defineCommand('updateJourney', (doc, { id, ...patch }) => {
  const journey = requireEntity(doc, 'journeys', id, 'updateJourney');
  if (patch.personaId) requireEntity(doc, 'personas', patch.personaId, 'updateJourney', 'personaId');
  patchEntity(journey, patch);
});

/** Removes a journey with all its states and opportunities; a board keeps at least one journey. */
export const removeJourney = defineCommand('removeJourney', (doc, { id }) => {
  requireEntity(doc, 'journeys', id, 'removeJourney');
  if (collection(doc, 'journeys').size <= 1) {
    throw new BoardCommandError('conflict', 'removeJourney', 'id', 'a board keeps at least one journey');
  }
  collection(doc, 'journeys').delete(id);
  removeStatesWhere(doc, (state) => stringField(state, 'journeyId') === id);
  removeWhere(doc, 'opportunities', (o) => stringField(o, 'journeyId') === id);
});

/**
 * Forks a state into a new future state of the same journey: every stage, lane,
 * card, edge and stage metric is copied with `derivedFrom` pointing at its
 * original, so the difference between the two is exact. Returns the new state id.
 */
export const forkState = defineCommand('forkState', (doc, fork): string => {
  const stateId = idForNew(doc, 'states', fork.id, 'forkState');
  const source = requireEntity(doc, 'states', fork.stateId, 'forkState', 'stateId');
  const journeyId = stringField(source, 'journeyId');
  const futureCount = Array.from(entities(doc, 'states')).filter(
    ([, s]) => stringField(s, 'journeyId') === journeyId && stringField(s, 'kind') === 'future',
  ).length;
  putEntity(doc, 'states', stateId, {
    journeyId,
    kind: 'future',
    title: fork.title ?? (futureCount === 0 ? 'Future state' : `Future state ${futureCount + 1}`),
    derivedFrom: fork.stateId,
    createdAt: Date.now(),
    order: orderAmong(doc, 'states', (s) => stringField(s, 'journeyId') === journeyId),
  });

  // Copy what readers see (repaired values, no orphans), not raw maps that a
  // half-delivered update may have left without a field for a moment.
  const board = readBoard(doc);
  const copies = new Map<string, string>();
  const copyId = (id: string) => {
    const created = newId();
    copies.set(id, created);
    return created;
  };
  for (const { id, stateId: from, ...stage } of board.stages) {
    if (from === fork.stateId) putEntity(doc, 'stages', copyId(id), { ...stage, stateId, derivedFrom: id });
  }
  for (const { id, stateId: from, ...lane } of board.lanes) {
    if (from === fork.stateId) putEntity(doc, 'lanes', copyId(id), { ...lane, stateId, derivedFrom: id });
  }
  for (const { id, ...card } of board.cards) {
    if (card.stateId !== fork.stateId) continue;
    putFromSnapshot(doc, 'cards', copyId(id), {
      ...card,
      stateId,
      stageId: copies.get(card.stageId) as string,
      laneId: copies.get(card.laneId) as string,
      derivedFrom: id,
    });
  }
  for (const { id, ...edge } of board.edges) {
    if (edge.stateId !== fork.stateId) continue;
    putEntity(doc, 'edges', newId(), {
      ...edge,
      stateId,
      from: copies.get(edge.from),
      to: copies.get(edge.to),
      derivedFrom: id,
    });
  }
  for (const { id: _, ...metric } of board.metrics) {
    const stageId = copies.get(metric.stageId);
    if (!stageId) continue;
    putEntity(doc, 'metrics', metricId(stageId, metric.name, metric.label), { ...metric, stageId });
  }
  return stateId;
});

/** Metrics are keyed by stage and name, so two people setting NPS on a stage at once edit one metric. */
export function metricId(stageId: string, name: string, label: string): string {
  return name === 'custom'
    ? `${stageId}:custom:${label
        .trim()
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 40)}`
    : `${stageId}:${name}`;
}

export const renameState = patchCommand('renameState', 'states');

/** Removes a future state and all it holds; the current state of a journey cannot be removed. */
export const removeState = defineCommand('removeState', (doc, { id }) => {
  const state = requireEntity(doc, 'states', id, 'removeState');
  if (stringField(state, 'kind') !== 'future') {
    throw new BoardCommandError('conflict', 'removeState', 'id', 'the current state cannot be removed');
  }
  removeStatesWhere(doc, (_, stateId) => stateId === id);
});

// ---- stages ---------------------------------------------------------------

export const addStage = defineCommand('addStage', (doc, stage): string => {
  const id = idForNew(doc, 'stages', stage.id, 'addStage');
  requireEntity(doc, 'states', stage.stateId, 'addStage', 'stateId');
  const order = orderAmong(doc, 'stages', belongsToState(stage.stateId), stage.index);
  putEntity(doc, 'stages', id, { stateId: stage.stateId, title: stage.title, order });
  return id;
});

export const renameStage = patchCommand('renameStage', 'stages');

/** Moves a stage to `index` among the stages of its state. */
export const moveStage = moveCommand('moveStage', 'stages', 'stateId');

export const removeStage = removeCommand('removeStage', 'stages', (doc, id) =>
  removeStagesWhere(doc, (_, stageId) => stageId === id),
);

// ---- lanes ----------------------------------------------------------------

export const addLane = defineCommand('addLane', (doc, lane): string => {
  const id = idForNew(doc, 'lanes', lane.id, 'addLane');
  requireEntity(doc, 'states', lane.stateId, 'addLane', 'stateId');
  const order = orderAmong(doc, 'lanes', belongsToState(lane.stateId), lane.index);
  putEntity(doc, 'lanes', id, {
    stateId: lane.stateId,
    kind: lane.kind,
    title: lane.title,
    order,
  });
  return id;
});

export const renameLane = patchCommand('renameLane', 'lanes');

export const updateLane = patchCommand('updateLane', 'lanes');

/** Moves a lane to `index` among the lanes of its state. */
export const moveLane = moveCommand('moveLane', 'lanes', 'stateId');

export const removeLane = removeCommand('removeLane', 'lanes', (doc, id) =>
  removeLanesWhere(doc, (_, laneId) => laneId === id),
);

/** The current state of a journey (the oldest, should a concurrent edit have made two). */
export function currentStateId(doc: Y.Doc, journeyId: string): string | null {
  const current = Array.from(entities(doc, 'states'))
    .filter(([, s]) => stringField(s, 'journeyId') === journeyId && stringField(s, 'kind') === 'current')
    .map(([id, s]) => ({ id, order: stringField(s, 'order') }))
    .sort(compareOrdered);
  return current[0]?.id ?? null;
}
