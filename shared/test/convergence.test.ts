/**
 * Convergence proof: random command sequences on 2-5 replicas whose updates travel
 * through a network that delays, reorders and duplicates them. Once every message
 * has arrived, all replicas must read the same board, no card may exist twice, and
 * the board's invariants must hold. JB_PROPERTY_RUNS raises the number of runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  addLane,
  addOpportunity,
  addStage,
  BoardCommandError,
  type BoardSnapshot,
  comment,
  connect,
  disconnect,
  forkState,
  linkFriction,
  moveCard,
  moveLane,
  moveStage,
  readBoard,
  removeCard,
  removeLane,
  removeStage,
  removeState,
  renameStage,
  setMetric,
  updateCard,
  vote,
} from '../src/index.js';
import { newBoard, sync } from './board.js';

const RUNS = Number(process.env.JB_PROPERTY_RUNS ?? 200);
const REMOTE = 'remote';

type Op = { kind: string; a: number; b: number; c: number; d: number };

const opArb: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom(
    'addCard',
    'addCard',
    'addCard',
    'updateCard',
    'moveCard',
    'moveCard',
    'removeCard',
    'addStage',
    'moveStage',
    'renameStage',
    'removeStage',
    'addLane',
    'moveLane',
    'removeLane',
    'connect',
    'disconnect',
    'forkState',
    'removeState',
    'vote',
    'comment',
    'addOpportunity',
    'linkFriction',
    'setMetric',
  ),
  a: fc.nat(1000),
  b: fc.nat(1000),
  c: fc.nat(1000),
  d: fc.nat(1000),
});

type Step =
  | { type: 'op'; replica: number; op: Op }
  | { type: 'deliver'; to: number; pick: number; duplicate: boolean };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ type: fc.constant('op' as const), replica: fc.nat(4), op: opArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('deliver' as const),
      to: fc.nat(4),
      pick: fc.nat(1000),
      duplicate: fc.boolean(),
    }),
  },
);

function pick<T>(items: readonly T[], n: number): T | undefined {
  return items.length === 0 ? undefined : items[n % items.length];
}

/** Runs one random command on a replica, choosing its targets from what that replica sees now. */
function perform(doc: Y.Doc, replica: number, op: Op, serial: number): void {
  const board = readBoard(doc);
  const state = pick(board.states, op.a);
  const stages = board.stages.filter((s) => s.stateId === state?.id);
  const lanes = board.lanes.filter((l) => l.stateId === state?.id);
  const stage = pick(stages, op.b);
  const lane = pick(lanes, op.c);
  const card = pick(board.cards, op.b);
  const other = pick(board.cards, op.c);
  const text = `r${replica}-${serial}`;
  try {
    switch (op.kind) {
      case 'addCard':
        if (stage && lane) addCard(doc, { stageId: stage.id, laneId: lane.id, text, index: op.d % 4 });
        break;
      case 'updateCard':
        if (card) {
          updateCard(doc, {
            id: card.id,
            text,
            emotion: (op.d % 5) - 2,
            friction: { severity: (op.d % 5) + 1 },
            notes: `${card.notes}${text}`,
          });
        }
        break;
      case 'moveCard': {
        const cardStages = board.stages.filter((s) => s.stateId === card?.stateId);
        const cardLanes = board.lanes.filter((l) => l.stateId === card?.stateId);
        const to = pick(cardStages, op.c);
        const into = pick(cardLanes, op.d);
        if (card && to && into)
          moveCard(doc, { id: card.id, stageId: to.id, laneId: into.id, index: op.a % 3 });
        break;
      }
      case 'removeCard':
        if (card) removeCard(doc, { id: card.id });
        break;
      case 'addStage':
        if (state) addStage(doc, { stateId: state.id, title: text, index: op.d % 10 });
        break;
      case 'moveStage':
        if (stage) moveStage(doc, { id: stage.id, index: op.d % 10 });
        break;
      case 'renameStage':
        if (stage) renameStage(doc, { id: stage.id, title: text });
        break;
      case 'removeStage':
        if (stage && stages.length > 1) removeStage(doc, { id: stage.id });
        break;
      case 'addLane':
        if (state) addLane(doc, { stateId: state.id, kind: 'custom', title: text, index: op.d % 6 });
        break;
      case 'moveLane':
        if (lane) moveLane(doc, { id: lane.id, index: op.d % 6 });
        break;
      case 'removeLane':
        if (lane && lanes.length > 1) removeLane(doc, { id: lane.id });
        break;
      case 'connect':
        if (card && other) connect(doc, { from: card.id, to: other.id, kind: op.d % 2 ? 'flow' : 'handoff' });
        break;
      case 'disconnect': {
        const edge = pick(board.edges, op.b);
        if (edge) disconnect(doc, { id: edge.id });
        break;
      }
      case 'forkState':
        if (state && board.states.length < 4) forkState(doc, { stateId: state.id });
        break;
      case 'removeState':
        if (state?.kind === 'future') removeState(doc, { id: state.id });
        break;
      case 'vote':
        if (card) vote(doc, { targetId: card.id, userId: `user${replica}`, dots: op.d % 4 });
        break;
      case 'comment':
        if (card) {
          comment(doc, {
            targetType: 'card',
            targetId: card.id,
            text,
            author: { id: `user${replica}`, name: `User ${replica}` },
            createdAt: serial,
          });
        }
        break;
      case 'addOpportunity':
        addOpportunity(doc, { title: text, frictionIds: card ? [card.id] : [] });
        break;
      case 'linkFriction': {
        const opportunity = pick(board.opportunities, op.a);
        if (opportunity && card) linkFriction(doc, { opportunityId: opportunity.id, cardId: card.id });
        break;
      }
      case 'setMetric':
        if (stage) setMetric(doc, { stageId: stage.id, name: 'CSAT', current: op.d % 101, target: 90 });
        break;
    }
  } catch (error) {
    // Commands refuse some random inputs (an edge across states, a card to itself): that is their contract.
    if (!(error instanceof BoardCommandError)) throw error;
  }
}

/** What concurrent edits may legitimately leave for readers to skip: things whose container another person removed. */
const CONCURRENCY_REPAIRS =
  /does not exist|connects a card that does not exist|link to missing card|refers to nothing|reply to missing thread/;

function checkInvariants(board: BoardSnapshot): void {
  const ids = board.cards.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  const stageState = new Map(board.stages.map((s) => [s.id, s.stateId]));
  const laneState = new Map(board.lanes.map((l) => [l.id, l.stateId]));
  const cardState = new Map(board.cards.map((c) => [c.id, c.stateId]));
  for (const card of board.cards) {
    expect(stageState.get(card.stageId)).toBe(card.stateId);
    expect(laneState.get(card.laneId)).toBe(card.stateId);
  }
  for (const edge of board.edges) {
    expect(cardState.get(edge.from)).toBe(edge.stateId);
    expect(cardState.get(edge.to)).toBe(edge.stateId);
  }
  for (const opportunity of board.opportunities) {
    for (const cardId of opportunity.frictionIds) expect(cardState.has(cardId)).toBe(true);
  }
  // Within a cell, cards have a strict order: (order, id) never ties.
  const cells = new Map<string, string[]>();
  for (const card of board.cards) {
    const key = `${card.stageId}/${card.laneId}`;
    cells.set(key, [...(cells.get(key) ?? []), `${card.order}\u0000${card.id}`]);
  }
  for (const keys of cells.values()) expect(new Set(keys).size).toBe(keys.length);
  for (const repair of board.repairs) expect(repair.problem).toMatch(CONCURRENCY_REPAIRS);
}

function simulate(replicaCount: number, steps: Step[], template: string): BoardSnapshot[] {
  const origin = newBoard(template);
  const replicas = Array.from({ length: replicaCount }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1; // deterministic tie-breaks, so a failing seed replays the same way
    sync(origin, doc);
    return doc;
  });
  const inboxes: Uint8Array[][] = replicas.map(() => []);
  replicas.forEach((doc, from) => {
    doc.on('update', (update: Uint8Array, txOrigin: unknown) => {
      if (txOrigin === REMOTE) return;
      inboxes.forEach((inbox, to) => {
        if (to !== from) inbox.push(update);
      });
    });
  });
  const deliver = (to: number, index: number, duplicate: boolean) => {
    const inbox = inboxes[to] as Uint8Array[];
    const update = inbox[index] as Uint8Array;
    if (!duplicate) inbox.splice(index, 1);
    Y.applyUpdate(replicas[to] as Y.Doc, update, REMOTE);
  };
  steps.forEach((step, serial) => {
    if (step.type === 'op') {
      perform(replicas[step.replica % replicaCount] as Y.Doc, step.replica % replicaCount, step.op, serial);
    } else {
      const to = step.to % replicaCount;
      const inbox = inboxes[to] as Uint8Array[];
      if (inbox.length > 0) deliver(to, step.pick % inbox.length, step.duplicate);
    }
  });
  // The network finally delivers everything still in flight, in a scrambled order.
  inboxes.forEach((inbox, to) => {
    let k = 7;
    while (inbox.length > 0) {
      k = (k * 31 + 17) % 1009;
      deliver(to, k % inbox.length, false);
    }
  });
  return replicas.map((doc) => readBoard(doc));
}

describe('replicas converge under any interleaving', () => {
  it(
    `holds for ${RUNS} random workshops of 2-5 replicas`,
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 5 }),
          fc.array(stepArb, { minLength: 5, maxLength: 60 }),
          fc.constantFrom('blank-journey', 'service-blueprint'),
          (replicaCount, steps, template) => {
            const boards = simulate(replicaCount, steps, template);
            for (const board of boards.slice(1)) expect(board).toEqual(boards[0]);
            checkInvariants(boards[0] as BoardSnapshot);
          },
        ),
        { numRuns: RUNS },
      );
    },
    Math.max(30_000, RUNS * 75),
  );
});

describe('concurrent edits of the same items', () => {
  function pair(template = 'blank-journey') {
    const alice = newBoard(template);
    const bob = new Y.Doc();
    sync(alice, bob);
    const board = readBoard(alice);
    return { alice, bob, board };
  }
  const exchange = (x: Y.Doc, y: Y.Doc) => {
    const toY = Y.encodeStateAsUpdate(x, Y.encodeStateVector(y));
    const toX = Y.encodeStateAsUpdate(y, Y.encodeStateVector(x));
    Y.applyUpdate(y, toY);
    Y.applyUpdate(x, toX);
  };

  it('Alice and Bob move the same card to different cells: it ends up once, in one of them', () => {
    const { alice, bob, board } = pair();
    const [s0, s1, s2] = board.stages;
    const lane = board.lanes[0]!;
    const card = addCard(alice, { stageId: s0!.id, laneId: lane.id, text: 'Compares prices' });
    sync(alice, bob);
    moveCard(alice, { id: card, stageId: s1!.id, laneId: lane.id });
    moveCard(bob, { id: card, stageId: s2!.id, laneId: lane.id });
    exchange(alice, bob);
    const [a, b] = [readBoard(alice), readBoard(bob)];
    expect(a).toEqual(b);
    const copies = a.cards.filter((c) => c.text === 'Compares prices');
    expect(copies).toHaveLength(1);
    expect([s1!.id, s2!.id]).toContain(copies[0]!.stageId);
  });

  it('Alice deletes a card while Bob edits it: the delete wins everywhere', () => {
    const { alice, bob, board } = pair();
    const card = addCard(alice, {
      stageId: board.stages[0]!.id,
      laneId: board.lanes[3]!.id,
      text: 'Long wait',
    });
    sync(alice, bob);
    removeCard(alice, { id: card });
    updateCard(bob, { id: card, text: 'Very long wait', friction: { severity: 5 } });
    exchange(alice, bob);
    expect(readBoard(alice)).toEqual(readBoard(bob));
    expect(readBoard(alice).cards).toEqual([]);
    expect(readBoard(alice).repairs).toEqual([]);
  });

  it('Alice removes a stage while Bob adds a card to it: the orphan is skipped and reported, on both', () => {
    const { alice, bob, board } = pair();
    const stage = board.stages[2]!;
    removeStage(alice, { id: stage.id });
    const orphan = addCard(bob, { stageId: stage.id, laneId: board.lanes[0]!.id, text: 'Late idea' });
    exchange(alice, bob);
    const [a, b] = [readBoard(alice), readBoard(bob)];
    expect(a).toEqual(b);
    expect(a.cards).toEqual([]);
    expect(a.repairs).toEqual([
      { entity: 'card', id: orphan, problem: 'its stage does not exist', action: 'skipped' },
    ]);
  });

  it('two people fork the same state at once: two futures, each a complete copy', () => {
    const { alice, bob, board } = pair('service-blueprint');
    const state = board.states[0]!;
    addCard(alice, { stageId: board.stages[0]!.id, laneId: board.lanes[1]!.id, text: 'Books online' });
    sync(alice, bob);
    const fa = forkState(alice, { stateId: state.id, title: 'Digital first' });
    const fb = forkState(bob, { stateId: state.id, title: 'Human touch' });
    exchange(alice, bob);
    const merged = readBoard(alice);
    expect(merged).toEqual(readBoard(bob));
    for (const future of [fa, fb]) {
      expect(merged.stages.filter((s) => s.stateId === future)).toHaveLength(8);
      expect(merged.cards.filter((c) => c.stateId === future).map((c) => c.text)).toEqual(['Books online']);
    }
  });

  it('two people insert at the same spot: both cards stay, in the same order everywhere, and the next insert lands between', () => {
    const { alice, bob, board } = pair();
    const [stage, lane] = [board.stages[0]!, board.lanes[0]!];
    addCard(alice, { stageId: stage.id, laneId: lane.id, text: 'first' });
    sync(alice, bob);
    addCard(alice, { stageId: stage.id, laneId: lane.id, text: 'alice', index: 1 });
    addCard(bob, { stageId: stage.id, laneId: lane.id, text: 'bob', index: 1 });
    exchange(alice, bob);
    const cell = (doc: Y.Doc) =>
      readBoard(doc)
        .cards.filter((c) => c.stageId === stage.id)
        .map((c) => c.text);
    expect(cell(alice)).toEqual(cell(bob));
    const [, second, third] = cell(alice);
    addCard(alice, { stageId: stage.id, laneId: lane.id, text: 'between', index: 2 });
    expect(cell(alice)).toEqual(['first', second, 'between', third]);
  });
});
