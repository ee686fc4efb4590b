/** Cards placed in a cell of their state, and the edges between cards of one state. */
import { ENTITIES, type SnapshotOf } from '../entities/index.js';
import { stringField } from '../fields.js';
import {
  CARD_KIND_FOR_LANE,
  CARD_KINDS,
  type Card,
  type Edge,
  type JourneyState,
  type Lane,
  type Stage,
} from '../model.js';
import type { EntityMap } from '../schema.js';
import { byIndex, compareTuples, type Known, type Reader } from './reader.js';

/** Where cards can sit: the stages and lanes that were read. */
export interface Cells {
  stageById: ReadonlyMap<string, Stage>;
  laneById: ReadonlyMap<string, Lane>;
}

type CardDeclaration = (typeof ENTITIES)['cards'];

/**
 * A card in a cell whose stage and lane exist in one state; its kind defaults
 * from its lane. Read as `declaration` says (a test reads cards with a field more).
 */
export function readCard<E extends CardDeclaration = CardDeclaration>(
  r: Reader,
  known: Known,
  cells: Cells,
  id: string,
  m: EntityMap,
  declaration: E = ENTITIES.cards as E,
): SnapshotOf<E> | null {
  const stage = cells.stageById.get(stringField(m, 'stageId'));
  const lane = cells.laneById.get(stringField(m, 'laneId'));
  if (!stage || !lane) {
    r.skip('card', id, `its ${stage ? 'lane' : 'stage'} does not exist`);
    return null;
  }
  if (stage.stateId !== lane.stateId) {
    r.skip('card', id, 'its stage and lane belong to different states');
    return null;
  }
  if (stringField(m, 'stateId') !== stage.stateId) r.repair('card', id, 'state did not match its stage');
  const placed: Partial<Card> = {
    stateId: stage.stateId,
    stageId: stage.id,
    laneId: lane.id,
    kind: r.choice('card', id, m, 'kind', CARD_KINDS, CARD_KIND_FOR_LANE[lane.kind]),
  };
  return r.entity(declaration, id, m, known, placed as Partial<SnapshotOf<E>>);
}

/** Cards state by state, then stage, lane and order: the order every view lists them in. */
export function sortCards(cards: Card[], states: JourneyState[], stages: Stage[], lanes: Lane[]): Card[] {
  const stateIndex = byIndex(states);
  const stageIndex = byIndex(stages);
  const laneIndex = byIndex(lanes);
  const key = (c: Card) => [
    stateIndex.get(c.stateId) ?? 0,
    stageIndex.get(c.stageId) ?? 0,
    laneIndex.get(c.laneId) ?? 0,
    c.order,
    c.id,
  ];
  return cards.sort((a, b) => compareTuples(key(a), key(b)));
}

/** Edges between two distinct cards of one state; an edge takes its state from its cards. */
export function readEdges(
  r: Reader,
  known: Known,
  cardById: ReadonlyMap<string, Card>,
  states: JourneyState[],
): Edge[] {
  const edges: Edge[] = [];
  for (const [id, m] of r.entries('edges')) {
    const from = cardById.get(stringField(m, 'from'));
    const to = cardById.get(stringField(m, 'to'));
    if (!from || !to) {
      r.skip('edge', id, 'connects a card that does not exist');
      continue;
    }
    if (from.stateId !== to.stateId || from.id === to.id) {
      r.skip('edge', id, 'connects cards of different states, or a card to itself');
      continue;
    }
    edges.push(r.entity(ENTITIES.edges, id, m, known, { stateId: from.stateId, from: from.id, to: to.id }));
  }
  const stateIndex = byIndex(states);
  const key = (e: Edge) => [stateIndex.get(e.stateId) ?? 0, e.id];
  return edges.sort((a, b) => compareTuples(key(a), key(b)));
}
