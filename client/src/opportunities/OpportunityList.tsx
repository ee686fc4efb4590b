/** The list view: name a new opportunity, and edit each one with the friction it addresses. */
import {
  type BoardSnapshot,
  ENTITIES,
  HORIZON_LABELS,
  HORIZONS,
  OPPORTUNITY_STATUS_LABELS,
  OPPORTUNITY_STATUSES,
  type Opportunity,
  type OpportunityEffect,
  QUADRANT_LABELS,
  quadrantOf,
  rankFriction,
  SCORE_MAX,
  SCORE_MIN,
  type updateOpportunity,
} from '@journeyboard/shared';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { BoardActions } from '../actions/dispatch.js';
import { ChoiceField, Field, TextField, textLimit } from '../ui/fields.js';
import { formatScore, linkedFriction } from './frictionLinks.js';
import { OpportunityEffects } from './OpportunityEffects.js';

const SCORES = Array.from({ length: SCORE_MAX - SCORE_MIN + 1 }, (_, i) => SCORE_MIN + i);
const scoreOptions = SCORES.map((value) => ({ value, label: String(value) }));
const horizonOptions = HORIZONS.map((value) => ({ value, label: HORIZON_LABELS[value] }));
const statusOptions = OPPORTUNITY_STATUSES.map((value) => ({
  value,
  label: OPPORTUNITY_STATUS_LABELS[value],
}));

/** Friction card texts can run long; a select option shows the start. */
const clip = (text: string, length = 70) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

export interface ListProps {
  actions: BoardActions;
  board: BoardSnapshot;
  readOnly: boolean;
  /** The journey new opportunities belong to (that of the state on show). */
  journeyId: string | null;
  /** The current state whose friction points can be linked. */
  baselineId: string | null;
  effects: ReadonlyMap<string, OpportunityEffect> | null;
  /** Opportunities shown open at first: those of the friction card the person came from. */
  initiallyOpen: readonly string[];
  /** Opportunities a canvas card's chip asked for: opened, scrolled to and marked. */
  focus: { ids: readonly string[]; at: number } | null;
  commit(run: () => unknown): void;
  showCard(cardId: string): void;
}

export function OpportunityList(props: ListProps) {
  const { actions, board, readOnly, journeyId, commit, initiallyOpen, focus } = props;
  const [title, setTitle] = useState('');
  const [open, setOpen] = useState(() => new Set(initiallyOpen));
  const list = useRef<HTMLUListElement>(null);
  const candidates = useMemo(
    () => (props.baselineId ? rankFriction(board, props.baselineId).items : []),
    [board, props.baselineId],
  );

  // Coming from a friction card: bring its opportunities into view.
  useEffect(() => {
    list.current?.querySelector('[aria-expanded="true"]')?.scrollIntoView({ block: 'nearest' });
  }, []);

  useEffect(() => {
    if (!focus) return;
    setOpen((previous) => new Set([...previous, ...focus.ids]));
    // After the render that opens them: the first one comes into view.
    requestAnimationFrame(() =>
      list.current?.querySelector('.opportunity--focused')?.scrollIntoView({ block: 'start' }),
    );
  }, [focus]);

  const toggle = (id: string) =>
    setOpen((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="opportunity-list">
      {!readOnly && (
        <form
          className="opportunity-create"
          onSubmit={(event) => {
            event.preventDefault();
            commit(() => {
              const created = actions.edit('addOpportunity', { title, journeyId });
              if (!created.ok) return created;
              setTitle('');
              setOpen((previous) => new Set(previous).add(created.value));
              return created;
            });
          }}
        >
          <input
            aria-label="New opportunity title"
            placeholder="Name an opportunity…"
            value={title}
            maxLength={200}
            onChange={(event) => setTitle(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={title.trim() === ''}>
            Add opportunity
          </button>
        </form>
      )}
      {board.opportunities.length === 0 ? (
        <p className="muted">
          {readOnly
            ? 'No opportunities yet.'
            : 'No opportunities yet. Name one above, or pick a friction card and choose “Create opportunity”.'}
        </p>
      ) : (
        <ul className="opportunity-list__items" ref={list}>
          {board.opportunities.map((opportunity) => (
            <li key={opportunity.id}>
              <OpportunityItem
                {...props}
                opportunity={opportunity}
                open={open.has(opportunity.id)}
                focused={focus?.ids.includes(opportunity.id) ?? false}
                onToggle={() => toggle(opportunity.id)}
                candidates={candidates}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function OpportunityItem({
  actions,
  board,
  readOnly,
  effects,
  commit,
  showCard,
  opportunity,
  open,
  focused,
  onToggle,
  candidates,
}: ListProps & {
  opportunity: Opportunity;
  open: boolean;
  focused: boolean;
  onToggle(): void;
  candidates: ReturnType<typeof rankFriction>['items'];
}) {
  const bodyId = useId();
  const { id } = opportunity;
  const quadrant = quadrantOf(opportunity);
  const update = (patch: Omit<Parameters<typeof updateOpportunity>[1], 'id'>) =>
    commit(() => actions.edit('updateOpportunity', { id, ...patch }));
  const limitOf = (key: string) => ({
    max: textLimit(ENTITIES.opportunities, key),
    announce: actions.announce,
  });
  const linked = linkedFriction(board, opportunity);
  const linkable = candidates.filter((item) => !opportunity.frictionIds.includes(item.card.id));
  const effect = effects?.get(id);
  return (
    <article
      className={`opportunity opportunity--${quadrant}${opportunity.status === 'dropped' ? ' opportunity--dropped' : ''}${focused ? ' opportunity--focused' : ''}`}
      aria-label={`Opportunity ${opportunity.title}`}
    >
      <header className="opportunity__header">
        <button
          type="button"
          className="opportunity__toggle"
          aria-expanded={open}
          aria-controls={bodyId}
          onClick={onToggle}
        >
          <span className="opportunity__chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="opportunity__title">{opportunity.title}</span>
        </button>
        <div className="opportunity__tags">
          <span className={`quadrant-tag quadrant-tag--${quadrant}`}>{QUADRANT_LABELS[quadrant]}</span>
          <span className="opportunity-tag">{HORIZON_LABELS[opportunity.horizon]}</span>
          <span className={`opportunity-tag opportunity-tag--${opportunity.status}`}>
            {OPPORTUNITY_STATUS_LABELS[opportunity.status]}
          </span>
          <span className="opportunity-tag" title="Impact and effort, 1 to 5">
            Impact {opportunity.impact} · Effort {opportunity.effort}
          </span>
          <span className="opportunity-tag">
            {linked.length} friction {linked.length === 1 ? 'point' : 'points'}
          </span>
        </div>
      </header>
      {effect && <OpportunityEffects effect={effect} />}
      {open && (
        <div id={bodyId} className="opportunity__body">
          <TextField
            label="Title"
            limit={limitOf('title')}
            value={opportunity.title}
            readOnly={readOnly}
            onCommit={(title) => update({ title })}
          />
          <TextField
            label="Description"
            limit={limitOf('description')}
            value={opportunity.description}
            readOnly={readOnly}
            multiline
            onCommit={(description) => update({ description })}
          />
          <div className="field-row">
            <ChoiceField
              label="Impact"
              value={opportunity.impact}
              options={scoreOptions}
              readOnly={readOnly}
              onChange={(impact) => impact !== null && update({ impact })}
            />
            <ChoiceField
              label="Effort"
              value={opportunity.effort}
              options={scoreOptions}
              readOnly={readOnly}
              onChange={(effort) => effort !== null && update({ effort })}
            />
          </div>
          <TextField
            label="Owner"
            limit={limitOf('owner')}
            value={opportunity.owner}
            readOnly={readOnly}
            onCommit={(owner) => update({ owner })}
          />
          <div className="field-row">
            <ChoiceField
              label="Horizon"
              value={opportunity.horizon}
              options={horizonOptions}
              readOnly={readOnly}
              onChange={(horizon) => horizon && update({ horizon })}
            />
            <ChoiceField
              label="Status"
              value={opportunity.status}
              options={statusOptions}
              readOnly={readOnly}
              onChange={(status) => status && update({ status })}
            />
          </div>

          <h4 className="opportunity__subhead">Friction it addresses</h4>
          {linked.length === 0 ? (
            <p className="muted">Not linked to any friction point yet.</p>
          ) : (
            <ul className="linked-friction" aria-label={`Friction linked to ${opportunity.title}`}>
              {linked.map(({ id: cardId, card, score }) => (
                <li key={cardId}>
                  {card ? (
                    <button
                      type="button"
                      className="linked-friction__text"
                      title="Show on the board"
                      onClick={() => showCard(cardId)}
                    >
                      {card.text || 'Empty card'}
                    </button>
                  ) : (
                    <span className="linked-friction__text muted">A deleted card</span>
                  )}
                  <span className="opportunity-score" title="Friction score">
                    {formatScore(score)}
                  </span>
                  {!readOnly && (
                    <button
                      type="button"
                      className="button button--quiet linked-friction__unlink"
                      aria-label={`Unlink ${card?.text || 'deleted card'}`}
                      onClick={() =>
                        commit(() => actions.edit('unlinkFriction', { opportunityId: id, cardId }))
                      }
                    >
                      Unlink
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {!readOnly && linkable.length > 0 && (
            <Field label="Link a friction point">
              {(fieldId) => (
                <select
                  id={fieldId}
                  value=""
                  onChange={(event) => {
                    const cardId = event.target.value;
                    if (cardId) commit(() => actions.edit('linkFriction', { opportunityId: id, cardId }));
                  }}
                >
                  <option value="">Choose a friction point…</option>
                  {linkable.map((item) => (
                    <option key={item.card.id} value={item.card.id}>
                      {clip(item.card.text || 'Empty card')} ({formatScore(item.score.score)})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {!readOnly && (
            <div className="opportunity__actions">
              <button
                type="button"
                className="button opportunity__delete"
                aria-label={`Delete ${opportunity.title}`}
                onClick={() => commit(() => actions.edit('removeOpportunity', { id }))}
              >
                Delete opportunity
              </button>
            </div>
          )}
        </div>
      )}
    </article>
  );
}
