/** Boards this browser opened, newest first, kept in localStorage (with the link's token, never sent anywhere else). */
export interface RecentBoard {
  id: string;
  title: string;
  token: string;
  role: string;
  openedAt: number;
}

const KEY = 'journeyboard:recent-boards';
const MAX = 20;

export function recentBoards(): RecentBoard[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as RecentBoard[]).filter((b) => typeof b?.id === 'string') : [];
  } catch {
    return [];
  }
}

export function rememberBoard(board: RecentBoard): void {
  const rest = recentBoards().filter((b) => b.id !== board.id);
  localStorage.setItem(KEY, JSON.stringify([board, ...rest].slice(0, MAX)));
}

export function boardPath(id: string, token: string): string {
  return `/b/${encodeURIComponent(id)}#token=${encodeURIComponent(token)}`;
}

/** A board's title changed (renamed by its owner, seen live): the recent list shows the new one. */
export function retitleRecentBoard(id: string, title: string): void {
  const boards = recentBoards();
  if (!boards.some((b) => b.id === id && b.title !== title)) return;
  localStorage.setItem(KEY, JSON.stringify(boards.map((b) => (b.id === id ? { ...b, title } : b))));
}

/** A board this browser deleted: it leaves the recent list (its links no longer open anything). */
export function forgetBoard(id: string): void {
  localStorage.setItem(KEY, JSON.stringify(recentBoards().filter((b) => b.id !== id)));
}
