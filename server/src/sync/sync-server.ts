/**
 * The WebSocket side: `ws://HOST:PORT/sync/<boardId>?token=<token>`, the URL an
 * unmodified y-websocket provider opens; the app sends its token as the subprotocol
 * `token.<token>` instead (shared/src/sync-protocols.ts). A person's identity token
 * may come beside it, as `&identity=<token>` or the subprotocol `identity.<token>`.
 * The token, identity and Origin are checked on the HTTP upgrade, before any socket
 * exists: 401 without a valid token (or with an expired one) or with an unknown
 * identity, 403 for a token or identity of another board or a foreign Origin, 503
 * when the server or room is full or another instance serves the board (cluster mode). A connection is closed (4403) when its link expires.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Role } from '@journeyboard/shared';
import {
  CLOSE,
  identityFromProtocols,
  LIVENESS,
  MAX_IDENTITY_TOKEN_LENGTH,
  newId,
  SYNC_PROTOCOL,
  tokenFromProtocols,
} from '@journeyboard/shared';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { originAllowed } from '../auth/origin.js';
import { linkExpired } from '../auth/tokens.js';
import type { Limits } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import type { BoardLeases } from '../storage/board-leases.js';
import { encodeAwarenessMessage } from './codec.js';
import { Connection, type Person } from './connection.js';
import { type LiveRoom, RoomLimitError, type Rooms } from './rooms.js';

/** An awareness update with no entries: every y-websocket client applies it as a no-op. */
const HEARTBEAT_FRAME = encodeAwarenessMessage(Uint8Array.of(0));

const SYNC_PATH = /^\/sync\/([A-Za-z0-9_-]{1,100})\/?$/;

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

function refuse(socket: Duplex, status: number, detail: string): void {
  const body = `${STATUS_TEXT[status] ?? 'Error'}: ${detail}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

type Admission =
  | { boardId: string; role: Role; expiresAt: number | null; person: Person | null }
  | { refused: number; detail: string; boardId?: string };

/** setTimeout waits at most 2^31-1 ms (about 24 days); a later expiry re-arms until it is due. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Calls `expire` at `expiresAt` (ms since the epoch); the returned function cancels it. */
function atExpiry(expiresAt: number, expire: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const wait = expiresAt - Date.now();
    if (wait <= 0) return expire();
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

/** An upgrading socket's error listener, one for all (it stays for the socket's life). */
function destroySocket(this: Duplex): void {
  this.destroy();
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A socket in its room: what the server's listeners, shared by every socket, look up. */
interface Entered {
  connection: Connection;
  room: LiveRoom;
  cancelExpiry: (() => void) | null;
}

export class SyncServer {
  private readonly wss: WebSocketServer;
  /**
   * Every socket in a room. Its listeners are the four below, shared by every socket
   * (`this` is the socket), not closures made per connection: hundreds of idle
   * connections each held seven closures and their contexts, a tenth of their heap.
   */
  private readonly live = new Map<WebSocket, Entered>();
  /** Sockets accepted and waiting for their room to load. */
  private readonly entering = new Set<WebSocket>();
  private readonly onMessage: (this: WebSocket, data: RawData) => void;
  private readonly onPong: (this: WebSocket) => void;
  private readonly onClose: (this: WebSocket, code: number) => void;
  private readonly onError: (this: WebSocket, error: Error) => void;
  private readonly pinger: NodeJS.Timeout;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly deps: {
      store: AsyncBoardStore;
      leases: BoardLeases;
      rooms: Rooms;
      metrics: Metrics;
      log: Logger;
      limits: Limits;
      allowedOrigins: string[];
    },
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: deps.limits.maxMessageBytes,
      perMessageDeflate: false,
      // ws would keep every socket in a set of its own, with a close listener made for each;
      // `live` (and `entering`, while a room loads) already hold them.
      clientTracking: false,
      handleProtocols: (offered) => (offered.has(SYNC_PROTOCOL) ? SYNC_PROTOCOL : false),
    });
    const live = this.live;
    const { metrics } = deps;
    this.onMessage = function (data) {
      const entered = live.get(this);
      if (!entered || entered.connection.closed) return;
      const { connection, room } = entered;
      const outcome = connection.receive(toBytes(data), room);
      if (outcome === 'rate-limited' || outcome === 'backlog-full') {
        metrics.errors.inc({ kind: 'rate_limited' });
        connection.close(CLOSE.rateLimited, 'too many messages');
      }
    };
    this.onPong = function () {
      const entered = live.get(this);
      if (entered) entered.connection.alive = true;
    };
    this.onClose = function (code) {
      const entered = live.get(this);
      if (!entered) return;
      const { connection, room, cancelExpiry } = entered;
      metrics.closes.inc({ code: String(connection.closedWith ?? code) });
      cancelExpiry?.();
      connection.closed = true;
      live.delete(this);
      room.leave(connection);
      metrics.connections.dec({ role: connection.role });
      deps.log.info(connection.logFields, 'disconnected');
    };
    this.onError = function (error) {
      metrics.errors.inc({ kind: 'socket' });
      const entered = live.get(this);
      if (entered) entered.connection.log.warn({ err: error }, 'socket error');
    };
    this.pinger = setInterval(() => this.pingAll(), deps.limits.pingIntervalMs);
    this.pinger.unref();
    this.heartbeat = setInterval(() => this.beatAll(), LIVENESS.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Who may open which board's room, decided from the upgrade request alone. */
  private async admit(req: IncomingMessage): Promise<Admission> {
    const { store, rooms, limits } = this.deps;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = SYNC_PATH.exec(url.pathname);
    if (!match) return { refused: 404, detail: 'no such endpoint' };
    const boardId = match[1] as string;
    // The app sends its token as a subprotocol; unmodified y-websocket clients as ?token=.
    const token = tokenFromProtocols(req.headers['sec-websocket-protocol']) ?? url.searchParams.get('token');
    const grant = token ? await store.findToken(token) : null;
    if (!grant)
      return { refused: 401, detail: token ? 'unknown or revoked token' : 'token required', boardId };
    if (linkExpired(grant.expiresAt)) return { refused: 401, detail: 'link expired', boardId };
    if (grant.boardId !== boardId) return { refused: 403, detail: 'token is for another board', boardId };
    if (!originAllowed(req, this.deps.allowedOrigins))
      return { refused: 403, detail: 'origin not allowed', boardId };
    // Who the person is, if they say: the app as a subprotocol, unmodified clients as ?identity=.
    const identityToken =
      identityFromProtocols(req.headers['sec-websocket-protocol']) ?? url.searchParams.get('identity');
    let person: Person | null = null;
    if (identityToken !== null) {
      // No minted token is this long: refused before hashing whatever a client sent.
      const identity =
        identityToken.length <= MAX_IDENTITY_TOKEN_LENGTH ? await store.findIdentity(identityToken) : null;
      if (!identity) return { refused: 401, detail: 'unknown identity', boardId };
      if (identity.boardId !== boardId)
        return { refused: 403, detail: 'identity is for another board', boardId };
      person = { participantId: identity.participantId, name: identity.name };
    }
    // Capacity is checked without loading anything: the room is opened only once ws has
    // accepted the handshake, so a malformed upgrade can never leave a room behind.
    const room = rooms.get(boardId);
    if (room && room.connections.size >= limits.maxConnectionsPerRoom) {
      return { refused: 503, detail: 'board is full', boardId };
    }
    if (!room && rooms.size >= limits.maxRooms) {
      return {
        refused: 503,
        detail: `this server holds its maximum of ${limits.maxRooms} open boards`,
        boardId,
      };
    }
    // Without a cluster to forward through, a board another live instance serves is refused here.
    if (!room && !rooms.servesAnyBoard && (await this.deps.leases.heldElsewhere(boardId)) !== null) {
      return { refused: 503, detail: 'board is served by another instance', boardId };
    }
    return { boardId, role: grant.role, expiresAt: grant.expiresAt, person };
  }

  /** Admits (or refuses) an upgrade; the socket waits unread while the store is asked. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { metrics, log } = this.deps;
    // Node leaves an upgrading socket without an error listener; ws adds one only once it takes the socket.
    socket.on('error', destroySocket);
    const admission = await this.admit(req);
    // The client may have given up while its token was looked up.
    if (socket.destroyed) return;
    if ('refused' in admission) {
      metrics.errors.inc({ kind: `upgrade_${admission.refused}` });
      log.warn(
        { boardId: admission.boardId, status: admission.refused, detail: admission.detail },
        'upgrade refused',
      );
      refuse(socket, admission.refused, admission.detail);
      return;
    }
    const { boardId, role, expiresAt, person } = admission;

    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.enter(ws, boardId, role, expiresAt, person).catch((error: unknown) => {
        log.error({ err: error, boardId }, 'could not enter the room');
        ws.terminate();
      });
    });
  }

  /**
   * Puts an accepted socket into its board's room. The socket is paused while the room
   * loads, so the client's first frames (its sync step 1) wait in the socket for it.
   */
  private async enter(
    ws: WebSocket,
    boardId: string,
    role: Role,
    expiresAt: number | null,
    person: Person | null,
  ): Promise<void> {
    const { rooms, metrics, log, limits } = this.deps;
    ws.pause();
    let room: LiveRoom;
    this.entering.add(ws);
    try {
      room = await rooms.open(boardId);
    } catch (error) {
      if (!(error instanceof RoomLimitError)) {
        log.error({ err: error, boardId }, 'room could not be opened');
        ws.close(CLOSE.storageFailure, 'storage unavailable');
        return;
      }
      metrics.errors.inc({ kind: 'upgrade_503' });
      ws.close(CLOSE.tryAgainLater, error.message.slice(0, 120));
      return;
    } finally {
      this.entering.delete(ws);
    }
    // Gone while the room loaded: nothing joins; a room loaded for it unloads after its grace.
    if (ws.readyState !== ws.OPEN) return;
    // Its board was deleted (or the room began to unload) while it loaded: the client comes again.
    if (room.isUnloaded) {
      ws.close(CLOSE.tryAgainLater, 'board closed while opening; try again');
      return;
    }
    const connection = new Connection(newId(), boardId, ws, role, log, limits, person);
    // A connection lives no longer than its link: a timer closes it when the link expires.
    const cancelExpiry =
      expiresAt === null
        ? null
        : atExpiry(expiresAt, () => connection.close(CLOSE.forbidden, 'link expired'));
    this.live.set(ws, { connection, room, cancelExpiry });
    metrics.connections.inc({ role: role });
    room.join(connection);
    log.info(connection.logFields, 'connected');
    ws.on('message', this.onMessage);
    ws.on('pong', this.onPong);
    ws.on('close', this.onClose);
    ws.on('error', this.onError);
    ws.resume();
  }

  /**
   * Pings every connection each interval; one that has not answered (nor sent
   * anything) since the last ping is cut off: a dropped laptop or a client that
   * stopped reading frees its room and its buffers within two intervals.
   */
  private pingAll(): void {
    for (const { connection } of this.live.values()) {
      // A socket paused by its backlog cannot deliver its pong (the silence is ours, not the
      // client's); one being closed is cut off by its own grace timer.
      if (connection.socket.isPaused || connection.closed) continue;
      if (!connection.alive) {
        this.deps.metrics.errors.inc({ kind: 'ping_timeout' });
        connection.log.info('no answer to ping; cutting the connection off');
        connection.closedWith = 1006;
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  /**
   * Sends every connection the heartbeat: pages cannot see pings, and a page that hears
   * nothing for LIVENESS.silenceLimitMs shows "Offline" and reconnects.
   */
  private beatAll(): void {
    for (const { connection } of this.live.values()) if (!connection.closed) connection.send(HEARTBEAT_FRAME);
  }

  close(): void {
    clearInterval(this.pinger);
    clearInterval(this.heartbeat);
    for (const ws of [...this.entering, ...this.live.keys()]) ws.terminate();
    this.wss.close();
  }
}
