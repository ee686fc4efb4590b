/** The shared half of the private writing round: the count presence may carry, the round's scope, and the commit. */
import { describe, expect, it } from 'vitest';
import {
  commitDrafts,
  inRoundScope,
  PRESENCE_DRAFTS_MAX,
  readBoard,
  removeStage,
  sanitizePresence,
} from '../src/index.js';
import { currentState, newBoard } from './board.js';

describe('a private round', () => {
  it("lets presence carry a person's draft count within bounds, and nothing else about drafts", () => {
    expect(sanitizePresence({ drafts: 3 })).toEqual({ drafts: 3 });
    expect(sanitizePresence({ drafts: 0 })).toEqual({ drafts: 0 });
    expect(sanitizePresence({ drafts: PRESENCE_DRAFTS_MAX })).toEqual({ drafts: PRESENCE_DRAFTS_MAX });
    for (const bad of [PRESENCE_DRAFTS_MAX + 1, -1, 1.5, '3', ['a note']])
      expect(sanitizePresence({ drafts: bad })).toEqual({});
  });

  it('takes a cell in scope when it is in the round’s stage and lane (neither set: any cell)', () => {
    const cell = { stageId: 's1', laneId: 'l1' };
    expect(inRoundScope({ roundStageId: null, roundLaneId: null }, cell)).toBe(true);
    expect(inRoundScope({ roundStageId: 's1', roundLaneId: null }, cell)).toBe(true);
    expect(inRoundScope({ roundStageId: null, roundLaneId: 'l2' }, cell)).toBe(false);
    expect(inRoundScope({ roundStageId: 's2', roundLaneId: 'l1' }, cell)).toBe(false);
  });

  it("commits a person's notes as their cards once, skipping notes whose cell is gone", () => {
    const doc = newBoard();
    const { stages, lanes } = currentState(doc);
    const [here, gone] = stages as [(typeof stages)[0], (typeof stages)[0]];
    const lane = lanes[0]?.id as string;
    const notes = [
      { id: 'draft-1', stageId: here.id, laneId: lane, text: 'Slow checkout' },
      { id: 'draft-2', stageId: gone.id, laneId: lane, text: 'Lost with its stage' },
    ];
    removeStage(doc, { id: gone.id });
    expect(commitDrafts(doc, { authorId: 'u-pat', notes })).toEqual(['draft-1']);
    // A second commit (another tab, a reload) finds the card there and adds nothing.
    expect(commitDrafts(doc, { authorId: 'u-pat', notes })).toEqual([]);
    expect(readBoard(doc).cards.map((c) => ({ id: c.id, text: c.text, authorId: c.authorId }))).toEqual([
      { id: 'draft-1', text: 'Slow checkout', authorId: 'u-pat' },
    ]);
  });
});
