/**
 * The private writing round from each person's side: drafts stay in their browser
 * (here the in-memory draft store, the same interface as IndexedDB's), presence
 * carries only their count, and the reveal turns them into the person's cards, once.
 * IndexedDB itself is covered in Chromium (test/e2e/private-round.test.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { type DraftStore, memoryDraftStore } from '../src/round/draftStore.js';
import { createRoundDrafts } from '../src/round/roundDrafts.js';
import { openRoom, type Person } from './driver.js';

/** A room with a facilitator and two participants, the round started on the first lane. */
function roundRoom() {
  const room = openRoom();
  const fay = room.join('Fay', 'facilitator');
  const pat = room.join('Pat', 'participant');
  const quinn = room.join('Quinn', 'participant');
  const { stages, lanes } = room.board();
  const lane = lanes[0]?.id as string;
  const roundId = fay.actions.edit('startRound', { laneId: lane, startedBy: 'Fay' });
  if (!roundId.ok) throw new Error(roundId.refusal);
  for (const person of [pat, quinn]) person.frame();
  const cell = { stageId: stages[0]?.id as string, laneId: lane };
  return { room, fay, pat, quinn, roundId: roundId.value, cell, otherLane: lanes[1]?.id as string };
}

/** This person's side of the round, once their browser's drafts have been read. */
async function drafting(person: Person, store: DraftStore = memoryDraftStore()) {
  const round = createRoundDrafts(person.actions, store);
  await store.list(round.participantId);
  await Promise.resolve();
  return { round, store };
}

/** The draft count this person's presence last carried to the others. */
function presenceCount(person: Person): () => number | undefined {
  const set = vi.spyOn(person.actions.presence, 'set');
  return () => set.mock.calls.filter(([key]) => key === 'drafts').at(-1)?.[1] as number | undefined;
}

describe('a private writing round', () => {
  it("keeps each participant's notes out of the board until the facilitator reveals them", async () => {
    const { room, fay, pat, quinn, roundId, cell } = roundRoom();
    const patCount = presenceCount(pat);
    const patDrafts = await drafting(pat);
    const quinnDrafts = await drafting(quinn);

    const first = patDrafts.round.add(cell);
    patDrafts.round.write(first?.id as string, 'Cannot find the delivery date');
    const second = patDrafts.round.add(cell);
    patDrafts.round.write(second?.id as string, 'Coupon field eats my code');
    const third = quinnDrafts.round.add(cell);
    quinnDrafts.round.write(third?.id as string, 'Too many steps');

    // Nobody else, not even the room, has them: only each person's own store.
    expect(room.board().cards).toEqual([]);
    expect(patDrafts.round.view.getState().drafts.map((d) => d.text)).toEqual([
      'Cannot find the delivery date',
      'Coupon field eats my code',
    ]);
    await expect(patDrafts.store.list('u-Pat')).resolves.toHaveLength(2);
    // The others learn the count, nothing more.
    expect(patCount()).toBe(2);

    fay.actions.edit('revealRound', { id: roundId });
    for (const person of [pat, quinn]) person.frame();
    await vi.waitFor(() => expect(room.board().cards).toHaveLength(3));
    const cards = room.board().cards;
    // Both land in one cell; their order there is their ids' (chosen when drafted), so compare as a set.
    expect(
      cards
        .filter((c) => c.authorId === 'u-Pat')
        .map((c) => c.text)
        .sort(),
    ).toEqual(['Cannot find the delivery date', 'Coupon field eats my code']);
    expect(cards.filter((c) => c.authorId === 'u-Quinn').map((c) => c.text)).toEqual(['Too many steps']);
    expect(cards.every((c) => c.stageId === cell.stageId && c.laneId === cell.laneId)).toBe(true);
    // Committed drafts leave the browser, and nothing is committed twice.
    await vi.waitFor(() => expect(patDrafts.store.list('u-Pat')).resolves.toEqual([]));
    expect(patDrafts.round.view.getState().drafts).toEqual([]);
    pat.frame();
    expect(room.board().cards).toHaveLength(3);
  });

  it('drafts only in the round’s cells, and only for participants and editors', async () => {
    const { fay, pat, cell, otherLane } = roundRoom();
    const patDrafts = await drafting(pat);
    const fayDrafts = await drafting(fay);
    expect(patDrafts.round.draftsIn(cell)).toBe(true);
    expect(patDrafts.round.draftsIn({ ...cell, laneId: otherLane })).toBe(false);
    expect(patDrafts.round.add({ ...cell, laneId: otherLane })).toBeNull();
    // The facilitator's own notes go to the board as usual.
    expect(fayDrafts.round.draftsIn(cell)).toBe(false);
  });

  it('tells the others how many drafts this person has, and nothing once the round is over', async () => {
    const { fay, pat, roundId, cell } = roundRoom();
    const local = presenceCount(pat);
    const { round } = await drafting(pat);
    expect(local()).toBe(0);
    const draft = round.add(cell);
    round.write(draft?.id as string, 'Where is my parcel?');
    expect(local()).toBe(1);
    // An empty draft is no draft: writing nothing removes it.
    const empty = round.add(cell);
    round.write(empty?.id as string, '   ');
    expect(local()).toBe(1);
    fay.actions.edit('revealRound', { id: roundId });
    pat.frame();
    await vi.waitFor(() => expect(local()).toBeUndefined());
  });

  it('commits the drafts of someone who was away at the reveal when they come back, once', async () => {
    const { room, fay, pat, roundId, cell } = roundRoom();
    const browser = memoryDraftStore();
    const before = await drafting(pat, browser);
    const draft = before.round.add(cell);
    before.round.write(draft?.id as string, 'Returns label never arrives');
    // Pat closes the tab; the drafts stay in the browser.
    before.round.dispose();
    fay.actions.edit('revealRound', { id: roundId });
    pat.frame();
    expect(room.board().cards).toEqual([]);

    // Back in two tabs at once: the note reaches the board one time.
    const tabs = [await drafting(pat, browser), await drafting(pat, browser)];
    await vi.waitFor(() =>
      expect(room.board().cards.map((c) => c.text)).toEqual(['Returns label never arrives']),
    );
    expect(room.board().cards[0]).toMatchObject({ id: draft?.id, authorId: 'u-Pat' });
    await vi.waitFor(() => expect(browser.list('u-Pat')).resolves.toEqual([]));
    for (const tab of tabs) tab.round.dispose();
  });
  it('drafts a note added with "Add card" in the round\'s cells too, and adds a card elsewhere', async () => {
    const { room, pat, cell, otherLane } = roundRoom();
    const { round } = await drafting(pat);
    // What PrivateRound.tsx gives the store while it is mounted.
    pat.actions.store.setState({ draftNote: (at) => round.add(at)?.id ?? null });
    const drafted = pat.actions.edit('startCard', cell);
    expect(drafted.ok && round.view.getState().drafts.map((d) => d.id)).toEqual([
      drafted.ok && drafted.value,
    ]);
    const outside = pat.actions.edit('startCard', { stageId: cell.stageId, laneId: otherLane });
    pat.frame();
    expect(room.board().cards.map((c) => c.id)).toEqual([outside.ok && outside.value]);
  });
  it('says a draft is still saving until the store has it', async () => {
    const { pat, cell } = roundRoom();
    const memory = memoryDraftStore();
    // A store whose writes wait until they are let through, as IndexedDB's do under load.
    const held: Array<() => void> = [];
    const slow: DraftStore = {
      ...memory,
      put: (draft) => new Promise((resolve) => held.push(() => resolve(memory.put(draft)))),
    };
    const { round } = await drafting(pat, slow);
    const draft = round.add(cell);
    round.write(draft?.id as string, 'Parcel tracking link is dead');
    // (The page asks before it is left meanwhile; this project runs without a window.)
    expect(round.view.getState().saving).toBe(true);

    for (const release of held.splice(0)) release();
    await vi.waitFor(() => expect(round.view.getState().saving).toBe(false));
    await expect(memory.list('u-Pat')).resolves.toMatchObject([{ text: 'Parcel tracking link is dead' }]);
    round.dispose();
  });
  it('keeps the drafts written before this person had an identity, once one is minted', async () => {
    const { pat, cell, roundId } = roundRoom();
    const browser = memoryDraftStore();
    // Written while the board had opened without an identity: under this browser's own id.
    const draft = {
      id: 'draft-before-identity',
      participantId: 'u-browser',
      roundId,
      stageId: cell.stageId,
      laneId: cell.laneId,
      text: 'Delivery slot disappears at checkout',
      createdAt: 1,
    };
    await browser.put(draft);
    // Reloaded with an identity minted: the draft is this person's, and kept once.
    const round = createRoundDrafts(pat.actions, browser, 'u-browser');
    await vi.waitFor(() =>
      expect(round.view.getState().drafts).toMatchObject([{ id: draft.id, participantId: 'u-Pat' }]),
    );
    await expect(browser.list('u-Pat')).resolves.toHaveLength(1);
    await expect(browser.list('u-browser')).resolves.toEqual([]);
    round.dispose();
  });
  it('commits nothing while the board on show names no round (a snapshot read before the document is whole)', async () => {
    const { room, pat, cell, roundId } = roundRoom();
    const browser = memoryDraftStore();
    await browser.put({
      id: 'draft-mid-round',
      participantId: 'u-Pat',
      roundId,
      stageId: cell.stageId,
      laneId: cell.laneId,
      text: 'Still private',
      createdAt: 1,
    });
    const { board } = pat.actions.store.getState();
    if (!board) throw new Error('Pat has the board');
    // Synced, but the snapshot on show has no round in it yet.
    pat.actions.store.setState({
      status: 'synced',
      board: { ...board, facilitation: { ...board.facilitation, roundId: null, roundStatus: null } },
    });
    const round = createRoundDrafts(pat.actions, browser);
    await browser.list('u-Pat');
    await new Promise((resolve) => setTimeout(resolve, 20));
    pat.frame();
    expect(room.board().cards).toEqual([]);
    await expect(browser.list('u-Pat')).resolves.toHaveLength(1);
    round.dispose();
  });
});
