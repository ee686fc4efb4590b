/**
 * Who this person is: the name this browser shows them by, and their identity on a
 * board, minted once per browser and board by POST /api/boards/:id/identities and kept
 * in localStorage: its participant id is who this person is in what the board records
 * (votes, ratings, comments), and its token goes on the board's WebSocket (the
 * `identity.` subprotocol) so the server knows it too. Light on purpose: the entry
 * chunk reads it to start a board's work early (earlyBoard.ts).
 */
import { MAX_IDENTITY_TOKEN_LENGTH } from '@journeyboard/shared/sync-protocols';

export interface BoardIdentity {
  participantId: string;
  identityToken: string;
  /** The name it was minted with; a later rename changes presence only. */
  name: string;
}

const keyFor = (boardId: string) => `journeyboard:identity:${boardId}`;
const NAME_KEY = 'journeyboard:display-name';

/** The name this browser shows this person by, once they have given one. */
export function storedName(): string | null {
  const name = localStorage.getItem(NAME_KEY)?.trim();
  return name ? name : null;
}

export function storeName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim().slice(0, 60));
}

/** How long the board waits for a mint before it connects without an identity. */
const MINT_TIMEOUT_MS = 5000;

const PARTICIPANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const IDENTITY_TOKEN = new RegExp(`^[A-Za-z0-9_-]{16,${MAX_IDENTITY_TOKEN_LENGTH}}$`);

/** What localStorage or the server handed over, if it is an identity; anything else is none. */
function asIdentity(value: unknown): BoardIdentity | null {
  const { participantId, identityToken, name } = (value ?? {}) as Record<string, unknown>;
  if (typeof participantId !== 'string' || !PARTICIPANT_ID.test(participantId)) return null;
  if (typeof identityToken !== 'string' || !IDENTITY_TOKEN.test(identityToken)) return null;
  if (typeof name !== 'string' || name.length > 1000) return null;
  return { participantId, identityToken, name };
}

/** This browser's identity on the board, if it has minted one. */
export function storedIdentity(boardId: string): BoardIdentity | null {
  try {
    return asIdentity(JSON.parse(localStorage.getItem(keyFor(boardId)) ?? 'null'));
  } catch {
    return null;
  }
}

/**
 * Mints this person's identity on the board with the link's token and keeps it. Null
 * when the server cannot or will not (offline, 409: the board has minted all it may,
 * 429, a timeout): the board then opens without an identity, and the next load tries again.
 */
export async function mintIdentity(
  boardId: string,
  token: string,
  name: string,
): Promise<BoardIdentity | null> {
  try {
    const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/identities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name }),
      signal: AbortSignal.timeout(MINT_TIMEOUT_MS),
    });
    if (response.status !== 201) return null;
    const identity = asIdentity(await response.json());
    if (identity) localStorage.setItem(keyFor(boardId), JSON.stringify(identity));
    return identity;
  } catch {
    return null;
  }
}
