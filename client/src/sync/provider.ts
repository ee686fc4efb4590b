/**
 * The y-websocket provider as Journeyboard's clients use it, in the browser and in
 * the workshop proof's load generator alike (it has no browser dependency), with two
 * changes to y-websocket's defaults that decide how a room of hundreds behaves:
 *
 * - Presence: y-websocket sends on every awareness change, including the presence
 *   of others it has just received, so each cursor move came back to the server once
 *   from every participant: n² frames a second in a room of n. Here a client sends
 *   only its own presence; the server relays everyone's.
 * - Reconnecting: y-websocket's back-off has no jitter, so after a server restart a
 *   whole workshop would knock at the same instants. Here each client waits a random
 *   time up to 100 ms·2ⁿ (at most 5 s). Close codes 4400–4499 (refused, revoked,
 *   deleted) stay final, as in y-websocket, except 4408 (see isFinalClose in the
 *   shared contract).
 * - Silence: y-websocket waits 30 s without a message before it gives a connection up,
 *   so a dropped network showed "Saving…" that long. The server sends a heartbeat
 *   every LIVENESS.heartbeatMs; after LIVENESS.silenceLimitMs without any message the
 *   connection is taken for dropped (the page shows "Offline") and retried with jitter.
 */
import { isFinalClose, LIVENESS, syncProtocols } from '@journeyboard/shared';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import { messageAwareness, WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

export interface BoardProviderOptions {
  token: string;
  /** The person's identity token on this board, when they have one: offered as a subprotocol too. */
  identity?: string;
  /** Node has no global WebSocket on every version: the load generator passes `ws`. */
  WebSocketPolyfill?: typeof globalThis.WebSocket;
  /** Node tests and the load generator: many clients in one process must not sync over BroadcastChannel. */
  disableBc?: boolean;
}

/** Full-jitter back-off: after the n-th failed try, a random wait in [0, min(cap, base·2ⁿ)]. */
export const RECONNECT_BACKOFF = { baseMs: 100, capMs: 5000 } as const;

export function reconnectWaitMs(failedTries: number): number {
  const { baseMs, capMs } = RECONNECT_BACKOFF;
  return Math.random() * Math.min(capMs, baseMs * 2 ** failedTries);
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * y-websocket's provider with our reconnect and presence. A subclass rather than
 * patches on an instance: the two y-websocket members it relies on,
 * `_awarenessUpdateHandler` (the listener it registers on awareness) and
 * `wsUnsuccessfulReconnects`, are named here once, and `app-provider.test.ts` fails if
 * a y-websocket upgrade changes what they do.
 */
export class BoardProvider extends WebsocketProvider {
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly watchdog: ReturnType<typeof setInterval>;
  private readonly token: string;
  private offered: string | undefined;

  constructor(syncUrl: string, boardId: string, doc: Y.Doc, options: BoardProviderOptions) {
    super(syncUrl, boardId, doc, {
      // The token (and identity) go as subprotocols, not ?token=, to stay out of proxy logs.
      protocols: syncProtocols(options.token, options.identity),
      ...(options.WebSocketPolyfill ? { WebSocketPolyfill: options.WebSocketPolyfill } : {}),
      disableBc: options.disableBc ?? false,
      // Returning false stops y-websocket's own retry (it clears shouldConnect); ours follows.
      shouldReconnect: (event, provider) => {
        if (isFinalClose(event.code)) return false;
        (provider as BoardProvider).scheduleReconnect();
        return false;
      },
    });
    this.token = options.token;
    this.offered = options.identity;
    this.awareness.off('update', this._awarenessUpdateHandler);
    this._awarenessUpdateHandler = (change: AwarenessChange) => this.sendOwnPresence(change);
    this.awareness.on('update', this._awarenessUpdateHandler);
    this.watchdog = setInterval(() => this.giveUpIfSilent(), LIVENESS.silenceLimitMs / 8);
  }

  /**
   * Offers `identity` from now on (one minted after the board connected without it): the
   * server learns who this is only from a socket's subprotocols, so the socket is
   * replaced by one that offers it, for the same document and awareness.
   */
  presentIdentity(identity: string): void {
    this.offered = identity;
    this.protocols = syncProtocols(this.token, identity);
    this.disconnect();
    this.connect();
  }

  /** The identity token this provider's sockets offer, if any. */
  get identity(): string | undefined {
    return this.offered;
  }

  /** Also cancels a retry still waiting; destroy() goes through here. */
  override disconnect(): void {
    clearTimeout(this.retry);
    super.disconnect();
  }

  override destroy(): void {
    clearInterval(this.watchdog);
    super.destroy();
  }

  /**
   * A connection the server has not spoken on for the silence limit is dropped (a
   * network that stopped forwarding closes nothing): y-websocket's disconnect marks it
   * closed at once, without waiting for a close handshake that may never come.
   */
  private giveUpIfSilent(): void {
    if (!this.wsconnected || Date.now() - this.wsLastMessageReceived <= LIVENESS.silenceLimitMs) return;
    super.disconnect();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), reconnectWaitMs(this.wsUnsuccessfulReconnects));
  }

  private sendOwnPresence({ added, updated, removed }: AwarenessChange): void {
    const self = this.doc.clientID;
    if (!added.includes(self) && !updated.includes(self) && !removed.includes(self)) return;
    const ws = this.ws;
    if (!this.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageAwareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [self]));
    ws.send(encoding.toUint8Array(encoder));
  }
}

export function openBoardProvider(
  syncUrl: string,
  boardId: string,
  doc: Y.Doc,
  options: BoardProviderOptions,
): BoardProvider {
  return new BoardProvider(syncUrl, boardId, doc, options);
}
