/**
 * Everything that keeps one board in sync in this browser: its Y.Doc, the
 * IndexedDB copy (edits made offline survive a reload and merge on reconnect), the
 * y-websocket provider, presence, and the undo manager, which tracks this person's
 * own commands only (origin `local`), and is created after the first sync so
 * loading the board is never undoable.
 */
import { boardTypes, ORIGINS } from '@journeyboard/shared';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/** What the saving badge says. */
export type SaveStatus = 'connecting' | 'synced' | 'syncing' | 'offline';

export interface BoardConnectionOptions {
  boardId: string;
  token: string;
  /** `ws(s)://host/sync`; defaults to this page's host. */
  syncUrl?: string;
}

export class BoardConnection {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly persistence: IndexeddbPersistence;
  undoManager: Y.UndoManager | null = null;
  private status: SaveStatus = 'connecting';
  private confirmedClock = 0;
  /** Once the board has been synced, losing the connection means offline, not still connecting. */
  private wasSynced = false;
  private readonly listeners = new Set<() => void>();

  constructor(readonly options: BoardConnectionOptions) {
    const syncUrl =
      options.syncUrl ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
    this.persistence = new IndexeddbPersistence(`journeyboard:${options.boardId}`, this.doc);
    this.provider = new WebsocketProvider(syncUrl, options.boardId, this.doc, {
      params: { token: options.token },
      maxBackoffTime: 5000,
    });
    // The server echoes every committed update to everyone, the author included:
    // once our own latest clock comes back from it, our edits are stored.
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this.provider) {
        const clock = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(update)).get(this.doc.clientID);
        if (clock !== undefined) this.confirmedClock = Math.max(this.confirmedClock, clock);
      }
      this.refreshStatus();
    });
    this.provider.on('status', () => this.refreshStatus());
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.wasSynced = true;
        this.ensureUndoManager();
      }
      this.refreshStatus();
    });
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  /** Edits of this browser the server has not confirmed yet. */
  get hasUnsavedChanges(): boolean {
    return Y.getState(this.doc.store, this.doc.clientID) > this.confirmedClock;
  }

  getStatus(): SaveStatus {
    return this.status;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private refreshStatus(): void {
    const next: SaveStatus = !this.provider.wsconnected
      ? this.wasSynced
        ? 'offline'
        : 'connecting'
      : !this.provider.synced || this.hasUnsavedChanges
        ? 'syncing'
        : 'synced';
    if (next === this.status) return;
    this.status = next;
    for (const listener of this.listeners) listener();
  }

  private ensureUndoManager(): void {
    if (this.undoManager) return;
    this.undoManager = new Y.UndoManager(boardTypes(this.doc), {
      trackedOrigins: new Set([ORIGINS.local]),
      captureTimeout: 400,
    });
    // A refresh of the status also tells the UI that undo is now available.
    for (const listener of this.listeners) listener();
  }

  destroy(): void {
    this.undoManager?.destroy();
    this.provider.destroy();
    void this.persistence.destroy();
    this.doc.destroy();
  }
}
