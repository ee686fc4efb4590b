/**
 * Which comments this participant has read on this board, kept in this browser
 * (reading is personal, so it never goes into the shared document). Stored per
 * board and participant as thread id → the createdAt of the newest comment seen:
 * comparing with the author's own timestamps means clock skew between people
 * cannot hide or invent news.
 */
import type { SeenThreads, Thread } from './threads.js';

export class CommentsSeen {
  private seen: SeenThreads;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly key: string) {
    this.seen = read(key);
  }

  static forBoard(boardId: string, userId: string): CommentsSeen {
    return new CommentsSeen(`journeyboard:comments-seen:${boardId}:${userId}`);
  }

  /** The same object until something is marked read, so it can be a memo input. */
  readonly current = (): SeenThreads => this.seen;

  markRead(threads: readonly Thread[]): void {
    const unseen = threads.filter((t) => (this.seen[t.root.id] ?? 0) < t.latestAt);
    if (unseen.length === 0) return;
    const next: Record<string, number> = { ...this.seen };
    for (const thread of unseen) next[thread.root.id] = thread.latestAt;
    this.seen = next;
    try {
      localStorage.setItem(this.key, JSON.stringify(next));
    } catch {
      // A full or blocked storage only means news shows again after a reload.
    }
    for (const listener of this.listeners) listener();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

function read(key: string): SeenThreads {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, at]) => typeof at === 'number'));
  } catch {
    return {};
  }
}
