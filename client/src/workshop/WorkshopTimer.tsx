/**
 * The workshop timer in the board header: everyone sees the same countdown (it
 * lives in the board document); editors start, pause, resume and stop it.
 */
import { timerRemaining, type WorkshopTimer as WorkshopTimerState } from '@journeyboard/shared';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { mayTouch } from '../store/selectors.js';
import { CommandError, useCommit } from '../ui/fields.js';
import { ToolButton } from '../ui/ToolButton.js';
import { useDismiss } from '../ui/useDismiss.js';

const PRESETS = [3, 5, 10, 15];

export function formatClock(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** The milliseconds left on the board's timer, ticking while it runs; null with no timer. */
export function useTimeLeft(timer: WorkshopTimerState | null): number | null {
  const [now, setNow] = useState(Date.now);
  const running = timer?.endsAt != null;
  useEffect(() => {
    if (!running) return;
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(tick);
  }, [running]);
  return timerRemaining(timer, now);
}

export function WorkshopTimer({ actions }: { actions: BoardActions }) {
  const { store, presence } = actions;
  const timer = useStore(store, (s) => s.board?.timer ?? null);
  // Everyone sees the clock; only those who run the workshop set it (the timer is the facilitators').
  const mayRunTimer = useStore(store, (s) => mayTouch(s, { kind: 'singleton', part: 'timer' }));
  const [open, setOpen] = useState(false);
  const menu = useDismiss<HTMLDivElement>(open && mayRunTimer, () => setOpen(false));
  const [minutes, setMinutes] = useState('5');
  const [label, setLabel] = useState('');
  const [error, commit] = useCommit();
  const running = timer?.endsAt != null;
  const remaining = useTimeLeft(timer);
  const start = (mins: number) =>
    commit(() => {
      actions.edit('startTimer', {
        durationMs: Math.round(mins * 60_000),
        label: label.trim(),
        startedBy: presence.user.name,
      });
      setOpen(false);
    });

  return (
    <div className="timer">
      {timer && remaining !== null && (
        <output
          className={`timer__clock${remaining === 0 ? ' timer__clock--done' : ''}${running ? '' : ' timer__clock--paused'}`}
          aria-label="Workshop timer"
          aria-live="off"
        >
          {timer.label && <span className="timer__label">{timer.label}</span>}
          {remaining === 0 ? "Time's up" : formatClock(remaining)}
          {!running && remaining > 0 && <span className="timer__label"> paused</span>}
        </output>
      )}
      {mayRunTimer && (
        <ToolButton icon="timer" label="Timer" aria-expanded={open} onClick={() => setOpen(!open)} />
      )}
      {open && mayRunTimer && (
        <div ref={menu} className="popover timer__menu" role="dialog" aria-label="Workshop timer controls">
          {timer && remaining !== null && remaining > 0 && (
            <div className="button-row">
              {running ? (
                <button
                  type="button"
                  className="button"
                  onClick={() => commit(() => actions.edit('pauseTimer', {}))}
                >
                  Pause
                </button>
              ) : (
                <button
                  type="button"
                  className="button"
                  onClick={() => commit(() => actions.edit('resumeTimer', {}))}
                >
                  Resume
                </button>
              )}
            </div>
          )}
          {timer && (
            <button
              type="button"
              className="button"
              onClick={() =>
                commit(() => {
                  const stopped = actions.edit('stopTimer', {});
                  // Stopped: the controls have done their job and leave the board clear.
                  if (stopped.ok) setOpen(false);
                  return stopped;
                })
              }
            >
              Stop timer
            </button>
          )}
          <label className="field">
            What for
            <input value={label} maxLength={80} onChange={(e) => setLabel(e.target.value)} />
          </label>
          <label className="field">
            Minutes
            <input
              type="number"
              min={1}
              max={600}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </label>
          <div className="button-row">
            <button type="button" className="button button--primary" onClick={() => start(Number(minutes))}>
              Start timer
            </button>
            {PRESETS.map((m) => (
              <button key={m} type="button" className="button" onClick={() => start(m)}>
                {m} min
              </button>
            ))}
          </div>
          <CommandError message={error} />
        </div>
      )}
    </div>
  );
}
