/**
 * Asked once per browser: the name others see on this person's cursor and avatar, and
 * the name their identity on each board is minted with (sync/identity.ts).
 */
import { type FormEvent, useState } from 'react';

export function NameDialog({ onDone }: { onDone(name: string): void }) {
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) onDone(name.trim());
  };
  return (
    <div className="dialog-backdrop">
      <form role="dialog" aria-modal="true" aria-labelledby="name-title" className="dialog" onSubmit={submit}>
        <h2 id="name-title">What should others call you?</h2>
        <p className="muted">Your name shows on your cursor and avatar while you work on boards.</p>
        <input
          aria-label="Your name"
          value={name}
          maxLength={60}
          // biome-ignore lint/a11y/noAutofocus: the dialog asks for exactly this
          autoFocus
          onChange={(event) => setName(event.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={!name.trim()}>
          Join the board
        </button>
      </form>
    </div>
  );
}
