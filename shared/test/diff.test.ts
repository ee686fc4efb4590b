import { describe, expect, it } from 'vitest';
import { addCard, diffStates, forkState, moveCard, readBoard, removeCard, updateCard } from '../src/index.js';
import { cardsAlong, currentState, laneOfKind, newBoard } from './board.js';

describe('diffStates', () => {
  it('marks cards added, removed, changed and moved between current and a forked future', () => {
    const doc = newBoard();
    const { state, stages } = currentState(doc);
    const friction = laneOfKind(doc, 'friction');
    const [kept, gone] = cardsAlong(doc, 'friction', ['Kept', 'Gone']);
    const edited = addCard(doc, {
      stageId: stages[2]!.id,
      laneId: friction.id,
      text: 'Slow',
      friction: { severity: 4 },
    });
    const shifted = addCard(doc, { stageId: stages[3]!.id, laneId: friction.id, text: 'Shifted' });
    const future = forkState(doc, { stateId: state.id });
    const copy = (id: string) => readBoard(doc).cards.find((c) => c.derivedFrom === id)!;
    const futureStages = readBoard(doc).stages.filter((s) => s.stateId === future);

    removeCard(doc, { id: copy(gone).id });
    updateCard(doc, { id: copy(edited).id, text: 'Fast', friction: { severity: 1 } });
    moveCard(doc, { id: copy(shifted).id, stageId: futureStages[5]!.id, laneId: copy(shifted).laneId });
    const added = addCard(doc, {
      stageId: futureStages[0]!.id,
      laneId: copy(kept).laneId,
      text: 'Proactive alert',
    });

    const diff = diffStates(readBoard(doc), state.id, future);
    expect(diff.added.map((c) => c.id)).toEqual([added]);
    expect(diff.removed.map((c) => c.id)).toEqual([gone]);
    expect(diff.changed.map((c) => [c.before.id, c.fields])).toEqual([[edited, ['text', 'friction']]]);
    expect(diff.moved.map((c) => c.before.id)).toEqual([shifted]);
    expect(diff.unchanged.map((c) => c.before.id)).toEqual([kept]);
  });

  it('follows provenance through a future forked from a future', () => {
    const doc = newBoard();
    const { state, stages } = currentState(doc);
    const original = addCard(doc, {
      stageId: stages[0]!.id,
      laneId: laneOfKind(doc, 'actions').id,
      text: 'Visits store',
    });
    const first = forkState(doc, { stateId: state.id });
    const second = forkState(doc, { stateId: first });
    const diff = diffStates(readBoard(doc), state.id, second);
    expect(diff.unchanged.map((p) => p.before.id)).toEqual([original]);
    expect(diff.added).toEqual([]);
  });
});
