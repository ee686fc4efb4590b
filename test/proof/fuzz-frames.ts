/**
 * The fuzzer's frames: every kind of bad frame a client can send, built from real
 * Yjs updates (board commands on a templated board) and real y-protocols framing,
 * then cut, flipped, inflated or flooded, so they reach past the frame decoder into
 * the update guard, the awareness pinning and the room. Everything is driven by a
 * seeded PRNG: the same seed draws the same frames.
 */
import {
  addCard,
  comment,
  createBoard,
  moveCard,
  readBoard,
  setVision,
  updateCard,
} from '@journeyboard/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export const FRAME_KINDS = [
  'random-bytes',
  'empty',
  'unknown-type',
  'truncated-update',
  'bit-flipped-update',
  'inflated-length',
  'inflated-count',
  'malformed-awareness',
  'awareness-flood',
  'awareness-rapid',
  'awareness-huge',
  'awareness-foreign-id',
  'foreign-client-update',
  'hostile-sync-step1',
  'rate-flood',
  'oversized',
] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/**
 * How often each kind is drawn, in two tables: the kinds the server should close
 * the connection for, and the kinds it should take or drop and stay open. Closing
 * kinds are about one draw in fifteen: each one ends a connection, and opening
 * connections, not handling frames, is what limits the rate on a small machine.
 * `rate-flood` and `oversized` are not drawn per frame: a session chooses them as
 * its ending (see SESSION_ENDINGS).
 */
const CLOSING_KINDS = {
  'random-bytes': 1.2,
  empty: 0.3,
  'unknown-type': 0.5,
  'truncated-update': 1,
  'bit-flipped-update': 1.5,
  'inflated-length': 0.5,
  'inflated-count': 0.5,
  'malformed-awareness': 0.5,
} satisfies Partial<Record<FrameKind, number>>;

const LASTING_KINDS = {
  'awareness-flood': 4,
  'awareness-rapid': 35,
  'awareness-huge': 0.2,
  'awareness-foreign-id': 25,
  'foreign-client-update': 15,
  'hostile-sync-step1': 4,
} satisfies Partial<Record<FrameKind, number>>;

/** Every kind drawn per frame, closing ones first (the order draws follow, so a seed replays the same run). */
const KIND_WEIGHTS: Record<
  Exclude<FrameKind, 'rate-flood' | 'oversized'>,
  { weight: number; closes: boolean }
> = { ...weighted(CLOSING_KINDS, true), ...weighted(LASTING_KINDS, false) };

function weighted<K extends string>(
  weights: Record<K, number>,
  closes: boolean,
): Record<K, { weight: number; closes: boolean }> {
  const entries = Object.entries<number>(weights).map(([kind, weight]) => [kind, { weight, closes }]);
  return Object.fromEntries(entries) as Record<K, { weight: number; closes: boolean }>;
}

/** Small, fast, seedable PRNG (mulberry32): a failing run can be replayed from its seed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(below: number): number {
    return Math.floor(this.next() * below);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = this.int(256);
    return out;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Real material to mutate: whole-board and incremental Yjs updates made by the board commands. */
export interface Corpus {
  boardState: Uint8Array;
  edits: Uint8Array[];
  /** Edits authored under other clients' Yjs ids (the honest clients' among them). */
  foreignEdits: Uint8Array[];
  stateVectors: Uint8Array[];
}

function capture(doc: Y.Doc, change: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => updates.push(update);
  doc.on('update', onUpdate);
  change();
  doc.off('update', onUpdate);
  return Y.mergeUpdates(updates);
}

function editsOf(doc: Y.Doc, count: number, rng: Rng): Uint8Array[] {
  const board = readBoard(doc);
  const edits: Uint8Array[] = [];
  let last: string | null = null;
  for (let i = 0; i < count; i++) {
    // Cards stay in the first state: a card moves only within its own state.
    const stateId = board.stages[0]!.stateId;
    const stage = rng.pick(board.stages.filter((s) => s.stateId === stateId));
    const lane = rng.pick(board.lanes.filter((l) => l.stateId === stateId));
    const step = i % 5;
    edits.push(
      capture(doc, () => {
        if (step === 0 || !last)
          last = addCard(doc, { stageId: stage.id, laneId: lane.id, text: `fuzz ${i}` });
        else if (step === 1) updateCard(doc, { id: last, text: `edited ${i}`.repeat(1 + rng.int(20)) });
        else if (step === 2) moveCard(doc, { id: last, stageId: stage.id, laneId: lane.id });
        else if (step === 3)
          comment(doc, { targetType: 'card', targetId: last, author: { id: 'f', name: 'F' }, text: `c${i}` });
        else setVision(doc, { vision: `vision ${i}` });
      }),
    );
  }
  return edits;
}

export function buildCorpus(seed: number, foreignClientIds: readonly number[]): Corpus {
  const rng = new Rng(seed ^ 0x5eed);
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Fuzz corpus', template: 'online-order' });
  const boardState = Y.encodeStateAsUpdate(doc);
  const edits = editsOf(doc, 60, rng);
  const foreignEdits: Uint8Array[] = [];
  for (const id of foreignClientIds) {
    const other = new Y.Doc();
    other.clientID = id;
    Y.applyUpdate(other, boardState);
    foreignEdits.push(...editsOf(other, 10, rng));
  }
  const stateVectors = [Y.encodeStateVector(doc), Y.encodeStateVector(new Y.Doc())];
  return { boardState, edits, foreignEdits, stateVectors };
}

// ---------------------------------------------------------------------------
// Framing (y-protocols: varUint type, then the payload; see server/src/sync/codec.ts)

function message(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  write(e);
  return encoding.toUint8Array(e);
}
const syncFrame = (subtype: number, payload: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, subtype);
    encoding.writeVarUint8Array(e, payload);
  });
const awarenessFrame = (update: Uint8Array) =>
  message((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, update);
  });

export interface PresenceEntry {
  clientId: number;
  clock: number;
  state: string;
}
function awarenessUpdate(entries: readonly PresenceEntry[]): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      encoding.writeVarString(e, entry.state);
    }
  });
}

/** What a lane knows when it builds a frame. */
export interface FrameContext {
  rng: Rng;
  corpus: Corpus;
  /** The Yjs client id this connection presents as its own. */
  ownClientId: number;
  /** Its awareness clock, advanced by every presence it sends. */
  clock: number;
  /** Client ids other connections (hostile and honest) present. */
  otherClientIds: readonly number[];
  maxMessageBytes: number;
}

const presence = (ctx: FrameContext, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    user: { name: ctx.rng.pick(['Alice', 'Bob', 'Mallory', '', '\u202e', 'x'.repeat(200)]), color: '#f00' },
    cursor: { x: ctx.rng.int(5000), y: ctx.rng.int(5000) },
    ...extra,
  });

function flipBits(bytes: Uint8Array, rng: Rng, flips: number): Uint8Array {
  const copy = bytes.slice();
  for (let i = 0; i < flips && copy.length > 0; i++) {
    const at = rng.int(copy.length);
    copy[at] = (copy[at] as number) ^ (1 << rng.int(8));
  }
  return copy;
}

function someUpdate(ctx: FrameContext): Uint8Array {
  const { rng, corpus } = ctx;
  if (rng.chance(0.05)) return corpus.boardState;
  return rng.pick(rng.chance(0.5) ? corpus.edits : corpus.foreignEdits);
}

/** Builds one frame of a kind (`rate-flood` frames are tiny valid ones; the number of them is the attack). */
export function hostileFrame(kind: FrameKind, ctx: FrameContext): Uint8Array {
  const { rng } = ctx;
  switch (kind) {
    case 'random-bytes':
      return rng.bytes(1 + rng.int(rng.chance(0.9) ? 64 : 4096));
    case 'empty':
      return new Uint8Array(0);
    case 'unknown-type':
      return message((e) => {
        encoding.writeVarUint(e, rng.pick([4, 5, 127, 128, 255, 2 ** 31, 2 ** 53 - 1, 2]));
        encoding.writeUint8Array(e, rng.bytes(rng.int(32)));
      });
    case 'truncated-update': {
      const update = someUpdate(ctx);
      const cut = update.slice(0, rng.int(update.length));
      // Either the update is cut (its frame is well formed) or the frame itself is.
      if (rng.chance(0.5)) return syncFrame(rng.pick([1, 2]), cut);
      const whole = syncFrame(2, update);
      return whole.slice(0, 1 + rng.int(whole.length - 1));
    }
    case 'bit-flipped-update': {
      const update = flipBits(someUpdate(ctx), rng, 1 + rng.int(8));
      return syncFrame(rng.pick([1, 2]), update);
    }
    case 'inflated-length': {
      // A length prefix far past the frame's end: 2^31, 2^53-1, or just one byte too many.
      const payload = rng.bytes(rng.int(16));
      const claimed = rng.pick([2 ** 31, 2 ** 32 + 7, 2 ** 53 - 1, payload.length + 1, 1 << 20]);
      return message((e) => {
        const type = rng.pick([0, 1]);
        encoding.writeVarUint(e, type);
        if (type === 0) encoding.writeVarUint(e, rng.pick([0, 1, 2]));
        encoding.writeVarUint(e, claimed);
        encoding.writeUint8Array(e, payload);
      });
    }
    case 'inflated-count': {
      if (rng.chance(0.4)) {
        // An awareness update that claims millions of entries (or just under the server's cap) in a few bytes.
        const count = rng.pick([9_999, 10_001, 3_000_000, 2 ** 31]);
        return awarenessFrame(
          message((e) => {
            encoding.writeVarUint(e, count);
            encoding.writeVarUint(e, ctx.ownClientId);
            encoding.writeVarUint(e, ++ctx.clock);
            encoding.writeVarString(e, '{}');
          }),
        );
      }
      // An update that claims millions of clients, structs or deletions, and carries a handful of bytes.
      const update = message((e) => {
        const shape = rng.int(3);
        if (shape === 0) {
          encoding.writeVarUint(e, rng.pick([1_000_000, 2 ** 31]));
        } else {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint(e, rng.pick([4_000_000, 2 ** 31, 2 ** 40]));
          encoding.writeVarUint(e, rng.pick(ctx.otherClientIds));
          encoding.writeVarUint(e, 0);
        }
        if (shape === 2) {
          // Structs end early; a delete set follows that claims millions of ranges.
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint(e, ctx.ownClientId);
          encoding.writeVarUint(e, 5_000_000);
        }
        encoding.writeUint8Array(e, rng.bytes(rng.int(12)));
      });
      return syncFrame(rng.pick([1, 2]), update);
    }
    case 'malformed-awareness': {
      const state = rng.pick(['{"user":', 'undefined', '\u0000', '{"a":1}}', rng.bytes(8).join(',')]);
      const update = awarenessUpdate([{ clientId: ctx.ownClientId, clock: ++ctx.clock, state }]);
      // Sometimes trailing bytes after a well-formed update instead.
      return awarenessFrame(rng.chance(0.5) ? update : Uint8Array.from([...update, 1, 2, 3]));
    }
    case 'awareness-flood': {
      // Thousands of entries in one update, nearly all for ids that are not this connection's.
      const count = rng.chance(0.9) ? 2 + rng.int(500) : 500 + rng.int(9_400);
      const entries: PresenceEntry[] = [];
      for (let i = 0; i < count; i++) {
        const clientId = i === 0 && rng.chance(0.5) ? ctx.ownClientId : rng.int(2 ** 30);
        entries.push({ clientId, clock: rng.int(1000), state: i % 7 === 0 ? 'null' : '{"u":1}' });
      }
      return awarenessFrame(awarenessUpdate(entries));
    }
    case 'awareness-rapid':
      return awarenessFrame(
        awarenessUpdate([{ clientId: ctx.ownClientId, clock: ++ctx.clock, state: presence(ctx) }]),
      );
    case 'awareness-huge': {
      // One presence up to a fifth of the frame limit, all of it JSON the server must parse and relay.
      const size = 1000 + rng.int(Math.floor(ctx.maxMessageBytes / 5));
      const state = presence(ctx, { blob: 'j'.repeat(size), nested: [[[[[[[[[[{}]]]]]]]]]] });
      return awarenessFrame(awarenessUpdate([{ clientId: ctx.ownClientId, clock: ++ctx.clock, state }]));
    }
    case 'awareness-foreign-id': {
      // Speak for someone else: another connection's id first, then perhaps our own.
      const entries: PresenceEntry[] = [
        {
          clientId: rng.pick(ctx.otherClientIds),
          clock: 1e6 + rng.int(1e6),
          state: rng.chance(0.3) ? 'null' : presence(ctx),
        },
      ];
      if (rng.chance(0.5))
        entries.push({ clientId: ctx.ownClientId, clock: ++ctx.clock, state: presence(ctx) });
      return awarenessFrame(awarenessUpdate(entries));
    }
    case 'foreign-client-update':
      // A well-formed update authored under another client's Yjs id (the server cannot tell, and must not break).
      return syncFrame(rng.pick([1, 2]), rng.pick(ctx.corpus.foreignEdits));
    case 'hostile-sync-step1': {
      if (rng.chance(0.2)) return Uint8Array.of(3); // query-awareness: every presence in the room, please
      const vector = rng.chance(0.5)
        ? rng.pick(ctx.corpus.stateVectors)
        : message((e) => {
            // Clocks far in the future, or a vector that claims more clients than it holds.
            const clients = rng.pick([1, 3, 1_000_000]);
            encoding.writeVarUint(e, clients);
            for (let i = 0; i < Math.min(clients, 3); i++) {
              encoding.writeVarUint(e, rng.pick(ctx.otherClientIds));
              encoding.writeVarUint(e, rng.pick([0, 2 ** 31, 2 ** 53 - 1]));
            }
          });
      return syncFrame(0, vector);
    }
    case 'rate-flood':
      // Empty awareness updates: valid and cheap, so only their number is hostile. (Sync requests, which
      // cost the room a whole board each, have their own tighter limit; hostile-sync-step1 meets it.)
      return Uint8Array.of(1, 1, 0);
    case 'oversized':
      return rng.bytes(ctx.maxMessageBytes + 1 + rng.int(1024));
  }
}

export function drawKind(rng: Rng): { kind: FrameKind; closes: boolean } {
  let total = 0;
  for (const { weight } of Object.values(KIND_WEIGHTS)) total += weight;
  let at = rng.next() * total;
  for (const [kind, { weight, closes }] of Object.entries(KIND_WEIGHTS)) {
    at -= weight;
    if (at < 0) return { kind: kind as FrameKind, closes };
  }
  return { kind: 'awareness-rapid', closes: false };
}

// ---------------------------------------------------------------------------
// The runner
