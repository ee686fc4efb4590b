/** Keyboard shortcuts as the registry writes them ('Ctrl+Shift+Z'), matched against a key press. */

/** The parts of a KeyboardEvent a shortcut reads (so tests can press keys without a DOM). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  /** Where the key was pressed, when it came from the DOM (a text field types the key instead). */
  target?: EventTarget | null;
}

/** Whether a key press is typing into a text field or a list, where keys are the person's words, not commands. */
export function isTypingInto(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as { tagName?: unknown }).tagName !== 'string') return false;
  const element = target as HTMLElement;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName) || element.isContentEditable;
}

export function matchesShortcut(shortcut: string | undefined, event: KeyPress): boolean {
  if (!shortcut) return false;
  const parts = shortcut.split('+');
  const key = parts.at(-1) as string;
  const wantsCtrl = parts.includes('Ctrl');
  const wantsShift = parts.includes('Shift');
  const wantsAlt = parts.includes('Alt');
  const ctrl = event.ctrlKey || event.metaKey;
  // '?' needs Shift on most layouts: it is matched by the character alone.
  if (key === '?') return event.key === '?' && !ctrl && !event.altKey;
  if (ctrl !== wantsCtrl || event.shiftKey !== wantsShift || event.altKey !== wantsAlt) return false;
  if (key === 'Delete') return event.key === 'Delete' || event.key === 'Backspace';
  return event.key.toLowerCase() === key.toLowerCase();
}
