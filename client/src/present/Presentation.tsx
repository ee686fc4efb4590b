/**
 * Present: the board's story (shared/src/story/, the deck the PPTX and PDF export)
 * full screen, drawn from live data: the deck is built again when the board changes,
 * so an edit shows on the slide on screen. Full screen where the browser allows it
 * (a key press or click opened it), else over the whole window.
 *
 * The presenter's slide goes out in presence; the audience (who chose "Follow
 * presentation", or opened a presentation link) sees it as it changes, can step away
 * on their own and come back with "Follow <name>".
 *
 * Editors and up hide a slide (left out of the deck, so of the exports too, until
 * "Show hidden slides") and write the presenter's notes for it, which the PPTX's notes
 * pages carry; the notes show to whoever presents, not to the audience.
 *
 * Keys: → ↓ PageDown Space next, ← ↑ PageUp previous, Home and End, Esc leaves. While
 * it is open no key reaches the board behind it (N would add a card under the slides).
 * Loaded on demand (BoardPage's lazy import), so the board's first load does not carry it.
 */
import { canSummon, ENTITIES } from '@journeyboard/shared';
import { buildDeck } from '@journeyboard/shared/story';
import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { mayEditCollection } from '../store/selectors.js';
import { textLimit } from '../ui/fields.js';
import { SlideView } from './SlideView.js';
import './present.css';

const NEXT = new Set(['ArrowRight', 'ArrowDown', 'PageDown', ' ']);
const PREVIOUS = new Set(['ArrowLeft', 'ArrowUp', 'PageUp']);
/** How long the pointer rests before the controls fade. */
const CONTROLS_REST_MS = 2500;

export function Presentation({ actions }: { actions: BoardActions }) {
  const { store } = actions;
  const live = useStore(store, (s) => s.board);
  // A big board's deck takes a moment to build: typing elsewhere is not held up by it.
  const board = useDeferredValue(live);
  const deck = useMemo(() => (board ? buildDeck(board) : null), [board]);
  const count = deck?.slides.length ?? 0;
  const role = useStore(store, (s) => s.presenting);
  const presenter = useStore(actions.presence.store, (s) => s.presenter);
  const [index, setIndex] = useState(0);
  // The audience follows whoever presents until they step away on their own.
  const [followPresenter, setFollowPresenter] = useState(true);
  const following = role === 'audience' && followPresenter && presenter !== null;
  // The deck shrinks when the board does: stay on its last slide.
  const shown = Math.max(0, Math.min(following ? presenter.slide : index, count - 1));
  const [listOpen, setListOpen] = useState(false);
  const [notesOpen, setNotesOpen] = useState(false);
  const mayArrange = useStore(store, (s) => mayEditCollection(s, 'slides'));
  const hiddenKeys = useMemo(() => (board?.slides ?? []).filter((s) => s.hidden).map((s) => s.id), [board]);
  const [fullScreen, setFullScreen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  // The controls fade while the pointer rests, so the slide has the room to itself.
  const [resting, setResting] = useState(false);
  useEffect(() => {
    if (resting) return;
    const timer = setTimeout(() => setResting(true), CONTROLS_REST_MS);
    return () => clearTimeout(timer);
  }, [resting]);

  // Where the audience stays when the presenter stops: the last slide they showed.
  useEffect(() => {
    if (following) setIndex(presenter.slide);
  }, [following, presenter]);
  const go = useCallback(
    (to: number) => {
      setFollowPresenter(false);
      setIndex(Math.max(0, Math.min(to, count - 1)));
    },
    [count],
  );
  const leave = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    store.setState({ presenting: null });
  }, [store]);

  // The presenter's slide, for everyone following; gone from presence when they stop.
  const [since] = useState(() => Date.now());
  // An owner or facilitator may bring everyone in (a summons: the server drops anyone else's call).
  const maySummon = useStore(store, (s) => canSummon(s.role));
  const [everyone, setEveryone] = useState<number | null>(null);
  useEffect(() => {
    if (role !== 'presenter' || count === 0) return;
    actions.presence.set('presenting', { slide: shown, since, ...(everyone ? { everyone } : {}) });
  }, [actions, role, shown, since, count, everyone]);
  useEffect(() => {
    if (role !== 'presenter') return;
    return () => actions.presence.set('presenting', null);
  }, [actions, role]);

  const enterFullScreen = useCallback(() => {
    // Refused without a gesture (a presentation link opened cold): the window is the screen then.
    root.current?.requestFullscreen?.().catch(() => {});
  }, []);

  useEffect(() => {
    enterFullScreen();
    root.current?.focus();
    const onChange = () => setFullScreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    };
  }, [enterFullScreen]);

  // Leaving full screen by the browser's own Esc leaves the presentation as well.
  const wasFullScreen = useRef(false);
  useEffect(() => {
    if (wasFullScreen.current && !fullScreen) store.setState({ presenting: null });
    wasFullScreen.current = fullScreen;
  }, [fullScreen, store]);

  // Listening before the first paint: the slides arrive in their own chunk, and their first
  // frame is painted before passive effects run, so a key pressed then would miss the
  // slides and reach the board's shortcuts behind them (Delete, N).
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // Nothing reaches the board's shortcuts while the slides are up.
      event.stopImmediatePropagation();
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      // Typing notes: the keys are the text's; Esc only leaves the text.
      if (target?.tagName === 'TEXTAREA') {
        if (event.key === 'Escape') target.blur();
        return;
      }
      const onButton = target?.tagName === 'BUTTON';
      if (event.key === 'Escape') {
        if (listOpen) setListOpen(false);
        else leave();
      } else if (onButton && (event.key === ' ' || event.key === 'Enter')) {
        return; // the focused control's own press
      } else if (NEXT.has(event.key)) go(shown + 1);
      else if (PREVIOUS.has(event.key)) go(shown - 1);
      else if (event.key === 'Home') go(0);
      else if (event.key === 'End') go(count - 1);
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [go, leave, shown, count, listOpen]);

  const slide = deck?.slides[shown];
  const presents = role !== 'audience';
  return (
    <div
      ref={root}
      className={resting && !listOpen ? 'present present--resting' : 'present'}
      onPointerMove={() => setResting(false)}
      role="dialog"
      aria-modal="true"
      aria-label={`Presentation: ${deck?.title ?? ''}`}
      tabIndex={-1}
    >
      <div className="present__stage">
        {deck && slide ? (
          <SlideView slide={slide} width={deck.width} height={deck.height} background={deck.background} />
        ) : (
          <p role="status" className="present__waiting">
            Opening the story…
          </p>
        )}
      </div>
      {notesOpen && presents && slide && (
        <aside className="present__notes" aria-label="Presenter notes">
          <textarea
            // A new slide, a new text: the notes of the slide on show.
            key={slide.key}
            aria-label={`Notes for ${slide.title}`}
            placeholder={mayArrange ? 'Notes for this slide (in the PPTX’s notes pages)' : 'No notes'}
            defaultValue={slide.notes ?? ''}
            readOnly={!mayArrange}
            maxLength={textLimit(ENTITIES.slides, 'notes')}
            onBlur={(event) => {
              const notes = event.currentTarget.value;
              if (mayArrange && notes !== (slide.notes ?? ''))
                actions.edit('setSlide', { key: slide.key, notes });
            }}
          />
        </aside>
      )}
      {listOpen && deck && (
        <nav className="present__list" aria-label="Slides">
          {mayArrange && hiddenKeys.length > 0 && (
            <button
              type="button"
              className="present__list-hidden"
              onClick={() => {
                for (const key of hiddenKeys) actions.edit('setSlide', { key, hidden: false });
              }}
            >
              Show {hiddenKeys.length} hidden slide{hiddenKeys.length === 1 ? '' : 's'}
            </button>
          )}
          <ol>
            {deck.slides.map((s, i) => (
              // Slides are positions in the story: the index is what a slide is here.
              // biome-ignore lint/suspicious/noArrayIndexKey: see above
              <li key={i}>
                <button
                  type="button"
                  aria-current={i === shown ? 'true' : undefined}
                  onClick={() => {
                    go(i);
                    setListOpen(false);
                  }}
                >
                  <span className="present__list-number" aria-hidden="true">
                    {i + 1}
                  </span>
                  <span className="present__list-text">
                    <span className="present__list-title">{s.title}</span>
                    {(s.section || s.note) && (
                      <span className="present__list-note">
                        {[s.section, s.note].filter(Boolean).join(' · ')}
                      </span>
                    )}
                  </span>
                </button>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <div className="present__controls" role="toolbar" aria-label="Presentation">
        <button
          type="button"
          className="present__button"
          aria-expanded={listOpen}
          onClick={() => setListOpen((open) => !open)}
        >
          Slides
        </button>
        <button
          type="button"
          className="present__button"
          aria-label="Previous slide"
          disabled={shown <= 0}
          onClick={() => go(shown - 1)}
        >
          ‹
        </button>
        <output className="present__counter" aria-label="Slide" aria-live="polite">
          {count > 0 ? `${shown + 1} / ${count}` : '0 / 0'}
        </output>
        <button
          type="button"
          className="present__button"
          aria-label="Next slide"
          disabled={shown >= count - 1}
          onClick={() => go(shown + 1)}
        >
          ›
        </button>
        {role === 'audience' && presenter && !following && (
          <button type="button" className="present__button" onClick={() => setFollowPresenter(true)}>
            Follow {presenter.name}
          </button>
        )}
        {following && (
          <span className="present__following" role="status">
            Following {presenter.name}
          </span>
        )}
        {role === 'presenter' && maySummon && (
          <button type="button" className="present__button" onClick={() => setEveryone(Date.now())}>
            Bring everyone
          </button>
        )}
        {presents && (
          <button
            type="button"
            className="present__button"
            aria-expanded={notesOpen}
            onClick={() => setNotesOpen((open) => !open)}
          >
            Notes
          </button>
        )}
        {presents && mayArrange && slide && (
          <button
            type="button"
            className="present__button"
            title="Leave this slide out of the presentation and the exports"
            onClick={() => actions.edit('setSlide', { key: slide.key, hidden: true })}
          >
            Hide slide
          </button>
        )}
        {!fullScreen && document.fullscreenEnabled && (
          <button type="button" className="present__button" onClick={enterFullScreen}>
            Full screen
          </button>
        )}
        <button type="button" className="present__button" onClick={leave} title="Leave (Esc)">
          Leave
        </button>
      </div>
    </div>
  );
}
