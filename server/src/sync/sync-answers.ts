/**
 * Answers to sync step 1 ("what do you have that I lack?"), encoded once and shared.
 *
 * Encoding a board's state is the most expensive thing a room does (it walks every
 * struct), and a workshop of hundreds joins, or rejoins after a restart, at once;
 * before, every join encoded the board afresh, and 200 joiners that never read their
 * sockets held 200 copies. Now a room keeps a snapshot of its state as two ready
 * frames (everything; only the delete set) and the committed update frames since
 * (the tail, the very frames that were broadcast). A joiner gets:
 * - the delete-set frame and the tail, when its state vector already covers the
 *   snapshot's (a reconnecting client: deletions change no state vector, so the delete set always goes);
 * - the full frame and the tail otherwise (a newcomer, or a client far behind).
 * Either way the answer costs no encoding, and every joiner's socket holds the same
 * buffers. The snapshot is rebuilt, on the next request, once the tail has grown past
 * a quarter of it (at least TAIL_MIN_BYTES), so rebuilding is paid for by writes.
 *
 * Without the cache (SYNC_ANSWER_CACHE=off, for `pnpm bench:joins` to measure what it
 * saves) every joiner gets the board encoded afresh against its own state vector.
 */
import * as Y from 'yjs';
import { encodeSyncStep2 } from './codec.js';
import { encodeIntegrated } from './yjs-internals.js';

const TAIL_MIN_BYTES = 64 * 1024;

interface Snapshot {
  stateVector: Map<number, number>;
  /** Sync step 2 with the whole (integrated) board. */
  everything: Uint8Array;
  /** Sync step 2 with no structs, only the board's delete set. */
  deletions: Uint8Array;
  /** Update frames committed since, as broadcast. */
  tail: Uint8Array[];
  tailBytes: number;
}

export class SyncAnswers {
  private snapshot: Snapshot | null = null;
  /** Times the board was encoded for joiners (tests show a join wave encodes it once). */
  encodes = 0;

  constructor(
    private readonly doc: Y.Doc,
    private readonly cache = true,
  ) {}

  /** A committed update, as its broadcast frame: joiners after the snapshot get it with the tail. */
  committed(frame: Uint8Array): void {
    const snapshot = this.snapshot;
    if (!snapshot) return;
    snapshot.tail.push(frame);
    snapshot.tailBytes += frame.byteLength;
    if (snapshot.tailBytes > Math.max(TAIL_MIN_BYTES, snapshot.everything.byteLength / 4))
      this.snapshot = null;
  }

  /** The frames that bring a client holding `stateVector` up to date. Throws on a malformed state vector. */
  answer(stateVector: Uint8Array): Uint8Array[] {
    const theirs = Y.decodeStateVector(stateVector);
    if (!this.cache) {
      this.encodes++;
      return [encodeSyncStep2(encodeIntegrated(this.doc, stateVector))];
    }
    const snapshot = this.current();
    let covered = true;
    for (const [client, clock] of snapshot.stateVector) {
      if ((theirs.get(client) ?? 0) < clock) {
        covered = false;
        break;
      }
    }
    return [covered ? snapshot.deletions : snapshot.everything, ...snapshot.tail];
  }

  private current(): Snapshot {
    if (this.snapshot) return this.snapshot;
    this.encodes++;
    const stateVector = Y.encodeStateVector(this.doc);
    this.snapshot = {
      stateVector: Y.decodeStateVector(stateVector),
      everything: encodeSyncStep2(encodeIntegrated(this.doc)),
      deletions: encodeSyncStep2(encodeIntegrated(this.doc, stateVector)),
      tail: [],
      tailBytes: 0,
    };
    return this.snapshot;
  }
}
