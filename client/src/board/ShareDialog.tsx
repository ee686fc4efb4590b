/**
 * The share dialog: one link per role the person may hand out, most powerful first,
 * each with a line saying what it lets its holder do and a copy button.
 */
import { ROLE_DESCRIPTIONS, ROLES } from '@journeyboard/shared';
import { useState } from 'react';
import { Dialog } from '../ui/Dialog.js';
import { DeleteBoard } from './DeleteBoard.js';

export interface Props {
  links: Record<string, string>;
  /** Given to owners only: the board they may delete from here. */
  deletion?: { boardId: string; token: string; title: string } | undefined;
  onClose(): void;
}

export function ShareDialog({ links, deletion, onClose }: Props) {
  const [copied, setCopied] = useState<string | null>(null);
  // In ROLES order whatever order the server listed them in; a link for a role this app does not know is not shown.
  const shown = ROLES.flatMap((role) => (links[role] ? [{ role, link: links[role] }] : []));
  return (
    <Dialog labelledBy="share-title" className="share-dialog" onClose={onClose}>
      <h2 id="share-title">Share this board</h2>
      {shown.map(({ role, link }) => (
        <div key={role} className="share-row">
          <label htmlFor={`share-${role}`} className="share-row__role">
            {`${role[0]?.toUpperCase()}${role.slice(1)}`}
          </label>
          <p id={`share-${role}-about`} className="share-row__about">
            {ROLE_DESCRIPTIONS[role]}
          </p>
          <div className="share-row__field">
            <input
              id={`share-${role}`}
              readOnly
              value={link}
              aria-describedby={`share-${role}-about`}
              onFocus={(event) => event.target.select()}
            />
            <button
              type="button"
              className="button"
              aria-label={`Copy ${role} link`}
              onClick={() => {
                void navigator.clipboard?.writeText(link).then(() => setCopied(role));
              }}
            >
              {copied === role ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      ))}
      <button type="button" className="button button--primary" onClick={onClose}>
        Done
      </button>
      {deletion && <DeleteBoard {...deletion} />}
    </Dialog>
  );
}
