/**
 * Interaction reasons: why customers get in touch, as primary reasons with
 * secondary ones under them, and how many touchpoints and friction points of the
 * state on show carry each (cards are tagged in the card inspector). A reason's name
 * selects its cards on the canvas, so the room sees where it bites; a second click
 * lets them go.
 */
import {
  type BoardSnapshot,
  countReasons,
  type InteractionReason,
  type ReasonCount,
} from '@journeyboard/shared';
import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { mayEditCollection } from '../store/selectors.js';
import { CommandError, useCommit } from '../ui/fields.js';

export function ReasonsPanel({ actions }: { actions: BoardActions }) {
  const { store } = actions;
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  const readOnly = useStore(store, (s) => !mayEditCollection(s, 'reasons'));
  const selected = useStore(store, (s) => s.selectedCardIds);
  const [error, commit] = useCommit();
  const counts = useMemo(
    () => (board && stateId ? countReasons(board, stateId) : new Map<string, ReasonCount>()),
    [board, stateId],
  );
  if (!board) return null;
  const primaries = board.reasons.filter((r) => r.parentId === null);
  const add = (title: string, parentId: string | null) =>
    commit(() => actions.edit('addReason', { title, parentId }));
  // A reason is "shown" while the selection is exactly its cards; clicking it again clears that.
  const showing = (reason: InteractionReason) => {
    const ids = stateId ? cardsOfReason(board, stateId, reason.id) : [];
    return ids.length > 0 && ids.length === selected.length && ids.every((id) => selected.includes(id));
  };
  const show = (reason: InteractionReason) =>
    store.setState({
      selectedCardIds: showing(reason) || !stateId ? [] : cardsOfReason(board, stateId, reason.id),
      editingCardId: null,
    });

  return (
    <section className="inspector reasons" aria-label="Interaction reasons">
      <h2>Interaction reasons</h2>
      <p className="muted">
        Why customers get in touch. Tag touchpoints and friction points with a reason in the card details;
        counts are for the state on show.
      </p>
      <CommandError message={error} />
      {primaries.length === 0 && <p className="muted">No reasons yet.</p>}
      <ul className="reason-tree" aria-label="Reasons">
        {primaries.map((primary) => (
          <li key={primary.id}>
            <ReasonRow
              reason={primary}
              count={counts.get(primary.id)}
              shown={showing(primary)}
              onShow={() => show(primary)}
              readOnly={readOnly}
              onRename={(title) => commit(() => actions.edit('renameReason', { id: primary.id, title }))}
              onRemove={() => commit(() => actions.edit('removeReason', { id: primary.id }))}
            />
            <ul className="reason-tree__children" aria-label={`Secondary reasons of ${primary.title}`}>
              {board.reasons
                .filter((r) => r.parentId === primary.id)
                .map((secondary) => (
                  <li key={secondary.id}>
                    <ReasonRow
                      reason={secondary}
                      count={counts.get(secondary.id)}
                      shown={showing(secondary)}
                      onShow={() => show(secondary)}
                      readOnly={readOnly}
                      onRename={(title) =>
                        commit(() => actions.edit('renameReason', { id: secondary.id, title }))
                      }
                      onRemove={() => commit(() => actions.edit('removeReason', { id: secondary.id }))}
                    />
                  </li>
                ))}
              {!readOnly && (
                <li>
                  <NewReason
                    label={`New secondary reason of ${primary.title}`}
                    onAdd={(t) => add(t, primary.id)}
                  />
                </li>
              )}
            </ul>
          </li>
        ))}
      </ul>
      {!readOnly && <NewReason label="New primary reason" onAdd={(t) => add(t, null)} />}
    </section>
  );
}

/** The cards of the state on show tagged with a reason, or with one of its secondary reasons. */
function cardsOfReason(board: BoardSnapshot, stateId: string, reasonId: string): string[] {
  const secondaries = new Set(board.reasons.filter((r) => r.parentId === reasonId).map((r) => r.id));
  return board.cards
    .filter(
      (card) =>
        card.stateId === stateId && card.reasonIds.some((id) => id === reasonId || secondaries.has(id)),
    )
    .map((card) => card.id);
}

function ReasonRow({
  reason,
  count,
  shown,
  readOnly,
  onShow,
  onRename,
  onRemove,
}: {
  reason: InteractionReason;
  count: ReasonCount | undefined;
  /** Its cards are the selection on the canvas. */
  shown: boolean;
  readOnly: boolean;
  onShow(): void;
  onRename(title: string): void;
  onRemove(): void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const total = count?.total ?? 0;
  return (
    <div className="reason-row">
      {draft === null ? (
        <button
          type="button"
          className="reason-row__title link-button"
          aria-pressed={shown}
          title={shown ? 'Clear the highlight' : 'Highlight its cards on the canvas'}
          disabled={total === 0}
          onClick={onShow}
        >
          {reason.title}
        </button>
      ) : (
        <input
          aria-label={`Rename reason ${reason.title}`}
          value={draft}
          maxLength={200}
          // biome-ignore lint/a11y/noAutofocus: the person just asked to rename this reason
          autoFocus
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => {
            if (draft.trim() && draft !== reason.title) onRename(draft.trim());
            setDraft(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            if (e.key === 'Escape') setDraft(null);
          }}
        />
      )}
      <output
        className={`reason-row__count${total === 0 ? ' reason-row__count--zero' : ''}`}
        aria-label={`${reason.title}: ${count?.touchpoints ?? 0} touchpoints, ${count?.friction ?? 0} friction points`}
        title={`${count?.touchpoints ?? 0} touchpoints, ${count?.friction ?? 0} friction points`}
      >
        {total}
      </output>
      {!readOnly && draft === null && (
        <>
          <button
            type="button"
            className="button button--quiet"
            aria-label={`Rename ${reason.title}`}
            onClick={() => setDraft(reason.title)}
          >
            ✎
          </button>
          <button
            type="button"
            className="button button--quiet"
            aria-label={`Delete ${reason.title}`}
            onClick={onRemove}
          >
            ✕
          </button>
        </>
      )}
    </div>
  );
}

function NewReason({ label, onAdd }: { label: string; onAdd(title: string): void }) {
  const [title, setTitle] = useState('');
  return (
    <form
      className="reason-new"
      onSubmit={(event) => {
        event.preventDefault();
        if (!title.trim()) return;
        onAdd(title.trim());
        setTitle('');
      }}
    >
      <input
        aria-label={label}
        placeholder={label}
        value={title}
        maxLength={200}
        onChange={(e) => setTitle(e.target.value)}
      />
      <button type="submit" className="button" aria-label={`Add: ${label}`}>
        Add
      </button>
    </form>
  );
}
