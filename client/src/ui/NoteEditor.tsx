/**
 * A sticky note's text box, as a card on the canvas and a draft of a private round
 * both use it: it takes the focus when it opens, holds what is typed until Enter (or
 * leaving it) commits it, gives up on Escape (null), and cuts a paste to a card's
 * text limit with a word to the person. Someone else's change of the text while it is
 * open replaces what is typed, as the board's state wins.
 */
import { ENTITIES } from '@journeyboard/shared';
import { useEffect, useRef, useState } from 'react';
import { type Announce, pasteWithin, textLimit } from './fields.js';

const TEXT_MAX = textLimit(ENTITIES.cards, 'text');

export function NoteEditor({
  text,
  label,
  className,
  announce,
  onCommit,
}: {
  text: string;
  label: string;
  className: string;
  announce: Announce;
  /** The text typed, or null when the person gave up (Escape). */
  onCommit(value: string | null): void;
}) {
  const [value, setValue] = useState(text);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setValue(text), [text]);
  useEffect(() => {
    requestAnimationFrame(() => input.current?.focus());
  }, []);
  return (
    <textarea
      ref={input}
      className={className}
      aria-label={label}
      value={value}
      maxLength={TEXT_MAX}
      onChange={(event) => setValue(event.target.value)}
      onPaste={(event) => {
        const cut = pasteWithin(event, TEXT_MAX, announce);
        if (cut !== null) setValue(cut);
      }}
      onBlur={() => onCommit(value)}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          onCommit(value);
        } else if (event.key === 'Escape') onCommit(null);
      }}
    />
  );
}
