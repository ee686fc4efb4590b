/**
 * What the canvas marks on cards and headers for a workshop: open comment threads
 * (and whether they hold news for this person), and the dot vote under way.
 * Every card node reads its own marks through useSyncExternalStore, and marks that
 * did not change keep their object, so a vote or a comment re-renders only the
 * cards it touched instead of the whole canvas.
 */
import {
  BoardCommandError,
  type BoardSnapshot,
  dotsUsed,
  isFrictionCard,
  type VoteSession,
} from '@journeyboard/shared';
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { BoardActions } from '../actions/dispatch.js';
import type { BoardStore, CommentTarget } from '../store/boardStore.js';
import { mayTouch } from '../store/selectors.js';
import { CommentsSeen } from './commentsSeen.js';
import { type SeenThreads, targetKey, threadsOf, unreadIn } from './threads.js';

/** Comments in a target's open threads; resolved threads are done and not counted. */
export interface CommentMarks {
  comments: number;
  unread: number;
}

export interface VoteMarks {
  /** Dots from everyone; null while the session keeps its tally hidden until it ends. */
  total: number | null;
  mine: number;
  /** The dots this person has left in the session; null for viewers, who watch but do not vote. */
  left: number | null;
}

interface Participant {
  id: string;
  name: string;
}

/** The open session, if any: at most one is open at a time. */
export function openVoteSession(board: BoardSnapshot): VoteSession | null {
  return board.voteSessions.find((s) => s.status === 'open') ?? null;
}

/** The cards a session lets people vote on, in board order. */
export function cardsInScope(board: BoardSnapshot, session: Pick<VoteSession, 'stateId' | 'scope'>) {
  return board.cards.filter(
    (card) => card.stateId === session.stateId && (session.scope === 'board' || isFrictionCard(card, board)),
  );
}

/** Keeps last time's object for every entry that holds the same numbers. */
function keepUnchanged<T extends object>(previous: Map<string, T>, next: Map<string, T>): Map<string, T> {
  for (const [key, value] of next) {
    const old = previous.get(key);
    if (old && JSON.stringify(old) === JSON.stringify(value)) next.set(key, old);
  }
  return next;
}

export class WorkshopMarks {
  readonly seen: CommentsSeen;
  private readonly store: BoardStore;
  private commentInputs: [BoardSnapshot['comments'] | undefined, SeenThreads] | null = null;
  private commentMarks = new Map<string, CommentMarks>();
  private unreadThreads = 0;
  private voteInputs: unknown[] | null = null;
  private voteMarks = new Map<string, VoteMarks>();

  constructor(
    private readonly actions: BoardActions,
    readonly user: Participant,
  ) {
    this.store = actions.store;
    this.seen = CommentsSeen.forBoard(actions.link.boardId, user.id);
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    const offStore = this.store.subscribe(listener);
    const offSeen = this.seen.subscribe(listener);
    return () => {
      offStore();
      offSeen();
    };
  };

  comments(type: CommentTarget['type'], id: string): CommentMarks | null {
    this.refreshComments();
    return this.commentMarks.get(targetKey(type, id)) ?? null;
  }

  /** Threads anywhere on the board with news for this person. */
  readonly unreadThreadCount = (): number => {
    this.refreshComments();
    return this.unreadThreads;
  };

  vote(cardId: string): VoteMarks | null {
    this.refreshVotes();
    return this.voteMarks.get(cardId) ?? null;
  }

  openComments(target: CommentTarget): void {
    this.store.setState({
      panel: 'comments',
      commentTarget: target,
      ...(target.type === 'card' ? { selectedCardIds: [target.id] } : {}),
    });
  }

  /** Puts this person's dots on a card in the open session; returns why it was refused, if it was. */
  setDots(cardId: string, dots: number): string | null {
    const board = this.store.getState().board;
    const session = board && openVoteSession(board);
    if (!session) return 'voting has ended';
    try {
      const outcome = this.actions.edit('vote', {
        sessionId: session.id,
        targetId: cardId,
        userId: this.user.id,
        dots,
      });
      return outcome.ok ? null : outcome.refusal;
    } catch (reason) {
      if (reason instanceof BoardCommandError) return reason.message.replace(/^\w+: /, '');
      throw reason;
    }
  }

  private refreshComments(): void {
    const comments = this.store.getState().board?.comments;
    const seen = this.seen.current();
    if (this.commentInputs && this.commentInputs[0] === comments && this.commentInputs[1] === seen) return;
    this.commentInputs = [comments, seen];
    const next = new Map<string, CommentMarks>();
    let unreadThreads = 0;
    for (const thread of threadsOf(comments ?? [])) {
      if (thread.root.resolved) continue;
      const key = targetKey(thread.root.targetType, thread.root.targetId);
      const marks = next.get(key) ?? { comments: 0, unread: 0 };
      const unread = unreadIn(thread, seen, this.user.id);
      next.set(key, { comments: marks.comments + 1 + thread.replies.length, unread: marks.unread + unread });
      if (unread > 0) unreadThreads++;
    }
    this.commentMarks = keepUnchanged(this.commentMarks, next);
    this.unreadThreads = unreadThreads;
  }

  private refreshVotes(): void {
    const state = this.store.getState();
    const { board, role, participantId } = state;
    const inputs = [board?.votes, board?.voteSessions, board?.cards, board?.lanes, role, participantId];
    if (this.voteInputs?.every((input, i) => input === inputs[i])) return;
    this.voteInputs = inputs;
    const next = new Map<string, VoteMarks>();
    const session = board && openVoteSession(board);
    if (board && session) {
      const totals = new Map<string, number>();
      const mine = new Map<string, number>();
      for (const v of board.votes) {
        if (v.sessionId !== session.id) continue;
        totals.set(v.targetId, (totals.get(v.targetId) ?? 0) + v.dots);
        if (v.userId === this.user.id) mine.set(v.targetId, v.dots);
      }
      // Those the write rules let vote (under their own id) see their dots; the others only the tally.
      const mayVote = mayTouch(state, {
        kind: 'personal',
        part: 'votes',
        owner: this.user.id,
        sessionId: session.id,
      });
      const left = mayVote ? session.dotsPerPerson - dotsUsed(board, session.id, this.user.id) : null;
      for (const card of cardsInScope(board, session)) {
        const total = session.liveTally ? (totals.get(card.id) ?? 0) : null;
        next.set(card.id, { total, mine: mine.get(card.id) ?? 0, left });
      }
    }
    this.voteMarks = keepUnchanged(this.voteMarks, next);
  }
}

const marksByStore = new WeakMap<BoardStore, WorkshopMarks>();

/** One WorkshopMarks per open board, shared by the canvas, the header and the panels. */
export function workshopMarksFor(actions: BoardActions) {
  let marks = marksByStore.get(actions.store);
  if (!marks) {
    marks = new WorkshopMarks(actions, actions.presence.user);
    marksByStore.set(actions.store, marks);
  }
  return marks;
}

export const WorkshopMarksContext = createContext<WorkshopMarks | null>(null);

/** The workshop marks of the board on show; null outside a live board. */
export function useWorkshopMarks(): WorkshopMarks | null {
  return useContext(WorkshopMarksContext);
}

const NO_SUBSCRIPTION = () => () => {};

export function useCommentMarks(
  marks: WorkshopMarks | null,
  type: CommentTarget['type'],
  id: string,
): CommentMarks | null {
  return useSyncExternalStore(marks?.subscribe ?? NO_SUBSCRIPTION, () => marks?.comments(type, id) ?? null);
}

export function useVoteMarks(marks: WorkshopMarks | null, cardId: string): VoteMarks | null {
  return useSyncExternalStore(marks?.subscribe ?? NO_SUBSCRIPTION, () => marks?.vote(cardId) ?? null);
}

export function useUnreadThreadCount(marks: WorkshopMarks | null): number {
  return useSyncExternalStore(marks?.subscribe ?? NO_SUBSCRIPTION, () => marks?.unreadThreadCount() ?? 0);
}
