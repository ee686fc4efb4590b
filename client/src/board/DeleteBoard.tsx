/**
 * The owner's way to delete the board, at the foot of the Share dialog: typing the
 * board's title arms the button (a slip of the mouse deletes nothing), then
 * `DELETE /api/boards/:id` ends it for everyone and this browser forgets it and
 * returns to the start page.
 */
import { useState } from 'react';
import { forgetBoard } from '../store/recentBoards.js';

export function DeleteBoard({ boardId, token, title }: { boardId: string; token: string; title: string }) {
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [deleting, setDeleting] = useState(false);
  if (!asking)
    return (
      <div className="delete-board">
        <button type="button" className="button button--quiet" onClick={() => setAsking(true)}>
          Delete board…
        </button>
      </div>
    );
  const confirmed = typed.trim() === title.trim();
  async function remove() {
    setDeleting(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      forgetBoard(boardId);
      location.assign('/');
    } catch (reason) {
      setProblem(`The board was not deleted: ${reason instanceof Error ? reason.message : String(reason)}`);
      setDeleting(false);
    }
  }
  return (
    <div className="delete-board delete-board--asking">
      <label htmlFor="delete-board-title">
        Deleting ends this board for everyone and stops every link. Type its title, “{title}”, to confirm.
      </label>
      <div className="delete-board__row">
        <input
          id="delete-board-title"
          value={typed}
          maxLength={200}
          autoComplete="off"
          onChange={(event) => setTyped(event.target.value)}
        />
        <button
          type="button"
          className="button button--danger"
          disabled={!confirmed || deleting}
          onClick={() => void remove()}
        >
          {deleting ? 'Deleting…' : 'Delete board'}
        </button>
      </div>
      {problem && <p role="alert">{problem}</p>}
    </div>
  );
}
