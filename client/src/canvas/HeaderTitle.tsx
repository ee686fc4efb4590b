/**
 * A stage or lane title that its editors rename in place, with move and delete buttons
 * beside it. Deleting one that holds cards asks first, naming what goes.
 */
import { useStore as useFlowStore } from '@xyflow/react';
import { type CSSProperties, type ReactNode, useState } from 'react';
import { KEPT_AS_VERSION } from '../sync/versions.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';

interface Props {
  kind: 'stage' | 'lane';
  title: string;
  readOnly: boolean;
  onRename(title: string): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
  /** Cards in this stage or lane: they go with it. */
  cardCount: number;
  /** Shown after the tools for everyone, viewers included (the header's comments button). */
  children?: ReactNode;
}

export function HeaderTitle({
  kind,
  title,
  readOnly,
  onRename,
  onMove,
  onRemove,
  cardCount,
  children,
}: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // The tools stay 24 px on screen however far the board is zoomed out (see canvas.css).
  const zoom = useFlowStore((flow) => flow.transform[2]);
  const [back, forward] = kind === 'stage' ? ['left', 'right'] : ['up', 'down'];
  if (draft !== null) {
    const commit = () => {
      const next = draft.trim();
      setDraft(null);
      if (next && next !== title) onRename(next);
    };
    return (
      <input
        className="header-title__input nodrag"
        aria-label={`Rename ${kind} ${title}`}
        value={draft}
        maxLength={200}
        // biome-ignore lint/a11y/noAutofocus: the person just asked to rename this header
        autoFocus
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(null);
        }}
      />
    );
  }
  return (
    <div className="header-title">
      <span className="header-title__text">{title}</span>
      {!readOnly && (
        <span className="header-title__tools" style={{ '--zoom': zoom } as CSSProperties}>
          <button type="button" aria-label={`Rename ${kind} ${title}`} onClick={() => setDraft(title)}>
            ✎
          </button>
          <button type="button" aria-label={`Move ${kind} ${title} ${back}`} onClick={() => onMove(-1)}>
            {kind === 'stage' ? '←' : '↑'}
          </button>
          <button type="button" aria-label={`Move ${kind} ${title} ${forward}`} onClick={() => onMove(1)}>
            {kind === 'stage' ? '→' : '↓'}
          </button>
          <button
            type="button"
            aria-label={`Delete ${kind} ${title}`}
            onClick={() => (cardCount > 0 ? setConfirming(true) : onRemove())}
          >
            ✕
          </button>
        </span>
      )}
      {confirming && (
        <ConfirmDialog
          question={`Remove ${kind} “${title}” and its ${cardCount === 1 ? '1 card' : `${cardCount} cards`}?`}
          detail={`They go for everyone on the board. ${KEPT_AS_VERSION}`}
          confirmLabel={`Remove ${kind}`}
          danger
          onConfirm={() => {
            setConfirming(false);
            onRemove();
          }}
          onCancel={() => setConfirming(false)}
        />
      )}
      {children}
    </div>
  );
}
