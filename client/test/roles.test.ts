/**
 * What each role may do, asked of the app's dispatch: it refuses (as a value, with the
 * reason shown) whatever the server's write rules would refuse, and offers only what
 * the rules allow.
 */
import { describe, expect, it } from 'vitest';
import { openRoom, type Person, type TestRoom } from './driver.js';

/** A vote running on the room's current state, started by a facilitator. */
function openVote(room: TestRoom, facilitator: Person): string {
  const stateId = room.board().states[0]?.id as string;
  const started = facilitator.actions.edit('startVoteSession', {
    stateId,
    title: 'Biggest pain',
    scope: 'board',
    dotsPerPerson: 3,
    startedBy: facilitator.name,
  });
  if (!started.ok) throw new Error(started.refusal);
  return started.value;
}

/** The first cell of the room's current state. */
function firstCell(room: TestRoom) {
  const { stages, lanes } = room.board();
  return { stageId: stages[0]?.id as string, laneId: lanes[0]?.id as string };
}

describe('what a viewer may do', () => {
  it('sees only the looking actions in the toolbar', () => {
    const room = openRoom();
    const vera = room.join('Vera', 'viewer');
    expect(vera.toolbar().map((button) => button.label)).toEqual([
      'Keyboard shortcuts',
      'Compare',
      'Present',
      'Heat map',
    ]);
  });

  it('is refused an action by name, a shortcut, and a document command, and is told why', () => {
    const room = openRoom();
    const vera = room.join('Vera', 'viewer');
    expect(vera.actions.run('add-card')).toMatchObject({ ok: false });
    expect(vera.press('n')).toBeNull();
    const stage = room.board().stages[0];
    const renamed = vera.actions.edit('renameStage', { id: stage?.id as string, title: 'Mine' });
    expect(renamed).toEqual({ ok: false, refusal: 'only editors change stages' });
    expect(vera.actions.store.getState().notice?.text).toBe('only editors change stages');
    expect(room.board().cards).toHaveLength(0);
    expect(room.board().stages[0]?.title).toBe(stage?.title);
  });

  it('may still turn the heat map on', () => {
    const room = openRoom();
    const vera = room.join('Vera', 'viewer');
    expect(vera.press('h')).toBe('heat-map');
    expect(vera.actions.store.getState().heatMap).toBe(true);
  });
});

describe('what a participant may do', () => {
  it('adds cards under their own name and changes only those', () => {
    const room = openRoom();
    const eddie = room.join('Eddie', 'editor');
    const pia = room.join('Pia', 'participant');
    const added = pia.actions.edit('startCard', firstCell(room));
    expect(added.ok).toBe(true);
    const mine = room.board().cards.find((c) => added.ok && c.id === added.value);
    expect(mine?.authorId).toBe('u-Pia');
    expect(pia.actions.edit('updateCard', { id: mine?.id as string, text: 'Slow checkout' })).toMatchObject({
      ok: true,
    });
    expect(room.board().cards.map((c) => c.text)).toEqual(['Slow checkout']);

    const theirs = eddie.actions.edit('startCard', firstCell(room));
    pia.frame();
    const theirId = theirs.ok ? theirs.value : '';
    expect(pia.actions.edit('removeCard', { id: theirId })).toEqual({
      ok: false,
      refusal: 'only its author or an editor changes this card',
    });
    expect(pia.actions.edit('updateCard', { id: theirId, text: 'Mine now' })).toMatchObject({ ok: false });
    expect(room.board().cards.map((c) => c.id)).toContain(theirId);

    // Delete pressed on someone else's card says why, as the disabled button does, and removes nothing.
    pia.actions.store.setState({ selectedCardIds: [theirId], editingCardId: null, notice: null });
    expect(pia.press('Delete')).toBeNull();
    expect(pia.actions.store.getState().notice?.text).toBe('only its author or an editor changes this card');
    pia.frame();
    expect(room.board().cards.map((c) => c.id)).toContain(theirId);
  });

  it('is refused the structure and the facilitation, and sees neither in the toolbar', () => {
    const room = openRoom();
    const pia = room.join('Pia', 'participant');
    const stage = room.board().stages[0];
    expect(pia.actions.edit('renameStage', { id: stage?.id as string, title: 'Mine' })).toEqual({
      ok: false,
      refusal: 'only editors change stages',
    });
    expect(pia.actions.edit('startTimer', { durationMs: 60_000, startedBy: 'Pia' })).toMatchObject({
      ok: false,
    });
    expect(room.board().timer).toBeNull();
    expect(room.board().stages[0]?.title).toBe(stage?.title);
    expect(pia.toolbar().map((button) => button.label)).toEqual([
      'Keyboard shortcuts',
      'Add card',
      'Delete selection',
      'Compare',
      'Present',
      'Heat map',
      'Undo',
      'Redo',
    ]);
  });

  it('votes in an open session under their own id, not under anyone else’s', () => {
    const room = openRoom();
    const fay = room.join('Fay', 'facilitator');
    const pia = room.join('Pia', 'participant');
    const card = fay.actions.edit('startCard', firstCell(room));
    const sessionId = openVote(room, fay);
    pia.frame();
    const targetId = card.ok ? card.value : '';
    expect(pia.actions.edit('vote', { sessionId, targetId, userId: 'u-Pia', dots: 2 })).toMatchObject({
      ok: true,
    });
    expect(pia.actions.edit('vote', { sessionId, targetId, userId: 'u-Fay', dots: 3 })).toEqual({
      ok: false,
      refusal: 'you can only act under your own name',
    });
    expect(room.board().votes.map((v) => [v.userId, v.dots])).toEqual([['u-Pia', 2]]);
  });
});

describe('who runs the workshop', () => {
  it('refuses an editor the vote and the lock, and lets a facilitator run both', () => {
    const room = openRoom();
    const eddie = room.join('Eddie', 'editor');
    const fay = room.join('Fay', 'facilitator');
    const stateId = room.board().states[0]?.id as string;
    const vote = { stateId, title: 'Pains', scope: 'board', dotsPerPerson: 3, startedBy: 'Eddie' } as const;
    expect(eddie.actions.edit('startVoteSession', vote)).toMatchObject({ ok: false });
    expect(eddie.actions.edit('lockStructure', { locked: true })).toMatchObject({ ok: false });
    expect(eddie.toolbar().map((button) => button.label)).not.toContain('Lock structure');
    expect(room.board().voteSessions).toHaveLength(0);

    expect(fay.actions.edit('startVoteSession', { ...vote, startedBy: 'Fay' })).toMatchObject({ ok: true });
    expect(fay.actions.run('lock-structure')).toEqual({ ok: true, value: undefined });
    expect(room.board().facilitation.structureLocked).toBe(true);
    expect(room.board().voteSessions).toHaveLength(1);
  });

  it('while the structure is locked, takes stages and lanes from editors but not from facilitators', () => {
    const room = openRoom();
    const eddie = room.join('Eddie', 'editor');
    const fay = room.join('Fay', 'facilitator');
    fay.actions.edit('lockStructure', { locked: true });
    eddie.frame();
    const stage = room.board().stages[0]?.id as string;
    expect(eddie.actions.edit('renameStage', { id: stage, title: 'Late idea' })).toEqual({
      ok: false,
      refusal: 'the structure is locked: only facilitators change stages',
    });
    expect(eddie.toolbar().map((button) => button.label)).not.toContain('Add stage');
    expect(eddie.actions.edit('startCard', firstCell(room))).toMatchObject({ ok: true });
    expect(fay.actions.edit('renameStage', { id: stage, title: 'Agreed' })).toMatchObject({ ok: true });
    expect(room.board().stages[0]?.title).toBe('Agreed');
  });

  it('sees every editing action offered to an editor', () => {
    const room = openRoom();
    const eddie = room.join('Eddie', 'editor');
    const labels = eddie.toolbar().map((button) => button.label);
    expect(labels).toEqual(expect.arrayContaining(['Add card', 'Add stage', 'Delete selection', 'Undo']));
  });
});
