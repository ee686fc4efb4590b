/**
 * Where the canvas looks, as others and panels ask: a panel's request to bring a
 * card into view, following someone's viewport, and "bring everyone to me".
 */
import { GRID, type GridLayout } from '@journeyboard/shared';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { BoardStore } from '../store/boardStore.js';
import type { PresenceBinding } from '../sync/presence.js';
import { motionMs } from '../ui/motion.js';

/** Centres on the card a panel asked for, once per request (`at`), when its layout is there. */
export function useFocusRequest(store: BoardStore, layout: GridLayout | null): void {
  const flow = useReactFlow();
  const canvas = useStoreApi();
  const focusRequest = useStore(store, (s) => s.focusRequest);
  const focusedAt = useRef<number | null>(null);
  useEffect(() => {
    if (!focusRequest || !layout || focusedAt.current === focusRequest.at) return;
    const placed = layout.cards.find((p) => p.card.id === focusRequest.cardId);
    if (!placed) return;
    focusedAt.current = focusRequest.at;
    if (focusRequest.reveal) {
      // A new card in view stays where it is; one out of view (which the canvas does not
      // draw, so its editor could not take the typing) is panned to, at the same zoom.
      const { x, y, zoom } = flow.getViewport();
      const { width, height } = canvas.getState();
      const left = placed.x * zoom + x;
      const top = placed.y * zoom + y;
      const inView =
        left >= 0 &&
        top >= 0 &&
        left + GRID.cardWidth * zoom <= width &&
        top + GRID.cardHeight * zoom <= height;
      if (!inView)
        void flow.setCenter(placed.x + GRID.cardWidth / 2, placed.y + GRID.cardHeight / 2, {
          zoom,
          duration: motionMs(300),
        });
      return;
    }
    void flow.setCenter(placed.x + GRID.cardWidth / 2, placed.y + GRID.cardHeight / 2, {
      zoom: Math.max(flow.getZoom(), 0.8),
      duration: motionMs(300),
    });
  }, [canvas, flow, focusRequest, layout]);
}

/** Follows the person being followed, answers summons, and sends this person's own summons. */
export function useFollowAndSummon(store: BoardStore, presence: PresenceBinding): void {
  const flow = useReactFlow();
  const following = useStore(store, (s) => s.following);
  const summonRequested = useStore(store, (s) => s.summonRequested);

  // Follow a person: their viewport becomes this one's.
  const followedViewport = useStore(presence.store, (s) =>
    following === null ? null : (s.peers.find((p) => p.clientId === following)?.viewport ?? null),
  );
  useEffect(() => {
    if (followedViewport) void flow.setViewport(followedViewport, { duration: motionMs(200) });
  }, [flow, followedViewport]);

  // "Bring everyone to me": send this viewport with a fresh timestamp...
  useEffect(() => {
    if (summonRequested) presence.set('summon', { at: summonRequested, viewport: flow.getViewport() });
  }, [flow, presence, summonRequested]);
  // ...and go wherever the latest call from someone else points.
  const lastSummon = useRef(Date.now());
  const latestSummon = useStore(presence.store, (s) => s.summon);
  useEffect(() => {
    if (latestSummon && latestSummon.at > lastSummon.current) {
      lastSummon.current = latestSummon.at;
      void flow.setViewport(latestSummon.viewport, { duration: motionMs(300) });
    }
  }, [flow, latestSummon]);
}
