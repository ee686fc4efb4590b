/**
 * A room's presence: who is here and what they show the others (awareness), as the
 * server accepts and relays it.
 *
 * - Pinned: a connection speaks only for the Yjs client id of its first awareness
 *   entry (one no other connection holds, nor, in a cluster, a connection of another
 *   instance: an id whose presence came from elsewhere is taken until it leaves or
 *   times out); entries for other ids are echoes of what the server sent (official
 *   clients send back every presence they receive) and are skipped unread.
 * - Bounded and validated: an entry over PRESENCE_MAX_BYTES closes the connection
 *   (4400); of the rest only what the shared presence schema accepts is kept (a
 *   colour is `#rrggbb` or nothing); each connection may change its presence
 *   `presencePerSecond` times a second, and changes beyond that are dropped.
 * - Stamped: the server sets each person's role, makes their display name unique in
 *   the room (normalised and compared by skeleton, so "Alice" and "Аlice" with a
 *   Cyrillic А are "Alice" and "Alice (2)"), and lets only owners and facilitators
 *   call everyone to their view.
 * - Batched: changes go out at most once per PRESENCE_BROADCAST_MS (after half that
 *   beside an update, so the two share one write per connection).
 */
import {
  canSummon,
  DISPLAY_NAME_MAX,
  displayNameSkeleton,
  normaliseDisplayName,
  PRESENCE_MAX_BYTES,
  sanitizePresence,
} from '@journeyboard/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { Metrics } from '../metrics.js';
import {
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  parseAwarenessState,
  type RawAwarenessEntry,
  readAwarenessEntries,
} from './codec.js';
import type { Connection } from './connection.js';

/**
 * Presence goes out at most once per this many milliseconds per room. An official
 * y-websocket client sends every presence frame it receives back to the server, so
 * each broadcast costs one inbound frame per client: at one broadcast per event-loop
 * turn, a few dozen moving cursors would push every client past its message rate limit.
 */
const PRESENCE_BROADCAST_MS = 25;

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

export class RoomPresence {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly changed = new Set<number>();
  private lastBroadcast = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  /** Everyone's presence as one frame, until someone's changes (joiners and query-awareness share it). */
  private everyone: Uint8Array | null = null;
  /** Presence a connection sent faster than its rate allows: the latest, applied when it may. */
  private readonly deferred = new Map<Connection, { entries: RawAwarenessEntry[]; timer: NodeJS.Timeout }>();

  constructor(
    doc: Y.Doc,
    private readonly connections: ReadonlySet<Connection>,
    private readonly metrics: Metrics,
    /** Asks the room to flush: presence goes out with (or as) the next broadcast. */
    private readonly flushSoon: () => void,
    /** Closes a connection whose presence (applied later, past its rate) turned out malformed. */
    private readonly refuse: (connection: Connection, error: unknown) => void,
  ) {
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChanges) => {
      for (const id of [...added, ...updated, ...removed]) this.changed.add(id);
      this.everyone = null;
      flushSoon();
    });
  }

  /** Everyone's presence, for a joiner or a query (null when nobody has any). */
  everyoneFrame(): Uint8Array | null {
    if (this.everyone) return this.everyone;
    const ids = Array.from(this.awareness.getStates().keys());
    if (ids.length === 0) return null;
    this.everyone = encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
    return this.everyone;
  }

  leave(connection: Connection): void {
    const waiting = this.deferred.get(connection);
    if (waiting) clearTimeout(waiting.timer);
    this.deferred.delete(connection);
    if (connection.clientId !== null) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [connection.clientId], connection);
    }
  }

  receive(connection: Connection, update: Uint8Array): void {
    let forged = false;
    const own = readAwarenessEntries(
      update,
      (clientId, clock) => {
        if (connection.clientId === null) {
          // Presence held with no connection here holding it is another instance's (a leaving connection's goes with it).
          const taken =
            this.awareness.getStates().has(clientId) ||
            Array.from(this.connections).some((c) => c !== connection && c.clientId === clientId);
          if (!taken) connection.clientId = clientId;
        }
        if (clientId === connection.clientId) return true;
        // Official clients send back every presence they receive: one the room holds already is an echo.
        if ((this.awareness.meta.get(clientId)?.clock ?? -1) < clock) forged = true;
        return false;
      },
      PRESENCE_MAX_BYTES,
    );
    if (forged) this.metrics.errors.inc({ kind: 'foreign_presence' });
    if (own.length > 0) this.accept(connection, own);
  }

  /**
   * Applies a connection's own presence, or, past its presence rate, keeps it (still
   * unparsed) until the connection may change its presence again: the latest change
   * always lands (a drag that ended must not stay on everyone's screen), the ones
   * between are dropped without ever being parsed.
   */
  private accept(connection: Connection, own: RawAwarenessEntry[]): void {
    const waiting = this.deferred.get(connection);
    if (!connection.takePresenceToken()) {
      this.metrics.errors.inc({ kind: 'presence_deferred' });
      if (waiting) waiting.entries = own;
      else {
        const timer = setTimeout(() => {
          const latest = this.deferred.get(connection);
          this.deferred.delete(connection);
          if (!latest || connection.closed) return;
          try {
            this.accept(connection, latest.entries);
          } catch (error) {
            this.refuse(connection, error);
          }
        }, connection.presenceWaitMs + 1).unref();
        this.deferred.set(connection, { entries: own, timer });
      }
      return;
    }
    if (waiting) {
      clearTimeout(waiting.timer);
      this.deferred.delete(connection);
    }
    const accepted = own.map(parseAwarenessState).map((entry) => ({
      ...entry,
      state: this.stamp(connection, entry.state),
    }));
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), connection);
  }

  private stamp(connection: Connection, state: unknown): unknown {
    const presence = sanitizePresence(state);
    if (presence === null) return null;
    const asked = presence.user?.name ?? '';
    if (asked !== connection.requestedName) {
      connection.requestedName = asked;
      const wanted = normaliseDisplayName(asked);
      connection.displayName = wanted ? this.uniqueName(connection, wanted) : null;
    }
    if (presence.summon && !canSummon(connection.role)) presence.summon = null;
    // Bringing everyone into a presentation is a summons too.
    if (presence.presenting?.everyone !== undefined && !canSummon(connection.role))
      presence.presenting = { slide: presence.presenting.slide, since: presence.presenting.since };
    return {
      ...presence,
      user: { ...presence.user, name: connection.displayName ?? 'Guest', role: connection.role },
    };
  }

  private uniqueName(connection: Connection, name: string): string {
    const taken = new Set(
      Array.from(this.connections)
        .filter((c) => c !== connection && c.displayName)
        .map((c) => displayNameSkeleton(c.displayName as string)),
    );
    if (!taken.has(displayNameSkeleton(name))) return name;
    for (let n = 2; ; n++) {
      const suffix = ` (${n})`;
      const candidate = `${Array.from(name)
        .slice(0, DISPLAY_NAME_MAX - suffix.length)
        .join('')}${suffix}`;
      if (!taken.has(displayNameSkeleton(candidate))) return candidate;
    }
  }

  /** Whether presence changed since the last broadcast. */
  get pending(): boolean {
    return this.changed.size > 0;
  }

  /**
   * Pending presence as one frame, or null and a timer if the last presence broadcast
   * was too recent. Beside an update it may go out after half the interval: the two
   * then share one write to each connection, which in a big room is most of the
   * server's work (a system call per connection per write).
   */
  take(besideUpdate: boolean): Uint8Array | null {
    const since = performance.now() - this.lastBroadcast;
    const due = besideUpdate ? PRESENCE_BROADCAST_MS / 2 : PRESENCE_BROADCAST_MS;
    if (since < due) {
      this.timer ??= setTimeout(() => {
        this.timer = null;
        this.flushSoon();
      }, PRESENCE_BROADCAST_MS - since).unref();
      return null;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastBroadcast = performance.now();
    const ids = Array.from(this.changed);
    this.changed.clear();
    return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const { timer } of this.deferred.values()) clearTimeout(timer);
    this.deferred.clear();
    this.awareness.destroy();
  }
}
