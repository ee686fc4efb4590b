/**
 * Presence travels over awareness, never the document: who is here, their cursor
 * (throttled), their selection, the card they are dragging right now, their
 * viewport (so others can follow), a "come here" call from a facilitator, and the
 * slide this person is presenting (so others can follow the presentation).
 */
import { isRole, PEOPLE_COLOURS, type PresenceState, ROLES, sanitizePresence } from '@journeyboard/shared';
import type { Awareness } from 'y-protocols/awareness';
import { createStore } from 'zustand/vanilla';
import { ANIMATION_FRAMES, type FrameClock } from './frames.js';
import type { BoardIdentity } from './identity.js';

export type { PresenceState };
/** Where someone is looking: what following them (or being summoned) moves you to. */
export type Viewport = NonNullable<PresenceState['viewport']>;

export interface Peer extends PresenceState {
  clientId: number;
  role?: string;
}

/** Who is here, without what they are doing: it changes when people come, go or rename. */
export interface RosterEntry {
  clientId: number;
  name: string;
  color: string;
  role?: string;
  /** Notes this person has drafted in a private round (the count only). */
  drafts?: number;
}

/** What others do to cards: the colour of whoever selected one, and cards being dragged. */
export interface PeerMarks {
  selectedBy: Map<string, string>;
  dragged: Map<string, { x: number; y: number; color: string }>;
}

/**
 * Presence as the UI reads it. `peers` changes whenever anyone moves a cursor (up to
 * a frame's worth in a big workshop); the other slices keep their identity until what
 * they say changes, so the canvas and the people bar do not redraw for cursors.
 */
export interface PresenceView {
  peers: Peer[];
  roster: RosterEntry[];
  marks: PeerMarks;
  /** The latest "come here" call of someone else. */
  summon: { at: number; viewport: Viewport } | null;
  /** Someone else presenting the story (the latest to start), and the slide they show. */
  presenter: Presenter | null;
}

export interface Presenter {
  clientId: number;
  name: string;
  slide: number;
  /** When they last asked everyone into the presentation (an owner or facilitator). */
  everyone?: number;
}

const NO_MARKS: PeerMarks = { selectedBy: new Map(), dragged: new Map() };

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A role's place in ROLES (an unknown one last). */
const rank = (role: string | undefined) => (isRole(role) ? ROLES.indexOf(role) : ROLES.length);

/** Owners and editors before viewers, then by name ("Person 2" before "Person 10"). */
function rosterOf(peers: Peer[]): RosterEntry[] {
  return peers
    .map((p) => ({
      clientId: p.clientId,
      name: p.user.name,
      color: p.user.color,
      role: p.role,
      drafts: p.drafts,
    }))
    .sort((a, b) => rank(a.role) - rank(b.role) || byName.compare(a.name, b.name) || a.clientId - b.clientId);
}

function marksOf(peers: Peer[]): PeerMarks {
  const selectedBy = new Map<string, string>();
  const dragged = new Map<string, { x: number; y: number; color: string }>();
  for (const peer of peers) {
    for (const id of peer.selection) selectedBy.set(id, peer.user.color);
    if (peer.drag) dragged.set(peer.drag.id, { x: peer.drag.x, y: peer.drag.y, color: peer.user.color });
  }
  return selectedBy.size === 0 && dragged.size === 0 ? NO_MARKS : { selectedBy, dragged };
}

function latestSummon(peers: Peer[]): PresenceView['summon'] {
  return peers.reduce<PresenceView['summon']>(
    (latest, p) => (p.summon && (!latest || p.summon.at > latest.at) ? p.summon : latest),
    null,
  );
}

function latestPresenter(peers: Peer[]): Presenter | null {
  let latest: Peer | null = null;
  for (const p of peers)
    if (p.presenting && (!latest?.presenting || p.presenting.since > latest.presenting.since)) latest = p;
  const presenting = latest?.presenting;
  if (!latest || !presenting) return null;
  return {
    clientId: latest.clientId,
    name: latest.user.name,
    slide: presenting.slide,
    ...(presenting.everyone !== undefined ? { everyone: presenting.everyone } : {}),
  };
}

/** `next` if it says something other than `previous`, else `previous` (kept for its identity). */
function keepIfSame<T>(previous: T, next: T): T {
  return JSON.stringify(previous, mapsAsEntries) === JSON.stringify(next, mapsAsEntries) ? previous : next;
}

function mapsAsEntries(_key: string, value: unknown): unknown {
  return value instanceof Map ? Array.from(value.entries()) : value;
}

const USER_ID_KEY = 'journeyboard:user-id';

export function colourFor(clientId: number): string {
  return PEOPLE_COLOURS[clientId % PEOPLE_COLOURS.length] as string;
}

/**
 * This browser's stable participant id, for a board it holds no identity on (see
 * identity.ts): votes, emotion ratings and comments stay this person's across
 * reloads and reconnections (an awareness client id does not).
 */
export function participantId(): string {
  let id = localStorage.getItem(USER_ID_KEY);
  if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) {
    id = `u-${crypto.randomUUID()}`;
    localStorage.setItem(USER_ID_KEY, id);
  }
  return id;
}

/**
 * Who this person is in what the board records: the identity's participant id, or,
 * while none could be minted, this browser's own id. The one place presence.user.id
 * (and so every vote, rating and comment) takes its id from.
 */
export function userIdOn(identity: BoardIdentity | null): string {
  return identity?.participantId ?? participantId();
}

/**
 * Presence that follows the pointer goes out at most this often: the server takes a
 * few dozen changes a second from each person and coalesces the rest.
 */
const PRESENCE_THROTTLE_MS = 64;

/** `send` at most every PRESENCE_THROTTLE_MS with the latest value; null is sent at once. */
function throttled<T>(send: (value: T | null) => void) {
  let latest: T | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    push(value: T | null) {
      latest = value;
      if (value === null) {
        if (timer) clearTimeout(timer);
        timer = null;
        send(null);
        return;
      }
      if (timer) return;
      send(value);
      timer = setTimeout(() => {
        timer = null;
        send(latest);
      }, PRESENCE_THROTTLE_MS);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/** Reads peers from awareness into a store, and writes this person's presence with a pointer throttle. */
/** Who this person is on the board (userIdOn) and how presence waits for a frame (tests bring their own). */
export interface PresenceOptions {
  userId: string;
  frames?: FrameClock;
}

export function bindPresence(awareness: Awareness, name: string, options: PresenceOptions) {
  const frames = options.frames ?? ANIMATION_FRAMES;
  const self = awareness.clientID;
  const initial: PresenceState = {
    user: { name, color: colourFor(self) },
    cursor: null,
    selection: [],
    drag: null,
    viewport: null,
    summon: null,
  };
  awareness.setLocalState(initial);
  const store = createStore<PresenceView>(() => ({
    peers: [],
    roster: [],
    marks: NO_MARKS,
    summon: null,
    presenter: null,
  }));
  const read = () => {
    const peers: Peer[] = [];
    for (const [clientId, state] of awareness.getStates()) {
      if (clientId === self) continue;
      // The server checks presence too; reading it through the same schema keeps a colour a colour.
      const presence = sanitizePresence(state);
      if (!presence) continue;
      peers.push({
        clientId,
        user: { name: presence.user?.name ?? 'Guest', color: presence.user?.color ?? colourFor(clientId) },
        role: presence.user?.role,
        cursor: presence.cursor ?? null,
        selection: Array.isArray(presence.selection) ? presence.selection : [],
        drag: presence.drag ?? null,
        viewport: presence.viewport ?? null,
        summon: presence.summon ?? null,
        drafts: presence.drafts,
        presenting: presence.presenting ?? null,
      });
    }
    peers.sort((a, b) => a.clientId - b.clientId);
    const previous = store.getState();
    store.setState({
      peers,
      roster: keepIfSame(previous.roster, rosterOf(peers)),
      marks: keepIfSame(previous.marks, marksOf(peers)),
      summon: keepIfSame(previous.summon, latestSummon(peers)),
      presenter: keepIfSame(previous.presenter, latestPresenter(peers)),
    });
  };
  // Ten people moving cursors are hundreds of changes a second: the canvas takes at most one a frame.
  let frame: number | null = null;
  const schedule = () => {
    frame ??= frames.request(() => {
      frame = null;
      read();
    });
  };
  awareness.on('change', schedule);
  read();

  const set = <K extends keyof PresenceState>(key: K, value: PresenceState[K]) =>
    awareness.setLocalStateField(key, value);
  const cursor = throttled((point: PresenceState['cursor']) => set('cursor', point));
  const drag = throttled((card: PresenceState['drag']) => set('drag', card));

  return {
    store,
    self,
    /** This person as the board records them (votes, ratings, comments). */
    user: { id: options.userId, name },
    set,
    /** Cursor positions go out at most every PRESENCE_THROTTLE_MS (the last one always does). */
    moveCursor: cursor.push,
    /** The card being dragged, likewise; null (the drop) goes out at once. */
    moveDrag: drag.push,
    dispose() {
      awareness.off('change', schedule);
      if (frame !== null) frames.cancel(frame);
      cursor.cancel();
      drag.cancel();
      awareness.setLocalState(null);
    },
  };
}

export type PresenceBinding = ReturnType<typeof bindPresence>;
