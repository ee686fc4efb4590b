/**
 * A board's network work, started by the entry chunk while the board's own code is
 * still on its way: its details, this person's identity (minted when this browser
 * knows their name but holds none) and its socket, which asks at once for the whole
 * board. The board page then takes each over: BoardPage the details request already
 * made (`takeEarlyDetails`), LiveBoard the mint (`takeEarlyMint`), and the provider
 * the socket already open (`BoardWebSocket`), with whatever arrived meanwhile
 * replayed in order. Before, all of it began only once the board's code had
 * arrived and run: on a 2,000-card board ~100 ms of network and server work in a row,
 * and a round trip each on a real network (docs/benchmarks.md).
 *
 * What the entry starts is a guess at what the page will ask for; the page never
 * depends on it. A socket is taken over only when the provider asks for the same
 * address and subprotocols (the same link and identity); otherwise it is closed and
 * the provider opens its own. Light on purpose: the entry chunk imports this module.
 */
import { syncProtocols } from '@journeyboard/shared/sync-protocols';
import { type BoardIdentity, mintIdentity, storedIdentity, storedName } from './identity.js';

/** `ws(s)://host/sync` on this page's host: where a board's socket goes (`<this>/<board id>`). */
export function pageSyncUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

/** The board's details: GET /api/boards/:id with the link's token. */
export function requestDetails(boardId: string, token: string): Promise<Response> {
  return fetch(`/api/boards/${encodeURIComponent(boardId)}`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

/** An early socket nobody took over within this long is closed (the page is stuck, or asked for another). */
const UNCLAIMED_MS = 30_000;

/** y-websocket's sync step 1 with an empty state vector: "send me everything". */
const ASK_FOR_EVERYTHING = new Uint8Array([0, 0, 1, 0]);

interface Early {
  boardId: string;
  token: string;
  details: Promise<Response> | null;
  mint: { name: string; identity: Promise<BoardIdentity | null> } | null;
}

let early: Early | null = null;
let earlySocket: EarlySocket | null = null;

/** Starts the board's details, identity and socket (a watcher, from a presentation link, connects without an identity). */
export function startBoardEarly(boardId: string, token: string, watching: boolean): void {
  const details = requestDetails(boardId, token);
  // A page that never takes it (its code failed to arrive) leaves no unhandled rejection.
  details.catch(() => {});
  const known = storedIdentity(boardId);
  const name = storedName() ?? known?.name ?? null;
  const mint = !watching && !known && name ? { name, identity: mintIdentity(boardId, token, name) } : null;
  early = { boardId, token, details, mint };
  // Without a name the page asks for one first, and mints with it: nothing to guess.
  if (!watching && !name) return;
  void (mint?.identity ?? Promise.resolve(known)).then((minted) => {
    const socket = new EarlySocket(
      `${pageSyncUrl()}/${boardId}`,
      syncProtocols(token, minted?.identityToken),
    );
    earlySocket = socket;
    setTimeout(() => {
      if (earlySocket === socket) discardEarlySocket();
    }, UNCLAIMED_MS);
  });
}

/** The details request the entry made for this board and link, once; null when it made none. */
export function takeEarlyDetails(boardId: string, token: string): Promise<Response> | null {
  if (early?.boardId !== boardId || early.token !== token) return null;
  const { details } = early;
  early.details = null;
  return details;
}

/**
 * The mint the entry started for this board, link and name, once; null when it started
 * none. Its outcome is the page's first try, a failure included (the page then opens
 * without an identity and tries again later, as after a mint of its own).
 */
export function takeEarlyMint(
  boardId: string,
  token: string,
  name: string,
): Promise<BoardIdentity | null> | null {
  if (early?.boardId !== boardId || early.token !== token || early.mint?.name !== name) return null;
  const { identity } = early.mint;
  early.mint = null;
  return identity;
}

function discardEarlySocket(): void {
  earlySocket?.close();
  earlySocket = null;
}

/**
 * The WebSocket class a board's provider is given: a constructor that hands over the
 * early socket when it was opened for the same address and subprotocols, and opens a
 * new one otherwise. (A function returning an object is what `new` gives.)
 */
export const BoardWebSocket = function BoardWebSocket(url: string, protocols?: string | string[]) {
  const socket = earlySocket;
  earlySocket = null;
  if (socket?.opensAs(url, protocols)) return socket.claim();
  socket?.close();
  return new WebSocket(url, protocols);
} as unknown as typeof WebSocket;

type SocketEvent = 'open' | 'message' | 'close' | 'error';

/**
 * A socket opened before anyone listened: what it receives is held until it is taken
 * over, then replayed to the new owner's handlers in order. Its owner's first sync
 * step 1 is not sent: the socket asked for everything on opening, which answers it.
 * As much of the WebSocket interface as y-websocket's provider uses.
 */
class EarlySocket {
  readonly CONNECTING = WebSocket.CONNECTING;
  readonly OPEN = WebSocket.OPEN;
  readonly CLOSING = WebSocket.CLOSING;
  readonly CLOSED = WebSocket.CLOSED;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private readonly socket: WebSocket;
  private held: Array<[SocketEvent, Event]> | null = [];
  private askedForEverything = false;

  constructor(
    private readonly url: string,
    private readonly protocols: string[],
  ) {
    this.socket = new WebSocket(url, protocols);
    this.socket.binaryType = 'arraybuffer';
    this.socket.addEventListener('open', () => {
      this.socket.send(ASK_FOR_EVERYTHING);
      this.askedForEverything = true;
    });
    for (const type of ['open', 'message', 'close', 'error'] as const)
      this.socket.addEventListener(type, (event) => this.deliver(type, event));
  }

  get readyState(): number {
    return this.socket.readyState;
  }

  get binaryType(): BinaryType {
    return this.socket.binaryType;
  }

  set binaryType(type: BinaryType) {
    this.socket.binaryType = type;
  }

  opensAs(url: string, protocols?: string | string[]): boolean {
    const asked = typeof protocols === 'string' ? [protocols] : (protocols ?? []);
    return url === this.url && asked.join(',') === this.protocols.join(',');
  }

  /** Hands the socket over: what it has received so far reaches the new handlers in a task from now, in order. */
  claim(): this {
    setTimeout(() => {
      const held = this.held ?? [];
      this.held = null;
      for (const [type, event] of held) this.dispatch(type, event);
    });
    return this;
  }

  send(data: Parameters<WebSocket['send']>[0]): void {
    // The owner's first sync step 1 (sent on open): already answered by the socket's own.
    if (this.askedForEverything && data instanceof Uint8Array && data[0] === 0 && data[1] === 0) {
      this.askedForEverything = false;
      return;
    }
    this.socket.send(data);
  }

  close(code?: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  private deliver(type: SocketEvent, event: Event): void {
    if (this.held) this.held.push([type, event]);
    else this.dispatch(type, event);
  }

  private dispatch(type: SocketEvent, event: Event): void {
    if (type === 'message') this.onmessage?.(event as MessageEvent);
    else if (type === 'close') this.onclose?.(event as CloseEvent);
    else if (type === 'open') this.onopen?.(event);
    else this.onerror?.(event);
  }
}
