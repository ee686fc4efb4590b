/**
 * A sticky note's text box, as a card on the canvas and a draft of a private round
 * both use it: it takes the focus when it opens, hands over what is typed on Enter
 * (or leaving it), gives up on Escape (null), and cuts a paste to a card's text
 * limit with a word to the person. With `onSave` (a card) the text also goes to the
 * board as it is typed, and Escape takes it back (see liveText.ts, which also says
 * how someone else's change of the same text is met); a draft, which only its
 * author sees, is handed over when it is done.
 */
import { ENTITIES } from '@journeyboard/shared';
import { useEffect, useRef } from 'react';
import { type Announce, pasteWithin, textLimit } from './fields.js';
import { endsWord, useLiveText } from './liveText.js';

const TEXT_MAX = textLimit(ENTITIES.cards, 'text');

export function NoteEditor({
  text,
  label,
  className,
  announce,
  onSave,
  onCommit,
}: {
  text: string;
  label: string;
  className: string;
  announce: Announce;
  /** Puts the text on the board while it is typed; none for a draft. */
  onSave?(value: string): void;
  /** The text typed, or null when the person gave up (Escape). */
  onCommit(value: string | null): void;
}) {
  const live = useLiveText(text, onSave);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    requestAnimationFrame(() => input.current?.focus());
  }, []);
  return (
    <textarea
      ref={input}
      className={className}
      aria-label={label}
      value={live.text}
      maxLength={TEXT_MAX}
      onChange={(event) => live.type(event.target.value, endsWord(event))}
      onPaste={(event) => {
        const cut = pasteWithin(event, TEXT_MAX, announce);
        if (cut !== null) live.type(cut, true);
      }}
      onBlur={() => onCommit(live.finish())}
      onKeyDown={(event) => {
        event.stopPropagation();
        if (event.key === 'Enter' && !event.shiftKey) {
          event.preventDefault();
          onCommit(live.finish());
        } else if (event.key === 'Escape') {
          live.giveUp();
          onCommit(null);
        }
      }}
    />
  );
}
