/**
 * Asks before a removal that takes much with it (a stage or lane and its cards). Cancel
 * comes first and has the focus, so Enter, Esc or a press outside keep everything.
 * Rendered on the page's body: inside the canvas, the viewport's transform would
 * move a fixed backdrop with the board.
 */
import { createPortal } from 'react-dom';
import { useDismiss } from './useDismiss.js';

interface Props {
  /** The question, naming what goes: "Remove stage ‘Delivery’ and its 31 cards?" */
  question: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ question, confirmLabel, onConfirm, onCancel }: Props) {
  const box = useDismiss<HTMLDivElement>(true, onCancel);
  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={box}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-question"
        className="dialog"
      >
        <h2 id="confirm-question">{question}</h2>
        <div className="button-row dialog__actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="button button--primary" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
