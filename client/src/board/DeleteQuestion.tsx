/**
 * Deleting more than MANY_CARDS cards at once asks first (the Delete key or button
 * only raises the question, see the `delete` action): they go for everyone, and a
 * slip of a lasso selection should not take a stage's worth of work. The server
 * keeps the board as an automatic version before they go, which the answer says.
 */
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { KEPT_AS_VERSION } from '../sync/versions.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';

export function DeleteQuestion({ actions }: { actions: BoardActions }) {
  const { store } = actions;
  const asking = useStore(store, (s) => s.confirmingDelete);
  const cards = useStore(store, (s) => s.selectedCardIds.length);
  if (!asking) return null;
  return (
    <ConfirmDialog
      question={`Delete ${cards} cards?`}
      detail={`They go for everyone on the board. ${KEPT_AS_VERSION}`}
      confirmLabel="Delete cards"
      danger
      onConfirm={() => {
        const { selectedCardIds, selectedEdgeIds } = store.getState();
        store.setState({ confirmingDelete: false });
        const outcome = actions.edit('deleteSelection', {
          cardIds: selectedCardIds,
          edgeIds: selectedEdgeIds,
        });
        if (outcome.ok) store.setState({ selectedCardIds: [], selectedEdgeIds: [] });
      }}
      onCancel={() => store.setState({ confirmingDelete: false })}
    />
  );
}
