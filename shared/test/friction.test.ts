import { describe, expect, it } from 'vitest';
import {
  addCard,
  addOpportunity,
  addPersona,
  addReason,
  connect,
  countReasons,
  DEFAULT_SCORING,
  diffFriction,
  forkState,
  frictionByStage,
  frictionHeatMap,
  frictionScore,
  normaliseFrequency,
  opportunitiesAddressing,
  opportunityEffects,
  type Persona,
  quadrantOf,
  rankFriction,
  readBoard,
  removeCard,
  removePersona,
  roadmap,
  scoresInQuadrant,
  setScoring,
  tagReason,
  updateCard,
} from '../src/index.js';
import { currentState, laneOfKind, newBoard } from './board.js';

const persona = (fields: Partial<Persona> = {}): Persona => ({
  id: 'p1',
  name: 'Families',
  description: '',
  valueTier: 'high',
  priority: 'standard',
  order: 'a0',
  ...fields,
});

describe('frictionScore', () => {
  it('multiplies severity, the log frequency factor and the segment weight, and explains each part', () => {
    const score = frictionScore(
      { friction: card({ severity: 4, frequency: { count: 9, period: 'month' }, segmentId: 'p1' }) },
      [persona()],
      DEFAULT_SCORING,
    );
    // 4 × (1 + log10(10)) × 1.5 × 1
    expect(score.score).toBe(12);
    expect(score.frequencyFactor).toBe(2);
    expect(score.segmentWeight).toBe(1.5);
    expect(score.assessed).toBe(true);
    expect(score.explanation).toEqual([
      'severity 4 of 5',
      '9 per month: factor 2 (1 + log10(1 + rate))',
      'segment Families (high value, standard): weight 1.5',
    ]);
  });

  it('normalises frequency to the board period before scoring', () => {
    expect(normaliseFrequency(12, 'year', 'month')).toBeCloseTo(1);
    expect(normaliseFrequency(1, 'week', 'day')).toBeCloseTo(1 / 7);
    const yearly = frictionScore(
      { friction: card({ severity: 2, frequency: { count: 12 * 99, period: 'year' } }) },
      [],
      DEFAULT_SCORING,
    );
    const monthly = frictionScore(
      { friction: card({ severity: 2, frequency: { count: 99, period: 'month' } }) },
      [],
      DEFAULT_SCORING,
    );
    expect(yearly.score).toBe(monthly.score);
    expect(monthly.score).toBe(6); // 2 × (1 + log10(100)) × 1
    const perWeek = frictionScore(
      { friction: card({ severity: 2, frequency: { count: 99, period: 'month' } }) },
      [],
      { ...DEFAULT_SCORING, period: 'year' },
    );
    expect(perWeek.rate).toBeCloseTo(99 * 12);
    expect(perWeek.period).toBe('year');
  });

  it('scores no frequency as factor 1 and says the frequency is unknown', () => {
    const score = frictionScore({ friction: card({ severity: 3 }) }, [], DEFAULT_SCORING);
    expect(score.rate).toBeNull();
    expect(score.frequencyFactor).toBe(1);
    expect(score.score).toBe(3);
    expect(score.explanation).toContain('frequency unknown: factor 1');
  });

  it('weights an unset or deleted segment with the unknown-segment weight', () => {
    const settings = { ...DEFAULT_SCORING, unknownSegmentWeight: 0.8 };
    const unset = frictionScore({ friction: card({ severity: 5 }) }, [], settings);
    expect(unset.segmentWeight).toBe(0.8);
    expect(unset.segment).toBeNull();
    expect(unset.explanation).toContain('segment not set: weight 0.8');
    const gone = frictionScore({ friction: card({ severity: 5, segmentId: 'deleted' }) }, [], settings);
    expect(gone.score).toBe(4);
    expect(gone.explanation).toContain('segment no longer exists: weight 0.8');
  });

  it('leaves friction without a severity unassessed at 0', () => {
    const score = frictionScore(
      { friction: card({ severity: null, frequency: { count: 1000, period: 'day' } }) },
      [persona()],
      DEFAULT_SCORING,
    );
    expect(score).toMatchObject({ score: 0, assessed: false });
    expect(score.explanation[0]).toBe('severity not assessed: scores 0');
  });

  it('multiplies the value-tier weight by the priority weight', () => {
    const score = frictionScore(
      { friction: card({ severity: 1, segmentId: 'p1' }) },
      [persona({ valueTier: 'top', priority: 'special' })],
      DEFAULT_SCORING,
    );
    expect(score.segmentWeight).toBe(3);
  });

  it('reads per-board settings written by setScoring, keeping defaults for the rest', () => {
    const doc = newBoard();
    setScoring(doc, { period: 'week', tierWeights: { high: 4 } });
    const { scoring } = readBoard(doc).settings;
    expect(scoring.period).toBe('week');
    expect(scoring.tierWeights).toEqual({ ...DEFAULT_SCORING.tierWeights, high: 4 });
    expect(scoring.priorityWeights).toEqual(DEFAULT_SCORING.priorityWeights);
    expect(() => setScoring(doc, { unknownSegmentWeight: -1 })).toThrow(/unknownSegmentWeight/);
  });

  it('reports a damaged setting and scores with the default', () => {
    const doc = newBoard();
    doc.getMap('settings').set('tier.high', 'lots');
    doc.getMap('settings').set('period', 'fortnight');
    const board = readBoard(doc);
    expect(board.settings.scoring).toEqual(DEFAULT_SCORING);
    expect(board.repairs.map((r) => r.entity)).toEqual(['settings', 'settings']);
  });
});

describe('the business case', () => {
  function workshopBoard() {
    const doc = newBoard();
    const { state, stages, lanes } = currentState(doc);
    const friction = laneOfKind(doc, 'friction');
    const touchpoints = laneOfKind(doc, 'touchpoints');
    const families = addPersona(doc, { name: 'Families', valueTier: 'top' });
    const web = addCard(doc, { stageId: stages[1]!.id, laneId: touchpoints.id, text: 'Web', channel: 'web' });
    const slow = addCard(doc, {
      stageId: stages[1]!.id,
      laneId: friction.id,
      text: 'Slow site',
      friction: { severity: 4, segmentId: families, ownerTeam: 'Web team' },
    });
    const fees = addCard(doc, {
      stageId: stages[3]!.id,
      laneId: friction.id,
      text: 'Hidden fees',
      channel: 'store',
      friction: { severity: 2, ownerTeam: 'Pricing' },
    });
    const unscored = addCard(doc, { stageId: stages[3]!.id, laneId: friction.id, text: 'Queue' });
    connect(doc, { from: slow, to: web });
    return { doc, state, stages, lanes, friction, touchpoints, families, web, slow, fees, unscored };
  }

  it('ranks friction by score with each item’s share of the total', () => {
    const { doc, state, slow, fees, unscored } = workshopBoard();
    const list = rankFriction(readBoard(doc), state.id);
    expect(list.items.map((i) => i.card.id)).toEqual([slow, fees, unscored]);
    expect(list.items.map((i) => i.score.score)).toEqual([8, 2, 0]); // 4 × 2 (top tier); 2 × 1
    expect(list.total).toBe(10);
    expect(list.items.map((i) => i.share)).toEqual([0.8, 0.2, 0]);
    expect(list.unassessed).toBe(1);
    // The slow site takes the web channel from its stage's touchpoint; fees carry their own.
    expect(list.items.map((i) => i.channel)).toEqual(['web', 'store', null]);
  });

  it('lists with each friction point the opportunities addressing it, in board order', () => {
    const { doc, state, slow, fees } = workshopBoard();
    const faster = addOpportunity(doc, { title: 'Faster pages', frictionIds: [slow] });
    const both = addOpportunity(doc, { title: 'New checkout', frictionIds: [fees, slow] });
    const list = rankFriction(readBoard(doc), state.id);
    expect(list.items.map((i) => i.opportunities.map((o) => o.id))).toEqual([[faster, both], [both], []]);
    // Asked for several cards at once (a card and its copy): each opportunity once, in board order.
    const addressing = opportunitiesAddressing(readBoard(doc));
    expect(addressing([fees, slow]).map((o) => o.id)).toEqual([faster, both]);
    expect(addressing(['no-such-card'])).toEqual([]);
  });

  it('filters by segment, channel, owner and stage, with shares of what is shown', () => {
    const { doc, state, stages, families, slow, fees } = workshopBoard();
    const board = readBoard(doc);
    expect(rankFriction(board, state.id, { segmentId: families }).items.map((i) => i.card.id)).toEqual([
      slow,
    ]);
    expect(rankFriction(board, state.id, { channel: 'store' }).items.map((i) => i.card.id)).toEqual([fees]);
    const pricing = rankFriction(board, state.id, { owner: 'Pricing' });
    expect(pricing.items.map((i) => [i.card.id, i.share])).toEqual([[fees, 1]]);
    expect(rankFriction(board, state.id, { stageId: stages[3]!.id }).total).toBe(2);
  });

  it('colours each stage × lane by the friction in it and the friction connected to it', () => {
    const { doc, state, stages, friction, touchpoints } = workshopBoard();
    const cells = frictionHeatMap(readBoard(doc), state.id);
    const cell = (stage: number, laneId: string) =>
      cells.find((c) => c.stageId === stages[stage]!.id && c.laneId === laneId)!;
    expect(cell(1, friction.id)).toMatchObject({ total: 8, count: 1, intensity: 1 });
    expect(cell(1, touchpoints.id)).toMatchObject({ total: 8, count: 1 }); // drawn to the web touchpoint
    expect(cell(3, friction.id)).toMatchObject({ total: 2, count: 2, intensity: 0.25 });
    expect(cell(0, friction.id)).toMatchObject({ total: 0, count: 0, intensity: 0 });
    expect(frictionByStage(readBoard(doc), state.id).map((s) => s.total)).toEqual([0, 8, 0, 2, 0, 0, 0, 0]);
  });

  it('counts a card in a friction lane whatever its kind, and a card elsewhere once it has a severity', () => {
    const doc = newBoard();
    const { state, stages } = currentState(doc);
    addCard(doc, {
      stageId: stages[0]!.id,
      laneId: laneOfKind(doc, 'friction').id,
      kind: 'note',
      friction: { severity: 3 },
    });
    // The card shows S5: it is scored and listed, not silently left out.
    const assessed = addCard(doc, {
      stageId: stages[0]!.id,
      laneId: laneOfKind(doc, 'actions').id,
      kind: 'touchpoint',
      text: 'Card declined',
      friction: { severity: 5 },
    });
    addCard(doc, { stageId: stages[0]!.id, laneId: laneOfKind(doc, 'actions').id, text: 'Pays' });
    const ranked = rankFriction(readBoard(doc), state.id);
    expect(ranked.total).toBe(8);
    expect(ranked.items.map((item) => [item.card.text, item.score.score])).toContainEqual([
      'Card declined',
      5,
    ]);
    // Taking the severity away takes it out of the analysis again.
    updateCard(doc, { id: assessed, friction: { severity: null } });
    expect(rankFriction(readBoard(doc), state.id).total).toBe(3);
  });

  it('diffs friction from current to future: removed, reduced, added, with totals per stage', () => {
    const { doc, state, slow, fees, unscored } = workshopBoard();
    const fix = addOpportunity(doc, { title: 'Faster checkout', frictionIds: [slow] });
    const future = forkState(doc, { stateId: state.id });
    const copy = (id: string) => readBoard(doc).cards.find((c) => c.derivedFrom === id)!;
    updateCard(doc, { id: copy(slow).id, friction: { severity: 1 } });
    removeCard(doc, { id: copy(fees).id });
    const futureStages = readBoard(doc).stages.filter((s) => s.stateId === future);
    const newPain = addCard(doc, {
      stageId: futureStages[0]!.id,
      laneId: copy(unscored).laneId,
      text: 'App install',
      friction: { severity: 1 },
    });

    const diff = diffFriction(readBoard(doc), state.id, future);
    expect(diff.totalBefore).toBe(10);
    expect(diff.totalAfter).toBe(3); // 1 × 2 + 1
    expect(
      diff.changes.map((c) => [c.outcome, c.before?.id ?? c.after?.id, c.scoreBefore, c.scoreAfter]),
    ).toEqual([
      ['removed', fees, 2, 0],
      ['reduced', slow, 8, 2],
      ['added', newPain, 0, 1],
      ['unchanged', unscored, 0, 0],
    ]);
    expect(diff.changes[1]!.opportunities.map((o) => o.id)).toEqual([fix]);
    expect(diff.stages.map((s) => [s.before, s.after])).toEqual([
      [0, 1],
      [8, 2],
      [0, 0],
      [2, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ]);

    const effects = opportunityEffects(readBoard(doc), future);
    expect(effects).toHaveLength(1);
    expect(effects[0]).toMatchObject({ relief: 6 });
    expect(effects[0]!.changes.map((c) => c.outcome)).toEqual(['reduced']);
    expect(opportunityEffects(readBoard(doc), state.id)).toEqual([]);
  });

  it('scores a removed segment as unknown instead of failing', () => {
    const { doc, state, families, slow } = workshopBoard();
    removePersona(doc, { id: families });
    const item = rankFriction(readBoard(doc), state.id).items.find((i) => i.card.id === slow)!;
    expect(item.score.segmentWeight).toBe(1);
    expect(item.score.score).toBe(4);
  });
});

describe('opportunities', () => {
  it('sorts impact and effort into quick wins, structural work, fill-ins and reconsider', () => {
    expect(quadrantOf({ impact: 5, effort: 1 })).toBe('quick-win');
    expect(quadrantOf({ impact: 3, effort: 2 })).toBe('quick-win');
    expect(quadrantOf({ impact: 3, effort: 3 })).toBe('structural');
    expect(quadrantOf({ impact: 2, effort: 1 })).toBe('fill-in');
    expect(quadrantOf({ impact: 1, effort: 5 })).toBe('reconsider');
  });

  it('turns a drop point in a quadrant of the matrix into scores, clamped to the quadrant', () => {
    expect(scoresInQuadrant('quick-win', 0, 0)).toEqual({ effort: 1, impact: 5 });
    expect(scoresInQuadrant('quick-win', 1, 1)).toEqual({ effort: 2, impact: 3 });
    expect(scoresInQuadrant('structural', 0.5, 0.5)).toEqual({ effort: 4, impact: 4 });
    expect(scoresInQuadrant('reconsider', 7, -3)).toEqual({ effort: 5, impact: 2 });
    expect(scoresInQuadrant('fill-in', -3, 7)).toEqual({ effort: 1, impact: 1 });
  });

  it('lays the roadmap out by horizon, best value first, without dropped ideas', () => {
    const doc = newBoard();
    addOpportunity(doc, { title: 'Big', impact: 5, effort: 5, horizon: 'now' });
    addOpportunity(doc, { title: 'Cheap', impact: 4, effort: 1, horizon: 'now' });
    addOpportunity(doc, { title: 'Dropped', horizon: 'now', status: 'dropped' });
    addOpportunity(doc, { title: 'Later', horizon: 'later' });
    const lanes = roadmap(readBoard(doc).opportunities);
    expect(lanes.now.map((o) => o.title)).toEqual(['Cheap', 'Big']);
    expect(lanes.next).toEqual([]);
    expect(lanes.later.map((o) => o.title)).toEqual(['Later']);
  });
});

function card(friction: Partial<Parameters<typeof frictionScore>[0]['friction']>) {
  return {
    severity: null,
    frequency: null,
    segmentId: null,
    rootCause: '',
    ownerTeam: '',
    epic: null,
    ...friction,
  };
}

describe('interaction reasons', () => {
  it('counts touchpoints and friction per reason, a primary counting its secondary reasons once per card', () => {
    const doc = newBoard();
    const { state, stages } = currentState(doc);
    const findInfo = addReason(doc, { title: 'Find information' });
    const price = addReason(doc, { title: 'Check the price', parentId: findInfo });
    const status = addReason(doc, { title: 'Order status', parentId: findInfo });
    const complain = addReason(doc, { title: 'Complain' });
    const touch = addCard(doc, { stageId: stages[0]!.id, laneId: laneOfKind(doc, 'touchpoints').id });
    const pain = addCard(doc, { stageId: stages[0]!.id, laneId: laneOfKind(doc, 'friction').id });
    tagReason(doc, { cardId: touch, reasonId: price });
    tagReason(doc, { cardId: touch, reasonId: status });
    tagReason(doc, { cardId: pain, reasonId: price });
    tagReason(doc, { cardId: pain, reasonId: complain });
    const counts = countReasons(readBoard(doc), state.id);
    expect(counts.get(findInfo)).toEqual({ touchpoints: 1, friction: 1, total: 2 });
    expect(counts.get(price)).toEqual({ touchpoints: 1, friction: 1, total: 2 });
    expect(counts.get(status)).toEqual({ touchpoints: 1, friction: 0, total: 1 });
    expect(counts.get(complain)).toEqual({ touchpoints: 0, friction: 1, total: 1 });
    const future = forkState(doc, { stateId: state.id });
    expect(countReasons(readBoard(doc), future).get(findInfo)?.total).toBe(2);
    expect(countReasons(readBoard(doc)).get(findInfo)?.total).toBe(4);
  });
});
