/**
 * The y-websocket wire format, pure and byte-exact (see y-protocols' sync.js and
 * awareness.js): a message is a varUint type, then its payload.
 *   sync (0):            varUint subtype (0 step 1, 1 step 2, 2 update), varUint8Array
 *   awareness (1):       varUint8Array awareness update
 *   auth (2):            varUint 0 (permission denied), varString reason
 *   query-awareness (3): nothing
 * An awareness update is varUint count, then per client varUint id, varUint clock,
 * varString JSON state ("null" when the client left).
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2'; update: Uint8Array }
  | { type: 'sync-update'; update: Uint8Array }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

function readPayload(decoder: decoding.Decoder): Uint8Array {
  const payload = decoding.readVarUint8Array(decoder);
  if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the message');
  return payload;
}

/** Decodes one client frame; anything that is not exactly one known message throws ProtocolError. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE_SYNC: {
        const subtype = decoding.readVarUint(decoder);
        const payload = readPayload(decoder);
        if (subtype === SYNC_STEP1) return { type: 'sync-step1', stateVector: payload };
        if (subtype === SYNC_STEP2) return { type: 'sync-step2', update: payload };
        if (subtype === SYNC_UPDATE) return { type: 'sync-update', update: payload };
        throw new ProtocolError(`unknown sync message ${subtype}`);
      }
      case MESSAGE_AWARENESS:
        return { type: 'awareness', update: readPayload(decoder) };
      case MESSAGE_QUERY_AWARENESS:
        if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the message');
        return { type: 'query-awareness' };
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`unreadable message: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function syncMessage(subtype: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  encoding.writeVarUint(encoder, subtype);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export const encodeSyncStep1 = (stateVector: Uint8Array) => syncMessage(SYNC_STEP1, stateVector);
export const encodeSyncStep2 = (update: Uint8Array) => syncMessage(SYNC_STEP2, update);
export const encodeSyncUpdate = (update: Uint8Array) => syncMessage(SYNC_UPDATE, update);

export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AUTH);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The client's presence (parsed JSON), or null when it left. */
  state: unknown;
}

/** At most this many entries in one awareness update: a client speaks for itself, a server for a room. */
export const MAX_AWARENESS_ENTRIES = 10_000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An awareness entry whose state is still its JSON text, unparsed. */
export interface RawAwarenessEntry {
  clientId: number;
  clock: number;
  json: Uint8Array;
}

/**
 * The entries of an awareness update, their states left unparsed (a server parses
 * only what it applies). With `keep`, asked for each entry's client id and clock in
 * order, only the kept entries are returned; the others are skipped unread (a server
 * has no use for the presence of others that clients echo). A kept entry whose state
 * is longer than `maxStateBytes` is refused.
 */
export function readAwarenessEntries(
  update: Uint8Array,
  keep?: (clientId: number, clock: number) => boolean,
  maxStateBytes = Number.POSITIVE_INFINITY,
): RawAwarenessEntry[] {
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    if (count > MAX_AWARENESS_ENTRIES) throw new ProtocolError(`awareness update claims ${count} clients`);
    const entries: RawAwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarUint8Array(decoder);
      if (keep && !keep(clientId, clock)) continue;
      if (json.byteLength > maxStateBytes) {
        throw new ProtocolError(`presence of ${json.byteLength} bytes is over the limit of ${maxStateBytes}`);
      }
      entries.push({ clientId, clock, json });
    }
    if (decoding.hasContent(decoder)) throw new ProtocolError('trailing bytes after the awareness update');
    return entries;
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(
      `unreadable awareness update: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** An entry's state, parsed; ProtocolError when it is not JSON. */
export function parseAwarenessState(entry: RawAwarenessEntry): AwarenessEntry {
  try {
    return {
      clientId: entry.clientId,
      clock: entry.clock,
      state: JSON.parse(utf8.decode(entry.json)) as unknown,
    };
  } catch (error) {
    throw new ProtocolError(`unreadable presence: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The entries of an awareness update, parsed (see readAwarenessEntries). */
export function decodeAwarenessUpdate(
  update: Uint8Array,
  keep?: (clientId: number, clock: number) => boolean,
  maxStateBytes = Number.POSITIVE_INFINITY,
): AwarenessEntry[] {
  return readAwarenessEntries(update, keep, maxStateBytes).map(parseAwarenessState);
}

export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}
