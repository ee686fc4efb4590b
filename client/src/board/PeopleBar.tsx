/** Who is here: an avatar per person (follow them with a click), and "bring everyone to me". */
import { useStore } from 'zustand';
import type { BoardStore } from '../store/boardStore.js';
import type { PresenceBinding } from '../sync/presence.js';

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('') || '?';

export function PeopleBar({ presence, store }: { presence: PresenceBinding; store: BoardStore }) {
  const peers = useStore(presence.store, (s) => s.peers);
  const following = useStore(store, (s) => s.following);
  return (
    <fieldset className="people" aria-label="People on this board">
      {peers.map((peer) => {
        const isFollowed = following === peer.clientId;
        return (
          <button
            key={peer.clientId}
            type="button"
            className={`avatar${isFollowed ? ' avatar--followed' : ''}`}
            style={{ background: peer.user.color }}
            aria-label={isFollowed ? `Stop following ${peer.user.name}` : `Follow ${peer.user.name}`}
            aria-pressed={isFollowed}
            title={`${peer.user.name}${peer.role ? ` (${peer.role})` : ''}`}
            onClick={() => store.setState({ following: isFollowed ? null : peer.clientId })}
          >
            {initials(peer.user.name)}
          </button>
        );
      })}
      {peers.length > 0 && (
        <button
          type="button"
          className="button"
          onClick={() => store.setState({ summonRequested: Date.now() })}
        >
          Bring everyone to me
        </button>
      )}
    </fieldset>
  );
}
