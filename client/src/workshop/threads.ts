/**
 * Comment threads as the client shows them: a thread is a first comment and its
 * replies, anchored to a card, stage or lane. Unread is per participant: a thread
 * has news when someone else wrote in it after the newest comment this person saw.
 */
import type { BoardSnapshot, Comment } from '@journeyboard/shared';
import type { CommentTarget } from '../store/boardStore.js';

export interface Thread {
  root: Comment;
  replies: Comment[];
  /** When the newest comment of the thread was written (its author's clock). */
  latestAt: number;
}

/** What a person has seen: thread id → the createdAt of the newest comment they saw in it. */
export type SeenThreads = Readonly<Record<string, number>>;

export const targetKey = (type: string, id: string) => `${type}:${id}`;

/** Every thread of the board, by its root comment, replies oldest first. */
export function threadsOf(comments: readonly Comment[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const c of comments) {
    if (c.parentId === null) threads.set(c.id, { root: c, replies: [], latestAt: c.createdAt });
  }
  for (const c of comments) {
    const thread = c.parentId === null ? undefined : threads.get(c.parentId);
    if (!thread) continue;
    thread.replies.push(c);
    thread.latestAt = Math.max(thread.latestAt, c.createdAt);
  }
  for (const thread of threads.values()) thread.replies.sort((a, b) => a.createdAt - b.createdAt);
  return Array.from(threads.values());
}

/** Comments in the thread written by someone else after what this person last saw. */
export function unreadIn(thread: Thread, seen: SeenThreads, userId: string): number {
  const seenUpTo = seen[thread.root.id] ?? 0;
  let unread = 0;
  for (const c of [thread.root, ...thread.replies]) {
    if (c.author.id !== userId && c.createdAt > seenUpTo) unread++;
  }
  return unread;
}

/** Open threads first, then most recent activity first. */
export function byOpenThenRecent(a: Thread, b: Thread): number {
  return Number(a.root.resolved) - Number(b.root.resolved) || b.latestAt - a.latestAt;
}

/** The thread's target as a person names it, or null when it is not on the given state. */
export function describeTarget(
  board: BoardSnapshot,
  target: CommentTarget,
  stateId?: string | null,
): { label: string; stateId: string } | null {
  const onState = <T extends { stateId: string }>(item: T | undefined) =>
    item && (stateId == null || item.stateId === stateId) ? item : undefined;
  if (target.type === 'card') {
    const card = onState(board.cards.find((c) => c.id === target.id));
    return card ? { label: card.text || 'Empty card', stateId: card.stateId } : null;
  }
  if (target.type === 'stage') {
    const stage = onState(board.stages.find((s) => s.id === target.id));
    return stage ? { label: `Stage ${stage.title}`, stateId: stage.stateId } : null;
  }
  const lane = onState(board.lanes.find((l) => l.id === target.id));
  return lane ? { label: `Lane ${lane.title}`, stateId: lane.stateId } : null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "2 d ago", then the date. */
export function relativeTime(at: number, now: number): string {
  const ago = Math.max(0, now - at);
  if (ago < MINUTE) return 'just now';
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 7 * DAY) return `${Math.floor(ago / DAY)} d ago`;
  return new Date(at).toLocaleDateString();
}
