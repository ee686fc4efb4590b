/**
 * A room's sync step 1 to each joiner, which makes a y-websocket client send every edit
 * the room lacks. While the board's storage is backing off after a failure (see
 * room.ts, "Storage trouble"), joiners are not asked yet: their resent edits would only
 * fail again. They are asked when the back-off has passed, or as soon as another write
 * of the board succeeds.
 */
import * as Y from 'yjs';
import type { StorageHealth } from '../storage/storage-health.js';
import { encodeSyncStep1 } from './codec.js';
import type { Connection } from './connection.js';

export class EditRequests {
  /** Connections not yet asked for their edits because this board's storage failed a moment ago. */
  private readonly heldBack = new Set<Connection>();
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly boardId: string,
    private readonly doc: Y.Doc,
    private readonly storage: StorageHealth,
  ) {}

  /** Asks a joiner for its edits now, or once the board's back-off has passed. */
  ask(connection: Connection): void {
    const wait = this.storage.retryAt(this.boardId) - Date.now();
    if (wait <= 0) {
      connection.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
      return;
    }
    this.heldBack.add(connection);
    this.retryTimer ??= setTimeout(() => this.release(), wait).unref();
  }

  /** Storage takes writes again (or the back-off has passed): whoever was waiting may resend now. */
  release(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.heldBack.size === 0) return;
    const frame = encodeSyncStep1(Y.encodeStateVector(this.doc));
    for (const connection of this.heldBack) connection.send(frame);
    this.heldBack.clear();
  }

  forget(connection: Connection): void {
    this.heldBack.delete(connection);
  }

  destroy(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.heldBack.clear();
  }
}
