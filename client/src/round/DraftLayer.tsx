/**
 * This person's drafts on the canvas, in their cells under the cell's cards, drawn
 * in the canvas's viewport (so they pan and zoom with it) and marked as drafts only
 * they see. A double-click on a cell of the round makes a draft there instead of a
 * card: it is caught before the canvas hears of it; outside the round's cells the
 * canvas adds cards as usual.
 */
import { cellAt, GRID, layoutState } from '@journeyboard/shared';
import { useReactFlow, ViewportPortal } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import type { Announce } from '../ui/fields.js';
import { NoteEditor } from '../ui/NoteEditor.js';
import type { Draft } from './draftStore.js';
import { draftingRound, type RoundDrafts } from './roundDrafts.js';

/** Where a double-click is not on a cell (the canvas's own list, and the drafts themselves). */
const NOT_A_CELL =
  '.card, .stage-column__header, .lane-row__header, .react-flow__controls, .react-flow__minimap, .react-flow__panel, .draft-pile';

export function DraftLayer({ actions, round }: { actions: BoardActions; round: RoundDrafts }) {
  const { store } = actions;
  const board = useStore(store, (s) => s.board);
  const stateId = useStore(store, (s) => s.stateId);
  const drafts = useStore(round.view, (s) => s.drafts);
  const editingId = useStore(round.view, (s) => s.editingId);
  const saving = useStore(round.view, (s) => s.saving);
  const flow = useReactFlow();
  const layout = useMemo(() => (board && stateId ? layoutState(board, stateId) : null), [board, stateId]);

  useEffect(() => {
    if (!layout) return;
    const onDoubleClick = (event: MouseEvent) => {
      const target = event.target as Element | null;
      if (!target?.closest('.canvas .react-flow') || target.closest(NOT_A_CELL)) return;
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const hit = cellAt(layout, point.x, point.y);
      if (!hit || !round.draftsIn(hit)) return;
      // Caught on the way down, so the canvas never adds a card to the shared board.
      event.stopPropagation();
      event.preventDefault();
      round.add(hit);
    };
    window.addEventListener('dblclick', onDoubleClick, true);
    return () => window.removeEventListener('dblclick', onDoubleClick, true);
  }, [flow, layout, round]);

  const piles = useMemo(() => {
    if (!layout) return [];
    return layout.columns.flatMap((column) =>
      layout.rows.flatMap((row) => {
        const inCell = drafts.filter((d) => d.stageId === column.stage.id && d.laneId === row.lane.id);
        if (inCell.length === 0) return [];
        const cards = layout.cards.filter(
          (p) => p.card.stageId === column.stage.id && p.card.laneId === row.lane.id,
        ).length;
        return [
          {
            key: `${column.stage.id}|${row.lane.id}`,
            label: `Your drafts in ${column.stage.title}, ${row.lane.title}`,
            x: column.x + (GRID.stageWidth - GRID.cardWidth) / 2,
            y: row.y + GRID.cellPadding + cards * (GRID.cardHeight + GRID.cardGap),
            drafts: inCell,
          },
        ];
      }),
    );
  }, [layout, drafts]);

  // The round's cells, outlined for everyone (a round on any cell needs no outline).
  const scope = useMemo(() => {
    const current = draftingRound(board?.facilitation);
    if (!layout || !current || (!current.roundStageId && !current.roundLaneId)) return null;
    const column = layout.columns.find((c) => c.stage.id === current.roundStageId);
    const row = layout.rows.find((r) => r.lane.id === current.roundLaneId);
    if ((current.roundStageId && !column) || (current.roundLaneId && !row)) return null;
    const x = column?.x ?? GRID.laneHeaderWidth;
    const y = row?.y ?? GRID.headerHeight;
    return {
      x,
      y,
      width: column ? column.width : layout.width - x,
      height: row ? row.height : layout.height - y,
    };
  }, [board, layout]);

  if (piles.length === 0 && !scope) return null;
  return (
    <ViewportPortal>
      {scope && (
        <div
          className="round-scope"
          aria-hidden="true"
          style={{
            transform: `translate(${scope.x}px, ${scope.y}px)`,
            width: scope.width,
            height: scope.height,
          }}
        />
      )}
      {piles.map((pile) => (
        <section
          key={pile.key}
          className="draft-pile nodrag nopan nowheel"
          aria-label={pile.label}
          aria-busy={saving}
          style={{ transform: `translate(${pile.x}px, ${pile.y}px)`, width: GRID.cardWidth }}
        >
          {pile.drafts.map((draft) => (
            <DraftNote
              key={draft.id}
              draft={draft}
              editing={editingId === draft.id}
              round={round}
              announce={actions.announce}
            />
          ))}
        </section>
      ))}
    </ViewportPortal>
  );
}

function DraftNote({
  draft,
  editing,
  round,
  announce,
}: {
  draft: Draft;
  editing: boolean;
  round: RoundDrafts;
  announce: Announce;
}) {
  const finish = (value: string | null) => {
    round.edit(null);
    if (value === null) {
      // Escape on a new draft drops it, as on a new card; on a written one it keeps the text.
      if (draft.text === '') round.remove(draft.id);
    } else round.write(draft.id, value);
  };
  return (
    <article className="draft-note" aria-label={draft.text ? `Draft: ${draft.text}` : 'Empty draft'}>
      <header className="draft-note__tag">
        <span>Draft, only you see this</span>
        <button
          type="button"
          className="draft-note__remove"
          aria-label={`Remove draft ${draft.text}`.trim()}
          title="Remove draft"
          onClick={() => round.remove(draft.id)}
        >
          ×
        </button>
      </header>
      {editing ? (
        <NoteEditor
          text={draft.text}
          label="Draft text"
          className="draft-note__editor"
          announce={announce}
          onCommit={finish}
        />
      ) : (
        <button type="button" className="draft-note__text" onClick={() => round.edit(draft.id)}>
          {draft.text || <span className="draft-note__placeholder">Click to write</span>}
        </button>
      )}
    </article>
  );
}
