/**
 * The board's title in the header. Its owner renames it in place: a click turns it
 * into a field, Enter saves through `PATCH /api/boards/:id` (everyone in the room
 * sees the new title live, through the board's meta), Escape leaves it as it was.
 */
import { useState } from 'react';

/** The longest title the server takes. */
const TITLE_MAX = 200;

interface Props {
  boardId: string;
  token: string;
  title: string;
  /** Only an owner may rename (the server answers 403 to anyone else). */
  mayRename: boolean;
  onProblem(text: string): void;
}

export async function renameBoard(boardId: string, token: string, title: string): Promise<void> {
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ title }),
  });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
}

export function BoardTitle({ boardId, token, title, mayRename, onProblem }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (!mayRename)
    return (
      <h1 className="board-header__title" title={title}>
        {title}
      </h1>
    );
  if (draft !== null) {
    const save = () => {
      const next = draft.trim();
      setDraft(null);
      if (!next || next === title) return;
      setSaving(true);
      renameBoard(boardId, token, next)
        .catch((reason: unknown) =>
          onProblem(
            `the board was not renamed: ${reason instanceof Error ? reason.message : String(reason)}`,
          ),
        )
        .finally(() => setSaving(false));
    };
    return (
      <input
        className="board-header__title-input"
        aria-label="Board title"
        value={draft}
        maxLength={TITLE_MAX}
        // biome-ignore lint/a11y/noAutofocus: the owner just asked to rename the board
        autoFocus
        onFocus={(event) => event.target.select()}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={save}
        onKeyDown={(event) => {
          if (event.key === 'Enter') save();
          if (event.key === 'Escape') setDraft(null);
        }}
      />
    );
  }
  return (
    <h1 className="board-header__title" title={title}>
      <button
        type="button"
        className="board-header__title-button"
        title={`${title}: press to rename the board`}
        aria-label={`Rename board ${title}`}
        disabled={saving}
        onClick={() => setDraft(title)}
      >
        {title}
      </button>
    </h1>
  );
}
