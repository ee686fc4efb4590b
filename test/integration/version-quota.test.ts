/**
 * Named versions are counted against a per-board quota (how many, and their bytes
 * together), and a restore that would take the board past MAX_BOARD_BYTES is
 * refused whole: 413, and the live board does not change.
 */
import { addCard, readBoard, removeCard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import {
  type Client,
  callApi,
  createBoardOver,
  joinSynced,
  useClients,
  waitFor,
} from '../support/clients.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer({
  MAX_VERSIONS_PER_BOARD: '3',
  MAX_VERSION_BYTES_PER_BOARD: String(100 * 1024),
  MAX_BOARD_BYTES: String(150 * 1024),
});
const clients = useClients();

const api = (path: string, token: string, method = 'GET', json?: unknown) =>
  callApi(server.url, path, token, method, json);

const editor = (boardId: string, token: string): Promise<Client> =>
  joinSynced(clients, server.wsUrl, boardId, token);

/** Adds cards carrying `bytes` of notes in all, and waits until the room has stored them. */
async function addBulk(client: Client, boardId: string, bytes: number): Promise<string[]> {
  const { stages, lanes } = readBoard(client.doc);
  const ids: string[] = [];
  for (let left = bytes; left > 0; left -= 20_000) {
    ids.push(
      addCard(client.doc, {
        stageId: stages[0]!.id,
        laneId: lanes[0]!.id,
        text: `bulk ${ids.length}`,
        notes: 'n'.repeat(Math.min(20_000, left)),
      }),
    );
  }
  const want = readBoard(client.doc).cards.length;
  await waitFor(
    () => server.rooms.get(boardId)?.doc.getMap('cards').size === want,
    5000,
    'the cards to arrive',
  );
  return ids;
}

describe('named versions', () => {
  it('are counted: past MAX_VERSIONS_PER_BOARD saving answers 409 until an owner deletes one', async () => {
    const board = await createBoardOver(server.url);
    const save = (name: string) =>
      api(`/api/boards/${board.id}/versions`, board.tokens.editor, 'POST', { name });
    const saved: Array<{ id: string }> = [];
    for (const name of ['one', 'two', 'three']) {
      const response = await save(name);
      expect(response.status).toBe(201);
      saved.push((await response.json()) as { id: string });
    }
    const refused = await save('four');
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ title: 'Too many versions', versions: 3, maxVersions: 3 });
    const path = `/api/boards/${board.id}/versions/${saved[0]!.id}`;
    expect((await api(path, board.tokens.editor, 'DELETE')).status).toBe(403);
    expect((await api(path, board.tokens.owner, 'DELETE')).status).toBe(204);
    expect((await api(path, board.tokens.owner, 'DELETE')).status).toBe(404);
    expect((await save('four')).status).toBe(201);
    const names = (await (
      await api(`/api/boards/${board.id}/versions`, board.tokens.viewer)
    ).json()) as Array<{
      name: string;
    }>;
    expect(names.map((v) => v.name)).toEqual(['two', 'three', 'four']);
  });

  it('are counted by bytes: past MAX_VERSION_BYTES_PER_BOARD saving answers 413', async () => {
    const board = await createBoardOver(server.url);
    const alice = await editor(board.id, board.tokens.editor);
    await addBulk(alice, board.id, 55_000);
    const save = (name: string) =>
      api(`/api/boards/${board.id}/versions`, board.tokens.editor, 'POST', { name });
    const first = await save('big');
    expect(first.status).toBe(201);
    expect(((await first.json()) as { bytes: number }).bytes).toBeGreaterThan(55_000);
    const refused = await save('big again');
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ title: 'Versions too large', maxVersionBytes: 100 * 1024 });
    const list = (await (
      await api(`/api/boards/${board.id}/versions`, board.tokens.viewer)
    ).json()) as unknown[];
    expect(list).toHaveLength(1);
  });
});

describe('restoring a version', () => {
  it('that would take the board past MAX_BOARD_BYTES answers 413 and changes nothing', async () => {
    const board = await createBoardOver(server.url);
    const alice = await editor(board.id, board.tokens.editor);
    const bulk = await addBulk(alice, board.id, 80_000);
    const saved = await api(`/api/boards/${board.id}/versions`, board.tokens.editor, 'POST', {
      name: 'bulk',
    });
    expect(saved.status).toBe(201);
    const version = (await saved.json()) as { id: string };
    for (const id of bulk) removeCard(alice.doc, { id });
    await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 0, 5000, 'the removal');
    const storedBefore = await server.store.storedBytes(board.id);
    // Stored: the cards and their removal. The restore would add the cards again.
    expect(storedBefore).toBeGreaterThan(80_000);
    expect(storedBefore).toBeLessThan(150 * 1024 - 20_000);

    const refused = await api(
      `/api/boards/${board.id}/versions/${version.id}/restore`,
      board.tokens.owner,
      'POST',
    );
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ title: 'Board too large', status: 413 });
    expect(await server.store.storedBytes(board.id)).toBe(storedBefore);
    expect(readBoard(server.rooms.get(board.id)!.doc).cards).toEqual([]);
    // Alice's board stays as it was; a small change still goes through.
    addCard(alice.doc, {
      stageId: readBoard(alice.doc).stages[0]!.id,
      laneId: readBoard(alice.doc).lanes[0]!.id,
      text: 'after',
    });
    await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 1, 5000, 'a later edit');
    expect(readBoard(alice.doc).cards.map((c) => c.text)).toEqual(['after']);
  });
});
