/**
 * The round's banner over the canvas. While a round is drafting everyone sees how
 * many notes how many people have drafted (each person's count comes over presence;
 * the notes never do), the timer, and, if they draft, where their notes go. Those who
 * may run the room (touchRefusal on the facilitation singleton) start a round here,
 * with a shared timer, and reveal it.
 */
import { type Facilitation, touchRefusal } from '@journeyboard/shared';
import { useState } from 'react';
import { useStore } from 'zustand';
import type { BoardActions } from '../actions/dispatch.js';
import { shownGrid } from '../store/selectors.js';
import { colourFor, type RosterEntry } from '../sync/presence.js';
import { CommandError, useCommit } from '../ui/fields.js';
import { formatClock, useTimeLeft } from '../workshop/WorkshopTimer.js';
import { draftingRound, type RoundDrafts } from './roundDrafts.js';

export const ROUND_TIMER_LABEL = 'Private writing';
/** Longest round timer offered, in minutes. */
const MAX_MINUTES = 60;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function RoundBanner({ actions, round }: { actions: BoardActions; round: RoundDrafts }) {
  const { store } = actions;
  const board = useStore(store, (s) => s.board);
  const role = useStore(store, (s) => s.role);
  const maySteer =
    board !== null &&
    touchRefusal({ kind: 'singleton', part: 'facilitation' }, board, {
      role,
      participantId: round.participantId,
    }) === null;
  const current = draftingRound(board?.facilitation);
  if (!board) return null;
  if (current)
    return <DraftingBanner actions={actions} round={round} current={current} maySteer={maySteer} />;
  return maySteer ? <StartRound actions={actions} /> : null;
}

function DraftingBanner({
  actions,
  round,
  current,
  maySteer,
}: {
  actions: BoardActions;
  round: RoundDrafts;
  current: Facilitation;
  maySteer: boolean;
}) {
  const { store, presence } = actions;
  const roster = useStore(presence.store, (s) => s.roster);
  const mine = useStore(round.view, (s) => s.drafts.length);
  const board = useStore(store, (s) => s.board);
  const role = useStore(store, (s) => s.role);
  const [error, commit] = useCommit();
  const drafting: Array<Pick<RosterEntry, 'name' | 'color'> & { drafts: number; self?: boolean }> = [
    ...(mine > 0
      ? [{ name: presence.user.name, color: colourFor(presence.self), drafts: mine, self: true }]
      : []),
    ...roster.filter((p): p is RosterEntry & { drafts: number } => (p.drafts ?? 0) > 0),
  ];
  const notes = drafting.reduce((sum, p) => sum + p.drafts, 0);
  const scope = scopeText(current, board);
  const writes = role === 'participant' || role === 'editor';
  return (
    <section className="round-banner" aria-label="Private writing round">
      <div className="round-banner__row">
        <span className="round-banner__mark" aria-hidden="true">
          ✎
        </span>
        <h2 className="round-banner__title">Private writing round</h2>
        <RoundClock actions={actions} />
        <output className="round-banner__summary" aria-label="Drafted so far">
          {plural(notes, 'note', 'notes')} drafted by {plural(drafting.length, 'person', 'people')}
        </output>
        {maySteer && (
          <button
            type="button"
            className="button button--primary"
            onClick={() =>
              commit(() => {
                if (!current.roundId) return null;
                const revealed = actions.edit('revealRound', { id: current.roundId });
                // The round's own countdown ends with it; a timer started for something else runs on.
                if (revealed.ok && board?.timer?.label === ROUND_TIMER_LABEL) actions.edit('stopTimer', {});
                return revealed;
              })
            }
          >
            Reveal notes
          </button>
        )}
      </div>
      <p className="round-banner__hint">
        {writes
          ? `Double-click a cell ${scope} to draft a note. Only you see your drafts until the facilitator reveals them.`
          : `Notes ${scope} stay in each person's browser until they are revealed.`}
      </p>
      {drafting.length > 0 && (
        <ul className="round-banner__people" aria-label="Drafts by person">
          {drafting.map((p) => (
            <li key={p.self ? 'self' : `${p.name}|${p.color}`} className="round-banner__person">
              <span className="round-banner__dot" style={{ background: p.color }} aria-hidden="true" />
              {p.self ? 'You' : p.name} · {plural(p.drafts, 'draft', 'drafts')}
            </li>
          ))}
        </ul>
      )}
      <CommandError message={error} />
    </section>
  );
}

/** Where the round's notes go, as the hint says it: "in Checkout", "in the Friction lane", "anywhere". */
function scopeText(current: Facilitation, board: ReturnType<BoardActions['store']['getState']>['board']) {
  const stage = board?.stages.find((s) => s.id === current.roundStageId);
  const lane = board?.lanes.find((l) => l.id === current.roundLaneId);
  if (stage && lane) return `in ${stage.title} × ${lane.title}`;
  if (stage) return `in the ${stage.title} stage`;
  if (lane) return `in the ${lane.title} lane`;
  return 'anywhere on the map';
}

/** The shared timer, when it runs for this round. */
function RoundClock({ actions }: { actions: BoardActions }) {
  const timer = useStore(actions.store, (s) => s.board?.timer ?? null);
  const remaining = useTimeLeft(timer);
  if (!timer || remaining === null) return null;
  return (
    <output className="timer__clock" aria-label="Round timer">
      {remaining === 0 ? "Time's up" : formatClock(remaining)}
    </output>
  );
}

/** A facilitator's start: where the notes go (anywhere, one stage or one lane) and how long, on the shared timer. */
function StartRound({ actions }: { actions: BoardActions }) {
  const { store, presence } = actions;
  const state = useStore(store);
  const { stages, lanes } = shownGrid(state);
  const [open, setOpen] = useState(false);
  const [scope, setScope] = useState('');
  const [minutes, setMinutes] = useState('5');
  const [error, commit] = useCommit();
  const start = () =>
    commit(() => {
      const [kind, id] = scope.split(':');
      const result = actions.edit('startRound', {
        stageId: kind === 'stage' && id ? id : null,
        laneId: kind === 'lane' && id ? id : null,
        startedBy: presence.user.name,
      });
      if (!result.ok) return result;
      const mins = Math.min(MAX_MINUTES, Math.max(0, Math.round(Number(minutes) || 0)));
      if (mins > 0)
        actions.edit('startTimer', {
          durationMs: mins * 60_000,
          label: ROUND_TIMER_LABEL,
          startedBy: presence.user.name,
        });
      setOpen(false);
      return result;
    });
  if (!open) {
    return (
      <button type="button" className="button round-start" onClick={() => setOpen(true)}>
        ✎ Private writing round
      </button>
    );
  }
  return (
    <section className="round-banner round-banner--start" aria-label="Start a private writing round">
      <h2 className="round-banner__title">Private writing round</h2>
      <p className="round-banner__hint">
        Everyone writes on their own first: notes stay in each browser until you reveal them, all at once.
      </p>
      <div className="round-banner__form">
        <label className="field">
          Notes go to
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="">Any cell</option>
            <optgroup label="One stage">
              {stages.map((s) => (
                <option key={s.id} value={`stage:${s.id}`}>
                  {s.title}
                </option>
              ))}
            </optgroup>
            <optgroup label="One lane">
              {lanes.map((l) => (
                <option key={l.id} value={`lane:${l.id}`}>
                  {l.title}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <label className="field">
          Minutes (0 for no timer)
          <input
            type="number"
            min={0}
            max={MAX_MINUTES}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
        </label>
      </div>
      <div className="button-row">
        <button type="button" className="button button--primary" onClick={start}>
          Start round
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
      <CommandError message={error} />
    </section>
  );
}
