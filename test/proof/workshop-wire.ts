/**
 * A workshop participant at the wire: a WebSocket that speaks the y-websocket
 * protocol to the server exactly as a browser does (sync step 1 and 2 on connect,
 * its own updates, its own presence, the jittered reconnect of the app's provider),
 * but keeps no replica of other people's work. It reads each frame the server fans
 * out only far enough to find the sender's clock in it.
 *
 * Why: on a 2-core machine, 500 full Yjs replicas cost more CPU than the server they
 * are meant to load (each applies every edit of the room and parses every cursor),
 * so their own queueing, not the server, decided the measured latency. The server
 * cannot tell these clients from full ones: it receives and sends the same frames.
 * The proof keeps a share of full replicas (the app's provider) beside them, and
 * reports their latency separately.
 *
 * What it holds: an editor keeps the board as it was when it joined plus its own
 * edits, which is all its own updates depend on; a viewer holds nothing.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { reconnectWaitMs } from '../../client/src/sync/provider.js';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const SENT = Buffer.from(' sent ');
/** `"cursor":{"x":`, where a presence's JSON gives the cursor (its point carries the clock: see cursorAt). */
const CURSOR = Buffer.from('"cursor":{"x":');
const Y_KEY = Buffer.from(',"y":');

export interface WireEvents {
  /** A card edit of someone else arrived: its sender's clock (ms since the epoch). */
  edit(sentAt: number, at: number): void;
  /** A cursor move of someone else arrived: its sender's clock. */
  cursor(sentAt: number, at: number): void;
  connecting(): void;
  disconnected(): void;
  synced(): void;
}

/**
 * A cursor that carries its sender's clock (ms): presence keeps only what the app's
 * schema knows, a point, so the clock is the point (x: millions of ms, y: the rest).
 */
export function cursorAt(t: number): { x: number; y: number } {
  const x = Math.floor(t / 1e6);
  return { x, y: t - x * 1e6 };
}

export function clockOfCursor(cursor: { x: number; y: number }): number {
  return cursor.x * 1e6 + cursor.y;
}

/**
 * The clock a presence's cursor carries, found in bytes[from, to) without parsing the
 * JSON (a presence is a couple of hundred bytes, and parsing each cost more than the
 * server's work), or NaN when it has no cursor.
 */
function cursorClockIn(bytes: Buffer, from: number, to: number): number {
  const x = bytes.indexOf(CURSOR, from);
  if (x === -1 || x >= to) return Number.NaN;
  const at = x + CURSOR.length;
  const y = bytes.indexOf(Y_KEY, at);
  if (y === -1 || y >= to) return Number.NaN;
  return clockOfCursor({ x: numberAt(bytes, at), y: numberAt(bytes, y + Y_KEY.length) });
}

/** The number written at `from` (digits and one dot), or NaN. */
function numberAt(bytes: Buffer, from: number): number {
  let end = from;
  while (end < bytes.length) {
    const c = bytes[end] as number;
    if ((c < 48 || c > 57) && c !== 46) break;
    end++;
  }
  return end === from ? Number.NaN : Number(bytes.toString('latin1', from, end));
}

export class WireParticipant {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private ws: WebSocket | null = null;
  private failedTries = 0;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;
  private holdsBoard = false;
  synced = false;
  /** Each remote client's latest cursor clock: a presence sent again unchanged is not a move. */
  private readonly cursorClocks = new Map<number, number>();
  /** Stamps of our own edits not yet echoed back by the server (the author gets its edit too). */
  private readonly ownStamps = new Set<number>();

  constructor(
    private readonly url: string,
    private readonly role: 'editor' | 'viewer',
    private readonly events: WireEvents,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.send(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));
    });
    this.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>) => {
      const self = this.doc.clientID;
      if ([...(added ?? []), ...(updated ?? []), ...(removed ?? [])].includes(self)) this.sendPresence();
    });
    this.connect();
  }

  /** Remembers the clock written into one of our own edits, so its echo is not counted. */
  stamped(sentAt: number): void {
    this.ownStamps.add(sentAt);
  }

  private connect(): void {
    if (this.stopped) return;
    this.events.connecting();
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.binaryType = 'nodebuffer';
    ws.on('open', () => {
      this.send(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.doc));
      this.sendPresence();
    });
    ws.on('message', (data: Buffer) => this.receive(data));
    ws.on('error', () => {});
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.synced) this.events.disconnected();
      this.synced = false;
      this.failedTries++;
      // Close codes 4400–4499 are final, as in the app.
      if (this.stopped || (code >= 4400 && code < 4500)) return;
      this.retry = setTimeout(() => this.connect(), reconnectWaitMs(this.failedTries));
    });
  }

  private send(type: number, write: (encoder: encoding.Encoder) => void): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, type);
    write(encoder);
    ws.send(encoding.toUint8Array(encoder));
  }

  private sendPresence(): void {
    if (this.awareness.getLocalState() === null) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    this.send(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update));
  }

  private receive(data: Buffer): void {
    const at = performance.timeOrigin + performance.now();
    if (data[0] === MESSAGE_SYNC) this.receiveSync(data, at);
    else if (data[0] === MESSAGE_AWARENESS) this.receivePresence(data, at);
  }

  private receiveSync(data: Buffer, at: number): void {
    const decoder = decoding.createDecoder(data);
    decoding.readVarUint(decoder);
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      // The server asks what we have that it lacks: our own edits.
      const stateVector = decoding.readVarUint8Array(decoder);
      this.send(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, this.doc, stateVector));
      return;
    }
    if (kind === syncProtocol.messageYjsSyncStep2) {
      // The board as the server holds it: an editor keeps the first one, to find a cell for its note.
      if (this.role === 'editor' && !this.holdsBoard) {
        Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder), this);
        this.holdsBoard = true;
      }
      if (!this.synced) {
        this.synced = true;
        this.failedTries = 0;
        this.events.synced();
      }
      return;
    }
    // An update the room committed: every edit in it carries " sent <clock>" in its text.
    for (let i = data.indexOf(SENT, decoder.pos); i !== -1; i = data.indexOf(SENT, i + SENT.length)) {
      const sentAt = numberAt(data, i + SENT.length);
      if (Number.isNaN(sentAt) || this.ownStamps.delete(sentAt)) continue;
      this.events.edit(sentAt, at);
    }
  }

  private receivePresence(data: Buffer, at: number): void {
    const outer = decoding.createDecoder(data);
    decoding.readVarUint(outer);
    const length = decoding.readVarUint(outer);
    const decoder = decoding.createDecoder(data.subarray(outer.pos, outer.pos + length));
    const offset = outer.pos;
    for (let n = decoding.readVarUint(decoder); n > 0; n--) {
      const clientId = decoding.readVarUint(decoder);
      decoding.readVarUint(decoder);
      const size = decoding.readVarUint(decoder);
      const start = offset + decoder.pos;
      decoder.pos += size;
      if (clientId === this.doc.clientID) continue;
      const sentAt = cursorClockIn(data, start, start + size);
      if (!(sentAt > (this.cursorClocks.get(clientId) ?? 0))) continue;
      this.cursorClocks.set(clientId, sentAt);
      this.events.cursor(sentAt, at);
    }
  }

  destroy(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.awareness.destroy();
    this.ws?.close();
  }
}
