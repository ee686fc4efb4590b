/**
 * The structure lock beside the board's title: a toggle for those the write rules let
 * lock it (facilitators and owners), and for everyone else, while it is on, a badge
 * saying why the stages and lanes no longer offer to change.
 */
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';

const LOCK = 'lock-structure';

function LockIcon({ closed }: { closed: boolean }) {
  return (
    <svg className="lock-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path
        d={closed ? 'M5 7V5a3 3 0 0 1 6 0v2' : 'M5 7V5a3 3 0 0 1 5.8-1'}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
    </svg>
  );
}

export function StructureLock({ actions }: { actions: BoardActions }) {
  const { store } = actions;
  const locked = useStore(store, (s) => s.board?.facilitation.structureLocked ?? false);
  const mayToggle = useStore(store, (s) => actions.offered(s).some((action) => action.id === LOCK));
  if (mayToggle) {
    return (
      <button
        type="button"
        className={`lock-toggle${locked ? ' lock-toggle--on' : ''}`}
        aria-pressed={locked}
        title={
          locked
            ? 'Stages and lanes are locked for editors: press to unlock'
            : 'Keep editors from changing stages and lanes during the workshop'
        }
        onClick={() => actions.run(LOCK)}
      >
        <LockIcon closed={locked} />
        Lock structure
      </button>
    );
  }
  if (!locked) return null;
  return (
    <span
      className="badge badge--locked"
      title="Stages and lanes stay as they are until a facilitator unlocks them"
    >
      <LockIcon closed />
      Structure locked
    </span>
  );
}
