/** Boards with people on them: the opening most multi-user tests share. */

import { type AsyncBoardStore, applyStoredState } from '@journeyboard/server';
import { type Role, readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';
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

/** The texts of a board's cards, sorted: what tests compare replicas and storage by. */
export const cardTexts = (doc: Y.Doc): string[] =>
  readBoard(doc)
    .cards.map((card) => card.text)
    .sort();

/** The texts of a board's cards as the store holds them (loaded as a room would load it), sorted. */
export async function storedCardTexts(store: AsyncBoardStore, boardId: string): Promise<string[]> {
  const doc = new Y.Doc();
  applyStoredState(doc, await store.loadState(boardId));
  return cardTexts(doc);
}
