/**
 * What every instance serving a board shares with the others, owner or not, over the
 * board's room stream: the presence of its own connections (as this instance stamped
 * and bounded it), and closes meant for everyone (links rotated, board deleted).
 *
 * Presence goes out in batches, at most one entry per PUBLISH_MS per board, and only
 * for this instance's own connections: presence from other instances is applied with
 * the REMOTE origin and never sent on. An instance that starts serving the board says
 * hello; everyone answers with all of theirs. An instance that dies leaves its people's
 * presence behind until the awareness timeout (30 s) removes it. The owner publishes
 * only while some replica follows the board (owner-link.ts): nobody else would read it.
 */
import type { Role } from '@journeyboard/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from '../codec.js';
import { type ClusterBus, STREAM_LENGTH } from './bus.js';
import type { RoomMessage } from './messages.js';

/** The origin of presence applied from another instance. */
export const REMOTE = Symbol('remote instance');

const PUBLISH_MS = 20;

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

export interface RoomLinkTarget {
  readonly boardId: string;
  readonly awareness: awarenessProtocol.Awareness;
  closeConnections(code: number, reason: string, role?: Role): void;
  /** The board was deleted: drop the room without writing. */
  discardFromCluster(): void;
}

export interface RoomLinkOptions {
  /** Whether this instance's presence goes out now (default: always). */
  publishing?(): boolean;
  /** Another instance said hello: it serves the board from now on. */
  hello?(): void;
}

export class RoomLink {
  /** Presence entries this instance's own connections hold. */
  private readonly local = new Set<number>();
  private readonly changed = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly unfollow: () => void;
  private readonly key: string;

  constructor(
    private readonly bus: ClusterBus,
    private readonly target: RoomLinkTarget,
    private readonly metrics: Metrics,
    private readonly log: Logger,
    private readonly options: RoomLinkOptions = {},
  ) {
    this.key = bus.key('room', target.boardId);
    target.awareness.on('update', this.onAwareness);
    const followed = bus.follow(this.key, '$', (message) => this.receive(message as RoomMessage));
    this.unfollow = followed.stop;
    // Said once this instance reads the stream, so it hears every answer.
    void followed.ready.then(() => this.publish({ kind: 'hello', from: bus.instanceId }));
  }

  private readonly onAwareness = ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
    if (origin === REMOTE) return;
    for (const id of [...added, ...updated]) {
      this.local.add(id);
      this.changed.add(id);
    }
    for (const id of removed) {
      if (this.local.delete(id)) this.changed.add(id);
    }
    this.timer ??= setTimeout(() => this.sendChanged(), PUBLISH_MS).unref();
  };

  /** After a Redis outage: says hello again (everyone answers with theirs) and sends all of this instance's presence. */
  rejoin(): void {
    this.publish({ kind: 'hello', from: this.bus.instanceId });
    this.republish();
  }

  /** Sends all of this instance's presence. */
  republish(): void {
    for (const id of this.local) this.changed.add(id);
    this.sendChanged();
  }

  private sendChanged(): void {
    this.timer = null;
    const ids = Array.from(this.changed);
    this.changed.clear();
    if (ids.length === 0 || this.options.publishing?.() === false) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.target.awareness, ids);
    this.publish({ kind: 'presence', from: this.bus.instanceId, update });
  }

  private receive(message: RoomMessage): void {
    switch (message.kind) {
      case 'presence': {
        if (message.from === this.bus.instanceId) return;
        // Another instance never speaks for a connection of this one (room-presence.ts pins ids).
        const update =
          this.local.size === 0
            ? message.update
            : encodeAwarenessUpdate(decodeAwarenessUpdate(message.update, (id) => !this.local.has(id)));
        awarenessProtocol.applyAwarenessUpdate(this.target.awareness, update, REMOTE);
        return;
      }
      case 'hello':
        if (message.from === this.bus.instanceId) return;
        this.options.hello?.();
        this.republish();
        return;
      case 'close':
        this.target.closeConnections(message.code, message.reason, message.role ?? undefined);
        return;
      case 'discard':
        this.target.discardFromCluster();
        return;
    }
  }

  private publish(message: RoomMessage): void {
    this.bus.add(this.key, message, STREAM_LENGTH.room).catch((error: unknown) => {
      this.metrics.errors.inc({ kind: 'cluster_presence' });
      this.log.debug({ err: error }, 'presence not sent to the other instances');
    });
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.target.awareness.off('update', this.onAwareness);
    this.unfollow();
  }
}
