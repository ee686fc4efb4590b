/**
 * Asks before a removal that takes much with it (a stage or lane and its cards). Cancel
 * comes first and has the focus, so Enter, Esc or a press outside keep everything.
 * Rendered on the page's body: inside the canvas, the viewport's transform would
 * move a fixed backdrop with the board.
 */
import { Dialog } from './Dialog.js';

interface Props {
  /** The question, naming what goes: "Remove stage ‘Delivery’ and its 31 cards?" */
  question: string;
  /** What else goes with it, when the question cannot say it all. */
  detail?: string;
  confirmLabel: string;
  /** The confirm button warns: what it removes goes for everyone (an owner can bring it back from a version). */
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmDialog({ question, detail, confirmLabel, danger, onConfirm, onCancel }: Props) {
  return (
    <Dialog
      role="alertdialog"
      labelledBy="confirm-question"
      describedBy={detail ? 'confirm-detail' : undefined}
      onBody
      onClose={onCancel}
    >
      <h2 id="confirm-question">{question}</h2>
      {detail && <p id="confirm-detail">{detail}</p>}
      <div className="button-row dialog__actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className={`button ${danger ? 'button--danger' : 'button--primary'}`}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
