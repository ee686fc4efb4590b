/** Boards with people on them: the opening most multi-user tests share. */
import { type Role, readBoard } from '@journeyboard/shared';
import type * as Y from 'yjs';
import { type Client, type CreatedBoard, connectClient, createBoardOver } from './clients.js';

/** Where a test reaches a server: its HTTP base and its sync socket. */
export interface Endpoint {
  url: string;
  wsUrl: string;
}

/**
 * A new board and one synced client per role, in the order given, each registered in
 * `clients` for clean-up (a fresh `[]` where the caller destroys them itself).
 * Read it as `const [board, alice, bob] = await joinNewBoard(...)`.
 */
export async function joinNewBoard<const R extends readonly Role[]>(
  server: Endpoint,
  clients: Client[],
  roles: R,
  title?: string,
): Promise<[CreatedBoard, ...{ -readonly [K in keyof R]: Client }]> {
  const board = await createBoardOver(server.url, title);
  const people = roles.map((role) => connectClient(server.wsUrl, board.id, board.tokens[role]));
  clients.push(...people);
  await Promise.all(people.map((person) => person.synced));
  return [board, ...people] as [CreatedBoard, ...{ -readonly [K in keyof R]: Client }];
}

/** The board's first cell (first stage, first lane): where a card goes when its place does not matter. */
export function firstCell(doc: Y.Doc): { stageId: string; laneId: string } {
  const { stages, lanes } = readBoard(doc);
  return { stageId: stages[0]!.id, laneId: lanes[0]!.id };
}
