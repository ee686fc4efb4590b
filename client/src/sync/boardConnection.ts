/**
 * Everything that keeps one board in sync in this browser: its Y.Doc, the
 * IndexedDB copy (edits made offline survive a reload and merge on reconnect), the
 * y-websocket provider, presence, and the undo manager, which tracks this person's
 * own commands only (origin `local`), and is created after the first sync so
 * loading the board is never undoable. A change the server refuses (its write rules)
 * is dropped with this browser's copy of the board, which is then loaded again from
 * the server (see `dropRefusedChanges`).
 */
import { boardTypes, CLOSE, ORIGINS } from '@journeyboard/shared';
import * as decoding from 'lib0/decoding';
import * as idb from 'lib0/indexeddb';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as authProtocol from 'y-protocols/auth';
import type { Awareness } from 'y-protocols/awareness';
import { messageYjsSyncStep1, messageYjsSyncStep2 } from 'y-protocols/sync';
import { messageAuth, messageSync } from 'y-websocket';
import * as Y from 'yjs';
import { BoardWebSocket, pageSyncUrl } from './earlyBoard.js';
import { type BoardProvider, openBoardProvider } from './provider';

/**
 * What the saving badge says. `unsaved`: the server closed with 1011, it cannot
 * store changes; edits stay in this browser (and IndexedDB) until it accepts them.
 * `refused`: the server refused a change of ours; the board is being loaded again.
 */
export type SaveStatus = 'connecting' | 'synced' | 'syncing' | 'offline' | 'unsaved' | 'refused';

/**
 * How much of a client's edits a sync message from the server shows it holds: its
 * step 1 carries its state vector; its step 2 and updates carry what it stored.
 */
function serverClockOf(message: Uint8Array, clientId: number): number | undefined {
  const decoder = decoding.createDecoder(message);
  const type = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  // Not encodeStateVectorFromUpdate: it counts only clients whose structs start at clock 0.
  return type === messageYjsSyncStep1
    ? Y.decodeStateVector(payload).get(clientId)
    : Y.parseUpdateMeta(payload).to.get(clientId);
}

/** The update a sync step 2 carries, or null for any other sync message. */
function syncStep2Of(message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  return decoding.readVarUint(decoder) === messageYjsSyncStep2 ? decoding.readVarUint8Array(decoder) : null;
}

/**
 * What the store and the actions need of a synced board: the document, this
 * person's undo history, and the saving status. The browser's is a BoardConnection;
 * the client tests link in-memory documents instead.
 */
export interface BoardSync {
  readonly doc: Y.Doc;
  readonly options: { boardId: string; token: string };
  readonly undoManager: Y.UndoManager | null;
  getStatus(): SaveStatus;
  subscribe(listener: () => void): () => void;
}

/** This person's undo history: their own commands only (origin `local`), typing merged into steps. */
export function undoManagerFor(doc: Y.Doc): Y.UndoManager {
  return new Y.UndoManager(boardTypes(doc), {
    trackedOrigins: new Set([ORIGINS.local]),
    captureTimeout: 400,
  });
}

export interface BoardConnectionOptions {
  boardId: string;
  token: string;
  /** This person's identity token on the board (identity.ts), when one was minted. */
  identity?: string;
  /** `ws(s)://host/sync`; defaults to this page's host. */
  syncUrl?: string;
  /** Loads the board again once a refused change is dropped; defaults to reloading the page. */
  reload?: () => void;
}

const refusalKey = (boardId: string) => `journeyboard:refused:${boardId}`;

/**
 * Why the server refused this person's last change on the board, when the board was
 * loaded again for it; kept until the board has synced with the server again, so a
 * page that connects twice (React's strict mode) still says why.
 */
function refusalNote(boardId: string): string | null {
  try {
    return sessionStorage.getItem(refusalKey(boardId));
  } catch {
    return null;
  }
}

function forgetRefusalNote(boardId: string): void {
  try {
    sessionStorage.removeItem(refusalKey(boardId));
  } catch {
    // Nothing was kept.
  }
}

export class BoardConnection implements BoardSync {
  readonly doc = new Y.Doc();
  readonly provider: BoardProvider;
  readonly persistence: IndexeddbPersistence;
  undoManager: Y.UndoManager | null = null;
  private status: SaveStatus = 'connecting';
  private confirmedClock = 0;
  /** Once the board has been synced, losing the connection means offline, not still connecting. */
  private wasSynced = false;
  /** The server's storage refused a write; cleared once everything of ours is confirmed again. */
  private storageRefused = false;
  /** A new socket is on its way to present an identity: not offline, only not saved yet. */
  private presentingIdentity = false;
  /** Why the server refused a change of ours; set once, the board is then loaded again. */
  private refusal: string | null = null;
  private readonly listeners = new Set<() => void>();
  /**
   * Why the server refused this person's last change, when this connection loads the
   * board again for it. Read as the connection is made: the note is forgotten at the
   * first sync, which can come before the page shows the board.
   */
  readonly earlierRefusal: string | null;

  constructor(readonly options: BoardConnectionOptions) {
    this.earlierRefusal = refusalNote(options.boardId);
    this.persistence = new IndexeddbPersistence(`journeyboard:${options.boardId}`, this.doc);
    this.provider = openBoardProvider(options.syncUrl ?? pageSyncUrl(), options.boardId, this.doc, {
      token: options.token,
      identity: options.identity,
      // The socket the entry opened for this board, when it matches (earlyBoard.ts).
      WebSocketPolyfill: BoardWebSocket,
    });
    // The server echoes every committed update to everyone, the author included, and
    // its sync step 1 says what it holds: once our own latest clock comes back from it,
    // our edits are stored. An echo changes nothing in our doc, so Yjs raises no
    // update event for it; the sync message is read before y-websocket applies it.
    const handleSync = this.provider.messageHandlers[messageSync];
    if (handleSync) {
      this.provider.messageHandlers[messageSync] = (encoder, decoder, provider, fromServer, type) => {
        // y-websocket passes true for what came over the socket, false for other tabs.
        const message = decoder.arr.subarray(decoder.pos);
        if (fromServer) this.noteServerState(message);
        // Only into an empty document: then everything the answer holds is new to it.
        const answer = fromServer && this.doc.store.clients.size === 0 ? syncStep2Of(message) : null;
        const apply = () => handleSync(encoder, decoder, provider, fromServer, type);
        if (answer) this.applyQuietly(answer, apply);
        else apply();
        this.refreshStatus();
      };
    }
    // y-websocket only logs a permission-denied message; here it means a change of ours was refused.
    this.provider.messageHandlers[messageAuth] = (_encoder, decoder) => {
      authProtocol.readAuthMessage(decoder, this.doc, (_doc, reason) => {
        void this.dropRefusedChanges(reason);
      });
    };
    this.doc.on('update', this.onUpdate);
    this.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event?.code === CLOSE.storageFailure) this.storageRefused = true;
      // A socket the server or the network closed: the status says so, whatever was on its way.
      if (event) this.presentingIdentity = false;
      this.refreshStatus();
    });
    this.provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') this.presentingIdentity = false;
      this.refreshStatus();
    });
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.wasSynced = true;
        if (this.refusal === null) forgetRefusalNote(options.boardId);
        this.ensureUndoManager();
      }
      this.refreshStatus();
    });
  }

  private readonly onUpdate = () => this.refreshStatus();

  /**
   * Applies the server's sync step 2 to an empty document (a first load in this browser:
   * the whole board) without the 'update' event, whose listeners here would have Yjs
   * encode everything the answer added once more (on a 2,000-card board a tenth of its
   * first load, with the garbage it makes): y-websocket's sends only this browser's own
   * changes, the status is read again right after, and y-indexeddb stores the answer as
   * the server sent it (into an empty document it adds what the encoded update would
   * hold). A listener not named here still gets the event, and Yjs then encodes as before.
   */
  private applyQuietly(answer: Uint8Array, apply: () => void): void {
    const quiet = [this.persistence._storeUpdate, this.provider._updateHandler, this.onUpdate];
    for (const listener of quiet) this.doc.off('update', listener);
    try {
      apply();
    } finally {
      for (const listener of quiet) this.doc.on('update', listener);
    }
    this.persistence._storeUpdate(answer, this.provider);
  }

  get awareness(): Awareness {
    return this.provider.awareness;
  }

  /** Edits of this browser the server has not confirmed yet. */
  get hasUnsavedChanges(): boolean {
    return Y.getState(this.doc.store, this.doc.clientID) > this.confirmedClock;
  }

  private noteServerState(message: Uint8Array): void {
    // Nothing of ours awaits confirmation (a newcomer, or every edit already echoed):
    // the message cannot tell us more, and reading a board-sized sync step 2 through
    // parseUpdateMeta cost a fifth of a 2,000-card board's first load.
    if (!this.hasUnsavedChanges) return;
    try {
      const clock = serverClockOf(message, this.doc.clientID);
      if (clock !== undefined) this.confirmedClock = Math.max(this.confirmedClock, clock);
    } catch {
      // A message y-websocket cannot read either; it reports that itself.
    }
  }

  /**
   * Offers an identity minted after the board connected without one, on a new socket
   * for the same document, its undo history and offline copy (BoardProvider's
   * presentIdentity). Meanwhile the board says it is saving, not offline.
   */
  presentIdentity(identity: string): void {
    if (identity === this.provider.identity || this.refusal !== null) return;
    this.presentingIdentity = true;
    this.provider.presentIdentity(identity);
    this.refreshStatus();
  }

  getStatus(): SaveStatus {
    return this.status;
  }

  /**
   * The server refused a change of ours and will never take it, yet it stays in this
   * document and in IndexedDB, which would send it again on every connection and every
   * load (until the server closes with 4403, for good). So the board starts over from
   * the server: stop sending, delete this browser's copy of the board (with it, any of
   * our edits the server has not confirmed), keep the reason for the reloaded page to
   * show, and load the board again.
   */
  private async dropRefusedChanges(reason: string): Promise<void> {
    if (this.refusal !== null) return;
    this.refusal = reason || 'the server refused a change';
    this.provider.disconnect();
    this.refreshStatus();
    try {
      sessionStorage.setItem(refusalKey(this.options.boardId), this.refusal);
    } catch {
      // No session storage: the reloaded board just does not say why.
    }
    await this.persistence.clearData();
    // clearData starts deleting the database without waiting for it; a second request
    // is answered only after the first, so the reload cannot bring the copy back.
    await idb.deleteDB(this.persistence.name);
    (this.options.reload ?? (() => location.reload()))();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private refreshStatus(): void {
    const next = this.currentStatus();
    if (next === this.status) return;
    this.status = next;
    for (const listener of this.listeners) listener();
  }

  private currentStatus(): SaveStatus {
    const { wsconnected, synced } = this.provider;
    if (wsconnected && synced && !this.hasUnsavedChanges) this.storageRefused = false;
    // Reconnecting and waiting for the server to take our edits again is still not saved.
    if (this.refusal !== null) return 'refused';
    if (this.storageRefused) return 'unsaved';
    if (!wsconnected) return this.presentingIdentity ? 'syncing' : this.wasSynced ? 'offline' : 'connecting';
    return !synced || this.hasUnsavedChanges ? 'syncing' : 'synced';
  }

  private ensureUndoManager(): void {
    if (this.undoManager) return;
    this.undoManager = undoManagerFor(this.doc);
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
