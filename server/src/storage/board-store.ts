/**
 * Storage is one interface; SQLite (sqlite-store.ts) is the embedded implementation.
 * A board is a row of metadata, a compacted snapshot and an append-only log of
 * Yjs updates; named versions are full states kept beside it.
 */
import type { Role } from '@journeyboard/shared';
import * as Y from 'yjs';

export interface BoardRecord {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
}

export interface StoredState {
  /** The compacted snapshot, or null before the first compaction. */
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot, oldest first. */
  updates: Uint8Array[];
  /** Bytes of snapshot plus updates: what loading the board costs. */
  bytes: number;
}

export interface VersionRecord {
  id: string;
  boardId: string;
  name: string;
  createdAt: number;
  bytes: number;
  /**
   * Taken by the server before a destructive change (auto-versions.ts), not saved
   * by a person: kept apart from the named versions' quota and pruned oldest first.
   */
  automatic: boolean;
}

/**
 * Tokens are kept as hashes, lower roles' tokens also sealed for every higher role
 * (auth/sealed-links.ts): the store is given tokens and hands them back only to a
 * caller that presents a token able to unseal them.
 */
/** A person on a board, as the server minted them: their id is what person-owned entries carry. */
export interface IdentityRecord {
  boardId: string;
  participantId: string;
  name: string;
  createdAt: number;
}

/**
 * Everything the store holds for one board, row for row: token hashes and sealed
 * boxes as stored (no token in plain text), the snapshot and log as they are.
 * `journeyboard migrate` (storage/copy-boards.ts) moves boards between stores with it.
 * Lists are in a fixed order (links by role, boxes by holder and role, the log by
 * sequence, versions by time and id, identities by participant id), so two stores'
 * rows of one board compare equal.
 */
export interface BoardRows {
  board: BoardRecord;
  snapshot: Uint8Array | null;
  storedBytes: number;
  updates: Array<{ data: Uint8Array; createdAt: number }>;
  links: Array<{ role: Role; tokenHash: Uint8Array; expiresAt: number | null }>;
  sealedLinks: Array<{ holder: Role; role: Role; box: Uint8Array }>;
  versions: Array<{ id: string; name: string; createdAt: number; state: Uint8Array; automatic: boolean }>;
  identities: Array<{ participantId: string; tokenHash: Uint8Array; name: string; createdAt: number }>;
}

export interface BoardStore {
  createBoard(board: BoardRecord, initialState: Uint8Array, tokens: Record<Role, string>): void;
  getBoard(id: string): BoardRecord | null;
  /**
   * The board and role a share token opens, and when the link expires (ms since
   * the epoch; null: never), or null for an unknown token. Expired tokens are
   * still found: callers refuse them as expired, not unknown.
   */
  findToken(token: string): { boardId: string; role: Role; expiresAt: number | null } | null;
  /** The roles that have a link on this board, most powerful first (a board made before a role existed lacks it). */
  linkRoles(boardId: string): Role[];
  /** The tokens `holderToken` (the `holder` role's) opens: its own and every lower role's it can unseal. */
  revealTokens(boardId: string, holder: Role, holderToken: string): Partial<Record<Role, string>>;
  /**
   * Keeps a board's token set after a rotation: new links for the roles in `rotated`
   * (each expiring then; null: never), every box sealed again for the new set.
   */
  rotateTokens(id: string, tokens: Record<Role, string>, rotated: Partial<Record<Role, number | null>>): void;
  setTitle(id: string, title: string, now: number): void;
  deleteBoard(id: string): void;
  loadState(id: string): StoredState;
  /** Appends one update; returns the board's stored bytes afterwards. Durable when it returns. */
  appendUpdate(id: string, update: Uint8Array, now: number): number;
  /** Replaces snapshot and log by one snapshot, atomically. */
  compact(id: string, snapshot: Uint8Array): void;
  saveVersion(version: VersionRecord, state: Uint8Array): void;
  listVersions(boardId: string): VersionRecord[];
  loadVersion(boardId: string, versionId: string): Uint8Array | null;
  /** Whether the version existed. */
  deleteVersion(boardId: string, versionId: string): boolean;
  /** How many named versions a board keeps and their bytes together (automatic ones not counted). */
  versionUsage(boardId: string): { count: number; bytes: number };
  /** Deletes a board's automatic versions but the newest `keep`; returns how many went. */
  pruneAutomaticVersions(boardId: string, keep: number): number;
  /** Keeps a person's identity on a board; only its token's hash is stored. */
  createIdentity(identity: IdentityRecord, identityToken: string): void;
  /**
   * The person an identity token names, on whichever board minted it (callers refuse
   * another board's), or null for an unknown token.
   */
  findIdentity(identityToken: string): IdentityRecord | null;
  /** How many identities a board has minted. */
  identityCount(boardId: string): number;
  /** Up to `limit` (1-1000) board ids after `after` (null: from the first), in bytewise order: every board, a page at a time. */
  listBoardIds(after: string | null, limit: number): string[];
  /** Every row the board has, or null when there is no such board. One consistent read. */
  exportBoardRows(boardId: string): BoardRows | null;
  /**
   * Stores a board's rows as they are, in one transaction; false (and nothing
   * written) when a board with its id exists. A token hash another board already
   * has fails the whole board.
   */
  importBoardRows(rows: BoardRows): boolean;
  /** The board's stored bytes (snapshot plus update log) as last committed. */
  storedBytes(id: string): number;
  /**
   * Caps the database at this many pages (never below its size now; null lifts the
   * cap) and returns the cap in force. A write past it fails with SQLITE_FULL, as
   * on a full disk: it is how tests fill the disk under a live server.
   */
  limitPages(pages: number | null): number;
  close(): void;
}

/** Board ids one listBoardIds page holds at most (1-1000): a caller streaming every board keeps no more. */
export const boardIdsPage = (limit: number) => Math.min(1_000, Math.max(1, Math.floor(limit)));

/** Rebuilds a board's document from what storage holds: the snapshot, then the log, in one transaction. */
export function applyStoredState(doc: Y.Doc, state: StoredState, origin: unknown = null): void {
  doc.transact(() => {
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot, origin);
    for (const update of state.updates) Y.applyUpdate(doc, update, origin);
  }, origin);
}
