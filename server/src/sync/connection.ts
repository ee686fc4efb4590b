/**
 * One client's WebSocket: its role, its rate limit, its pinned presence. It
 * decodes frames and hands them to its room; anything malformed, over a limit or
 * not allowed for its role closes this connection and nothing else.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import type { Logger } from '../log.js';
import type { Role } from '../storage/board-store.js';
import { CLOSE } from './close-codes.js';

/** Buffered outgoing bytes past which a client is too slow to keep up (it can resync on reconnect). */
const MAX_BUFFERED_BYTES = 16 << 20;

/**
 * Sync requests (sync step 1, query-awareness) are a few bytes that make the room
 * encode the whole board or every presence: at the message rate, a flood of them
 * stalled the process for seconds. A client sends one on connecting (and perhaps
 * one per resync interval), so a few a second, in bursts of ten, is plenty.
 */
const SYNC_REQUESTS_PER_SECOND = 2;
const SYNC_REQUEST_BURST = 10;

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

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.lastRefill) / 1000) * this.perSecond);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class Connection {
  /** The Yjs client id this connection's presence is pinned to (set by its first awareness update). */
  clientId: number | null = null;
  /** The presence name the client asked for, and the one shown to others (made unique in the room). */
  requestedName: string | null = null;
  displayName: string | null = null;
  /** Refused writes by a viewer: after a few, the connection is closed. */
  refusedWrites = 0;
  closed = false;
  private readonly messages: Bucket;
  private readonly syncRequests = new Bucket(SYNC_REQUESTS_PER_SECOND, SYNC_REQUEST_BURST);

  constructor(
    readonly id: string,
    readonly socket: WebSocket,
    readonly role: Role,
    readonly log: Logger,
    messagesPerSecond: number,
  ) {
    this.messages = new Bucket(messagesPerSecond, messagesPerSecond * 2);
  }

  /** Sustained `messagesPerSecond`, bursts of twice that. */
  takeMessageToken(): boolean {
    return this.messages.take();
  }

  /** A few sync requests a second (see SYNC_REQUESTS_PER_SECOND). */
  takeSyncRequestToken(): boolean {
    return this.syncRequests.take();
  }

  send(frame: Uint8Array): boolean {
    if (this.closed) return false;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(CLOSE.slowConsumer, 'client too slow to keep up');
      return false;
    }
    this.socket.send(frame, { binary: true });
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

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.log.info({ code, reason }, 'closing connection');
    this.socket.close(code, reason);
    // A client that ignores the close handshake is cut off.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }
}
