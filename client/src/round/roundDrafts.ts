/**
 * One person's side of a private writing round. While the board's round is drafting,
 * a participant's (or editor's) new notes in the round's cells are drafts in this
 * browser (draftStore.ts); presence tells the others only how many. Once the round
 * is no longer drafting (revealed, or replaced by a newer round) the drafts become
 * this person's cards in one transaction and leave the store: at reveal, or when the
 * person comes back to the board after it.
 */
import {
  type Facilitation,
  inRoundScope,
  LIMITS,
  newId,
  PRESENCE_DRAFTS_MAX,
  type Role,
} from '@journeyboard/shared';
import { createStore } from 'zustand/vanilla';
import type { BoardActions } from '../actions/dispatch.js';
import type { Draft, DraftStore } from './draftStore.js';

/** Roles whose notes are drafted during a round; facilitators and owners write to the board as usual. */
const DRAFTING_ROLES: ReadonlySet<Role> = new Set(['participant', 'editor']);

export interface RoundDraftsView {
  /** This person's drafts of the round now drafting, oldest first. */
  drafts: Draft[];
  /** The draft open for typing. */
  editingId: string | null;
  /** Whether a change is still on its way to the store (leaving the page now could lose it). */
  saving: boolean;
}

/** The round now drafting, or null. */
export function draftingRound(facilitation: Facilitation | undefined): Facilitation | null {
  return facilitation?.roundStatus === 'drafting' && facilitation.roundId ? facilitation : null;
}

/**
 * `formerId`: who this person was in this browser before the board minted their
 * identity (sync/identity.ts). A board that opened without one (a mint that timed out)
 * keeps its drafts under the browser's own id; once an identity is minted they are
 * this person's all the same, so they are taken over instead of left behind.
 */
export function createRoundDrafts(actions: BoardActions, store: DraftStore, formerId?: string) {
  const { presence } = actions;
  const participantId = presence.user.id;
  const view = createStore<RoundDraftsView>(() => ({ drafts: [], editingId: null, saving: false }));
  let loaded = false;
  let committing = false;
  let disposed = false;
  // Drafts of every round this browser holds for this person (older rounds wait to be committed).
  let held: Draft[] = [];
  // The count presence last carried: awareness sends every change, so an unchanged count is not set again.
  let sentCount: number | undefined | null = null;

  const round = () => draftingRound(actions.store.getState().board?.facilitation);
  /**
   * Whether the board says a draft's round is over: revealed, or replaced by a newer
   * round. A board that names no round (a snapshot read before the document is whole)
   * says nothing, and the draft waits: taking "no round drafting" for "over" once put a
   * participant's draft on the board, for everyone to read, in the middle of the round.
   */
  const over = (draft: Draft) => {
    const facilitation = actions.store.getState().board?.facilitation;
    if (!facilitation?.roundId) return false;
    return facilitation.roundId !== draft.roundId || facilitation.roundStatus === 'revealed';
  };

  /** Shows the current round's drafts and tells the others how many there are. */
  const show = () => {
    const current = round();
    const next = current ? held.filter((d) => d.roundId === current.roundId) : [];
    const { editingId, drafts: shown } = view.getState();
    // Every board change passes here: the same drafts keep their array, so the canvas layer stays put.
    const drafts = next.length === shown.length && next.every((d, i) => d === shown[i]) ? shown : next;
    view.setState({
      drafts,
      editingId: editingId && drafts.some((d) => d.id === editingId) ? editingId : null,
    });
    // Only while a round is drafting: otherwise presence carries no count at all.
    const count = current ? Math.min(drafts.length, PRESENCE_DRAFTS_MAX) : undefined;
    if (count !== sentCount) presence.set('drafts', count);
    sentCount = count;
  };

  /**
   * Commits the drafts of rounds that are no longer drafting, once the board is synced
   * (so the round's state and the cells are the server's). The store is read again
   * first: another tab of this person may have committed or changed them since.
   */
  const commitFinished = async () => {
    const state = actions.store.getState();
    if (!loaded || committing || disposed || state.status !== 'synced' || !state.board) return;
    if (!held.some(over)) return;
    committing = true;
    try {
      const stored = await store.list(participantId);
      const due = stored.filter(over);
      const notes = due
        .filter((d) => d.text.trim() !== '')
        .map(({ id, stageId, laneId, text }) => ({ id, stageId, laneId, text }));
      // A refused commit (a role that may no longer write) keeps the drafts for a later try.
      if (notes.length > 0 && !actions.edit('commitDrafts', { authorId: participantId, notes }).ok) return;
      await store.remove(due);
      held = held.filter((d) => !due.some((gone) => gone.id === d.id && gone.roundId === d.roundId));
      show();
    } finally {
      committing = false;
    }
  };

  const onBoard = () => {
    show();
    void commitFinished();
  };
  /** This person's stored drafts, with those kept under `formerId` moved to them (put first, so none is lost midway). */
  const load = async () => {
    const own = await store.list(participantId);
    if (!formerId || formerId === participantId) return own;
    const left = await store.list(formerId);
    if (left.length === 0) return own;
    const taken = left.map((d) => ({ ...d, participantId }));
    for (const draft of taken) await store.put(draft);
    await store.remove(left);
    return store.list(participantId);
  };
  const unsubscribe = actions.store.subscribe(onBoard);
  void load()
    .then((drafts) => {
      held = drafts;
      loaded = true;
      onBoard();
    })
    .catch(() => {
      // No stored drafts to read (IndexedDB refused): this session's drafts still work.
      loaded = true;
    });

  // Writes not yet committed to the store: the page asks before it is left with any.
  let inFlight = 0;
  const track = (write: Promise<void>) => {
    inFlight += 1;
    view.setState({ saving: true });
    void write
      .catch(() => {})
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) view.setState({ saving: false });
      });
  };
  const onLeave = (event: BeforeUnloadEvent) => {
    if (inFlight > 0) event.preventDefault();
  };
  if (typeof window !== 'undefined') window.addEventListener('beforeunload', onLeave);

  const save = (draft: Draft) => {
    held = [...held.filter((d) => !(d.id === draft.id && d.roundId === draft.roundId)), draft];
    show();
    track(store.put(draft));
  };

  return {
    view,
    participantId,
    /** Whether this person's new notes in `cell` are drafts now. */
    draftsIn(cell: { stageId: string; laneId: string }): boolean {
      const current = round();
      return (
        current !== null && DRAFTING_ROLES.has(actions.store.getState().role) && inRoundScope(current, cell)
      );
    },
    /** Starts a draft in a cell of the round, open for typing; null when notes there are not drafts. */
    add(cell: { stageId: string; laneId: string }): Draft | null {
      const current = round();
      if (!current?.roundId || !this.draftsIn(cell) || view.getState().drafts.length >= PRESENCE_DRAFTS_MAX)
        return null;
      const draft: Draft = {
        id: newId(),
        participantId,
        roundId: current.roundId,
        stageId: cell.stageId,
        laneId: cell.laneId,
        text: '',
        createdAt: Date.now(),
      };
      save(draft);
      view.setState({ editingId: draft.id });
      return draft;
    },
    edit(id: string | null) {
      view.setState({ editingId: id });
    },
    /** Sets a draft's text; an empty one is removed (a draft whose first edit came to nothing). */
    write(id: string, text: string) {
      const draft = view.getState().drafts.find((d) => d.id === id);
      if (!draft) return;
      const bounded = text.slice(0, LIMITS.cardText);
      if (bounded.trim() === '') this.remove(id);
      else if (bounded !== draft.text) save({ ...draft, text: bounded });
    },
    remove(id: string) {
      const gone = held.filter((d) => d.id === id);
      held = held.filter((d) => d.id !== id);
      show();
      track(store.remove(gone));
    },
    dispose() {
      disposed = true;
      unsubscribe();
      if (typeof window !== 'undefined') window.removeEventListener('beforeunload', onLeave);
      store.close();
    },
  };
}

export type RoundDrafts = ReturnType<typeof createRoundDrafts>;
