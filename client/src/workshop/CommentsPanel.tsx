/**
 * Comment threads. With a target (a card, stage or lane) the panel shows its
 * threads to read, reply to and resolve, and marks them read; without one it lists
 * every thread of the state on show, open ones first, each leading to its target.
 */
import type { BoardSnapshot, Comment } from '@journeyboard/shared';
import { type FormEvent, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import type { CommentTarget } from '../store/boardStore.js';
import { mayTouch } from '../store/selectors.js';
import { CommandError, useCommit } from '../ui/fields.js';
import {
  byOpenThenRecent,
  describeTarget,
  relativeTime,
  type SeenThreads,
  type Thread,
  threadsOf,
  unreadIn,
} from './threads.js';
import { workshopMarksFor } from './workshopMarks.js';

/** The time now, moved on every half minute so "5 min ago" stays true while the panel is open. */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(tick);
  }, []);
  return now;
}

export function CommentsPanel({ actions }: { actions: BoardActions }) {
  const { store } = actions;
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  const target = useStore(store, (s) => s.commentTarget);
  const marks = workshopMarksFor(actions);
  const seen = useSyncExternalStore(marks.seen.subscribe, marks.seen.current);
  const threads = useMemo(() => threadsOf(board?.comments ?? []), [board?.comments]);
  if (!board) return null;
  return (
    <section className="inspector comments" aria-label="Comments">
      {target ? (
        <TargetThreads
          // A fresh view per target, so what counts as new is judged from when it was opened.
          key={`${target.type}:${target.id}`}
          actions={actions}
          board={board}
          target={target}
          threads={threads.filter((t) => t.root.targetType === target.type && t.root.targetId === target.id)}
          seen={seen}
        />
      ) : (
        <AllThreads actions={actions} board={board} stateId={stateId} threads={threads} seen={seen} />
      )}
    </section>
  );
}

function AllThreads({
  actions,
  board,
  stateId,
  threads,
  seen,
}: {
  actions: BoardActions;
  board: BoardSnapshot;
  stateId: string | null;
  threads: Thread[];
  seen: SeenThreads;
}) {
  const now = useNow();
  const userId = actions.presence.user.id;
  const stateTitle = board.states.find((s) => s.id === stateId)?.title ?? '';
  const listed = threads
    .map((thread) => {
      const { targetType: type, targetId: id } = thread.root;
      const target = type === 'card' || type === 'stage' || type === 'lane' ? { type, id } : null;
      const about = target && describeTarget(board, target, stateId);
      return target && about ? { thread, target, label: about.label } : null;
    })
    .filter((item) => item !== null)
    .sort((a, b) => byOpenThenRecent(a.thread, b.thread));
  const open = listed.filter((item) => !item.thread.root.resolved).length;

  const show = (target: CommentTarget) =>
    actions.store.setState(
      target.type === 'card'
        ? {
            commentTarget: target,
            selectedCardIds: [target.id],
            focusRequest: { cardId: target.id, at: Date.now() },
          }
        : { commentTarget: target },
    );

  return (
    <>
      <h2>Comments</h2>
      <p className="muted">
        {listed.length === 0
          ? `No comments on ${stateTitle || 'this state'} yet. Open a card's details and choose Comments, or use the comment button on a stage or lane header.`
          : `${open} open thread${open === 1 ? '' : 's'} on ${stateTitle}, ${listed.length - open} resolved.`}
      </p>
      <ul className="thread-list" aria-label="Threads">
        {listed.map(({ thread, target, label }) => {
          const unread = unreadIn(thread, seen, userId);
          const replies = thread.replies.length;
          return (
            <li key={thread.root.id} className={thread.root.resolved ? 'thread-list__item--resolved' : ''}>
              <button type="button" className="thread-link" onClick={() => show(target)}>
                <span className="thread-link__target">{label}</span>
                <span className="thread-link__text">
                  <strong>{thread.root.author.name}:</strong> {thread.root.text}
                </span>
                <span className="thread-link__meta">
                  {replies > 0 && `${replies} repl${replies === 1 ? 'y' : 'ies'} · `}
                  {relativeTime(thread.latestAt, now)}
                  {thread.root.resolved && <span className="tag tag--resolved">Resolved</span>}
                  {unread > 0 && <span className="tag tag--new">New</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function TargetThreads({
  actions,
  board,
  target,
  threads,
  seen,
}: {
  actions: BoardActions;
  board: BoardSnapshot;
  target: CommentTarget;
  threads: Thread[];
  seen: SeenThreads;
}) {
  const { store, presence } = actions;
  // Everyone who takes part comments under their own id (the write rules: comments are person-owned).
  const mayComment = useStore(store, (s) =>
    mayTouch(s, { kind: 'create', collection: 'comments', owner: presence.user.id }),
  );
  const marks = workshopMarksFor(actions);
  // What was already read when this target was opened: comments after it stay marked new while it is open.
  const [seenBefore] = useState(seen);
  const [draft, setDraft] = useState('');
  const [error, commit] = useCommit();
  const about = describeTarget(board, target);
  const sorted = [...threads].sort(byOpenThenRecent);
  const open = sorted.filter((t) => !t.root.resolved);
  const resolved = sorted.filter((t) => t.root.resolved);

  // Showing an open thread is reading it; resolved ones are read when unfolded.
  useEffect(() => marks.seen.markRead(open), [marks, open]);

  const start = (event: FormEvent) => {
    event.preventDefault();
    commit(() => {
      actions.edit('comment', {
        targetType: target.type,
        targetId: target.id,
        parentId: null,
        author: presence.user,
        text: draft,
      });
      setDraft('');
    });
  };

  return (
    <>
      <div className="comments__header">
        <h2>Comments</h2>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => store.setState({ commentTarget: null })}
        >
          All comments
        </button>
      </div>
      <p className="comments__target">{about ? about.label : 'This item was removed from the board.'}</p>
      <CommandError message={error} />
      {mayComment && about && (
        <form className="comment-form" onSubmit={start}>
          <textarea
            aria-label={`New comment on ${about.label}`}
            placeholder="Start a thread…"
            rows={3}
            maxLength={5000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) start(e);
            }}
          />
          <button type="submit" className="button button--primary" disabled={!draft.trim()}>
            Comment
          </button>
        </form>
      )}
      {threads.length === 0 && <p className="muted">No comments here yet.</p>}
      {open.map((thread) => (
        <ThreadView key={thread.root.id} actions={actions} thread={thread} seenBefore={seenBefore} />
      ))}
      {resolved.length > 0 && <h3>Resolved</h3>}
      {resolved.map((thread) => (
        <details
          key={thread.root.id}
          className="thread-folded"
          onToggle={(e) => {
            if (e.currentTarget.open) marks.seen.markRead([thread]);
          }}
        >
          <summary>
            <span className="thread-folded__text">
              {thread.root.author.name}: {thread.root.text}
            </span>
            {thread.replies.length > 0 && <span className="muted"> +{thread.replies.length}</span>}
          </summary>
          <ThreadView actions={actions} thread={thread} seenBefore={seenBefore} />
        </details>
      ))}
    </>
  );
}

function ThreadView({
  actions,
  thread,
  seenBefore,
}: {
  actions: BoardActions;
  thread: Thread;
  seenBefore: SeenThreads;
}) {
  const { store, presence } = actions;
  const mayReply = useStore(store, (s) =>
    mayTouch(s, { kind: 'create', collection: 'comments', owner: presence.user.id }),
  );
  // Resolving is a change to the thread's first comment: its author's, or an editor's.
  const mayResolve = useStore(store, (s) =>
    mayTouch(s, { kind: 'edit', collection: 'comments', id: thread.root.id, fields: ['resolved'] }),
  );
  const now = useNow();
  const [reply, setReply] = useState<string | null>(null);
  const [error, commit] = useCommit();
  const { root } = thread;
  const seenUpTo = seenBefore[root.id] ?? 0;
  const isNew = (c: Comment) => c.author.id !== presence.user.id && c.createdAt > seenUpTo;

  const sendReply = (event: FormEvent) => {
    event.preventDefault();
    if (reply === null) return;
    commit(() => {
      actions.edit('comment', {
        targetType: root.targetType,
        targetId: root.targetId,
        parentId: root.id,
        author: presence.user,
        text: reply,
      });
      setReply(null);
    });
  };

  return (
    <article
      className={`thread${root.resolved ? ' thread--resolved' : ''}`}
      aria-label={`Thread by ${root.author.name}${root.resolved ? ', resolved' : ''}`}
    >
      {[root, ...thread.replies].map((c) => (
        <CommentView key={c.id} actions={actions} comment={c} isNew={isNew(c)} now={now} first={c === root} />
      ))}
      <CommandError message={error} />
      {reply !== null ? (
        <form className="comment-form" onSubmit={sendReply}>
          <textarea
            aria-label={`Reply to ${root.author.name}`}
            rows={2}
            maxLength={5000}
            // biome-ignore lint/a11y/noAutofocus: the person just asked to reply
            autoFocus
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) sendReply(e);
              if (e.key === 'Escape') setReply(null);
            }}
          />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={!reply.trim()}>
              Send reply
            </button>
            <button type="button" className="button" onClick={() => setReply(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        (mayReply || mayResolve) && (
          <div className="thread__actions">
            {!root.resolved && mayReply && (
              <button type="button" className="button" onClick={() => setReply('')}>
                Reply
              </button>
            )}
            {mayResolve && (
              <button
                type="button"
                className="button"
                onClick={() =>
                  commit(() => actions.edit('resolveComment', { id: root.id, resolved: !root.resolved }))
                }
              >
                {root.resolved ? 'Reopen' : 'Resolve'}
              </button>
            )}
          </div>
        )
      )}
    </article>
  );
}

function CommentView({
  actions,
  comment: c,
  isNew,
  now,
  first,
}: {
  actions: BoardActions;
  comment: Comment;
  isNew: boolean;
  now: number;
  first: boolean;
}) {
  const { presence, store } = actions;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, commit] = useCommit();
  // Editing and removing a comment: its author's own (editors may change any, but the app offers
  // people only their own words to reword).
  const own =
    useStore(store, (s) =>
      mayTouch(s, { kind: 'edit', collection: 'comments', id: c.id, fields: ['text'] }),
    ) && c.author.id === presence.user.id;
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (draft === null) return;
    commit(() => {
      if (draft.trim() !== c.text) actions.edit('editComment', { id: c.id, text: draft });
      setDraft(null);
    });
  };
  return (
    <div className={`comment${first ? '' : ' comment--reply'}${isNew ? ' comment--new' : ''}`}>
      <div className="comment__meta">
        <span className="comment__author">{c.author.name}</span>
        <time dateTime={new Date(c.createdAt).toISOString()} title={new Date(c.createdAt).toLocaleString()}>
          {relativeTime(c.createdAt, now)}
        </time>
        {isNew && <span className="tag tag--new">New</span>}
        {own && draft === null && (
          <span className="comment__tools">
            <button type="button" aria-label="Edit comment" onClick={() => setDraft(c.text)}>
              Edit
            </button>
            <button
              type="button"
              aria-label={first ? 'Delete thread' : 'Delete reply'}
              onClick={() => commit(() => actions.edit('removeComment', { id: c.id }))}
            >
              Delete
            </button>
          </span>
        )}
      </div>
      {draft === null ? (
        <p className="comment__text">{c.text}</p>
      ) : (
        <form className="comment-form" onSubmit={save}>
          <textarea
            aria-label="Comment text"
            rows={2}
            maxLength={5000}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) save(e);
              if (e.key === 'Escape') setDraft(null);
            }}
          />
          <div className="button-row">
            <button type="submit" className="button button--primary" disabled={!draft.trim()}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <CommandError message={error} />
    </div>
  );
}
