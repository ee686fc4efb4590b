/**
 * One client's WebSocket: its role, the person on it (if they said), its limits, its pinned presence, its inbox and
 * its outbox. Anything malformed, over a limit or not allowed for its role closes
 * this connection and nothing else.
 *
 * Inbox: frames are handled in order. While a large update of this connection is
 * read off-thread, later frames wait here; every frame takes its message-rate token
 * on arrival, so waiting frames count against the rate limit like any other. Past
 * BACKLOG_FRAMES or BACKLOG_BYTES waiting, the socket is no longer read (the client's
 * own sends then wait, as TCP makes them) until the backlog has drained; frames ws had
 * read already still arrive, and past four times the bounds the connection is closed.
 *
 * Outbox: a client that does not read its socket fills the server's memory. Past
 * `maxSendBuffer` bytes waiting to be sent (stretched by the size of the last
 * whole-board answer it was given: that answer counts, but must fit), it is sent
 * nothing more and closed with 4408; one that ignores the close is cut off after
 * CLOSE_GRACE_MS. A client that stops answering pings is cut off too (sync-server.ts).
 *
 * Memory: a workshop keeps hundreds of mostly idle connections, so a connection holds
 * only what it needs while idle (docs/benchmarks.md has the breakdown): its logger is
 * made on first use (most connections log nothing but their arrival and departure,
 * which the server logs with `logFields`), the forwarding allowance only in cluster
 * mode, and the backlog only while a large update is read.
 */
import type { Duplex } from 'node:stream';
import type { Role } from '@journeyboard/shared';
import { CLOSE } from '@journeyboard/shared';
import type { WebSocket } from 'ws';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/**
 * Sync requests (sync step 1, query-awareness) are a few bytes that make the room
 * answer with the whole board or every presence: a client sends one on connecting
 * (and perhaps one per resync interval), so a few a second, in bursts of ten, is plenty.
 */
const SYNC_REQUESTS_PER_SECOND = 2;
const SYNC_REQUEST_BURST = 10;

/**
 * Presence changes a connection may make at once: the app throttles its cursor and
 * drags to one each per 64 ms, so a handful covers any honest burst; fifty hostile
 * connections with bursts of eighty each made the server parse four thousand at once.
 */
const PRESENCE_BURST = 8;

/** Frames and bytes that may wait behind a large update being read. */
const BACKLOG_FRAMES = 64;
const BACKLOG_BYTES = 4 << 20;

/** How long a closed client has to finish the close handshake before it is cut off. */
const CLOSE_GRACE_MS = 2000;

/** Token bucket: sustained `perSecond`, bursts of `burst`. */
class Bucket {
  private tokens: number;
  private lastRefill = performance.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(amount = 1): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.perSecond);
    this.lastRefill = now;
    if (this.tokens < amount) return false;
    this.tokens -= amount;
    return true;
  }

  /** Milliseconds until the next token. */
  get waitMs(): number {
    return Math.max(0, ((1 - this.tokens) / this.perSecond) * 1000);
  }
}

export interface ConnectionLimits {
  maxMessageBytes: number;
  maxMessagesPerSecond: number;
  maxPresencePerSecond: number;
  maxSendBufferBytes: number;
}

/** Where a connection's frames go, one at a time (its room): a promise while a large update is read. */
export interface FrameTarget {
  receive(connection: Connection, frame: Uint8Array): void | Promise<void>;
}

export type InboxOutcome = 'handled' | 'queued' | 'rate-limited' | 'backlog-full';

/** The person a connection's identity token named (as minted: their first name). */
export interface Person {
  participantId: string;
  name: string;
}

/**
 * Whoever an update comes from, as a room checks it: a connection of this instance,
 * or, on a board's owner in cluster mode, a connection of another instance whose
 * updates were forwarded (cluster/owner-link.ts). Refusals and closes reach it either way.
 */
export interface Writer {
  readonly role: Role;
  readonly participantId: string | null;
  readonly closed: boolean;
  readonly log: Logger;
  refusedWrites: number;
  send(frame: Uint8Array): boolean;
  close(code: number, reason: string): void;
}

/**
 * Frames as WebSocket messages on the wire (RFC 6455), one after the other: binary,
 * final, unmasked (a server's), as ws's Sender writes them with compression off (the
 * sync server turns it off). Made once per broadcast, the bytes go to every socket.
 */
export function wireMessages(frames: readonly Uint8Array[]): Buffer {
  let total = 0;
  for (const frame of frames) total += headerBytes(frame.byteLength) + frame.byteLength;
  const wire = Buffer.allocUnsafe(total);
  let at = 0;
  for (const frame of frames) {
    const length = frame.byteLength;
    wire[at++] = 0x82;
    if (length < 126) wire[at++] = length;
    else if (length < 0x10000) {
      wire[at++] = 126;
      at = wire.writeUInt16BE(length, at);
    } else {
      wire[at++] = 127;
      at = wire.writeUInt32BE(Math.floor(length / 0x1_0000_0000), at);
      at = wire.writeUInt32BE(length >>> 0, at);
    }
    wire.set(frame, at);
    at += length;
  }
  return wire;
}

const headerBytes = (length: number) => (length < 126 ? 2 : length < 0x10000 ? 4 : 10);

/**
 * Sends frames to every connection of a room and counts what went out. They are framed
 * for the wire once and written to each socket in one write: through ws, each
 * connection would frame them again and write header and payload apart, which in a
 * room of fifty was most of the server's cost of an update (issue #18).
 * The `authors` of the update the frames carry are written to last: their copy only
 * acknowledges what they already show, while everyone else is waiting to see it.
 */
export function broadcast(
  connections: ReadonlySet<Connection>,
  frames: readonly Uint8Array[],
  metrics: Pick<Metrics, 'messagesOut' | 'bytesOut'>,
  authors?: ReadonlySet<Connection>,
): void {
  const wire = wireMessages(frames);
  let sent = 0;
  for (const connection of connections)
    if (!authors?.has(connection) && connection.sendWire(wire, frames)) sent++;
  if (authors)
    for (const connection of authors)
      if (connections.has(connection) && connection.sendWire(wire, frames)) sent++;
  metrics.messagesOut.inc(sent * frames.length);
  metrics.bytesOut.inc(sent * frames.reduce((bytes, frame) => bytes + frame.byteLength, 0));
}

export class Connection implements Writer {
  /**
   * Who is on this connection: the participant id of the identity presented at the
   * upgrade, or null when none was (the share token says what it may do, this says who).
   */
  readonly participantId: string | null;
  /** The name the identity was minted with; presence may show another (renames touch presence only). */
  readonly identityName: string | null;
  /** The Yjs client id this connection's presence is pinned to (set by its first awareness update). */
  clientId: number | null = null;
  /** The presence name the client asked for (as sent), and the one shown to others (normalised, made unique in the room). */
  requestedName: string | null = null;
  displayName: string | null = null;
  /** Refused writes by a viewer: after a few, the connection is closed. */
  refusedWrites = 0;
  closed = false;
  /** The code this server closed the connection with, if it did (the client may never confirm it). */
  closedWith: number | null = null;
  /** Whether the client answered (or sent anything) since the last ping. */
  alive = true;
  private readonly messages: Bucket;
  private readonly presence: Bucket;
  /**
   * Bytes of updates a replica may forward for this connection (cluster mode): the
   * owner checks them, but until then they sit in Redis, which the message rate alone
   * (a 1 MB frame 300 times a second) would let one participant fill. A frame's worth a
   * second, bursts of two: far above any honest typing, pasting or resync.
   */
  private forwarded: Bucket | null = null;
  private readonly syncRequests = new Bucket(SYNC_REQUESTS_PER_SECOND, SYNC_REQUEST_BURST);
  private reading: Promise<void> | null = null;
  private backlog: Uint8Array[] | null = null;
  private backlogBytes = 0;
  private childLog: Logger | null = null;
  /** Bytes of the last whole-board answer sent: the send buffer may hold that much more. */
  private answerBytes = 0;

  constructor(
    readonly id: string,
    readonly boardId: string,
    readonly socket: WebSocket,
    readonly role: Role,
    private readonly serverLog: Logger,
    private readonly limits: ConnectionLimits,
    person: Person | null = null,
  ) {
    this.participantId = person?.participantId ?? null;
    this.identityName = person?.name ?? null;
    this.messages = new Bucket(limits.maxMessagesPerSecond, limits.maxMessagesPerSecond * 2);
    this.presence = new Bucket(limits.maxPresencePerSecond, PRESENCE_BURST);
  }

  /** Who this connection is, as every line logged about it says. */
  get logFields(): { boardId: string; connectionId: string; role: Role; participantId: string | null } {
    return {
      boardId: this.boardId,
      connectionId: this.id,
      role: this.role,
      participantId: this.participantId,
    };
  }

  /** The connection's own logger, made on first use (see Memory above). */
  get log(): Logger {
    this.childLog ??= this.serverLog.child(this.logFields);
    return this.childLog;
  }

  /**
   * Takes one frame from the socket: handled now, or queued behind a large update
   * still being read; refused when over the message rate or the backlog's bounds.
   */
  receive(frame: Uint8Array, room: FrameTarget): InboxOutcome {
    this.alive = true;
    if (!this.messages.take()) return 'rate-limited';
    if (this.reading) {
      this.backlog ??= [];
      if (this.backlog.length >= 4 * BACKLOG_FRAMES || this.backlogBytes > 4 * BACKLOG_BYTES) {
        return 'backlog-full';
      }
      this.backlog.push(frame);
      this.backlogBytes += frame.byteLength;
      if (this.backlog.length >= BACKLOG_FRAMES || this.backlogBytes >= BACKLOG_BYTES) this.socket.pause();
      return 'queued';
    }
    this.run(frame, room);
    return 'handled';
  }

  private run(frame: Uint8Array, room: FrameTarget): void {
    const result = room.receive(this, frame);
    if (!(result instanceof Promise)) return;
    this.reading = result.finally(() => {
      this.reading = null;
      while (!this.reading && !this.closed && this.backlog && this.backlog.length > 0) {
        const next = this.backlog.shift() as Uint8Array;
        this.backlogBytes -= next.byteLength;
        this.run(next, room);
      }
      if (this.backlog?.length === 0) this.backlog = null;
      if (!this.backlog && this.socket.isPaused && !this.closed) this.socket.resume();
    });
  }

  /** A few sync requests a second (see SYNC_REQUESTS_PER_SECOND). */
  takeSyncRequestToken(): boolean {
    return this.syncRequests.take();
  }

  /** Whether a replica may forward `bytes` more of this connection's updates now (see `forwarded`). */
  takeForwardBytes(bytes: number): boolean {
    this.forwarded ??= new Bucket(this.limits.maxMessageBytes, this.limits.maxMessageBytes * 2);
    return this.forwarded.take(bytes);
  }

  /** Presence changes a second; beyond them a change is deferred (see deferPresence). */
  takePresenceToken(): boolean {
    return this.presence.take();
  }

  /** Milliseconds until this connection may change its presence again. */
  get presenceWaitMs(): number {
    return this.presence.waitMs;
  }

  send(frame: Uint8Array): boolean {
    if (!this.mayWrite()) return false;
    this.socket.send(frame, { binary: true });
    return true;
  }

  /** Whether anything more may be written: not closed, and not past the send buffer's bound (then closed). */
  private mayWrite(): boolean {
    if (this.closed) return false;
    if (this.socket.bufferedAmount > this.limits.maxSendBufferBytes + this.answerBytes) {
      this.close(CLOSE.slowConsumer, 'client too slow to keep up');
      return false;
    }
    return true;
  }

  /**
   * Frames in one write: the TCP socket under the WebSocket is corked around them, so
   * they leave in one system call instead of one each. (`_socket` is ws's own field;
   * without it the frames are simply sent one by one.)
   */
  sendAll(frames: readonly Uint8Array[]): boolean {
    if (frames.length === 1) return this.send(frames[0] as Uint8Array);
    const tcp = (this.socket as unknown as { _socket?: Duplex })._socket;
    tcp?.cork();
    try {
      return frames.every((frame) => this.send(frame));
    } finally {
      tcp?.uncork();
    }
  }

  /**
   * `frames` as `wireMessages` framed them, written straight to the TCP socket under
   * the WebSocket (ws's own `_socket`), where ws would write them itself: ws keeps no
   * frames of its own back while compression is off, so the order of everything on the
   * socket is kept. A socket that is closing is sent nothing, as ws does.
   */
  sendWire(wire: Buffer, frames: readonly Uint8Array[]): boolean {
    const tcp = (this.socket as unknown as { _socket?: Duplex })._socket;
    if (!tcp) return this.sendAll(frames);
    if (this.socket.readyState !== this.socket.OPEN || !this.mayWrite()) return false;
    tcp.write(wire);
    return true;
  }

  /** A whole-board answer: the send buffer may hold it on top of the usual bound, once. */
  sendAnswer(frames: readonly Uint8Array[]): boolean {
    this.answerBytes = frames.reduce((bytes, frame) => bytes + frame.byteLength, 0);
    return this.sendAll(frames);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.closedWith = code;
    this.backlog = null;
    this.backlogBytes = 0;
    this.log.info({ code, reason }, 'closing connection');
    this.socket.close(code, reason);
    // A client that ignores the close handshake (or cannot read it behind a full buffer) is cut off.
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }
}
