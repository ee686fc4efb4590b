/**
 * How every dialog and popover behaves: Esc or a press outside it closes it, focus
 * moves into it when it opens (its first control, else the container) and goes
 * back to whatever opened it when it closes, unless the person has moved focus
 * elsewhere meanwhile (a press on another control keeps that control focused).
 * A modal dialog (aria-modal) also keeps Tab among its own controls.
 */
import { type RefObject, useLayoutEffect, useRef } from 'react';

const FOCUSABLE =
  'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** Tab from the last control goes to the first, Shift+Tab from the first to the last. */
function keepTabInside(container: HTMLElement, event: KeyboardEvent) {
  const controls = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  const now = document.activeElement;
  const leaving = event.shiftKey ? now === first || !container.contains(now) : now === last;
  if (!leaving) return;
  event.preventDefault();
  (event.shiftKey ? last : first).focus();
}

/**
 * `open`: whether the dialog is showing (pass true for one that mounts only while open).
 * Returns the ref to put on the dialog's own box (not its backdrop: a press on the
 * backdrop is outside). A press on the control that opened it is left to that
 * control, so a toggle button closes its popover rather than closing and reopening it.
 */
export function useDismiss<T extends HTMLElement>(open: boolean, onClose: () => void): RefObject<T | null> {
  const box = useRef<T | null>(null);
  // The latest onClose without re-running the effect (and so re-focusing) on every render.
  const close = useRef(onClose);
  close.current = onClose;

  // Before the first paint: a dialog whose code arrived in its own chunk is painted before
  // passive effects run, and a key pressed then (Esc, a letter) would reach the board's
  // shortcuts behind it instead of the dialog.
  useLayoutEffect(() => {
    if (!open) return;
    const container = box.current;
    if (!container) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = container.querySelector<HTMLElement>(FOCUSABLE);
    if (first) first.focus();
    else {
      if (!container.hasAttribute('tabindex')) container.tabIndex = -1;
      container.focus();
    }
    // A modal dialog keeps Tab inside it: the board behind it is out of reach until it closes.
    const modal = container.getAttribute('aria-modal') === 'true';
    // Capture on window: Esc closes this before the board's own shortcuts read it.
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Tab' && modal) keepTabInside(container, event);
      if (event.key !== 'Escape') return;
      event.stopPropagation();
      event.preventDefault();
      close.current();
    };
    const onPress = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (!target || container.contains(target) || opener?.contains(target)) return;
      close.current();
    };
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('pointerdown', onPress, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('pointerdown', onPress, true);
      const now = document.activeElement;
      const focusLeftWithIt = !now || now === document.body || container.contains(now);
      if (focusLeftWithIt && opener?.isConnected && opener !== document.body) opener.focus();
    };
  }, [open]);

  return box;
}
