/**
 * The structure lock: a toggle in the toolbar's workshop group for those the write
 * rules let lock it (facilitators and owners), and for everyone else, while it is on,
 * a badge beside the title saying why the stages and lanes no longer offer to change.
 */
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { ToolButton } from '../ui/ToolButton.js';

const LOCK = 'lock-structure';

function LockIcon() {
  return (
    <svg className="lock-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
      <path
        d="M5 7V5a3 3 0 0 1 6 0v2"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
      />
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
    </svg>
  );
}

/** The lock as a toolbar toggle, for those the write rules let lock the structure. */
export function StructureLockToggle({ actions }: { actions: BoardActions }) {
  const locked = useStore(actions.store, (s) => s.board?.facilitation.structureLocked ?? false);
  const mayToggle = useStore(actions.store, (s) => actions.offered(s).some((action) => action.id === LOCK));
  if (!mayToggle) return null;
  return (
    <ToolButton
      icon="lock"
      label="Lock structure"
      className="lock-toggle"
      aria-pressed={locked}
      onClick={() => actions.run(LOCK)}
    />
  );
}

/** For everyone else, while the lock is on: a badge beside the title saying why stages and lanes stay put. */
export function StructureLock({ actions }: { actions: BoardActions }) {
  const locked = useStore(actions.store, (s) => s.board?.facilitation.structureLocked ?? false);
  const mayToggle = useStore(actions.store, (s) => actions.offered(s).some((action) => action.id === LOCK));
  if (!locked || mayToggle) return null;
  return (
    <span
      className="badge badge--locked"
      title="Stages and lanes stay as they are until a facilitator unlocks them"
    >
      <LockIcon />
      Structure locked
    </span>
  );
}
