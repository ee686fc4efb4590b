/**
 * The owner's side of a board in a cluster: the instance holding the board's lease
 * runs the one room that applies and commits (sync/room.ts), and this link connects
 * that room to the other instances.
 *
 * - In: it reads the board's in-stream in order, from the oldest entry kept. Forwarded
 *   updates go through the room's own checks as if their connection were here
 *   (RemoteWriter); refusals and closes go back to it through its instance's stream.
 *   Reading from the oldest entry makes a take-over resend every forwarded edit the
 *   dead owner may not have committed; those it had are no-ops. Entries are trimmed
 *   once committed: what was applied before the previous commit ended is in this one.
 * - Out: after each commit, the update goes to the out-stream with the lease epoch and a
 *   sequence number, for the replicas to relay (cluster/replica-room.ts); but only while
 *   some replica follows the board. A replica says so every `interestEveryMs` (and by its
 *   hello); most boards in a cluster behind a consistent hash have none, and an XADD per
 *   commit that nobody reads was most of an instance's cost over a single server. The
 *   sequence grows at every commit all the same, so a replica that lagged past the window
 *   sees a gap and reloads from the database; and when one starts following, the owner
 *   publishes its position (epoch, last sequence) at once, so a replica behind reloads
 *   without waiting for the next commit; so does a new owner as it starts, and it
 *   publishes through its first window (replicas there before it say so at their next
 *   interval). Its own connections' presence goes out to the other instances under the
 *   same rule (room-link.ts).
 * - Interest of instances serving a replica keeps an empty room loaded.
 * - Server-side changes asked over REST at another instance are run here and answered.
 */
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import type { BoardLease } from '../../storage/board-leases.js';
import type { Writer } from '../connection.js';
import type { Room } from '../room.js';
import { STREAM_LENGTH } from './bus.js';
import { type BoardInMessage, type BoardOutMessage, interestEveryMs } from './messages.js';
import { CHANGE_TIMEOUT_MS, type ClusterNode } from './node.js';
import { RoomLink, type RoomLinkTarget } from './room-link.js';

/** The time (ms since the epoch, Redis's clock) in a stream entry's id, `<ms>-<n>`. */
const streamTime = (id: string) => Number(id.slice(0, id.indexOf('-')));

/** A replica's interest lasts this many of its intervals: one late or lost entry does not stop the relay. */
const INTEREST_LASTS = 3;

/** Remote connections remembered (with their refusal counts) per board. */
const MAX_REMOTE_WRITERS = 10_000;

/** Runs a named server-side change on the owner's room; resolves to its JSON result. */
export type ChangeRunner = (room: Room, change: string, args: unknown) => Promise<unknown>;

/** A connection of another instance, as the owner's room sees it. */
class RemoteWriter implements Writer {
  refusedWrites = 0;
  closed = false;

  constructor(
    private readonly node: ClusterNode,
    private readonly instance: string,
    private readonly connection: string,
    readonly role: Writer['role'],
    readonly participantId: string | null,
    readonly log: Logger,
  ) {}

  send(frame: Uint8Array): boolean {
    const { bus } = this.node;
    bus
      .add(
        bus.key('instance', this.instance),
        { kind: 'send', connection: this.connection, frame },
        STREAM_LENGTH.instance,
      )
      .catch(() => {});
    return true;
  }

  close(code: number, reason: string): void {
    this.closed = true;
    const { bus } = this.node;
    bus
      .add(
        bus.key('instance', this.instance),
        { kind: 'close-connection', connection: this.connection, code, reason },
        STREAM_LENGTH.instance,
      )
      .catch(() => {});
  }
}

export class OwnerLink {
  private seq = 0;
  private readonly writers = new Map<string, RemoteWriter>();
  /** In-stream entries handled, one at a time, in order. */
  private queue: Promise<void> = Promise.resolve();
  private appliedId: string | null = null;
  /** Entries up to here were applied before the previous commit ended: committed by the next. */
  private committedId: string | null = null;
  /** Where the in-stream was last trimmed to. */
  private trimmedId: string | null = null;
  private readonly unfollow: () => void;
  private readonly link: RoomLink;
  private readonly inKey: string;
  private readonly outKey: string;
  /** How long a replica's interest lasts. */
  private readonly interestMs: number;
  /** Until when (ms since the epoch) some replica follows the board: commits are relayed until then. */
  private followedUntil: number;

  constructor(
    private readonly node: ClusterNode,
    private readonly room: Room,
    target: RoomLinkTarget,
    private readonly lease: BoardLease,
    private readonly runChange: ChangeRunner,
    roomUnloadGraceMs: number,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.inKey = node.bus.key('in', room.boardId);
    this.outKey = node.bus.key('out', room.boardId);
    this.interestMs = INTEREST_LASTS * interestEveryMs(roomUnloadGraceMs);
    // A new owner (a take-over) may have replicas already, which say so only at their next
    // interval; and they may lack commits the last owner made but never published (killed
    // between its commit and its XADD): its epoch now makes them reload, commits or not.
    this.followedUntil = Date.now() + this.interestMs;
    this.publish({ kind: 'position', epoch: lease.epoch, seq: 0 });
    this.unfollow = node.bus.follow(this.inKey, '0', (message, id) => {
      // Noted as it arrives, not after the forwarded updates queued before it.
      // A new owner reads the stream from its start: interest said long ago is no longer meant.
      if (message.kind === 'interest' && Date.now() - streamTime(id) < CHANGE_TIMEOUT_MS && this.followed())
        this.link.republish();
      this.queue = this.queue.then(() => this.receive(message as BoardInMessage, id));
    }).stop;
    this.link = new RoomLink(node.bus, target, metrics, log, {
      publishing: () => this.isFollowed,
      // The hello is answered with all of this instance's presence (room-link.ts).
      hello: () => void this.followed(),
    });
  }

  private get isFollowed(): boolean {
    return Date.now() < this.followedUntil;
  }

  /**
   * A replica said just now that it follows the board. When none did before, its
   * replica may lack commits made meanwhile: the position tells it. True then (and
   * this instance's presence is to go out again).
   */
  private followed(): boolean {
    const wasFollowed = this.isFollowed;
    this.followedUntil = Date.now() + this.interestMs;
    if (wasFollowed) return false;
    this.publish({ kind: 'position', epoch: this.lease.epoch, seq: this.seq });
    return true;
  }

  private publish(message: BoardOutMessage): void {
    this.node.bus.add(this.outKey, message, STREAM_LENGTH.out).catch((error: unknown) => {
      // Committed all the same: the replicas see the gap at the next commit, or resync when Redis is back.
      this.metrics.errors.inc({ kind: 'cluster_relay' });
      this.log.warn({ err: error }, 'committed update not relayed to the other instances');
    });
  }

  /** The room committed a batch: relay it if a replica follows, and drop the in-stream entries now surely committed. */
  committed(update: Uint8Array): void {
    const { bus } = this.node;
    this.seq += 1;
    if (this.isFollowed) {
      this.publish({ kind: 'committed', epoch: this.lease.epoch, seq: this.seq, update });
      this.metrics.clusterPublished.inc();
    }
    // Only when there is something new to drop: most commits are of this instance's own clients.
    if (this.committedId && this.committedId !== this.trimmedId) {
      bus.trimBefore(this.inKey, this.committedId).catch(() => {});
      this.trimmedId = this.committedId;
    }
    this.committedId = this.appliedId;
  }

  private async receive(message: BoardInMessage, id: string): Promise<void> {
    if (this.room.isUnloaded) return;
    await this.handle(message, id);
    // Handled: trimmed once the commit after the next has landed.
    this.appliedId = id;
  }

  private async handle(message: BoardInMessage, id: string): Promise<void> {
    switch (message.kind) {
      case 'forward': {
        const writer = this.writerFor(message);
        if (writer.closed) return;
        this.metrics.clusterForwardsReceived.inc();
        await this.room.receiveForwarded(writer, message.update);
        return;
      }
      case 'interest':
        this.room.keepLoaded();
        return;
      case 'change': {
        // A new owner reads the stream from its oldest entry. A forwarded edit made twice is
        // a no-op, but a restore made twice would undo what came after it: a change is
        // removed from the stream once made, and one its asker gave up on is not made.
        if (Date.now() - streamTime(id) > CHANGE_TIMEOUT_MS) return;
        let answer: { ok: boolean; result: string };
        try {
          answer = {
            ok: true,
            result: JSON.stringify(
              (await this.runChange(this.room, message.change, JSON.parse(message.args))) ?? null,
            ),
          };
        } catch (error) {
          answer = {
            ok: false,
            result: JSON.stringify({ name: (error as Error).name, message: (error as Error).message }),
          };
        }
        const { bus } = this.node;
        // Made (and committed, if it was made): gone from the stream, so no later owner makes it again.
        await bus.remove(this.inKey, id).catch(() => {});
        await bus
          .add(
            bus.key('instance', message.from),
            { kind: 'answer', requestId: message.requestId, ...answer },
            STREAM_LENGTH.instance,
          )
          .catch(() => {});
        return;
      }
    }
  }

  private writerFor(message: Extract<BoardInMessage, { kind: 'forward' }>): RemoteWriter {
    const key = `${message.from}/${message.connection}`;
    let writer = this.writers.get(key);
    if (!writer) {
      writer = new RemoteWriter(
        this.node,
        message.from,
        message.connection,
        message.role,
        message.participantId,
        this.log.child({ instance: message.from, connectionId: message.connection, role: message.role }),
      );
      this.writers.set(key, writer);
      // Bounded: the oldest is forgotten (a connection that comes back counts its refusals afresh).
      if (this.writers.size > MAX_REMOTE_WRITERS)
        this.writers.delete(this.writers.keys().next().value as string);
    }
    return writer;
  }

  /** Redis is back after an outage: the other instances hear this instance's presence again. */
  rejoin(): void {
    this.link.rejoin();
  }

  close(): void {
    this.unfollow();
    this.link.close();
    // Another instance's people may still be on the board: they hear of a new owner from their replica.
    this.writers.clear();
  }
}
