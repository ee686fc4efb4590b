/**
 * A toolbar button: an icon, its label (shown always, only on wide screens, or never,
 * but always its accessible name), and a tooltip with the label and keyboard shortcut
 * that shows on hover and on keyboard focus.
 */
import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Icon, type IconName } from './icons.js';

/** When the label shows beside the icon; hidden, it stays the button's name and its tooltip. */
export type LabelShown = 'always' | 'wide' | 'never';

interface ToolButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  icon?: IconName;
  label: string;
  /** Written like the registry's shortcuts: 'Ctrl+Shift+Z', 'N'. */
  shortcut?: string;
  show?: LabelShown;
  /** Follows the label in the name (an unread count). */
  children?: ReactNode;
}

/** The registry's 'Ctrl+Z' as aria-keyshortcuts wants it: 'Control+Z'. */
export const ariaShortcut = (shortcut: string) => shortcut.replace(/\bCtrl\b/g, 'Control');

export function ToolButton({
  icon,
  label,
  shortcut,
  show = 'never',
  children,
  className,
  ...button
}: ToolButtonProps) {
  return (
    <button
      type="button"
      {...button}
      className={`tool tool--label-${show}${className ? ` ${className}` : ''}`}
      aria-keyshortcuts={shortcut ? ariaShortcut(shortcut) : undefined}
      data-tip={shortcut ? `${label} · ${shortcut}` : label}
    >
      {icon && <Icon name={icon} />}
      <span className="tool__label">{label}</span>
      {children}
    </button>
  );
}
