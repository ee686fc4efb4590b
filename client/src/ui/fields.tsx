/** Form fields that commit to the board: text on blur or Enter, choices at once; a refused value shows why. */
import { BoardCommandError } from '@journeyboard/shared';
import { type ReactNode, useEffect, useId, useState } from 'react';
import type { Outcome } from '../actions/dispatch.js';

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

export function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/** A text box showing the board's value, editable as a draft until it commits. */
export function TextField({
  label,
  value,
  readOnly,
  multiline,
  onCommit,
  list,
}: {
  label: string;
  value: string;
  readOnly: boolean;
  multiline?: boolean;
  list?: string;
  onCommit(value: string): void;
}) {
  const [draft, setDraft] = useState(value);
  const [focused, setFocused] = useState(false);
  useEffect(() => {
    if (!focused) setDraft(value);
  }, [value, focused]);
  const common = {
    value: draft,
    readOnly,
    onFocus: () => setFocused(true),
    onBlur: () => {
      setFocused(false);
      if (draft !== value) onCommit(draft);
    },
  };
  return (
    <Field label={label}>
      {(id) =>
        multiline ? (
          <textarea id={id} rows={3} {...common} onChange={(e) => setDraft(e.target.value)} />
        ) : (
          <input
            id={id}
            list={list}
            {...common}
            onChange={(e) => setDraft(e.target.value)}
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
