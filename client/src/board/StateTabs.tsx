/**
 * The journey's states as tabs. Those the write rules let rename a state do it in
 * place (double-click the tab, or its ✎); a future state can be deleted, after a
 * confirmation, by those who may; the current state never can.
 */
import { useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { commandRefused } from '../store/selectors.js';
import { KEPT_AS_VERSION } from '../sync/versions.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';

/** The longest state title the board takes. */
const TITLE_MAX = 200;

export function StateTabs({ actions }: { actions: BoardActions }) {
  const { store } = actions;
  const state = useStore(store);
  const [renaming, setRenaming] = useState<{ id: string; draft: string } | null>(null);
  const [deleting, setDeleting] = useState<{ id: string; title: string } | null>(null);
  const journeyStates = state.board?.states ?? [];
  const mayRename = (id: string, title: string) =>
    commandRefused(state, 'renameState', { id, title }) === null;
  const mayDelete = (id: string, kind: string) =>
    kind !== 'current' && commandRefused(state, 'removeState', { id }) === null;
  const save = () => {
    if (!renaming) return;
    const title = renaming.draft.trim();
    const before = journeyStates.find((s) => s.id === renaming.id)?.title;
    setRenaming(null);
    if (title && title !== before) actions.edit('renameState', { id: renaming.id, title });
  };
  return (
    <div role="tablist" aria-label="Journey states" className="tabs">
      {journeyStates.map((s) => {
        if (renaming?.id === s.id)
          return (
            <input
              key={s.id}
              className="tab__input"
              aria-label={`Rename state ${s.title}`}
              value={renaming.draft}
              maxLength={TITLE_MAX}
              // biome-ignore lint/a11y/noAutofocus: the person just asked to rename this state
              autoFocus
              onFocus={(event) => event.target.select()}
              onChange={(event) => setRenaming({ id: s.id, draft: event.target.value })}
              onBlur={save}
              onKeyDown={(event) => {
                if (event.key === 'Enter') save();
                if (event.key === 'Escape') setRenaming(null);
              }}
            />
          );
        const selected = s.id === state.stateId;
        const renamable = mayRename(s.id, s.title);
        return (
          <span key={s.id} className="tab__group">
            <button
              type="button"
              role="tab"
              aria-selected={selected}
              className="tab"
              // A long state name is cut in the header; the whole of it shows on hover.
              title={s.title}
              onClick={() =>
                store.setState({ stateId: s.id, selectedCardIds: [], editingCardId: null, comparing: false })
              }
              onDoubleClick={() => {
                if (renamable) setRenaming({ id: s.id, draft: s.title });
              }}
            >
              {s.title}
            </button>
            {/* Tools only beside the tab on show: a row of states stays a row of names. */}
            {selected && renamable && (
              <button
                type="button"
                className="tab__tool"
                aria-label={`Rename state ${s.title}`}
                onClick={() => setRenaming({ id: s.id, draft: s.title })}
              >
                ✎
              </button>
            )}
            {selected && mayDelete(s.id, s.kind) && (
              <button
                type="button"
                className="tab__tool"
                aria-label={`Delete state ${s.title}`}
                onClick={() => setDeleting({ id: s.id, title: s.title })}
              >
                ✕
              </button>
            )}
          </span>
        );
      })}
      {deleting && (
        <ConfirmDialog
          question={`Delete state “${deleting.title}”?`}
          detail={`Its stages, lanes and cards go with it for everyone on the board. ${KEPT_AS_VERSION}`}
          confirmLabel="Delete state"
          danger
          onConfirm={() => {
            setDeleting(null);
            actions.edit('removeState', { id: deleting.id });
          }}
          onCancel={() => setDeleting(null)}
        />
      )}
    </div>
  );
}
