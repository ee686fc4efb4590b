/**
 * A board opens at /b/<id> with its token in the link's fragment (#token=…), and its
 * presentation at /p/<id>#token=… (for people who only watch: straight into the
 * slides, no name asked). The
 * page takes the token out of the address bar at once (it would show whenever the
 * screen is shared, and stay in the history) and keeps it for this tab in
 * sessionStorage, so a reload still opens the board. A board this browser opened
 * before also opens from its plain address, with the recent boards' token.
 */
import { recentBoards } from './store/recentBoards.js';

export interface BoardRoute {
  boardId: string;
  token: string;
  /** Opened from a presentation link (/p/). */
  watching: boolean;
}

const tokenKey = (boardId: string) => `journeyboard:token:${boardId}`;

function remember(boardId: string, token: string): void {
  try {
    sessionStorage.setItem(tokenKey(boardId), token);
  } catch {
    // Storage refused (private mode, quota): the board opens; a reload falls back to recent boards.
  }
}

function remembered(boardId: string): string | null {
  try {
    return sessionStorage.getItem(tokenKey(boardId));
  } catch {
    return null;
  }
}

/** The board this address opens and its token, or null for the start page. */
export function takeBoardRoute(): BoardRoute | null {
  const match = /^\/([bp])\/([^/]+)$/.exec(location.pathname);
  if (!match?.[2]) return null;
  const boardId = decodeURIComponent(match[2]);
  const watching = match[1] === 'p';
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromLink) {
    remember(boardId, fromLink);
    history.replaceState(history.state, '', `${location.pathname}${location.search}`);
    return { boardId, token: fromLink, watching };
  }
  const token = remembered(boardId) ?? recentBoards().find((board) => board.id === boardId)?.token ?? null;
  return token ? { boardId, token, watching } : null;
}
