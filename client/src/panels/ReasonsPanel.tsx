/**
 * Interaction reasons: why customers get in touch, as primary reasons with
 * secondary ones under them, and how many touchpoints and friction points of the
 * state on show carry each (cards are tagged in the card inspector). A reason's name
 * selects its cards on the canvas, so the room sees where it bites; a second click
 * lets them go. With contact data imported (#14), each reason shows its volume,
 * share and trend, above them the Pareto of primary reasons and the channel mix, and
 * below them the sources the numbers came from.
 */
import {
  type BoardSnapshot,
  countReasons,
  type InteractionReason,
  isFrictionCard,
  type ReasonCount,
  type ReasonStats,
  reasonVolumes,
} from '@journeyboard/shared';
import { periodLabel } from '@journeyboard/shared/evidence';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { EvidenceSources } from '../evidence/EvidenceSources.js';
import { ChannelMix, ParetoChart, PeriodBars } from '../evidence/ParetoChart.js';
import { mayEditCollection } from '../store/selectors.js';
import { CommandError, useCommit } from '../ui/fields.js';

const ImportEvidenceDialog = lazy(() =>
  import('../evidence/ImportEvidenceDialog.js').then((m) => ({ default: m.ImportEvidenceDialog })),
);

export interface ReasonsPanelProps {
  actions: BoardActions;
  boardId: string;
  token: string;
}

export function ReasonsPanel({ actions, boardId, token }: ReasonsPanelProps) {
  const { store } = actions;
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  const readOnly = useStore(store, (s) => !mayEditCollection(s, 'reasons'));
  const mayImport = useStore(store, (s) => mayEditCollection(s, 'sources'));
  const selected = useStore(store, (s) => s.selectedCardIds);
  const [importing, setImporting] = useState(false);
  const [error, commit] = useCommit();
  const counts = useMemo(
    () => (board && stateId ? countReasons(board, stateId) : new Map<string, ReasonCount>()),
    [board, stateId],
  );
  const volumes = useMemo(() => {
    if (!board) return null;
    const cards = new Map(board.cards.map((c) => [c.id, c]));
    return reasonVolumes(board, (id) => {
      const card = cards.get(id);
      return card ? isFrictionCard(card, board) : false;
    });
  }, [board]);
  if (!board || !volumes) return null;
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
      {mayImport && (
        <button type="button" className="button" onClick={() => setImporting(true)}>
          Import data…
        </button>
      )}
      {importing && (
        <Suspense fallback={null}>
          <ImportEvidenceDialog
            boardId={boardId}
            token={token}
            board={board}
            stateId={stateId}
            onClose={() => setImporting(false)}
          />
        </Suspense>
      )}
      <CommandError message={error} />
      {volumes.latest && (
        <section className="evidence-overview" aria-label="Contacts from data">
          <p>
            <strong>{`${volumes.total.toLocaleString('en')} contacts`}</strong>
            {` in ${periodLabel(volumes.latest)}`}
            {volumes.previous && <Trend stats={overallTrend(volumes.reasons)} />}
          </p>
          <ParetoChart bars={volumes.pareto} period={periodLabel(volumes.latest)} />
          <h3>Channel mix</h3>
          <ChannelMix channels={volumes.channels} />
          {volumes.health.length > 0 && (
            <ul className="taxonomy-health" aria-label="Taxonomy health">
              {volumes.health.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      {primaries.length === 0 && <p className="muted">No reasons yet.</p>}
      <ul className="reason-tree" aria-label="Reasons">
        {primaries.map((primary) => (
          <li key={primary.id}>
            <ReasonRow
              reason={primary}
              stats={volumes.latest ? volumes.byId.get(primary.id) : undefined}
              periods={volumes.periods}
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
                      stats={volumes.latest ? volumes.byId.get(secondary.id) : undefined}
                      periods={volumes.periods}
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
      {board.sources.length > 0 && <EvidenceSources actions={actions} readOnly={!mayImport} />}
    </section>
  );
}

/** All contacts' change between the two latest periods, as one reason's would read. */
function overallTrend(reasons: readonly ReasonStats[]): { trend: number | null } {
  let latest = 0;
  let previous = 0;
  for (const s of reasons) {
    if (s.reason.parentId !== null) continue;
    latest += s.latest;
    previous += s.previous ?? 0;
  }
  return { trend: previous > 0 ? (latest - previous) / previous : null };
}

/** "▲ 12 %" against the period before; rising contacts are bad news, so up is drawn in the warning colour. */
function Trend({ stats }: { stats: { trend: number | null } }) {
  if (stats.trend === null) return null;
  const percent = Math.round(stats.trend * 100);
  if (percent === 0) return <span className="reason-trend">{' ±0 %'}</span>;
  return (
    <span
      className={`reason-trend reason-trend--${percent > 0 ? 'up' : 'down'}`}
      title="Change since the period before"
    >
      {` ${percent > 0 ? '▲' : '▼'} ${Math.abs(percent)} %`}
    </span>
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
  stats,
  periods,
  count,
  shown,
  readOnly,
  onShow,
  onRename,
  onRemove,
}: {
  reason: InteractionReason;
  /** Its volumes, when the board has contact data. */
  stats?: ReasonStats | undefined;
  /** The periods the board has contacts for, oldest first. */
  periods: string[];
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
      {stats &&
        (stats.fromData ? (
          <output
            className="reason-volume"
            aria-label={`${reason.title}: ${stats.latest.toLocaleString('en')} contacts, ${Math.round(stats.share * 100)} %`}
          >
            {periods.length > 1 && (
              <PeriodBars
                periods={periods}
                values={periods.map((p) => stats.byPeriod.get(p) ?? 0)}
                title={reason.title}
              />
            )}
            {`${stats.latest.toLocaleString('en')} contacts`}
            <small>{` · ${Math.round(stats.share * 100)} % of all`}</small>
            <Trend stats={stats} />
          </output>
        ) : (
          <span className="reason-origin" title="No contact data: this reason was typed by hand">
            typed by hand, no contact data
          </span>
        ))}
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
