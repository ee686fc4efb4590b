import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  addLane,
  addOpportunity,
  addPersona,
  addStage,
  BoardCommandError,
  comment,
  connect,
  createBoard,
  DEFAULT_STAGES,
  forkState,
  moveCard,
  moveLane,
  moveStage,
  ORIGINS,
  readBoard,
  removeCard,
  removeLane,
  removePersona,
  removeStage,
  renameStage,
  resolveComment,
  SCHEMA_VERSION,
  setMetric,
  updateCard,
  vote,
} from '../src/index.js';
import { cardsAlong, cellTexts, currentState, discuss, laneOfKind, newBoard } from './board.js';

describe('creating a board', () => {
  it('lays out the eight lifecycle stages and the journey lanes', () => {
    const doc = newBoard();
    const { board, stages, lanes } = currentState(doc);
    expect(board.meta.title).toBe('Checkout journey');
    expect(board.meta.schemaVersion).toBe(SCHEMA_VERSION);
    expect(stages.map((s) => s.title)).toEqual([...DEFAULT_STAGES]);
    expect(stages.map((s) => s.title)).toHaveLength(8);
    expect(lanes.map((l) => l.kind)).toEqual([
      'actions',
      'touchpoints',
      'emotions',
      'friction',
      'opportunities',
    ]);
    expect(board.repairs).toEqual([]);
  });

  it('is one transaction with the origin the caller names', () => {
    const doc = new Y.Doc();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    createBoard(doc, { title: 'Onboarding', template: 'service-blueprint' }, ORIGINS.seed);
    expect(origins).toEqual([ORIGINS.seed]);
  });

  it('refuses an unknown template and a second board in the same document', () => {
    expect(() => createBoard(new Y.Doc(), { title: 'X', template: 'kanban' })).toThrow(
      'createBoard: template: unknown template "kanban"',
    );
    const doc = newBoard();
    expect(() => createBoard(doc, { title: 'Again', template: 'blank-journey' })).toThrow(
      /already holds a board/,
    );
  });
});

describe('commands validate their input and name the bad field', () => {
  const doc = newBoard();
  const { stages } = currentState(doc);
  const stage = stages[0]!;
  const lane = laneOfKind(doc, 'friction');

  it.each([
    [
      () => addCard(doc, { stageId: stage.id, laneId: lane.id, text: 42 as unknown as string }),
      'addCard: text:',
    ],
    [() => addCard(doc, { stageId: stage.id, laneId: lane.id, emotion: 3 }), 'addCard: emotion:'],
    [
      () => addCard(doc, { stageId: stage.id, laneId: lane.id, friction: { severity: 9 } }),
      'addCard: friction.severity:',
    ],
    [
      () =>
        addCard(doc, {
          stageId: stage.id,
          laneId: lane.id,
          friction: { frequency: { count: 3, period: 'fortnight' as 'week' } },
        }),
      'addCard: friction.frequency.period:',
    ],
    [() => renameStage(doc, { id: stage.id, title: '   ' }), 'renameStage: title: must not be empty'],
    [
      () => setMetric(doc, { stageId: stage.id, name: 'NPS', current: 140 }),
      'setMetric: current: NPS must be between',
    ],
    [() => setMetric(doc, { stageId: stage.id, name: 'custom', current: 3 }), 'setMetric: label:'],
    [() => moveStage(doc, { id: stage.id, index: -1 }), 'moveStage: index:'],
  ])('%#', (run, message) => {
    expect(run).toThrow(BoardCommandError);
    expect(run).toThrow(message);
  });

  it('reports a missing entity as not_found, and changes nothing', () => {
    const before = Y.encodeStateAsUpdate(doc);
    try {
      moveCard(doc, { id: 'nope', stageId: stage.id, laneId: lane.id });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(BoardCommandError);
      expect((error as BoardCommandError).code).toBe('not_found');
      expect((error as BoardCommandError).message).toBe('moveCard: id: card "nope" not found');
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});

describe('cards in cells', () => {
  it('keep their order in a cell, insert at an index and move between cells', () => {
    const doc = newBoard();
    const { stages } = currentState(doc);
    const [awareness, interest] = [stages[0]!, stages[1]!];
    const actions = laneOfKind(doc, 'actions');
    const a = addCard(doc, { stageId: awareness.id, laneId: actions.id, text: 'Sees an advert' });
    addCard(doc, { stageId: awareness.id, laneId: actions.id, text: 'Asks a friend' });
    addCard(doc, { stageId: awareness.id, laneId: actions.id, text: 'Searches online', index: 1 });
    expect(cellTexts(readBoard(doc), awareness.id, actions.id)).toEqual([
      'Sees an advert',
      'Searches online',
      'Asks a friend',
    ]);
    moveCard(doc, { id: a, stageId: interest.id, laneId: actions.id });
    moveCard(doc, { id: a, stageId: awareness.id, laneId: actions.id, index: 2 });
    expect(cellTexts(readBoard(doc), awareness.id, actions.id)).toEqual([
      'Searches online',
      'Asks a friend',
      'Sees an advert',
    ]);
  });

  it('take their kind from the lane and hold every friction field', () => {
    const doc = newBoard();
    const { stages } = currentState(doc);
    const persona = addPersona(doc, { name: 'Busy parent', valueTier: 'high' });
    const id = addCard(doc, {
      stageId: stages[4]!.id,
      laneId: laneOfKind(doc, 'friction').id,
      text: 'Parcel left in the rain',
      channel: 'partner',
      evidence: '312 complaints in May',
      evidenceSource: 'complaints',
      confidence: 'high',
      friction: {
        severity: 4,
        frequency: { count: 80, period: 'week' },
        segmentId: persona,
        rootCause: 'Courier has no safe-place instructions',
        ownerTeam: 'Logistics',
        epic: 'contextual',
      },
    });
    updateCard(doc, { id, friction: { severity: 5 }, notes: 'Seen in store visits too' });
    const card = readBoard(doc).cards.find((c) => c.id === id)!;
    expect(card.kind).toBe('friction');
    expect(card.friction).toEqual({
      severity: 5,
      frequency: { count: 80, period: 'week' },
      segmentId: persona,
      rootCause: 'Courier has no safe-place instructions',
      ownerTeam: 'Logistics',
      epic: 'contextual',
    });
    expect(card.notes).toBe('Seen in store visits too');
    updateCard(doc, { id, friction: { frequency: null } });
    expect(readBoard(doc).cards.find((c) => c.id === id)!.friction.frequency).toBeNull();
    removePersona(doc, { id: persona });
    expect(readBoard(doc).cards.find((c) => c.id === id)!.friction.segmentId).toBeNull();
    expect(readBoard(doc).repairs).toEqual([]);
  });

  it('removing a card removes its edges, votes, comments and opportunity links', () => {
    const doc = newBoard();
    const [a, b] = cardsAlong(doc, 'friction', ['A', 'B']);
    connect(doc, { from: a, to: b, kind: 'handoff', label: 'app to phone' });
    discuss(doc, a);
    const opportunity = addOpportunity(doc, { title: 'Fix it', frictionIds: [a, b] });
    removeCard(doc, { id: a });
    const board = readBoard(doc);
    expect(board.cards.map((c) => c.text)).toEqual(['B']);
    expect(board.edges).toEqual([]);
    expect(board.votes).toEqual([]);
    expect(board.comments).toEqual([]);
    expect(board.opportunities.find((o) => o.id === opportunity)!.frictionIds).toEqual([b]);
    expect(board.repairs).toEqual([]);
  });
});

describe('stages and lanes', () => {
  it('add, rename, reorder and remove, taking their cards along', () => {
    const doc = newBoard();
    const { state, stages } = currentState(doc);
    const research = addStage(doc, { stateId: state.id, title: 'Research', index: 1 });
    renameStage(doc, { id: research, title: 'Compare offers' });
    moveStage(doc, { id: stages[0]!.id, index: 8 });
    let view = currentState(doc);
    expect(view.stages.map((s) => s.title).slice(0, 2)).toEqual(['Compare offers', 'Interest']);
    expect(view.stages.at(-1)!.title).toBe('Awareness');

    const custom = addLane(doc, { stateId: state.id, kind: 'backstage', title: 'Warehouse', index: 0 });
    moveLane(doc, { id: custom, index: 3 });
    view = currentState(doc);
    expect(view.lanes.map((l) => l.title)[3]).toBe('Warehouse');

    addCard(doc, { stageId: research, laneId: custom, text: 'Pick list printed' });
    setMetric(doc, { stageId: research, name: 'CSAT', current: 71, target: 85 });
    removeStage(doc, { id: research });
    removeLane(doc, { id: custom });
    const board = readBoard(doc);
    expect(board.cards).toEqual([]);
    expect(board.metrics).toEqual([]);
    expect(board.repairs).toEqual([]);
  });
});

describe('forking a future state', () => {
  it('copies stages, lanes, cards, edges and metrics with provenance', () => {
    const doc = newBoard();
    const { state, stages } = currentState(doc);
    const lane = laneOfKind(doc, 'friction');
    const a = addCard(doc, { stageId: stages[0]!.id, laneId: lane.id, text: 'Slow site', notes: 'LCP 6 s' });
    const b = addCard(doc, { stageId: stages[1]!.id, laneId: lane.id, text: 'Hidden fees' });
    const edge = connect(doc, { from: a, to: b });
    setMetric(doc, { stageId: stages[0]!.id, name: 'NPS', current: -12, target: 20 });

    const future = forkState(doc, { stateId: state.id });
    const board = readBoard(doc);
    const futureState = board.states.find((s) => s.id === future)!;
    expect(futureState).toMatchObject({ kind: 'future', title: 'Future state', derivedFrom: state.id });
    const copied = board.cards.filter((c) => c.stateId === future);
    expect(copied.map((c) => [c.text, c.derivedFrom, c.notes])).toEqual([
      ['Slow site', a, 'LCP 6 s'],
      ['Hidden fees', b, ''],
    ]);
    expect(board.stages.filter((s) => s.stateId === future).map((s) => s.derivedFrom)).toEqual(
      stages.map((s) => s.id),
    );
    const futureEdge = board.edges.find((e) => e.stateId === future)!;
    expect(futureEdge.derivedFrom).toBe(edge);
    expect(futureEdge.from).toBe(copied[0]!.id);
    const futureStage = board.stages.find((s) => s.derivedFrom === stages[0]!.id)!;
    expect(board.metrics.find((m) => m.stageId === futureStage.id)).toMatchObject({
      current: -12,
      target: 20,
    });

    // Editing the future leaves the current state as it was.
    updateCard(doc, { id: copied[0]!.id, text: 'Fast site' });
    expect(readBoard(doc).cards.find((c) => c.id === a)!.text).toBe('Slow site');
    expect(forkState(doc, { stateId: state.id })).not.toBe(future);
    expect(readBoard(doc).states.map((s) => s.title)).toEqual([
      'Current state',
      'Future state',
      'Future state 2',
    ]);
  });
});

describe('workshop threads and votes', () => {
  it('threads reply and resolve; votes are per person', () => {
    const doc = newBoard();
    const { stages } = currentState(doc);
    const card = addCard(doc, {
      stageId: stages[0]!.id,
      laneId: laneOfKind(doc, 'friction').id,
      text: 'Queue',
    });
    const root = comment(doc, {
      targetType: 'card',
      targetId: card,
      text: 'How long?',
      author: { id: 'alice', name: 'Alice' },
      createdAt: 1,
    });
    const reply = comment(doc, {
      targetType: 'card',
      targetId: card,
      parentId: root,
      text: '45 minutes at peak',
      author: { id: 'bob', name: 'Bob' },
      createdAt: 2,
    });
    resolveComment(doc, { id: reply });
    vote(doc, { targetId: card, userId: 'alice', dots: 2 });
    vote(doc, { targetId: card, userId: 'bob', dots: 1 });
    vote(doc, { targetId: card, userId: 'bob', dots: 3 });
    const board = readBoard(doc);
    expect(board.comments.map((c) => [c.text, c.parentId, c.resolved])).toEqual([
      ['How long?', null, true],
      ['45 minutes at peak', root, false],
    ]);
    expect(board.votes.reduce((sum, v) => sum + v.dots, 0)).toBe(5);
    expect(() =>
      comment(doc, {
        targetType: 'card',
        targetId: card,
        parentId: reply,
        text: 'nested',
        author: { id: 'c', name: 'C' },
      }),
    ).toThrow('comment: parentId: reply to the first comment of a thread');
  });
});
