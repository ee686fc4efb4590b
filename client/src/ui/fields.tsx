/** Form fields that commit to the board: text as it is typed (live text), choices at once; a refused value shows why. */
import { BoardCommandError, type Fields, storedFieldSpecs } from '@journeyboard/shared';
import { type ChangeEvent, type ClipboardEvent, type ReactNode, useId, useState } from 'react';
import type { Outcome } from '../actions/dispatch.js';
import { endsWord, useLiveText } from './liveText.js';

const isRefusal = (value: unknown): value is Extract<Outcome<unknown>, { ok: false }> =>
  typeof value === 'object' && value !== null && 'ok' in value && value.ok === false;

/** Runs an edit and keeps why it was refused: a refused role (a value) or a refused input (thrown). */
export function useCommit(): [string | null, (run: () => unknown) => void] {
  const [error, setError] = useState<string | null>(null);
  const commit = (run: () => unknown) => {
    try {
      const outcome = run();
      setError(isRefusal(outcome) ? outcome.refusal : null);
    } catch (reason) {
      if (reason instanceof BoardCommandError) setError(reason.message.replace(/^\w+: /, ''));
      else throw reason;
    }
  };
  return [error, commit];
}

/** Why the board refused a command, where the person made it; nothing when all is well. */
export function CommandError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="field-error">
      {message}
    </p>
  );
}

/** The most characters a text field of an entity holds, as its declaration says (what commands and the server accept). */
export function textLimit(declaration: { fields: Fields }, key: string): number {
  const spec = storedFieldSpecs(declaration.fields).get(key);
  if (spec?.kind !== 'text' && spec?.kind !== 'notes' && spec?.kind !== 'title')
    throw new Error(`"${key}" is not a text field`);
  return spec.max;
}

/** Tells the person something about what they just did (the board's notice). */
export type Announce = (text: string) => void;

/**
 * A paste that would take a field past `max` characters keeps the pasted text's
 * first characters, as many as fit, and says so: dropped or silently cut, a long
 * paste would lose the person's words without a word. Returns the field's new
 * value (its owner sets it, as it does a typed one), or null when the paste fits
 * and the browser inserts it as usual.
 */
export function pasteWithin(
  event: ClipboardEvent<HTMLInputElement | HTMLTextAreaElement>,
  max: number,
  announce: Announce,
): string | null {
  const field = event.currentTarget;
  const pasted = event.clipboardData.getData('text/plain');
  const start = field.selectionStart ?? field.value.length;
  const end = field.selectionEnd ?? start;
  const room = Math.max(0, max - (field.value.length - (end - start)));
  if (pasted.length <= room) return null;
  event.preventDefault();
  announce(
    `Pasted text was cut to ${room.toLocaleString('en')} characters: this field holds at most ${max.toLocaleString('en')}.`,
  );
  return field.value.slice(0, start) + pasted.slice(0, room) + field.value.slice(end);
}

export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/**
 * A text box showing the board's value; what is typed goes to the board as it is
 * typed (live text: see liveText.ts), and at once on Enter or leaving the box.
 */
export function TextField({
  label,
  value,
  readOnly,
  multiline,
  onCommit,
  onDone,
  list,
  limit,
}: {
  label: string;
  value: string;
  readOnly: boolean;
  multiline?: boolean;
  list?: string;
  /** The most characters the field holds, and where a paste cut to fit is announced. */
  limit: { max: number; announce: Announce };
  /** Puts the text typed on the board (a few times while it is typed, not each keystroke). */
  onCommit(value: string): void;
  /** The person left the field with this text (after what it typed was sent). */
  onDone?(value: string): void;
}) {
  const live = useLiveText(value, onCommit);
  const common = {
    value: live.text,
    readOnly,
    maxLength: limit.max,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      live.type(event.target.value, endsWord(event)),
    onPaste: (event: ClipboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      const cut = pasteWithin(event, limit.max, limit.announce);
      if (cut !== null) live.type(cut, true);
    },
    onBlur: () => {
      const text = live.finish();
      onDone?.(text);
    },
  };
  return (
    <Field label={label}>
      {(id) =>
        multiline ? (
          <textarea id={id} rows={3} {...common} />
        ) : (
          <input
            id={id}
            list={list}
            {...common}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            }}
          />
        )
      }
    </Field>
  );
}

export function ChoiceField<T extends string | number>({
  label,
  value,
  options,
  readOnly,
  onChange,
}: {
  label: string;
  value: T | null;
  options: ReadonlyArray<{ value: T | null; label: string }>;
  readOnly: boolean;
  onChange(value: T | null): void;
}) {
  const index = options.findIndex((o) => o.value === value);
  return (
    <Field label={label}>
      {(id) => (
        <select
          id={id}
          value={String(index)}
          disabled={readOnly}
          onChange={(event) => onChange(options[Number(event.target.value)]?.value ?? null)}
        >
          {options.map((option, i) => (
            <option key={String(option.value)} value={String(i)}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
