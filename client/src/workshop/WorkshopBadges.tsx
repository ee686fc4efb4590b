/**
 * Workshop marks around the board: on a card, its priority from a dot vote, its
 * open comment threads (with a dot when they hold news) and the dot-vote control
 * while a session covers it; comments buttons on stage and lane headers and in the
 * card details; the unread count on the header's Comments button.
 */
import type { Card } from '@journeyboard/shared';
import { useEffect, useState } from 'react';
import type { CommentTarget } from '../store/boardStore.js';
import {
  type CommentMarks,
  useCommentMarks,
  useUnreadThreadCount,
  useVoteMarks,
  useWorkshopMarks,
} from './workshopMarks.js';

export function describeComments(marks: CommentMarks): string {
  const count = `${marks.comments} comment${marks.comments === 1 ? '' : 's'}`;
  return marks.unread > 0 ? `${count}, ${marks.unread} unread` : count;
}

export function CommentIcon() {
  return (
    <svg className="comment-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path
        d="M2.5 3.5a1 1 0 0 1 1-1h9a1 1 0 0 1 1 1v6a1 1 0 0 1-1 1H7l-3 2.5V10.5h-.5a1 1 0 0 1-1-1z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinejoin="round"
      />
    </svg>
  );
}

/** Rendered inside a card node; draws nothing outside a live canvas. */
export function CardWorkshopMarks({ card }: { card: Card }) {
  const marks = useWorkshopMarks();
  const comments = useCommentMarks(marks, 'card', card.id);
  const votes = useVoteMarks(marks, card.id);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (!refusal) return;
    const clear = setTimeout(() => setRefusal(null), 4000);
    return () => clearTimeout(clear);
  }, [refusal]);
  if (!marks) return null;
  const name = card.text || 'Empty card';
  const setDots = (dots: number) => setRefusal(marks.setDots(card.id, dots));

  return (
    <>
      {(card.priority !== null || comments) && (
        <div className="card-marks">
          {card.priority !== null && (
            <span className="card-priority" role="img" aria-label={`Priority ${card.priority}`}>
              #{card.priority}
            </span>
          )}
          {comments && (
            <button
              type="button"
              className={`card-comments nodrag${comments.unread > 0 ? ' card-comments--unread' : ''}`}
              aria-label={describeComments(comments)}
              title={describeComments(comments)}
              onClick={(event) => {
                event.stopPropagation();
                marks.openComments({ type: 'card', id: card.id });
              }}
              onDoubleClick={(event) => event.stopPropagation()}
            >
              <CommentIcon />
              {comments.comments}
            </button>
          )}
        </div>
      )}
      {votes && (
        // Clicks stay on the control: voting should neither select, edit nor drag the card.
        <fieldset
          className="card-vote nodrag"
          onClick={(event) => event.stopPropagation()}
          onDoubleClick={(event) => event.stopPropagation()}
          onKeyDown={(event) => event.stopPropagation()}
        >
          <legend className="visually-hidden">Dots on {name}</legend>
          {votes.total === null ? (
            // The tally is hidden until voting ends, so nobody follows the crowd: only this person's dots show.
            <span className="card-vote__total" title="Your dots; the tally shows when voting ends">
              <span className="card-vote__dot" aria-hidden="true" />
              {votes.mine} yours
            </span>
          ) : (
            <span className="card-vote__total" title={`${votes.total} dots in all, ${votes.mine} yours`}>
              <span className="card-vote__dot" aria-hidden="true" />
              {votes.total}
              {votes.mine > 0 && <span className="card-vote__mine">· {votes.mine} yours</span>}
            </span>
          )}
          {votes.left !== null && (
            <>
              <button
                type="button"
                className="card-vote__button"
                aria-label={`Remove dot from ${name}`}
                disabled={votes.mine === 0}
                onClick={() => setDots(votes.mine - 1)}
              >
                −
              </button>
              <button
                type="button"
                className="card-vote__button"
                aria-label={`Add dot to ${name}`}
                title={votes.left > 0 ? undefined : 'No dots left'}
                disabled={votes.left <= 0}
                onClick={() => setDots(votes.mine + 1)}
              >
                +
              </button>
            </>
          )}
          {refusal && (
            <span role="alert" className="card-vote__refusal">
              {refusal}
            </span>
          )}
        </fieldset>
      )}
    </>
  );
}

/** The comments button of a stage or lane header. */
export function HeaderComments({ target, title }: { target: CommentTarget; title: string }) {
  const marks = useWorkshopMarks();
  const comments = useCommentMarks(marks, target.type, target.id);
  if (!marks) return null;
  return (
    <button
      type="button"
      className={`header-comments nodrag${comments ? ' header-comments--has' : ''}${comments?.unread ? ' header-comments--unread' : ''}`}
      aria-label={`Comments on ${target.type} ${title}${comments ? `: ${describeComments(comments)}` : ''}`}
      onClick={() => marks.openComments(target)}
    >
      <CommentIcon />
      {comments?.comments}
    </button>
  );
}

/** The card details' way into the card's comments. */
export function CardCommentsButton({ cardId }: { cardId: string }) {
  const marks = useWorkshopMarks();
  const comments = useCommentMarks(marks, 'card', cardId);
  if (!marks) return null;
  return (
    <button
      type="button"
      className="button"
      aria-label={`Comments on this card${comments ? ` (${describeComments(comments)})` : ''}`}
      onClick={() => marks.openComments({ type: 'card', id: cardId })}
    >
      <CommentIcon /> Comments
      {comments && (
        <span className={`count-badge${comments.unread > 0 ? ' count-badge--unread' : ''}`}>
          {comments.comments}
        </span>
      )}
    </button>
  );
}

/** Threads with news for this person, on the header's Comments button. */
export function UnreadCommentsBadge() {
  const unread = useUnreadThreadCount(useWorkshopMarks());
  if (unread === 0) return null;
  return (
    <span className="count-badge count-badge--unread">
      {unread}
      <span className="visually-hidden"> unread</span>
    </span>
  );
}
