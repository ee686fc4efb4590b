import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addCard,
  applyVotePriorities,
  dotsUsed,
  emotionSpread,
  endVoteSession,
  exportBoardJson,
  importBoardJson,
  pauseTimer,
  rateEmotion,
  readBoard,
  removeCard,
  resumeTimer,
  startTimer,
  startVoteSession,
  stopTimer,
  timerRemaining,
  updateCard,
  vote,
  voteResults,
} from '../src/index.js';
import { currentState, laneOfKind, newBoard, sync } from './board.js';

function votingBoard() {
  const doc = newBoard();
  const { state, stages } = currentState(doc);
  const friction = laneOfKind(doc, 'friction');
  const actions = laneOfKind(doc, 'actions');
  const [a, b, c] = ['Slow site', 'Hidden fees', 'Queue'].map((text, i) =>
    addCard(doc, { stageId: stages[i]!.id, laneId: friction.id, text }),
  ) as [string, string, string];
  const action = addCard(doc, { stageId: stages[0]!.id, laneId: actions.id, text: 'Browse' });
  return { doc, state, a, b, c, action };
}

describe('dot-voting sessions', () => {
  it('ranks voted items, sharing ranks on ties, and applies the ranking as priority', () => {
    const { doc, state, a, b, c } = votingBoard();
    const session = startVoteSession(doc, { stateId: state.id, dotsPerPerson: 3, startedBy: 'Facilitator' });
    vote(doc, { sessionId: session, targetId: a, userId: 'ann', dots: 2 });
    vote(doc, { sessionId: session, targetId: b, userId: 'ann', dots: 1 });
    vote(doc, { sessionId: session, targetId: a, userId: 'bob', dots: 1 });
    vote(doc, { sessionId: session, targetId: b, userId: 'bob', dots: 2 });
    updateCard(doc, { id: c, priority: 1 }); // an old priority that this session's ranking replaces
    const results = voteResults(readBoard(doc), session);
    expect(results.map((r) => [r.card.id, r.dots, r.voters, r.rank])).toEqual([
      [a, 3, 2, 1],
      [b, 3, 2, 1],
    ]);
    expect(dotsUsed(readBoard(doc), session, 'ann')).toBe(3);

    endVoteSession(doc, { id: session });
    expect(applyVotePriorities(doc, { sessionId: session })).toBe(2);
    const priority = (id: string) => readBoard(doc).cards.find((card) => card.id === id)!.priority;
    expect([priority(a), priority(b), priority(c)]).toEqual([1, 1, null]);
  });

  it('refuses dots beyond the allowance, outside the scope, and after the session ended', () => {
    const { doc, state, a, b, action } = votingBoard();
    const session = startVoteSession(doc, { stateId: state.id, dotsPerPerson: 2, startedBy: 'F' });
    vote(doc, { sessionId: session, targetId: a, userId: 'ann', dots: 2 });
    expect(() => vote(doc, { sessionId: session, targetId: b, userId: 'ann', dots: 1 })).toThrow(/0 left/);
    // Moving a dot is lowering one vote, then raising another.
    vote(doc, { sessionId: session, targetId: a, userId: 'ann', dots: 1 });
    vote(doc, { sessionId: session, targetId: b, userId: 'ann', dots: 1 });
    expect(() => vote(doc, { sessionId: session, targetId: action, userId: 'ann', dots: 1 })).toThrow(
      /friction points only/,
    );
    endVoteSession(doc, { id: session });
    expect(() => vote(doc, { sessionId: session, targetId: b, userId: 'bob', dots: 1 })).toThrow(/ended/);
    expect(voteResults(readBoard(doc), session).map((r) => r.dots)).toEqual([1, 1]);
  });

  it('lets a friction session take votes on a card given a severity, wherever it sits', () => {
    const { doc, state, action } = votingBoard();
    const session = startVoteSession(doc, { stateId: state.id, dotsPerPerson: 2, startedBy: 'F' });
    // A severity makes the card a friction point (isFrictionCard): it is scored, so it may be voted on.
    updateCard(doc, { id: action, friction: { severity: 4 } });
    vote(doc, { sessionId: session, targetId: action, userId: 'ann', dots: 1 });
    expect(voteResults(readBoard(doc), session).map((r) => r.card.id)).toEqual([action]);
  });

  it('lets a whole-board session take votes on any card of the state', () => {
    const { doc, state, action } = votingBoard();
    const session = startVoteSession(doc, { stateId: state.id, scope: 'board', startedBy: 'F' });
    vote(doc, { sessionId: session, targetId: action, userId: 'ann', dots: 1 });
    expect(voteResults(readBoard(doc), session).map((r) => r.card.id)).toEqual([action]);
  });

  it('keeps the tally hidden while voting unless the facilitator chose to show it live', () => {
    const { doc, state } = votingBoard();
    const hidden = startVoteSession(doc, { stateId: state.id, startedBy: 'F', startedAt: 1000 });
    const live = startVoteSession(doc, {
      stateId: state.id,
      startedBy: 'F',
      startedAt: 2000,
      liveTally: true,
    });
    const sessions = readBoard(doc).voteSessions;
    expect(sessions.map((s) => [s.id, s.liveTally])).toEqual([
      [hidden, false],
      [live, true],
    ]);
  });

  it('ends the open session when a new one starts, so one session is open at a time', () => {
    const { doc, state } = votingBoard();
    const first = startVoteSession(doc, { stateId: state.id, startedBy: 'F', startedAt: 1000 });
    const second = startVoteSession(doc, { stateId: state.id, startedBy: 'F', startedAt: 2000 });
    const sessions = readBoard(doc).voteSessions;
    expect(sessions.map((s) => [s.id, s.status, s.endedAt])).toEqual([
      [first, 'ended', 2000],
      [second, 'open', null],
    ]);
  });

  it('adds up two people voting at once on two replicas', () => {
    const { doc, state, a } = votingBoard();
    const session = startVoteSession(doc, { stateId: state.id, dotsPerPerson: 5, startedBy: 'F' });
    const other = new Y.Doc();
    sync(doc, other);
    vote(doc, { sessionId: session, targetId: a, userId: 'ann', dots: 3 });
    vote(other, { sessionId: session, targetId: a, userId: 'bob', dots: 2 });
    sync(doc, other);
    sync(other, doc);
    expect(voteResults(readBoard(doc), session)[0]!.dots).toBe(5);
    expect(readBoard(other)).toEqual(readBoard(doc));
  });
});

describe('the workshop timer', () => {
  it('runs, pauses, resumes and stops for everyone', () => {
    const doc = newBoard();
    startTimer(doc, { durationMs: 300_000, label: 'Ideas', startedBy: 'F', now: 10_000 });
    expect(timerRemaining(readBoard(doc).timer, 70_000)).toBe(240_000);
    pauseTimer(doc, { now: 70_000 });
    expect(readBoard(doc).timer).toMatchObject({ endsAt: null, remainingMs: 240_000, label: 'Ideas' });
    expect(timerRemaining(readBoard(doc).timer, 999_999)).toBe(240_000);
    resumeTimer(doc, { now: 100_000 });
    expect(timerRemaining(readBoard(doc).timer, 100_000)).toBe(240_000);
    expect(timerRemaining(readBoard(doc).timer, 900_000)).toBe(0);
    stopTimer(doc, {});
    expect(readBoard(doc).timer).toBeNull();
    expect(() => startTimer(doc, { durationMs: 10, startedBy: 'F' })).toThrow(/durationMs/);
  });
});

describe('per-participant emotion', () => {
  it('gives the average and spread of everyone’s own scores, so disagreement shows', () => {
    const { doc, action } = votingBoard();
    expect(emotionSpread(readBoard(doc), action)).toBeNull();
    rateEmotion(doc, { cardId: action, userId: 'ann', score: 2 });
    rateEmotion(doc, { cardId: action, userId: 'bob', score: -2 });
    expect(emotionSpread(readBoard(doc), action)).toEqual({ count: 2, mean: 0, min: -2, max: 2, spread: 2 });
    rateEmotion(doc, { cardId: action, userId: 'bob', score: 2 });
    expect(emotionSpread(readBoard(doc), action)).toMatchObject({ mean: 2, spread: 0 });
    rateEmotion(doc, { cardId: action, userId: 'ann', score: null });
    expect(emotionSpread(readBoard(doc), action)?.count).toBe(1);
    expect(() => rateEmotion(doc, { cardId: action, userId: 'ann', score: 3 })).toThrow(/score/);
    removeCard(doc, { id: action });
    expect(readBoard(doc).emotionRatings).toEqual([]);
  });
});

describe('workshop state in board files', () => {
  it('round-trips sessions, votes, ratings, the timer, settings and priorities', () => {
    const { doc, state, a } = votingBoard();
    const session = startVoteSession(doc, { stateId: state.id, startedBy: 'F', startedAt: 5 });
    vote(doc, { sessionId: session, targetId: a, userId: 'ann', dots: 2 });
    endVoteSession(doc, { id: session, endedAt: 6 });
    applyVotePriorities(doc, { sessionId: session });
    rateEmotion(doc, { cardId: a, userId: 'ann', score: -1 });
    startTimer(doc, { durationMs: 60_000, startedBy: 'F', now: 7 });
    const copy = new Y.Doc();
    importBoardJson(copy, JSON.stringify(exportBoardJson(doc)));
    const { repairs: _a, ...original } = readBoard(doc);
    const { repairs: _b, ...imported } = readBoard(copy);
    expect(imported).toEqual(original);
    expect(imported.cards.find((c) => c.id === a)!.priority).toBe(1);
  });
});
