/**
 * The board's versions: anyone lists and previews them, editors and above save a
 * named one, the owner restores one for everyone (after a question; the server keeps
 * the board as it was as an automatic version first, so a restore can be undone) and
 * deletes one (the named versions' quota is full until an owner does).
 * Automatic versions, which the server keeps before a stage, lane, state or many
 * cards go, are marked as such. The list is read again when this person saves or
 * restores, when the board loses something (an automatic version may just have been
 * kept), and every little while.
 */
import { atLeast, type BoardSnapshot } from '@journeyboard/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import {
  type BoardVersion,
  deleteVersion,
  listVersions,
  restoreVersion,
  saveVersion,
  VERSION_NAME_MAX,
  versionBoard,
} from '../sync/versions.js';
import { ConfirmDialog } from '../ui/ConfirmDialog.js';

/** How often an open panel reads the list again, for versions others saved. */
const REFRESH_MS = 15_000;
/** After the board loses something, the server's automatic version is written: read the list a moment later. */
const AFTER_REMOVAL_MS = 800;

export interface Props {
  actions: BoardActions;
  boardId: string;
  token: string;
}

const message = (reason: unknown) => (reason instanceof Error ? reason.message : String(reason));

function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

const when = (at: number) =>
  new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** How much the board holds: what falls when something is removed. */
const heldBy = (board: BoardSnapshot | null) =>
  board ? board.states.length + board.stages.length + board.lanes.length + board.cards.length : 0;

export function VersionsPanel({ actions, boardId, token }: Props) {
  const role = useStore(actions.store, (s) => s.role);
  const held = useStore(actions.store, (s) => heldBy(s.board));
  const [versions, setVersions] = useState<BoardVersion[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [previewing, setPreviewing] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<BoardVersion | null>(null);
  const [deleting, setDeleting] = useState<BoardVersion | null>(null);

  const refresh = useCallback(
    () =>
      listVersions(boardId, token).then(setVersions, (reason: unknown) =>
        setProblem(`The versions could not be read: ${message(reason)}`),
      ),
    [boardId, token],
  );
  useEffect(() => {
    void refresh();
    const every = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(every);
  }, [refresh]);
  const heldBefore = useRef(held);
  useEffect(() => {
    const fell = held < heldBefore.current;
    heldBefore.current = held;
    if (!fell) return;
    const later = setTimeout(() => void refresh(), AFTER_REMOVAL_MS);
    return () => clearTimeout(later);
  }, [held, refresh]);

  async function save() {
    const trimmed = name.trim();
    if (!trimmed) return;
    setBusy(true);
    setProblem(null);
    try {
      await saveVersion(boardId, token, trimmed);
      setName('');
      await refresh();
    } catch (reason) {
      setProblem(`The version was not saved: ${message(reason)}`);
    } finally {
      setBusy(false);
    }
  }

  async function restore(version: BoardVersion) {
    setRestoring(null);
    setBusy(true);
    setProblem(null);
    try {
      await restoreVersion(boardId, token, version.id);
      actions.store.setState({ notice: { text: `restored “${version.name}” for everyone`, at: Date.now() } });
      await refresh();
    } catch (reason) {
      setProblem(`The version was not restored: ${message(reason)}`);
    } finally {
      setBusy(false);
    }
  }

  async function remove(version: BoardVersion) {
    setDeleting(null);
    setBusy(true);
    setProblem(null);
    try {
      await deleteVersion(boardId, token, version.id);
      if (previewing === version.id) setPreviewing(null);
      await refresh();
    } catch (reason) {
      setProblem(`The version was not deleted: ${message(reason)}`);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="inspector versions" aria-label="Versions">
      <h2>Versions</h2>
      <p className="muted">
        Named versions keep the board as it was. Before a stage, lane, state or many cards are removed, and
        before a restore, the board is kept automatically.
      </p>
      {atLeast(role, 'editor') && (
        <form
          className="versions__save"
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <input
            aria-label="Version name"
            className="versions__name"
            placeholder="Name this version"
            value={name}
            maxLength={VERSION_NAME_MAX}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={busy || !name.trim()}>
            Save version
          </button>
        </form>
      )}
      {problem && (
        <p role="alert" className="inspector__note">
          {problem}
        </p>
      )}
      {versions?.length === 0 && <p className="muted">No versions yet.</p>}
      <ul className="versions__list" aria-label="Saved versions">
        {versions?.map((version) => (
          <li key={version.id} className={`version${version.automatic ? ' version--automatic' : ''}`}>
            <div className="version__head">
              <span className="version__name">{version.name}</span>
              {version.automatic && <span className="version__kind">Automatic</span>}
            </div>
            <div className="version__meta">
              <time dateTime={new Date(version.createdAt).toISOString()}>{when(version.createdAt)}</time>
              <span aria-hidden="true"> · </span>
              <span>{size(version.bytes)}</span>
            </div>
            <div className="button-row version__actions">
              <button
                type="button"
                className="button"
                aria-pressed={previewing === version.id}
                aria-label={`Preview ${version.name}`}
                onClick={() => setPreviewing(previewing === version.id ? null : version.id)}
              >
                Preview
              </button>
              {role === 'owner' && (
                <button
                  type="button"
                  className="button"
                  aria-label={`Restore ${version.name}`}
                  disabled={busy}
                  onClick={() => setRestoring(version)}
                >
                  Restore…
                </button>
              )}
              {role === 'owner' && (
                <button
                  type="button"
                  className="button button--quiet"
                  aria-label={`Delete ${version.name}`}
                  disabled={busy}
                  onClick={() => setDeleting(version)}
                >
                  Delete…
                </button>
              )}
            </div>
            {previewing === version.id && (
              <VersionPreview actions={actions} boardId={boardId} token={token} version={version} />
            )}
          </li>
        ))}
      </ul>
      {restoring && (
        <ConfirmDialog
          question={`Restore “${restoring.name}” for everyone?`}
          detail={`The board returns to how it was on ${when(restoring.createdAt)}, for everyone at once. The board as it is now is kept as an automatic version, so this can be undone.`}
          confirmLabel="Restore"
          danger
          onConfirm={() => void restore(restoring)}
          onCancel={() => setRestoring(null)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          question={`Delete version “${deleting.name}”?`}
          detail="It goes for everyone; the board itself does not change."
          confirmLabel="Delete version"
          danger
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </section>
  );
}

const counted = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

const totals = (board: BoardSnapshot) =>
  `${counted(board.stages.length, 'stage')} · ${counted(board.lanes.length, 'lane')} · ${counted(board.cards.length, 'card')}`;

/** What a version holds, read only, beside the board now: each state's stages and their cards. */
function VersionPreview({ actions, boardId, token, version }: Props & { version: BoardVersion }) {
  const now = useStore(actions.store, (s) => s.board);
  const [board, setBoard] = useState<BoardSnapshot | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    versionBoard(boardId, token, version.id).then(
      (read) => current && setBoard(read),
      (reason: unknown) => current && setProblem(`The preview could not be read: ${message(reason)}`),
    );
    return () => {
      current = false;
    };
  }, [boardId, token, version.id]);
  if (problem) return <p role="alert">{problem}</p>;
  if (!board) return <p className="muted">Reading the version…</p>;
  const stagesNow = new Set(now?.stages.map((stage) => stage.id));
  return (
    <section className="version-preview" aria-label={`Preview of ${version.name}`}>
      <p className="version-preview__totals">
        {totals(board)}
        {now && <span className="muted"> (now {totals(now)})</span>}
      </p>
      {board.states.map((state) => (
        <div key={state.id}>
          {board.states.length > 1 && <h3>{state.title}</h3>}
          <ul className="version-preview__stages">
            {board.stages
              .filter((stage) => stage.stateId === state.id)
              .map((stage) => (
                <li key={stage.id} className={stagesNow.has(stage.id) ? undefined : 'version-preview__gone'}>
                  <span className="version-preview__stage">{stage.title}</span>
                  <span className="muted">
                    {counted(board.cards.filter((card) => card.stageId === stage.id).length, 'card')}
                  </span>
                  {!stagesNow.has(stage.id) && (
                    <span className="version-preview__tag">not on the board now</span>
                  )}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
