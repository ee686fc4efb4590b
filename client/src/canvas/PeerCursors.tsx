/** Other people's cursors with their names, drawn in canvas coordinates so they pan and zoom with the board. */
import { ViewportPortal } from '@xyflow/react';
import { memo } from 'react';
import { useStore } from 'zustand';
import type { PresenceBinding } from '../sync/presence.js';

/** The one part of the canvas that follows every cursor move: it reads peers itself. */
function PeerCursorsView({ presence }: { presence: PresenceBinding }) {
  const peers = useStore(presence.store, (s) => s.peers);
  return (
    <ViewportPortal>
      {peers.map((peer) =>
        peer.cursor ? (
          <div
            key={peer.clientId}
            className="peer-cursor"
            style={{ transform: `translate(${peer.cursor.x}px, ${peer.cursor.y}px)`, color: peer.user.color }}
            aria-hidden="true"
          >
            <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
              <path d="M1 1 L7 16 L9.5 9.5 L16 7 Z" fill="currentColor" stroke="#fff" strokeWidth="1.2" />
            </svg>
            <span className="peer-cursor__name" style={{ background: peer.user.color }}>
              {peer.user.name}
            </span>
          </div>
        ) : null,
      )}
    </ViewportPortal>
  );
}

export const PeerCursors = memo(PeerCursorsView);
