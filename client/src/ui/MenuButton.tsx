/**
 * A menu behind a button, as the ARIA menu-button pattern has it: the button says it
 * opens a menu and whether it is open; Enter, Space or Arrow Down open it on its first
 * item, Arrow Up on its last; arrows, Home and End move among the items; Escape, a
 * press outside or Tab close it, and focus returns to the button (ui/useDismiss.ts).
 */
import { type KeyboardEvent, type ReactNode, useEffect, useState } from 'react';
import type { IconName } from './icons.js';
import { ariaShortcut, ToolButton } from './ToolButton.js';
import { useDismiss } from './useDismiss.js';

export interface MenuEntry {
  key: string;
  label: string;
  shortcut?: string;
  /** A toggle (a panel, an overlay): a checkbox item, checked while it is on. */
  checked?: boolean;
  disabled?: boolean;
  run(): void;
  /** Follows the label (an unread count). */
  extra?: ReactNode;
}

const ITEMS = '[role^="menuitem"]:not([disabled])';

export function MenuButton({
  label,
  icon,
  entries,
}: {
  label: string;
  icon: IconName;
  entries: MenuEntry[];
}) {
  const [open, setOpen] = useState(false);
  const [startAt, setStartAt] = useState<'first' | 'last'>('first');
  const menu = useDismiss<HTMLDivElement>(open, () => setOpen(false));
  // useDismiss focuses the first item; Arrow Up on the button asks for the last.
  useEffect(() => {
    if (open && startAt === 'last')
      [...(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])].at(-1)?.focus();
  }, [open, startAt, menu]);

  const openAt = (where: 'first' | 'last') => {
    setStartAt(where);
    setOpen(true);
  };
  const onButtonKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    openAt(event.key === 'ArrowDown' ? 'first' : 'last');
  };
  const onMenuKey = (event: KeyboardEvent) => {
    if (event.key === 'Tab') return setOpen(false);
    const items = [...(menu.current?.querySelectorAll<HTMLElement>(ITEMS) ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
    if (to === undefined || items.length === 0) return;
    event.preventDefault();
    items[(to + items.length) % items.length]?.focus();
  };

  return (
    <div className="menu-button">
      <ToolButton
        icon={icon}
        label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        onKeyDown={onButtonKey}
        onClick={() => (open ? setOpen(false) : openAt('first'))}
      />
      {open && (
        <div ref={menu} className="popover menu" role="menu" aria-label={label} onKeyDown={onMenuKey}>
          {entries.map((entry) => {
            const press = () => {
              setOpen(false);
              entry.run();
            };
            const inside = (
              <>
                <span className="menu__check" aria-hidden="true">
                  {entry.checked ? '✓' : ''}
                </span>
                <span className="menu__label">
                  {entry.label}
                  {entry.extra}
                </span>
                {entry.shortcut && (
                  <span className="menu__keys" aria-hidden="true">
                    {entry.shortcut}
                  </span>
                )}
              </>
            );
            const common = {
              type: 'button' as const,
              className: 'menu__item',
              tabIndex: -1,
              disabled: entry.disabled,
              'aria-keyshortcuts': entry.shortcut ? ariaShortcut(entry.shortcut) : undefined,
              onClick: press,
            };
            return entry.checked === undefined ? (
              <button key={entry.key} role="menuitem" {...common}>
                {inside}
              </button>
            ) : (
              <button key={entry.key} role="menuitemcheckbox" aria-checked={entry.checked} {...common}>
                {inside}
              </button>
            );
          })}
        </div>
      )}
    </div>
  );
}
