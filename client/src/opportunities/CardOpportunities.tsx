/** In the card inspector, for a friction card: the opportunities that address it, and a way to start one. */
import {
  type Card,
  HORIZON_LABELS,
  isFrictionCard,
  LIMITS,
  OPPORTUNITY_STATUS_LABELS,
} from '@journeyboard/shared';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { CommandError, useCommit } from '../ui/fields.js';
import { linkTargetFor, opportunitiesForCard } from './frictionLinks.js';

/** "Fix: <the card's first line>", within the title limit. */
function titleFor(card: Card): string {
  const text = card.text.split('\n')[0]?.trim() || 'friction point';
  const title = `Fix: ${text}`;
  return title.length > LIMITS.title ? `${title.slice(0, LIMITS.title - 1)}…` : title;
}

export function CardOpportunities({
  actions,
  card,
  readOnly,
}: {
  actions: BoardActions;
  card: Card;
  readOnly: boolean;
}) {
  const { store } = actions;
  const board = useStore(store, (s) => s.board);
  const [error, commit] = useCommit();
  if (!board || !isFrictionCard(card, board)) return null;
  const linked = opportunitiesForCard(board, card);
  const state = board.states.find((s) => s.id === card.stateId);

  const create = () =>
    commit(() => {
      const created = actions.edit('addOpportunity', {
        title: titleFor(card),
        journeyId: state?.journeyId ?? null,
        frictionIds: [linkTargetFor(board, card).id],
      });
      // The card stays selected, so the panel opens with this card's opportunities unfolded.
      if (created.ok) store.setState({ panel: 'opportunities', commentTarget: null, opportunityFocus: null });
      return created;
    });

  return (
    <div className="card-opportunities">
      <p className="card-opportunities__label">Opportunities</p>
      {linked.length === 0 ? (
        <p className="muted">No opportunity addresses this friction point yet.</p>
      ) : (
        <ul className="card-opportunities__list" aria-label="Opportunities addressing this card">
          {linked.map((o) => (
            <li key={o.id}>
              <span className="card-opportunities__title">{o.title}</span>
              <span className="muted">
                {HORIZON_LABELS[o.horizon]} · {OPPORTUNITY_STATUS_LABELS[o.status]}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        {!readOnly && (
          <button type="button" className="button button--primary" onClick={create}>
            Create opportunity
          </button>
        )}
        {linked.length > 0 && (
          <button
            type="button"
            className="button"
            onClick={() =>
              store.setState({ panel: 'opportunities', commentTarget: null, opportunityFocus: null })
            }
          >
            Open opportunities
          </button>
        )}
      </div>
      <CommandError message={error} />
    </div>
  );
}
