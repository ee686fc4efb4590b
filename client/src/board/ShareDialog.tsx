/** The share dialog: one link per role the person may hand out, each with a copy button. */
import { isRole, ROLE_DESCRIPTIONS, type Role } from '@journeyboard/shared';
import { useState } from 'react';

function roleText(role: string): string {
  if (!isRole(role)) return role;
  return `${role[0]?.toUpperCase()}${role.slice(1)}: ${ROLE_DESCRIPTIONS[role as Role]}`;
}

export function ShareDialog({ links, onClose }: { links: Record<string, string>; onClose(): void }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="share-title" className="dialog">
        <h2 id="share-title">Share this board</h2>
        {Object.entries(links).map(([role, link]) => (
          <div key={role} className="share-row">
            <label htmlFor={`share-${role}`}>{roleText(role)}</label>
            <div className="share-row__field">
              <input id={`share-${role}`} readOnly value={link} onFocus={(event) => event.target.select()} />
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
      </div>
    </div>
  );
}
