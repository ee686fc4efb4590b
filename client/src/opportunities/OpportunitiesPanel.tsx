/**
 * Opportunities: what the team will do about the friction. Three views of one
 * list: the list (edit, link friction), the impact / effort matrix and the
 * now / next / later roadmap. On a future state, each opportunity shows what it
 * removes or reduces there.
 */
import { diffFriction, opportunityEffects } from '@journeyboard/shared';
import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { mayEditCollection } from '../store/selectors.js';
import { CommandError, useCommit } from '../ui/fields.js';
import { baselineStateId, formatChange, formatScore, opportunitiesForCard } from './frictionLinks.js';
import { OpportunityList } from './OpportunityList.js';
import { PriorityMatrix } from './PriorityMatrix.js';
import { RoadmapBoard } from './RoadmapBoard.js';

const VIEWS = [
  { id: 'list', label: 'List' },
  { id: 'matrix', label: 'Matrix' },
  { id: 'roadmap', label: 'Roadmap' },
] as const;
type View = (typeof VIEWS)[number]['id'];

export function OpportunitiesPanel({ actions }: { actions: BoardActions }) {
  const { store } = actions;
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  const readOnly = useStore(store, (s) => !mayEditCollection(s, 'opportunities'));
  const [view, setView] = useState<View>('list');
  // A canvas card's chip asked for its opportunities: they are in the list.
  const focus = useStore(store, (s) => s.opportunityFocus);
  useEffect(() => {
    if (focus) setView('list');
  }, [focus]);
  const [error, commit] = useCommit();
  const tabsId = useId();
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);

  // Opened from a friction card (its inspector's "Create opportunity"): its opportunities start open.
  const [initiallyOpen] = useState(() => {
    const { selectedCardIds, board: atOpen } = store.getState();
    const card = selectedCardIds.length === 1 ? atOpen?.cards.find((c) => c.id === selectedCardIds[0]) : null;
    return atOpen && card ? opportunitiesForCard(atOpen, card).map((o) => o.id) : [];
  });

  const shown = board?.states.find((s) => s.id === stateId) ?? null;
  const future = shown?.kind === 'future' && shown.derivedFrom ? shown : null;
  const effects = useMemo(
    () =>
      board && future
        ? new Map(opportunityEffects(board, future.id).map((e) => [e.opportunity.id, e]))
        : null,
    [board, future],
  );
  const totals = useMemo(
    () => (board && future?.derivedFrom ? diffFriction(board, future.derivedFrom, future.id) : null),
    [board, future],
  );
  if (!board) return null;

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? VIEWS.length - 1 : step ? index + step : null;
    if (to === null) return;
    event.preventDefault();
    const next = (to + VIEWS.length) % VIEWS.length;
    setView(VIEWS[next]?.id ?? 'list');
    tabs.current[next]?.focus();
  };

  const showCard = (cardId: string) => {
    const card = board.cards.find((c) => c.id === cardId);
    if (!card) return;
    store.setState({
      stateId: card.stateId,
      comparing: false,
      selectedCardIds: [cardId],
      editingCardId: null,
      focusRequest: { cardId, at: Date.now() },
    });
  };

  return (
    <section className="opportunities" aria-label="Opportunities">
      <header className="opportunities__header">
        <h2>Opportunities</h2>
        <span className="opportunities__count">{board.opportunities.length}</span>
      </header>
      {future && totals && (
        <p className="opportunities__future">
          In <strong>{future.title}</strong>, friction goes from {formatScore(totals.totalBefore)} to{' '}
          {formatScore(totals.totalAfter)}
          {formatChange(totals.totalBefore, totals.totalAfter) &&
            ` (${formatChange(totals.totalBefore, totals.totalAfter)})`}
          .
        </p>
      )}
      <div role="tablist" aria-label="Opportunity views" className="opportunities__tabs">
        {VIEWS.map((v, index) => (
          <button
            key={v.id}
            ref={(element) => {
              tabs.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${tabsId}-${v.id}`}
            aria-selected={view === v.id}
            aria-controls={`${tabsId}-panel`}
            tabIndex={view === v.id ? 0 : -1}
            className="opportunities__tab"
            onClick={() => setView(v.id)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {v.label}
          </button>
        ))}
      </div>
      <CommandError message={error} />
      <div
        role="tabpanel"
        id={`${tabsId}-panel`}
        aria-labelledby={`${tabsId}-${view}`}
        className="opportunities__view"
      >
        {view === 'list' && (
          <OpportunityList
            actions={actions}
            board={board}
            readOnly={readOnly}
            journeyId={shown?.journeyId ?? null}
            baselineId={baselineStateId(board, stateId)}
            effects={effects}
            initiallyOpen={initiallyOpen}
            focus={focus}
            commit={commit}
            showCard={showCard}
          />
        )}
        {view === 'matrix' && (
          <PriorityMatrix
            actions={actions}
            opportunities={board.opportunities}
            readOnly={readOnly}
            commit={commit}
          />
        )}
        {view === 'roadmap' && (
          <RoadmapBoard
            actions={actions}
            opportunities={board.opportunities}
            readOnly={readOnly}
            effects={effects}
            commit={commit}
          />
        )}
      </div>
    </section>
  );
}
