/**
 * The safety net (#17): before an update removes a stage, lane, state or more than
 * five cards, and before a restore, the server keeps the board as an automatic
 * version; restoring it brings what went back for everyone. Automatic versions are
 * bounded (one a board per interval, the newest few kept) and never eat the named
 * versions' quota.
 */
import { addCard, addStage, readBoard, removeCard, removeStage } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  type Client,
  callApi,
  createBoardOver,
  joinSynced,
  useClients,
  waitFor,
} from '../support/clients.js';
import { useTestServer } from '../support/server.js';

interface Version {
  id: string;
  name: string;
  automatic: boolean;
  bytes: number;
}

// One named version only: automatic ones must not need room in it.
const server = useTestServer({ MAX_VERSIONS_PER_BOARD: '1', MAX_AUTOMATIC_VERSIONS_PER_BOARD: '3' });
const clients = useClients();

const api = (path: string, token: string, method = 'GET', json?: unknown) =>
  callApi(server.url, path, token, method, json);

const join = (boardId: string, token: string): Promise<Client> =>
  joinSynced(clients, server.wsUrl, boardId, token);

async function versions(boardId: string, token: string): Promise<Version[]> {
  return (await (await api(`/api/boards/${boardId}/versions`, token)).json()) as Version[];
}

/** Waits until the board lists `count` automatic versions (their write is not awaited by the update). */
async function automaticVersions(boardId: string, token: string, count: number): Promise<Version[]> {
  let found: Version[] = [];
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    found = (await versions(boardId, token)).filter((v) => v.automatic);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`expected ${count} automatic versions, found ${JSON.stringify(found)}`);
}

/** A stage called `title` with `cards` cards in the first lane. */
function stageWithCards(client: Client, title: string, cards: number): string {
  const { states, lanes } = readBoard(client.doc);
  const stageId = addStage(client.doc, { stateId: states[0]!.id, title });
  for (let i = 0; i < cards; i++)
    addCard(client.doc, { stageId, laneId: lanes[0]!.id, text: `${title} ${i}` });
  return stageId;
}

const cardsIn = (client: Client, stageId: string) =>
  readBoard(client.doc).cards.filter((card) => card.stageId === stageId).length;

describe('automatic versions', () => {
  it('are taken before a stage is removed; restoring one brings the stage and its cards back for everyone', async () => {
    const board = await createBoardOver(server.url);
    const alice = await join(board.id, board.tokens.editor);
    const bob = await join(board.id, board.tokens.participant);
    const delivery = stageWithCards(alice, 'Delivery', 7);
    await waitFor(() => cardsIn(bob, delivery) === 7, 5000, 'Bob to see the stage');
    // The named quota (one) is full: the safety net must not need a place in it.
    expect(
      (await api(`/api/boards/${board.id}/versions`, board.tokens.editor, 'POST', { name: 'Kickoff' }))
        .status,
    ).toBe(201);

    removeStage(alice.doc, { id: delivery });
    await waitFor(() => cardsIn(bob, delivery) === 0, 5000, 'Bob to see the stage go');
    const [before] = await automaticVersions(board.id, board.tokens.viewer, 1);
    expect(before).toMatchObject({ name: 'Before removing stage ‘Delivery’', automatic: true });

    // Anyone who reads the board may preview it: the version holds the stage and its cards.
    const preview = await api(`/api/boards/${board.id}/versions/${before!.id}/state`, board.tokens.viewer);
    expect(preview.status).toBe(200);
    const previewDoc = new Y.Doc();
    Y.applyUpdate(previewDoc, new Uint8Array(await preview.arrayBuffer()));
    expect(readBoard(previewDoc).stages.map((s) => s.title)).toContain('Delivery');
    expect(readBoard(previewDoc).cards.filter((c) => c.stageId === delivery)).toHaveLength(7);

    const restored = await api(
      `/api/boards/${board.id}/versions/${before!.id}/restore`,
      board.tokens.owner,
      'POST',
    );
    expect(restored.status).toBe(200);
    for (const client of [alice, bob]) {
      await waitFor(() => cardsIn(client, delivery) === 7, 5000, 'the restore to reach everyone');
      expect(readBoard(client.doc).stages.map((s) => s.title)).toContain('Delivery');
    }
    // The restore replaced the board: what it replaced is kept too, so it can be undone.
    const after = await automaticVersions(board.id, board.tokens.viewer, 2);
    expect(after.map((v) => v.name)).toEqual([
      'Before removing stage ‘Delivery’',
      `Before restoring “${before!.name}”`,
    ]);
  });

  it('are taken before more than five cards go at once, not five', async () => {
    const board = await createBoardOver(server.url);
    const alice = await join(board.id, board.tokens.editor);
    const lane = readBoard(alice.doc).lanes[0]!.id;
    const stage = readBoard(alice.doc).stages[0]!.id;
    const add = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        addCard(alice.doc, { stageId: stage, laneId: lane, text: `c${i}` }),
      );
    const five = add(5);
    const six = add(6);
    await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 11, 5000, 'the cards');

    alice.doc.transact(() => {
      for (const id of five) removeCard(alice.doc, { id });
    });
    await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 6, 5000, 'five to go');
    alice.doc.transact(() => {
      for (const id of six) removeCard(alice.doc, { id });
    });
    await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 0, 5000, 'six to go');
    const taken = await automaticVersions(board.id, board.tokens.viewer, 1);
    expect(taken.map((v) => v.name)).toEqual(['Before removing 6 cards']);
  });

  it('are bounded: one a board per interval, and only the newest kept', async () => {
    const board = await createBoardOver(server.url);
    const alice = await join(board.id, board.tokens.editor);
    // Worst case: stage after stage removed as fast as a client can.
    for (let i = 0; i < 10; i++) {
      const stage = stageWithCards(alice, `Stage ${i}`, 1);
      removeStage(alice.doc, { id: stage });
    }
    await waitFor(
      () => !readBoard(server.rooms.get(board.id)!.doc).stages.some((s) => s.title.startsWith('Stage')),
    );
    const taken = await automaticVersions(board.id, board.tokens.viewer, 1);
    // Within the interval (30 s by default) one was taken: the board before the first removal.
    expect(taken.map((v) => v.name)).toEqual(['Before removing stage ‘Stage 0’']);

    // Restores take one whatever the interval; past MAX_AUTOMATIC_VERSIONS_PER_BOARD the oldest go.
    const saved = await api(`/api/boards/${board.id}/versions`, board.tokens.editor, 'POST', {
      name: 'Kickoff',
    });
    const named = (await saved.json()) as Version;
    for (let i = 0; i < 4; i++) {
      const response = await api(
        `/api/boards/${board.id}/versions/${named.id}/restore`,
        board.tokens.owner,
        'POST',
      );
      expect(response.status).toBe(200);
    }
    const kept = await automaticVersions(board.id, board.tokens.viewer, 3);
    expect(kept.map((v) => v.name)).toEqual(Array(3).fill('Before restoring “Kickoff”'));
    expect((await versions(board.id, board.tokens.viewer)).filter((v) => !v.automatic)).toHaveLength(1);
  });
});
