/**
 * The board's versions over the REST API (README, "Versions"): named ones people
 * save, automatic ones the server keeps before a destructive change. A preview reads
 * a version's whole board into a document of its own, never the live one.
 */
import { type BoardSnapshot, readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';

export interface BoardVersion {
  id: string;
  name: string;
  createdAt: number;
  bytes: number;
  /** Kept by the server before a destructive change, not saved by a person. */
  automatic: boolean;
}

/** What a question before a destructive change says of the way back (the server keeps the version). */
export const KEPT_AS_VERSION =
  'The board as it was is kept as an automatic version, which an owner can restore from the Versions panel.';

/** The longest name the server takes. */
export const VERSION_NAME_MAX = 120;

async function call(boardId: string, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/versions${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  if (response.ok) return response;
  // The server explains a refusal (the quota, the board's size) in a problem document.
  const problem = (await response.json().catch(() => null)) as { detail?: string; title?: string } | null;
  throw new Error(problem?.detail ?? problem?.title ?? `the server answered ${response.status}`);
}

/** Newest first, as people look for them. */
export async function listVersions(boardId: string, token: string): Promise<BoardVersion[]> {
  const versions = (await (await call(boardId, token, '')).json()) as BoardVersion[];
  return versions.reverse();
}

export async function saveVersion(boardId: string, token: string, name: string): Promise<BoardVersion> {
  const response = await call(boardId, token, '', { method: 'POST', body: JSON.stringify({ name }) });
  return (await response.json()) as BoardVersion;
}

export async function deleteVersion(boardId: string, token: string, versionId: string): Promise<void> {
  await call(boardId, token, `/${encodeURIComponent(versionId)}`, { method: 'DELETE' });
}

export async function restoreVersion(boardId: string, token: string, versionId: string): Promise<void> {
  await call(boardId, token, `/${encodeURIComponent(versionId)}/restore`, { method: 'POST' });
}

/** The board as the version holds it, read as the live board is read. */
export async function versionBoard(
  boardId: string,
  token: string,
  versionId: string,
): Promise<BoardSnapshot> {
  const response = await call(boardId, token, `/${encodeURIComponent(versionId)}/state`);
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, new Uint8Array(await response.arrayBuffer()));
    return readBoard(doc);
  } finally {
    doc.destroy();
  }
}
