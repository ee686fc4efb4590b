/** Other people's cursors with their names, drawn in canvas coordinates so they pan and zoom with the board. */
import { ViewportPortal } from '@xyflow/react';
import { memo, useLayoutEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { Peer, PresenceBinding } from '../sync/presence.js';
import { prefersLessMotion } from '../ui/motion.js';

/** The one part of the canvas that follows every cursor move: it reads peers itself. */
function PeerCursorsView({ presence }: { presence: PresenceBinding }) {
  const peers = useStore(presence.store, (s) => s.peers);
  return (
    <ViewportPortal>
      {peers.map((peer) =>
        peer.cursor ? <PeerCursor key={peer.clientId} at={peer.cursor} user={peer.user} /> : null,
      )}
    </ViewportPortal>
  );
}

/** How long a cursor takes to glide to where its person's pointer went (moves come every 64 ms at most). */
const GLIDE_MS = 60;

/**
 * One cursor, gliding to each new place through the Web Animations API. A CSS transition
 * did the same, but fired four DOM events a move (run, start, cancel, end), each through
 * React's root listener: with ten people moving, a twentieth of the main thread.
 */
function PeerCursor({ at, user }: { at: { x: number; y: number }; user: Peer['user'] }) {
  const ref = useRef<HTMLDivElement>(null);
  const last = useRef<string | null>(null);
  const transform = `translate(${at.x}px, ${at.y}px)`;
  useLayoutEffect(() => {
    const element = ref.current;
    const from = last.current;
    last.current = transform;
    if (!element || from === null || from === transform || !element.animate || prefersLessMotion()) return;
    element.animate({ transform: [from, transform] }, { duration: GLIDE_MS, easing: 'linear' });
  }, [transform]);
  return (
    <div ref={ref} className="peer-cursor" style={{ transform, color: user.color }} aria-hidden="true">
      <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
        <path d="M1 1 L7 16 L9.5 9.5 L16 7 Z" fill="currentColor" stroke="#fff" strokeWidth="1.2" />
      </svg>
      <span className="peer-cursor__name" style={{ background: user.color }}>
        {user.name}
      </span>
    </div>
  );
}

export const PeerCursors = memo(PeerCursorsView);
