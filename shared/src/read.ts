/**
 * readBoard: the whole board as a plain, JSON-serialisable snapshot. It reads what
 * any client, old or damaged, may have written: a value of the wrong type falls back
 * to a default, a number out of range is clamped, a dangling reference is dropped,
 * an entity that cannot be placed (a card in a deleted stage, an edge to a deleted
 * card) is skipped, and each of those is listed in `repairs`. It never throws.
 *
 * Each collection is read in read/, in an order that lets a reference be checked
 * against what was read before it; fields are read as entities/ declares them.
 */
import * as Y from 'yjs';
import { COMMENT_TARGET_COLLECTIONS, ENTITIES, type EntityCollection } from './entities/index.js';
import { type BoardSnapshot, type Card, DEFAULT_SCORING, type Repair } from './model.js';
import { EMPTY_META, readMeta, readScoring } from './read/board.js';
import { type Cells, readCard, readEdges, sortCards } from './read/cards.js';
import { readEvidence } from './read/evidence.js';
import { readMetrics, readReasons } from './read/planning.js';
import { compareTuples, guarded, type Known, Reader, readOrdered } from './read/reader.js';
import { readLanes, readStages, readStates } from './read/structure.js';
import {
  readComments,
  readFacilitation,
  readRatings,
  readTimer,
  readVoteSessions,
  readVotes,
} from './read/workshop.js';
import { type EntityMap, TOP_LEVEL_TYPES } from './schema.js';

/** The ids read so far, by collection: what a reference may point at. */
class ReadIds {
  private readonly ids = new Map<EntityCollection, ReadonlySet<string>>();
  readonly known: Known = (to, id) => this.ids.get(to)?.has(id) ?? false;

  add<T extends { id: string }>(name: EntityCollection, items: T[]): T[] {
    this.ids.set(name, new Set(items.map((item) => item.id)));
    return items;
  }
}

function cellsOf(board: Pick<BoardSnapshot, 'stages' | 'lanes'>): Cells {
  return {
    stageById: new Map(board.stages.map((s) => [s.id, s])),
    laneById: new Map(board.lanes.map((l) => [l.id, l])),
  };
}

function sortRepairs(repairs: Repair[]): Repair[] {
  return repairs.sort((a, b) => compareTuples([a.entity, a.id, a.problem], [b.entity, b.id, b.problem]));
}

export function readBoard(doc: Y.Doc): BoardSnapshot {
  const r = new Reader(doc);
  for (const name of doc.share.keys()) {
    if (!TOP_LEVEL_TYPES.has(name)) r.skip('board', name, `unknown top-level type "${name}" ignored`);
  }
  const meta = guarded(r, 'meta', () => readMeta(r), EMPTY_META);
  const read = new ReadIds();
  const { known } = read;
  const principles = readOrdered(r, 'principles', known);
  const personas = read.add('personas', readOrdered(r, 'personas', known));
  const journeys = read.add('journeys', readOrdered(r, 'journeys', known));
  const states = read.add('states', readStates(r, known, journeys));
  const stages = read.add('stages', readStages(r, known, states));
  const lanes = read.add('lanes', readLanes(r, known, states));
  const reasons = read.add('reasons', readReasons(r, known));
  const cells = cellsOf({ stages, lanes });
  const cards = read.add('cards', sortCards(readCards(r, known, cells), states, stages, lanes));
  const edges = read.add('edges', readEdges(r, known, new Map(cards.map((c) => [c.id, c])), states));
  const opportunities = read.add('opportunities', readOrdered(r, 'opportunities', known));
  const metrics = read.add('metrics', readMetrics(r, known, stages));
  const comments = readComments(r, known, (type, id) => {
    const target = COMMENT_TARGET_COLLECTIONS[type];
    return target === null || known(target, id);
  });
  const votes = readVotes(r, known, (id) =>
    (['cards', 'stages', 'lanes', 'opportunities', 'personas', 'edges'] as const).some((to) => known(to, id)),
  );
  const voteSessions = readVoteSessions(r, known);
  const emotionRatings = readRatings(r, known);
  const slides = r
    .entries('slides')
    .map(([id, m]) => r.entity(ENTITIES.slides, id, m, known))
    .sort((a, b) => compareTuples([a.id], [b.id]));
  const { sources, volumes, readings } = readEvidence(r, known, read);
  const timer = guarded(r, 'timer', () => readTimer(r), null);
  const facilitation = readFacilitation(r, known);
  const settings = { scoring: guarded(r, 'settings', () => readScoring(r), DEFAULT_SCORING) };
  return {
    meta,
    principles,
    personas,
    journeys,
    states,
    stages,
    lanes,
    cards,
    edges,
    opportunities,
    metrics,
    reasons,
    comments,
    votes,
    voteSessions,
    emotionRatings,
    slides,
    sources,
    volumes,
    readings,
    timer,
    facilitation,
    settings,
    repairs: sortRepairs(r.repairs),
  };
}

function readCards(r: Reader, known: Known, cells: Cells): Card[] {
  const cards: Card[] = [];
  for (const [id, m] of r.entries('cards')) {
    const card = guarded(r, `card ${id}`, () => readCard(r, known, cells, id, m), null);
    if (card) cards.push(card);
  }
  return cards;
}

/**
 * A snapshot with only some cards read again: the rest of `previous` is kept,
 * object for object, so views re-render just what changed. For transactions that
 * changed existing cards' fields and nothing else (see changedCardIds).
 */
export function patchCards(doc: Y.Doc, previous: BoardSnapshot, cardIds: ReadonlySet<string>): BoardSnapshot {
  const r = new Reader(doc);
  const read = new ReadIds();
  read.add('personas', previous.personas);
  read.add('reasons', previous.reasons);
  const cells = cellsOf(previous);
  const collectionMap = doc.getMap('cards');
  const fresh: Card[] = [];
  for (const id of cardIds) {
    const value = collectionMap.get(id);
    if (!(value instanceof Y.Map)) continue;
    const card = guarded(r, `card ${id}`, () => readCard(r, read.known, cells, id, value as EntityMap), null);
    if (card) fresh.push(card);
  }
  const kept = previous.cards.filter((card) => !cardIds.has(card.id));
  const cards = sortCards([...kept, ...fresh], previous.states, previous.stages, previous.lanes);
  const repairs = sortRepairs([
    ...previous.repairs.filter((repair) => !(repair.entity === 'card' && cardIds.has(repair.id))),
    ...r.repairs,
  ]);
  return { ...previous, cards, repairs };
}
