/**
 * A modal dialog over a dimmed page: named by its heading, closed by Escape or a press
 * outside (useDismiss), which also gives the focus back. Rendered on the page's body when
 * asked (`onBody`): inside the canvas, the viewport's transform would move a fixed backdrop
 * with the board.
 */
import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useDismiss } from './useDismiss.js';

interface Props {
  /** The id of the heading that names it. */
  labelledBy: string;
  describedBy?: string | undefined;
  /** An alertdialog asks before something that cannot be taken back. */
  role?: 'dialog' | 'alertdialog';
  className?: string;
  onBody?: boolean;
  onClose(): void;
  children: ReactNode;
}

export function Dialog({
  labelledBy,
  describedBy,
  role = 'dialog',
  className,
  onBody,
  onClose,
  children,
}: Props) {
  const box = useDismiss<HTMLDivElement>(true, onClose);
  // One element for both roles (biome cannot see that a role given as a value is a dialog's).
  const modal = { role, 'aria-modal': true, 'aria-labelledby': labelledBy, 'aria-describedby': describedBy };
  const dialog = (
    <div className="dialog-backdrop">
      <div ref={box} {...modal} className={className ? `dialog ${className}` : 'dialog'}>
        {children}
      </div>
    </div>
  );
  return onBody ? createPortal(dialog, document.body) : dialog;
}
