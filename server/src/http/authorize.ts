/** Which board a request's share token opens, and with which role. */

import type { Role } from '@journeyboard/shared';
import { atLeast } from '@journeyboard/shared';
import type { Request } from 'express';
import { bearerToken, linkExpired } from '../auth/tokens.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import { HttpProblem } from './problem.js';

/**
 * The board of `:id` and the role the request's `Authorization: Bearer` token grants
 * on it, which must be at least `needed`; refuses with 401 or 403.
 */
export async function authorizeRequest(store: AsyncBoardStore, req: Request, needed: Role) {
  const id = String(req.params.id);
  const token = bearerToken(req.get('authorization'));
  if (!token)
    throw new HttpProblem(401, 'Unauthorized', 'send a share token as Authorization: Bearer <token>');
  const [grant, board] = await Promise.all([store.findToken(token), store.getBoard(id)]);
  if (!grant) throw new HttpProblem(401, 'Unauthorized', 'unknown or revoked token');
  if (linkExpired(grant.expiresAt)) throw new HttpProblem(401, 'Unauthorized', 'link expired');
  if (grant.boardId !== id || !board)
    throw new HttpProblem(403, 'Forbidden', 'this token is for another board');
  if (!atLeast(grant.role, needed)) {
    throw new HttpProblem(403, 'Forbidden', `this needs the ${needed} link; yours is ${grant.role}`);
  }
  return { board, role: grant.role, token };
}
