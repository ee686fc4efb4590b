/** Journeys, their states (current and forked futures), and the stages and lanes of a state. */
import type * as Y from 'yjs';
import { BoardCommandError } from '../errors.js';
import { stringField } from '../fields.js';
import { newId } from '../ids.js';
import { type CommandInput, parseInput } from '../inputs.js';
import { DEFAULT_LANES, DEFAULT_STAGES, type LaneKind } from '../model.js';
import { compareOrdered, keysAfter } from '../order.js';
import type { TransactionOrigin } from '../origins.js';
import { readBoard } from '../read.js';
import { collection, type EntityMap, entities, patchEntity, putEntity, putFromSnapshot } from '../schema.js';
import { removeCardsWhere } from './cards.js';
import { orderFor, removeWhere, requireAbsent, requireEntity, siblings, transact } from './context.js';

const belongsToState = (stateId: string) => (map: EntityMap) => stringField(map, 'stateId') === stateId;

/** Removes stages and everything inside them (cards, metrics, comments on the stage). */
function removeStagesWhere(doc: Y.Doc, matches: (stage: EntityMap, id: string) => boolean): void {
  const removed = new Set(removeWhere(doc, 'stages', matches));
  if (removed.size === 0) return;
  removeCardsWhere(doc, (card) => removed.has(stringField(card, 'stageId')));
  removeWhere(doc, 'metrics', (metric) => removed.has(stringField(metric, 'stageId')));
  removeWhere(
    doc,
    'comments',
    (c) => stringField(c, 'targetType') === 'stage' && removed.has(stringField(c, 'targetId')),
  );
}

function removeLanesWhere(doc: Y.Doc, matches: (lane: EntityMap, id: string) => boolean): void {
  const removed = new Set(removeWhere(doc, 'lanes', matches));
  if (removed.size === 0) return;
  removeCardsWhere(doc, (card) => removed.has(stringField(card, 'laneId')));
  removeWhere(
    doc,
    'comments',
    (c) => stringField(c, 'targetType') === 'lane' && removed.has(stringField(c, 'targetId')),
  );
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
export function addJourney(
  doc: Y.Doc,
  input: CommandInput<'addJourney'>,
  origin?: TransactionOrigin,
): JourneyCreated {
  const journey = parseInput('addJourney', input);
  const journeyId = journey.id ?? newId();
  const stateId = newId();
  return transact(doc, origin, () => {
    requireAbsent(doc, 'journeys', journeyId, 'addJourney');
    if (journey.personaId !== null) {
      requireEntity(doc, 'personas', journey.personaId, 'addJourney', 'personaId');
    }
    putEntity(doc, 'journeys', journeyId, {
      title: journey.title,
      personaId: journey.personaId,
      order: orderFor(
        doc,
        'journeys',
        siblings(doc, 'journeys', () => true),
        undefined,
      ),
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
}

export function updateJourney(
  doc: Y.Doc,
  input: CommandInput<'updateJourney'>,
  origin?: TransactionOrigin,
): void {
  const { id, ...patch } = parseInput('updateJourney', input);
  transact(doc, origin, () => {
    const journey = requireEntity(doc, 'journeys', id, 'updateJourney');
    if (patch.personaId) requireEntity(doc, 'personas', patch.personaId, 'updateJourney', 'personaId');
    patchEntity(journey, patch);
  });
}

/** Removes a journey with all its states and opportunities; a board keeps at least one journey. */
export function removeJourney(
  doc: Y.Doc,
  input: CommandInput<'removeJourney'>,
  origin?: TransactionOrigin,
): void {
  const { id } = parseInput('removeJourney', input);
  transact(doc, origin, () => {
    requireEntity(doc, 'journeys', id, 'removeJourney');
    if (collection(doc, 'journeys').size <= 1) {
      throw new BoardCommandError('conflict', 'removeJourney', 'id', 'a board keeps at least one journey');
    }
    collection(doc, 'journeys').delete(id);
    removeStatesWhere(doc, (state) => stringField(state, 'journeyId') === id);
    removeWhere(doc, 'opportunities', (o) => stringField(o, 'journeyId') === id);
  });
}

/**
 * Forks a state into a new future state of the same journey: every stage, lane,
 * card, edge and stage metric is copied with `derivedFrom` pointing at its
 * original, so the difference between the two is exact. Returns the new state id.
 */
export function forkState(doc: Y.Doc, input: CommandInput<'forkState'>, origin?: TransactionOrigin): string {
  const fork = parseInput('forkState', input);
  const stateId = fork.id ?? newId();
  return transact(doc, origin, () => {
    requireAbsent(doc, 'states', stateId, 'forkState');
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
      order: orderFor(
        doc,
        'states',
        siblings(doc, 'states', (s) => stringField(s, 'journeyId') === journeyId),
        undefined,
      ),
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
}

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

export function renameState(
  doc: Y.Doc,
  input: CommandInput<'renameState'>,
  origin?: TransactionOrigin,
): void {
  const { id, title } = parseInput('renameState', input);
  transact(doc, origin, () => patchEntity(requireEntity(doc, 'states', id, 'renameState'), { title }));
}

/** Removes a future state and all it holds; the current state of a journey cannot be removed. */
export function removeState(
  doc: Y.Doc,
  input: CommandInput<'removeState'>,
  origin?: TransactionOrigin,
): void {
  const { id } = parseInput('removeState', input);
  transact(doc, origin, () => {
    const state = requireEntity(doc, 'states', id, 'removeState');
    if (stringField(state, 'kind') !== 'future') {
      throw new BoardCommandError('conflict', 'removeState', 'id', 'the current state cannot be removed');
    }
    removeStatesWhere(doc, (_, stateId) => stateId === id);
  });
}

// ---- stages ---------------------------------------------------------------

export function addStage(doc: Y.Doc, input: CommandInput<'addStage'>, origin?: TransactionOrigin): string {
  const stage = parseInput('addStage', input);
  const id = stage.id ?? newId();
  return transact(doc, origin, () => {
    requireAbsent(doc, 'stages', id, 'addStage');
    requireEntity(doc, 'states', stage.stateId, 'addStage', 'stateId');
    const order = orderFor(
      doc,
      'stages',
      siblings(doc, 'stages', belongsToState(stage.stateId)),
      stage.index,
    );
    putEntity(doc, 'stages', id, { stateId: stage.stateId, title: stage.title, order });
    return id;
  });
}

export function renameStage(
  doc: Y.Doc,
  input: CommandInput<'renameStage'>,
  origin?: TransactionOrigin,
): void {
  const { id, title } = parseInput('renameStage', input);
  transact(doc, origin, () => patchEntity(requireEntity(doc, 'stages', id, 'renameStage'), { title }));
}

/** Moves a stage to `index` among the stages of its state. */
export function moveStage(doc: Y.Doc, input: CommandInput<'moveStage'>, origin?: TransactionOrigin): void {
  const { id, index } = parseInput('moveStage', input);
  transact(doc, origin, () => {
    const stage = requireEntity(doc, 'stages', id, 'moveStage');
    const stateId = stringField(stage, 'stateId');
    const others = siblings(
      doc,
      'stages',
      (map, otherId) => otherId !== id && stringField(map, 'stateId') === stateId,
    );
    patchEntity(stage, { order: orderFor(doc, 'stages', others, index) });
  });
}

export function removeStage(
  doc: Y.Doc,
  input: CommandInput<'removeStage'>,
  origin?: TransactionOrigin,
): void {
  const { id } = parseInput('removeStage', input);
  transact(doc, origin, () => {
    requireEntity(doc, 'stages', id, 'removeStage');
    removeStagesWhere(doc, (_, stageId) => stageId === id);
  });
}

// ---- lanes ----------------------------------------------------------------

export function addLane(doc: Y.Doc, input: CommandInput<'addLane'>, origin?: TransactionOrigin): string {
  const lane = parseInput('addLane', input);
  const id = lane.id ?? newId();
  return transact(doc, origin, () => {
    requireAbsent(doc, 'lanes', id, 'addLane');
    requireEntity(doc, 'states', lane.stateId, 'addLane', 'stateId');
    const order = orderFor(doc, 'lanes', siblings(doc, 'lanes', belongsToState(lane.stateId)), lane.index);
    putEntity(doc, 'lanes', id, {
      stateId: lane.stateId,
      kind: lane.kind,
      title: lane.title,
      order,
    });
    return id;
  });
}

export function renameLane(doc: Y.Doc, input: CommandInput<'renameLane'>, origin?: TransactionOrigin): void {
  const { id, title } = parseInput('renameLane', input);
  transact(doc, origin, () => patchEntity(requireEntity(doc, 'lanes', id, 'renameLane'), { title }));
}

export function updateLane(doc: Y.Doc, input: CommandInput<'updateLane'>, origin?: TransactionOrigin): void {
  const { id, ...patch } = parseInput('updateLane', input);
  transact(doc, origin, () => patchEntity(requireEntity(doc, 'lanes', id, 'updateLane'), patch));
}

/** Moves a lane to `index` among the lanes of its state. */
export function moveLane(doc: Y.Doc, input: CommandInput<'moveLane'>, origin?: TransactionOrigin): void {
  const { id, index } = parseInput('moveLane', input);
  transact(doc, origin, () => {
    const lane = requireEntity(doc, 'lanes', id, 'moveLane');
    const stateId = stringField(lane, 'stateId');
    const others = siblings(
      doc,
      'lanes',
      (map, otherId) => otherId !== id && stringField(map, 'stateId') === stateId,
    );
    patchEntity(lane, { order: orderFor(doc, 'lanes', others, index) });
  });
}

export function removeLane(doc: Y.Doc, input: CommandInput<'removeLane'>, origin?: TransactionOrigin): void {
  const { id } = parseInput('removeLane', input);
  transact(doc, origin, () => {
    requireEntity(doc, 'lanes', id, 'removeLane');
    removeLanesWhere(doc, (_, laneId) => laneId === id);
  });
}

/** The current state of a journey (the oldest, should a concurrent edit have made two). */
export function currentStateId(doc: Y.Doc, journeyId: string): string | null {
  const current = Array.from(entities(doc, 'states'))
    .filter(([, s]) => stringField(s, 'journeyId') === journeyId && stringField(s, 'kind') === 'current')
    .map(([id, s]) => ({ id, order: stringField(s, 'order') }))
    .sort(compareOrdered);
  return current[0]?.id ?? null;
}
