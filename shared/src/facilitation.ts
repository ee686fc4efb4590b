/** Reading workshop activity: dot-vote results, emotion agreement, and the timer. */
import { denseRanks } from './commands/workshop.js';
import type { BoardSnapshot, Card, WorkshopTimer } from './model.js';

export interface VoteResult {
  card: Card;
  dots: number;
  voters: number;
  /** 1 for the most dots; equal dots share a rank. */
  rank: number;
}

/** A session's voted cards, most dots first. */
export function voteResults(board: BoardSnapshot, sessionId: string): VoteResult[] {
  const totals = new Map<string, number>();
  const voters = new Map<string, number>();
  for (const v of board.votes) {
    if (v.sessionId !== sessionId) continue;
    totals.set(v.targetId, (totals.get(v.targetId) ?? 0) + v.dots);
    voters.set(v.targetId, (voters.get(v.targetId) ?? 0) + 1);
  }
  const ranks = denseRanks(totals);
  const cards = new Map(board.cards.map((c) => [c.id, c]));
  const position = new Map(board.cards.map((c, i) => [c.id, i]));
  const results: VoteResult[] = [];
  for (const [id, dots] of totals) {
    const card = cards.get(id);
    const rank = ranks.get(id);
    if (card && rank !== undefined) results.push({ card, dots, voters: voters.get(id) ?? 0, rank });
  }
  // Ties in board order (stage by stage), so everyone sees the same list.
  return results.sort(
    (a, b) => a.rank - b.rank || (position.get(a.card.id) ?? 0) - (position.get(b.card.id) ?? 0),
  );
}

/** The dots one person has placed in a session. */
export function dotsUsed(board: BoardSnapshot, sessionId: string, userId: string): number {
  return board.votes
    .filter((v) => v.sessionId === sessionId && v.userId === userId)
    .reduce((sum, v) => sum + v.dots, 0);
}

export interface EmotionSpread {
  count: number;
  mean: number;
  min: number;
  max: number;
  /** Population standard deviation: 0 when everyone agrees, up to 2 on the -2..+2 scale. */
  spread: number;
}

/** How the participants' own emotion scores for a step agree; null when nobody scored it. */
export function emotionSpread(
  board: Pick<BoardSnapshot, 'emotionRatings'>,
  cardId: string,
): EmotionSpread | null {
  const scores = board.emotionRatings.filter((r) => r.cardId === cardId).map((r) => r.score);
  if (scores.length === 0) return null;
  const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
  const variance = scores.reduce((sum, s) => sum + (s - mean) ** 2, 0) / scores.length;
  return {
    count: scores.length,
    mean: Math.round(mean * 100) / 100,
    min: Math.min(...scores),
    max: Math.max(...scores),
    spread: Math.round(Math.sqrt(variance) * 100) / 100,
  };
}

/** Milliseconds left on the timer at `now` (never below 0); null when no timer is set. */
export function timerRemaining(timer: WorkshopTimer | null, now: number): number | null {
  if (!timer) return null;
  if (timer.endsAt === null) return timer.remainingMs;
  return Math.max(0, timer.endsAt - now);
}
