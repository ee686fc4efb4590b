/**
 * The room's check of an update against the board's write rules, in process: a
 * replica of the board makes a change with the board's own commands (or by hand, as
 * a hostile client would), and the server's reading of that update is held against
 * the writer's role and identity.
 */
import {
  type Actor,
  addCard,
  comment,
  createBoard,
  endVoteSession,
  forkState,
  lockStructure,
  type Role,
  rateEmotion,
  readBoard,
  removeCard,
  renameStage,
  startTimer,
  startVoteSession,
  updateCard,
  updateRefusal,
  vote,
} from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updatePaths } from '../src/sync/update-paths.js';

function boardDoc(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Roles', template: 'blank-journey' });
  return doc;
}

/** The first cell of the friction lane, and the current state. */
function cell(doc: Y.Doc) {
  const board = readBoard(doc);
  const state = board.states[0];
  const stage = board.stages.find((s) => s.stateId === state?.id);
  const lane = board.lanes.find((l) => l.stateId === state?.id && l.kind === 'friction');
  if (!state || !stage || !lane) throw new Error('blank journey without a friction cell');
  return { stateId: state.id, stageId: stage.id, laneId: lane.id };
}

/** Why the server refuses `change` made by `actor` on a replica of `server`, or null; applied when accepted. */
function attempt(server: Y.Doc, actor: Actor, change: (replica: Y.Doc) => void): string | null {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
  const before = Y.encodeStateVector(replica);
  change(replica);
  const update = Y.encodeStateAsUpdate(replica, before);
  const refusal = updateRefusal(server, updatePaths(server, update), actor);
  if (refusal === null) Y.applyUpdate(server, update);
  return refusal;
}

/** A card's map written raw under `id` in the cell `at`, as a hostile client may (no command). */
function writeCardMap(
  replica: Y.Doc,
  id: string,
  at: ReturnType<typeof cell>,
  fields: [string, unknown][],
): void {
  replica
    .getMap('cards')
    .set(
      id,
      new Y.Map<unknown>([
        ['stateId', at.stateId],
        ['stageId', at.stageId],
        ['laneId', at.laneId],
        ...fields,
      ]),
    );
}

const person = (role: Role, participantId: string | null = `p-${role}`): Actor => ({ role, participantId });
const ann = person('participant', 'ann');
const bob = person('participant', 'bob');
const editor = person('editor');
const facilitator = person('facilitator');

describe('cards', () => {
  it('a participant adds cards under their own id and changes only those', () => {
    const server = boardDoc();
    const at = cell(server);
    let mine = '';
    expect(attempt(server, ann, (r) => (mine = addCard(r, { ...at, text: 'Mine', authorId: 'ann' })))).toBe(
      null,
    );
    expect(attempt(server, ann, (r) => updateCard(r, { id: mine, text: 'Still mine', emotion: -1 }))).toBe(
      null,
    );
    expect(attempt(server, bob, (r) => updateCard(r, { id: mine, text: 'Bob was here' }))).toMatch(/author/);
    expect(attempt(server, bob, (r) => removeCard(r, { id: mine }))).toMatch(/remove/);
    expect(readBoard(server).cards.find((c) => c.id === mine)?.text).toBe('Still mine');
  });

  it("refuses a card written under someone else's id, or with no identity", () => {
    const server = boardDoc();
    const at = cell(server);
    expect(attempt(server, ann, (r) => addCard(r, { ...at, text: 'Forged', authorId: 'bob' }))).toMatch(
      /own id/,
    );
    expect(attempt(server, ann, (r) => addCard(r, { ...at, text: 'Nobody' }))).toMatch(/own id/);
    // No author written as null, by hand, is the same: only those who may write anyone's cards.
    const nullAuthor = (r: Y.Doc) => writeCardMap(r, 'unowned', at, [['authorId', null]]);
    expect(attempt(server, ann, nullAuthor)).toMatch(/own id/);
    expect(
      attempt(server, person('participant', null), (r) => addCard(r, { ...at, text: 'x', authorId: 'x' })),
    ).toMatch(/identity/);
    expect(readBoard(server).cards).toHaveLength(0);
  });

  it('keeps a card authorless cards to editors, and authorship fixed', () => {
    const server = boardDoc();
    const at = cell(server);
    let old = '';
    expect(attempt(server, editor, (r) => (old = addCard(r, { ...at, text: 'Before roles' })))).toBe(null);
    expect(attempt(server, ann, (r) => updateCard(r, { id: old, text: 'Mine now' }))).not.toBe(null);
    expect(
      attempt(server, ann, (r) => (r.getMap('cards').get(old) as Y.Map<unknown>).set('authorId', 'ann')),
    ).toMatch(/does not change/);
    expect(attempt(server, editor, (r) => updateCard(r, { id: old, text: 'Edited' }))).toBe(null);
  });

  it('lets an editor fork a state of other people’s cards: each copy keeps its original’s author', () => {
    const server = boardDoc();
    const at = cell(server);
    attempt(server, ann, (r) => addCard(r, { ...at, text: 'Ann’s', authorId: 'ann' }));
    expect(attempt(server, editor, (r) => forkState(r, { stateId: at.stateId }))).toBe(null);
    const copies = readBoard(server).cards.filter((c) => c.derivedFrom !== null);
    expect(copies.map((c) => [c.text, c.authorId])).toEqual([['Ann’s', 'ann']]);
    // A card named after another's without being a copy of one of theirs is still forged.
    const original = copies[0]?.derivedFrom ?? '';
    const forged = (r: Y.Doc) =>
      r.getMap('cards').set(
        'forged',
        new Y.Map<unknown>([
          ['authorId', 'bob'],
          ['derivedFrom', original],
        ]),
      );
    expect(attempt(server, editor, forged)).toMatch(/your own id/);
    expect(attempt(server, ann, (r) => forkState(r, { stateId: at.stateId }))).toMatch(/only editors/);
  });

  it('refuses a card written over another’s under their name as a “copy” of itself', () => {
    // Found by the property test: the original goes with the update, so it is no copy, and
    // the votes on it (another's) went along while the card stayed.
    const server = boardDoc();
    const at = cell(server);
    let bobs = '';
    attempt(server, bob, (r) => (bobs = addCard(r, { ...at, text: 'Bob’s', authorId: 'bob' })));
    const selfCopy = (r: Y.Doc) =>
      writeCardMap(r, bobs, at, [
        ['text', 'Not what Bob wrote'],
        ['authorId', 'bob'],
        ['derivedFrom', bobs],
      ]);
    expect(attempt(server, editor, selfCopy)).toMatch(/your own id/);
    expect(readBoard(server).cards.find((c) => c.id === bobs)?.text).toBe('Bob’s');
  });

  it("lets a participant's card hold a vote's priority only at its default", () => {
    const server = boardDoc();
    const at = cell(server);
    expect(
      attempt(server, ann, (r) => addCard(r, { ...at, text: 'x', authorId: 'ann', priority: 1 })),
    ).toMatch(/priority/);
  });

  it("takes others' comments along when a participant removes their own card", () => {
    const server = boardDoc();
    const at = cell(server);
    let mine = '';
    attempt(server, ann, (r) => (mine = addCard(r, { ...at, text: 'Mine', authorId: 'ann' })));
    const thread = { targetType: 'card' as const, targetId: mine, parentId: null, text: 'Why?' };
    expect(attempt(server, bob, (r) => comment(r, { ...thread, author: { id: 'bob', name: 'Bob' } }))).toBe(
      null,
    );
    expect(attempt(server, ann, (r) => removeCard(r, { id: mine }))).toBe(null);
    expect(readBoard(server).comments).toHaveLength(0);
  });
});

describe('merged transactions', () => {
  it('takes an honest client’s rating given and taken back, and a card added and removed, in one update', () => {
    // Found by the property test: what the update writes and removes again arrives without its
    // content, and was read as a rating that is no number, a card that is no map.
    const server = boardDoc();
    const at = cell(server);
    let card = '';
    attempt(server, editor, (r) => (card = addCard(r, { ...at, text: 'Step' })));
    const rateAndClear = (r: Y.Doc) => {
      rateEmotion(r, { cardId: card, userId: 'ann', score: 2 });
      rateEmotion(r, { cardId: card, userId: 'ann', score: null });
    };
    expect(attempt(server, ann, rateAndClear)).toBe(null);
    const addAndRemove = (r: Y.Doc) =>
      removeCard(r, { id: addCard(r, { ...at, text: 'Oops', authorId: 'ann' }) });
    expect(attempt(server, ann, addAndRemove)).toBe(null);
    // Bob's rating is still his: a value written and removed over it is its removal.
    attempt(server, bob, (r) => rateEmotion(r, { cardId: card, userId: 'bob', score: 1 }));
    const overBobs = (r: Y.Doc) => {
      r.getMap('ratings').set(`${card}|bob`, 2);
      r.getMap('ratings').delete(`${card}|bob`);
    };
    expect(attempt(server, ann, overBobs)).not.toBe(null);
    expect(readBoard(server).emotionRatings.map((e) => [e.userId, e.score])).toEqual([['bob', 1]]);
  });
});

describe('structure and facilitation', () => {
  it('keeps stages to editors, and to facilitators while locked', () => {
    const server = boardDoc();
    const { stageId } = cell(server);
    expect(attempt(server, ann, (r) => renameStage(r, { id: stageId, title: 'Mine' }))).toMatch(/editors/);
    expect(attempt(server, editor, (r) => renameStage(r, { id: stageId, title: 'Look' }))).toBe(null);
    expect(attempt(server, editor, (r) => lockStructure(r, { locked: true }))).toMatch(/facilitator/);
    expect(attempt(server, facilitator, (r) => lockStructure(r, { locked: true }))).toBe(null);
    expect(attempt(server, editor, (r) => renameStage(r, { id: stageId, title: 'Again' }))).toMatch(/locked/);
    expect(attempt(server, facilitator, (r) => renameStage(r, { id: stageId, title: 'Agreed' }))).toBe(null);
  });

  it('keeps the timer and vote sessions to facilitators', () => {
    const server = boardDoc();
    const { stateId } = cell(server);
    expect(attempt(server, editor, (r) => startTimer(r, { durationMs: 60_000, startedBy: 'Ed' }))).not.toBe(
      null,
    );
    expect(attempt(server, facilitator, (r) => startTimer(r, { durationMs: 60_000, startedBy: 'Fa' }))).toBe(
      null,
    );
    const session = { stateId, title: 'Vote', scope: 'friction' as const, dotsPerPerson: 3, startedBy: 'Ed' };
    expect(attempt(server, editor, (r) => startVoteSession(r, session))).not.toBe(null);
    expect(attempt(server, facilitator, (r) => startVoteSession(r, session))).toBe(null);
  });
});

describe('votes', () => {
  function votingBoard() {
    const server = boardDoc();
    const at = cell(server);
    let card = '';
    let sessionId = '';
    attempt(server, editor, (r) => (card = addCard(r, { ...at, text: 'Friction' })));
    attempt(server, facilitator, (r) => {
      sessionId = startVoteSession(r, {
        stateId: at.stateId,
        scope: 'friction',
        dotsPerPerson: 3,
        startedBy: 'F',
      });
    });
    return { server, card, sessionId };
  }

  it('counts the dots a voter has left after their votes go with a removed card', () => {
    const { server, card, sessionId } = votingBoard();
    const at = cell(server);
    let other = '';
    attempt(server, editor, (r) => (other = addCard(r, { ...at, text: 'Another friction' })));
    const hostileVote = (target: string, dots: number) => (r: Y.Doc) =>
      r.getMap('votes').set(`${sessionId}|${target}|ann`, dots);
    expect(attempt(server, ann, hostileVote(card, 3))).toBe(null);
    expect(attempt(server, ann, hostileVote(other, 1))).toMatch(/3 dots/);
    // The card and Ann's dots on it go: the server's count follows (its tally observes the votes).
    expect(attempt(server, editor, (r) => removeCard(r, { id: card }))).toBe(null);
    expect(attempt(server, ann, hostileVote(other, 3))).toBe(null);
    expect(attempt(server, ann, hostileVote(card, 1))).not.toBe(null);
  });

  it('keeps others’ votes on a card written over: the card stays, so nothing of it was removed', () => {
    // Found by the property test: a card's map written anew under its id counted as the
    // card's removal, and another's vote on it went along.
    const { server, card, sessionId } = votingBoard();
    const at = cell(server);
    expect(attempt(server, ann, (r) => vote(r, { sessionId, targetId: card, userId: 'ann', dots: 2 }))).toBe(
      null,
    );
    const writeOver = (r: Y.Doc) =>
      writeCardMap(r, card, at, [
        ['order', 'a0'],
        ['text', 'Written over'],
      ]);
    const annsVote = `${sessionId}|${card}|ann`;
    expect(attempt(server, editor, writeOver)).toBe(null);
    expect(
      attempt(server, editor, (r) => {
        writeOver(r);
        r.getMap('votes').delete(annsVote);
      }),
    ).toMatch(/removed by the person who gave it/);
    expect(server.getMap('votes').get(annsVote)).toBe(2);
  });

  it('counts dots under the voter’s own id, within the allowance, while the session is open', () => {
    const { server, card, sessionId } = votingBoard();
    expect(attempt(server, ann, (r) => vote(r, { sessionId, targetId: card, userId: 'ann', dots: 2 }))).toBe(
      null,
    );
    expect(
      attempt(server, ann, (r) => vote(r, { sessionId, targetId: card, userId: 'bob', dots: 1 })),
    ).toMatch(/own id/);
    // A hostile client skips the command's own check: the server counts.
    expect(attempt(server, ann, (r) => r.getMap('votes').set(`${sessionId}|${card}|ann`, 9))).not.toBe(null);
    expect(attempt(server, ann, (r) => r.getMap('votes').set(`${sessionId}|${card}|ann`, 3))).toBe(null);
    expect(attempt(server, facilitator, (r) => endVoteSession(r, { id: sessionId }))).toBe(null);
    expect(attempt(server, ann, (r) => r.getMap('votes').delete(`${sessionId}|${card}|ann`))).toMatch(
      /ended/,
    );
    expect(attempt(server, bob, (r) => r.getMap('votes').set(`${sessionId}|${card}|bob`, 1))).toMatch(
      /ended/,
    );
  });
});
