/**
 * Who is here: an avatar per person (follow them with a click), and "bring everyone
 * to me" for those whose role may (the server drops anyone else's call). A workshop of hundreds shows the first few and lists the rest behind
 * "+N", with the person being followed always among those shown. It reads the
 * roster, so moving cursors never redraw it.
 */
import { canSummon } from '@journeyboard/shared';
import { useState } from 'react';
import { useStore } from 'zustand';
import type { BoardStore } from '../store/boardStore.js';
import type { PresenceBinding, RosterEntry } from '../sync/presence.js';
import { ToolButton } from '../ui/ToolButton.js';
import { useDismiss } from '../ui/useDismiss.js';

/** Avatars shown before the rest go behind "+N". */
const SHOWN = 10;

/** The first letters of a name's first two words; "Alice (2)" is "A", not "A(". */
export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter((part) => /^[\p{L}\p{N}]/u.test(part))
    .slice(0, 2)
    .map((part) => Array.from(part)[0]?.toUpperCase())
    .join('') || '?';

export function PeopleBar({ presence, store }: { presence: PresenceBinding; store: BoardStore }) {
  const roster = useStore(presence.store, (s) => s.roster);
  const following = useStore(store, (s) => s.following);
  const mayBringEveryone = useStore(store, (s) => canSummon(s.role));
  const [listOpen, setListOpen] = useState(false);
  const list = useDismiss<HTMLUListElement>(listOpen, () => setListOpen(false));
  const followed = roster.find((person) => person.clientId === following);
  const shown = roster.slice(0, SHOWN);
  if (followed && !shown.includes(followed)) shown[shown.length - 1] = followed;
  const rest = roster.filter((person) => !shown.includes(person));
  const follow = (person: RosterEntry) =>
    store.setState({ following: person.clientId === following ? null : person.clientId });
  const label = (person: RosterEntry) =>
    person.clientId === following ? `Stop following ${person.name}` : `Follow ${person.name}`;
  return (
    <fieldset className="people" aria-label="People on this board">
      {shown.map((person) => (
        <button
          key={person.clientId}
          type="button"
          className={`avatar${person.clientId === following ? ' avatar--followed' : ''}`}
          style={{ background: person.color }}
          aria-label={label(person)}
          aria-pressed={person.clientId === following}
          title={`${person.name}${person.role ? ` (${person.role})` : ''}`}
          onClick={() => follow(person)}
        >
          {initials(person.name)}
        </button>
      ))}
      {rest.length > 0 && (
        // Escape, a press outside, or focus leaving the list closes it.
        <fieldset
          className="people__more"
          aria-label="Everyone else"
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget)) setListOpen(false);
          }}
        >
          <button
            type="button"
            className="avatar avatar--more"
            aria-label={`${rest.length} more people`}
            aria-expanded={listOpen}
            onClick={() => setListOpen(!listOpen)}
          >
            +{rest.length}
          </button>
          {listOpen && (
            <ul ref={list} className="people__list" aria-label="More people">
              {rest.map((person) => (
                <li key={person.clientId}>
                  <button
                    type="button"
                    className="people__person"
                    aria-label={label(person)}
                    onClick={() => {
                      follow(person);
                      setListOpen(false);
                    }}
                  >
                    <span className="people__dot" style={{ background: person.color }} aria-hidden="true" />
                    {person.name}
                    {person.role ? <span className="people__role">{person.role}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
      {roster.length > 0 && mayBringEveryone && (
        <ToolButton
          icon="gather"
          label="Bring everyone to me"
          onClick={() => store.setState({ summonRequested: Date.now() })}
        />
      )}
    </fieldset>
  );
}
