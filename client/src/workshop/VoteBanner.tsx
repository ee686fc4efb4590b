/**
 * The notice that a dot vote has opened, over the canvas for everyone, without a
 * sound: what the vote is on and a way into the Voting panel. It stays until this
 * person has placed a dot or dismissed it; a new session shows it again.
 */
import { dotsUsed } from '@journeyboard/shared';
import { useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { openVoteSession } from './workshopMarks.js';

const SCOPE_WORDS = { friction: 'friction points', board: 'the cards of the board' } as const;

export function VoteBanner({ actions }: { actions: BoardActions }) {
  const { store, presence } = actions;
  const board = useStore(store, (s) => s.board);
  const [dismissedId, setDismissedId] = useState<string | null>(null);
  const session = board && openVoteSession(board);
  if (!board || !session || session.id === dismissedId) return null;
  if (dotsUsed(board, session.id, presence.user.id) > 0) return null;
  const dots = session.dotsPerPerson;

  return (
    <section className="vote-banner" aria-label="Dot vote open">
      <span className="vote-banner__mark" aria-hidden="true" />
      <p className="vote-banner__text">
        <strong>Dot vote open:</strong> {dots} {dots === 1 ? 'dot' : 'dots'} each on{' '}
        {SCOPE_WORDS[session.scope]}
      </p>
      <button
        type="button"
        className="button button--primary"
        onClick={() => store.setState({ panel: 'workshop' })}
      >
        Open voting
      </button>
      <button
        type="button"
        className="vote-banner__close"
        aria-label="Dismiss vote notice"
        onClick={() => setDismissedId(session.id)}
      >
        ×
      </button>
    </section>
  );
}
