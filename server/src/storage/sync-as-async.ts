/**
 * The SQLite store behind the AsyncBoardStore interface. Each call still completes
 * synchronously (so SQLite's guarantee holds: durable when it resolves); a throw
 * becomes a rejection, as it would from a database server. An append answers with
 * its number at once (see AsyncBoardStore).
 */
import type { AsyncBoardStore } from './async-board-store.js';
import type { BoardStore } from './board-store.js';

export function syncAsAsync(store: BoardStore): AsyncBoardStore {
  return {
    createBoard: async (board, initialState, tokens) => store.createBoard(board, initialState, tokens),
    getBoard: async (id) => store.getBoard(id),
    findToken: async (token) => store.findToken(token),
    linkRoles: async (boardId) => store.linkRoles(boardId),
    revealTokens: async (boardId, holder, holderToken) => store.revealTokens(boardId, holder, holderToken),
    rotateTokens: async (id, tokens, rotated) => store.rotateTokens(id, tokens, rotated),
    setTitle: async (id, title, now) => store.setTitle(id, title, now),
    deleteBoard: async (id) => store.deleteBoard(id),
    loadState: async (id) => store.loadState(id),
    appendUpdate: (id, update, now) => {
      try {
        return store.appendUpdate(id, update, now);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    compact: async (id, snapshot) => store.compact(id, snapshot),
    saveVersion: async (version, state) => store.saveVersion(version, state),
    listVersions: async (boardId) => store.listVersions(boardId),
    loadVersion: async (boardId, versionId) => store.loadVersion(boardId, versionId),
    deleteVersion: async (boardId, versionId) => store.deleteVersion(boardId, versionId),
    versionUsage: async (boardId) => store.versionUsage(boardId),
    pruneAutomaticVersions: async (boardId, keep) => store.pruneAutomaticVersions(boardId, keep),
    createIdentity: async (identity, identityToken) => store.createIdentity(identity, identityToken),
    findIdentity: async (identityToken) => store.findIdentity(identityToken),
    identityCount: async (boardId) => store.identityCount(boardId),
    listBoardIds: async (after, limit) => store.listBoardIds(after, limit),
    exportBoardRows: async (boardId) => store.exportBoardRows(boardId),
    importBoardRows: async (rows) => store.importBoardRows(rows),
    storedBytes: async (id) => store.storedBytes(id),
    close: async () => store.close(),
  };
}
