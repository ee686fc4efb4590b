/**
 * Live text: what a person types into a card or a field goes to the board as they
 * type, not only on Enter or when they leave the field, so the others see it and a
 * reload mid-edit keeps it. Each keystroke restarts a short wait; when it runs out
 * (LIVE_TEXT_DELAY_MS after the last keystroke) the field's whole text is sent as
 * one command, through the same dispatch and write rules as any edit. Enter, leaving
 * the field, closing it and leaving the page send what waits at once.
 *
 * Undo goes by word runs: a space, a line break or a paste after a word sends the
 * text and ends the undo step (the undo manager's stopCapturing), so Ctrl+Z takes
 * back the last word run, not one letter and not the whole edit. So at most one
 * command goes out per word typed and per pause, whatever the keys do.
 *
 * Someone else's change to the same field: while a person is typing in it (from
 * their first keystroke until they leave the field), the box keeps their text and
 * their next send replaces the other's (the last to type wins, as with Enter);
 * before they type, and once they leave, the box shows the board's value.
 */
import { type ChangeEvent, useContext, useEffect, useRef, useState } from 'react';
import { ActionsContext } from '../actions/react.js';

/** How long after the last keystroke typed text is sent (the bound: ≤ 300 ms). */
export const LIVE_TEXT_DELAY_MS = 300;

/** Starts and stops the wait; the browser's timers, or a test's own. */
export interface LiveTimer {
  start(callback: () => void, ms: number): unknown;
  stop(handle: unknown): void;
}

const WINDOW_TIMER: LiveTimer = {
  start: (callback, ms) => setTimeout(callback, ms),
  stop: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** One field's typing: what waits to be sent, and the board's text before the person began. */
export class LiveText {
  private waiting: string | null = null;
  private handle: unknown = null;
  /** The field's text when the person began typing; null when they are not typing. */
  private before: string | null = null;
  /** Whether anything was sent since they began (what giving up takes back). */
  private sent = false;
  /** Whether a word has been typed since the last one ended. */
  private inWord = false;

  constructor(
    private readonly send: (text: string) => void,
    /** Ends this person's undo step: the next change starts a new one. */
    private readonly endStep: () => void,
    private readonly timer: LiveTimer = WINDOW_TIMER,
  ) {}

  /**
   * The person changed the text to `text` (the field's whole new text); `boardText`
   * is the board's value now; `endsWord`: the keystroke was a space, a line break or
   * a paste.
   */
  type(text: string, boardText: string, endsWord: boolean): void {
    if (this.before === null) {
      this.before = boardText;
      // A new edit never joins the undo step of what this person did before it.
      this.endStep();
    }
    this.waiting = text;
    // A word ends once: a run of spaces (a held space bar) sends once, not once a keystroke.
    if (endsWord && this.inWord) {
      this.inWord = false;
      this.flush();
      this.endStep();
      return;
    }
    if (!endsWord) this.inWord = true;
    if (this.handle !== null) this.timer.stop(this.handle);
    this.handle = this.timer.start(() => {
      this.handle = null;
      this.flush();
    }, LIVE_TEXT_DELAY_MS);
  }

  /** Sends what waits, now. */
  flush(): void {
    if (this.handle !== null) this.timer.stop(this.handle);
    this.handle = null;
    const text = this.waiting;
    if (text === null) return;
    this.waiting = null;
    this.sent = true;
    this.send(text);
  }

  /** The person is done (Enter, leaving the field, closing it): what waits is sent. */
  finish(): void {
    this.flush();
    if (this.before !== null) this.endStep();
    this.before = null;
    this.sent = false;
    this.inWord = false;
  }

  /** The person gives up (Escape): nothing more is sent, and what was sent is taken back. */
  giveUp(): void {
    if (this.handle !== null) this.timer.stop(this.handle);
    this.handle = null;
    this.waiting = null;
    const before = this.before;
    if (this.sent && before !== null) this.send(before);
    this.before = null;
    this.sent = false;
    this.inWord = false;
  }
}

/** Whether a change event's keystroke ends a word run: a space, a line break, a paste. */
export function endsWord(event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>): boolean {
  const input = event.nativeEvent as Partial<InputEvent>;
  return (
    input.inputType === 'insertLineBreak' ||
    input.inputType === 'insertParagraph' ||
    input.inputType === 'insertFromPaste' ||
    /\s/.test(input.data ?? '')
  );
}

/**
 * A field's live text in React: `value` is the board's, `send` puts typed text on
 * the board (none: the text is only handed over when the person finishes, as a
 * private draft is). What waits is also sent when the page is left or the field
 * goes away.
 */
export function useLiveText(value: string, send: ((text: string) => void) | undefined) {
  const actions = useContext(ActionsContext);
  const latest = useRef({ value, send, actions });
  latest.current = { value, send, actions };
  const [live] = useState(
    () =>
      new LiveText(
        (text) => latest.current.send?.(text),
        () => latest.current.actions?.endUndoStep(),
      ),
  );
  const [text, setText] = useState(value);
  const [typing, setTyping] = useState(false);
  useEffect(() => {
    if (!typing) setText(value);
  }, [value, typing]);
  useEffect(() => {
    const leave = () => live.flush();
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      live.flush();
    };
  }, [live]);
  return {
    text,
    type(next: string, wordEnded: boolean) {
      setText(next);
      setTyping(true);
      live.type(next, latest.current.value, wordEnded);
    },
    /** Sends what waits; the box shows the board's value again. Returns the text typed. */
    finish(): string {
      live.finish();
      setTyping(false);
      return text;
    },
    giveUp() {
      live.giveUp();
      setTyping(false);
    },
  };
}
