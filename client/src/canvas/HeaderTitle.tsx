/** A stage or lane title that its editors rename in place, with move and delete buttons beside it. */
import { type ReactNode, useState } from 'react';

interface Props {
  kind: 'stage' | 'lane';
  title: string;
  readOnly: boolean;
  onRename(title: string): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
  /** Shown after the tools for everyone, viewers included (the header's comments button). */
  children?: ReactNode;
}

export function HeaderTitle({ kind, title, readOnly, onRename, onMove, onRemove, children }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
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
        <span className="header-title__tools">
          <button type="button" aria-label={`Rename ${kind} ${title}`} onClick={() => setDraft(title)}>
            ✎
          </button>
          <button type="button" aria-label={`Move ${kind} ${title} ${back}`} onClick={() => onMove(-1)}>
            {kind === 'stage' ? '←' : '↑'}
          </button>
          <button type="button" aria-label={`Move ${kind} ${title} ${forward}`} onClick={() => onMove(1)}>
            {kind === 'stage' ? '→' : '↓'}
          </button>
          <button type="button" aria-label={`Delete ${kind} ${title}`} onClick={onRemove}>
            ✕
          </button>
        </span>
      )}
      {children}
    </div>
  );
}
