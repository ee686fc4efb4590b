/**
 * Dot voting: a facilitator (any owner or editor) opens a session on the friction
 * lane or the whole board of the state on show; everyone places their dots (here
 * or on the cards). The tally stays hidden until "End voting", so nobody follows the
 * crowd, unless the facilitator chose to show it live; then the ranking can become
 * card priority. Viewers follow along but do not vote.
 */
import {
  type BoardSnapshot,
  type Card,
  dotsUsed,
  VOTE_SCOPE_LABELS,
  type VoteScope,
  type VoteSession,
  voteResults,
} from '@journeyboard/shared';
import { type FormEvent, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { mayTouch } from '../store/selectors.js';
import { CommandError, Field, useCommit } from '../ui/fields.js';
import { cardsInScope, openVoteSession, workshopMarksFor } from './workshopMarks.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function VotingPanel({ actions }: { actions: BoardActions }) {
  const board = useStore(actions.store, (s) => s.board);
  const stateId = useStore(actions.store, (s) => s.stateId);
  // Running votes is the facilitators'; placing dots, everyone's who takes part (the write rules).
  const mayRun = useStore(actions.store, (s) => mayTouch(s, { kind: 'create', collection: 'voteSessions' }));
  const [pickedId, setPickedId] = useState<string | null>(null);
  if (!board) return null;
  const open = openVoteSession(board);
  const ended = board.voteSessions
    .filter((s) => s.status === 'ended')
    .sort((a, b) => (b.endedAt ?? 0) - (a.endedAt ?? 0));
  const shown = ended.find((s) => s.id === pickedId) ?? ended[0];

  return (
    <section className="inspector voting" aria-label="Dot voting">
      <h2>Dot voting</h2>
      {open && <OpenSession actions={actions} board={board} session={open} mayRun={mayRun} />}
      {!open && !mayRun && (
        <p className="muted">No vote is running. A facilitator starts one; results appear here.</p>
      )}
      {shown && <Results actions={actions} board={board} session={shown} mayRun={mayRun} />}
      {!open && mayRun && stateId && (
        <StartForm actions={actions} board={board} stateId={stateId} again={ended.length > 0} />
      )}
      {ended.length > 1 && (
        <>
          <h3>Past sessions</h3>
          <ul className="vote-sessions" aria-label="Past sessions">
            {ended.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className="vote-sessions__pick"
                  aria-pressed={s.id === shown?.id}
                  onClick={() => setPickedId(s.id)}
                >
                  <span>{s.title}</span>
                  <span className="muted">
                    {stateTitle(board, s.stateId)} · {new Date(s.endedAt ?? s.startedAt).toLocaleString()}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function stateTitle(board: BoardSnapshot, stateId: string): string {
  return board.states.find((s) => s.id === stateId)?.title ?? 'a removed state';
}

function StartForm({
  actions,
  board,
  stateId,
  again,
}: {
  actions: BoardActions;
  board: BoardSnapshot;
  stateId: string;
  /** A vote ran before: this is the next one. */
  again: boolean;
}) {
  const [title, setTitle] = useState('');
  const [scope, setScope] = useState<VoteScope>('friction');
  const [dots, setDots] = useState('3');
  const [liveTally, setLiveTally] = useState(false);
  const [error, commit] = useCommit();
  const counts = useMemo(
    () => ({
      friction: cardsInScope(board, { stateId, scope: 'friction' }).length,
      board: cardsInScope(board, { stateId, scope: 'board' }).length,
    }),
    [board, stateId],
  );

  const start = (event: FormEvent) => {
    event.preventDefault();
    commit(() =>
      actions.edit('startVoteSession', {
        stateId,
        title: title.trim() || undefined,
        scope,
        dotsPerPerson: Number(dots),
        liveTally,
        startedBy: actions.presence.user.name,
      }),
    );
  };

  return (
    <form className="vote-start" onSubmit={start} aria-label="Start a dot vote">
      {again && <h3>New vote</h3>}
      <p className="muted">
        Everyone gets the same number of dots to put on the cards of{' '}
        <strong>{stateTitle(board, stateId)}</strong> that matter most; several dots can go on one card.
      </p>
      <Field label="Title">
        {(id) => (
          <input
            id={id}
            value={title}
            maxLength={200}
            placeholder="Dot vote"
            onChange={(e) => setTitle(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="vote-start__scope">
        <legend>Vote on</legend>
        {(['friction', 'board'] as const).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name="vote-scope"
              value={value}
              checked={scope === value}
              onChange={() => setScope(value)}
            />
            {VOTE_SCOPE_LABELS[value]} <span className="muted">({plural(counts[value], 'card')})</span>
          </label>
        ))}
      </fieldset>
      <Field label="Dots per person">
        {(id) => (
          <input
            id={id}
            type="number"
            min={1}
            max={100}
            value={dots}
            onChange={(e) => setDots(e.target.value)}
          />
        )}
      </Field>
      <label className="vote-start__live">
        <input type="checkbox" checked={liveTally} onChange={(e) => setLiveTally(e.target.checked)} />
        Show tally live <span className="muted">(otherwise totals appear when voting ends)</span>
      </label>
      <CommandError message={error} />
      <button type="submit" className="button button--primary" disabled={counts[scope] === 0}>
        Start voting
      </button>
      {counts[scope] === 0 && <p className="muted">There are no cards to vote on here yet.</p>}
    </form>
  );
}

/** A vote session as its panel sections show it. */
interface SessionProps {
  actions: BoardActions;
  board: BoardSnapshot;
  session: VoteSession;
  /** This person runs the vote: starts, ends and applies it. */
  mayRun: boolean;
}

function OpenSession({ actions, board, session, mayRun }: SessionProps) {
  const { store, presence } = actions;
  const stateId = useStore(store, (s) => s.stateId);
  const marks = workshopMarksFor(actions);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [error, commit] = useCommit();
  const results = voteResults(board, session.id);
  const cards = cardsInScope(board, session);
  const left = session.dotsPerPerson - dotsUsed(board, session.id, presence.user.id);
  const mine = new Map(
    board.votes
      .filter((v) => v.sessionId === session.id && v.userId === presence.user.id)
      .map((v) => [v.targetId, v.dots]),
  );
  const mayVote = useStore(store, (s) =>
    mayTouch(s, { kind: 'personal', part: 'votes', owner: presence.user.id, sessionId: session.id }),
  );
  const voters = new Set(board.votes.filter((v) => v.sessionId === session.id).map((v) => v.userId)).size;
  const setDots = (card: Card, dots: number) => setRefusal(marks.setDots(card.id, dots));

  return (
    <section className="vote-session" aria-label={`Voting: ${session.title}`}>
      <div className="vote-session__head">
        <span className="vote-session__live">Voting open</span>
        <strong>{session.title}</strong>
      </div>
      <p className="muted">
        {VOTE_SCOPE_LABELS[session.scope]} of {stateTitle(board, session.stateId)} ·{' '}
        {plural(session.dotsPerPerson, 'dot')} each · started by {session.startedBy}
      </p>
      {session.stateId !== stateId && (
        <button
          type="button"
          className="button"
          onClick={() =>
            store.setState({ stateId: session.stateId, selectedCardIds: [], editingCardId: null })
          }
        >
          Show {stateTitle(board, session.stateId)}
        </button>
      )}
      {!mayVote ? (
        <p className="muted">You are viewing this board: you can follow the tally but not vote.</p>
      ) : (
        <output className={`dots-left${left <= 0 ? ' dots-left--spent' : ''}`} aria-live="polite">
          {left <= 0
            ? `All ${session.dotsPerPerson} dots placed`
            : `${left} of ${session.dotsPerPerson} dots left`}
        </output>
      )}
      <CommandError message={refusal} />

      <h3>{session.liveTally ? 'Live tally' : 'Tally'}</h3>
      {!session.liveTally && (
        <p className="muted">Hidden until voting ends, so nobody follows the crowd. You see your own dots.</p>
      )}
      <p className="muted">
        {plural(voters, 'person', 'people')} voted so far
        {session.liveTally &&
          results.length > 0 &&
          `, ${plural(
            results.reduce((sum, r) => sum + r.dots, 0),
            'dot',
          )} placed`}
        .
      </p>
      {session.liveTally && results.length > 0 && (
        <ol className="tally" aria-label="Live tally">
          {results.map((r) => (
            <li key={r.card.id}>
              <span className="tally__rank">{r.rank}</span>
              <span className="tally__card">{r.card.text || 'Empty card'}</span>
              <span className="tally__dots" role="img" aria-label={plural(r.dots, 'dot')}>
                {'●'.repeat(Math.min(r.dots, 12))}
                {r.dots > 12 && ` ${r.dots}`}
              </span>
            </li>
          ))}
        </ol>
      )}

      {mayVote && (
        <>
          <h3>Your dots</h3>
          <p className="muted">Place them here or with the + and − on the cards.</p>
          <ul className="vote-cards" aria-label="Cards to vote on">
            {cards.map((card) => {
              const own = mine.get(card.id) ?? 0;
              const name = card.text || 'Empty card';
              return (
                <li key={card.id}>
                  <span className="vote-cards__text">{name}</span>
                  <span className="vote-cards__mine">
                    {own}
                    <span className="visually-hidden"> from you</span>
                  </span>
                  <button
                    type="button"
                    className="card-vote__button"
                    aria-label={`Remove dot from ${name}`}
                    disabled={own === 0}
                    onClick={() => setDots(card, own - 1)}
                  >
                    −
                  </button>
                  <button
                    type="button"
                    className="card-vote__button"
                    aria-label={`Add dot to ${name}`}
                    title={left > 0 ? undefined : 'No dots left'}
                    disabled={left <= 0}
                    onClick={() => setDots(card, own + 1)}
                  >
                    +
                  </button>
                </li>
              );
            })}
          </ul>
        </>
      )}
      <CommandError message={error} />
      {mayRun && (
        <button
          type="button"
          className="button button--primary"
          onClick={() => commit(() => actions.edit('endVoteSession', { id: session.id }))}
        >
          End voting
        </button>
      )}
    </section>
  );
}

function Results({ actions, board, session, mayRun }: SessionProps) {
  const [error, commit] = useCommit();
  const results = voteResults(board, session.id);
  const applied = results.length > 0 && results.every((r) => r.card.priority === r.rank);
  const focus = (card: Card) =>
    actions.store.setState({
      stateId: card.stateId,
      selectedCardIds: [card.id],
      focusRequest: { cardId: card.id, at: Date.now() },
    });

  return (
    <section className="vote-results" aria-label={`Results: ${session.title}`}>
      <h3>Results</h3>
      <p className="vote-results__title">{session.title}</p>
      <p className="muted">
        {VOTE_SCOPE_LABELS[session.scope]} of {stateTitle(board, session.stateId)} · ended{' '}
        {session.endedAt
          ? new Date(session.endedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
          : ''}
      </p>
      {results.length === 0 ? (
        <p className="muted">No dots were placed.</p>
      ) : (
        <table className="results-table">
          <thead>
            <tr>
              <th scope="col">Rank</th>
              <th scope="col">Card</th>
              <th scope="col">Dots</th>
              <th scope="col">Voters</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <tr key={r.card.id}>
                <td className="results-table__rank">#{r.rank}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => focus(r.card)}>
                    {r.card.text || 'Empty card'}
                  </button>
                </td>
                <td>{r.dots}</td>
                <td>{r.voters}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CommandError message={error} />
      {mayRun && results.length > 0 && (
        <div className="button-row">
          <button
            type="button"
            className="button"
            onClick={() => commit(() => actions.edit('applyVotePriorities', { sessionId: session.id }))}
          >
            Apply as priority
          </button>
          {applied && <span className="muted vote-results__applied">Shown as #rank on the cards</span>}
        </div>
      )}
    </section>
  );
}
