/**
 * The private writing round on the board page: this person's drafts (kept in this
 * browser) and the round's banner over the canvas. Mounted inside the canvas's
 * ReactFlowProvider, beside the canvas: it draws into the canvas's own layers and
 * leaves the canvas's code alone. Other notices over the canvas (a dot vote opening)
 * come in as children and stack under the round's banner instead of covering it.
 */
import { Panel, useStore as useFlowStore } from '@xyflow/react';
import { type ReactNode, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { BoardActions } from '../actions/dispatch.js';
import { participantId } from '../sync/presence.js';
import { DraftLayer } from './DraftLayer.js';
import { browserDraftStore } from './draftStore.js';
import { RoundBanner } from './RoundBanner.js';
import { createRoundDrafts, type RoundDrafts } from './roundDrafts.js';
import './round.css';

export function PrivateRound({ actions, children }: { actions: BoardActions; children?: ReactNode }) {
  const [round, setRound] = useState<RoundDrafts | null>(null);
  const flowElement = useFlowStore((s) => s.domNode);
  useEffect(() => {
    const created = createRoundDrafts(
      actions,
      browserDraftStore(actions.link.boardId),
      // This browser's own id: drafts written before an identity was minted are still this person's.
      participantId(),
    );
    setRound(created);
    // "Add card" and its shortcut draft too, as a double-click in the round's cells does.
    actions.store.setState({ draftNote: (cell) => created.add(cell)?.id ?? null });
    return () => {
      actions.store.setState({ draftNote: null });
      created.dispose();
    };
  }, [actions]);
  if (!round || !flowElement) return null;
  return (
    <>
      <DraftLayer actions={actions} round={round} />
      {createPortal(
        <Panel position="top-center" className="round-panel">
          <RoundBanner actions={actions} round={round} />
          {children}
        </Panel>,
        flowElement,
      )}
    </>
  );
}
