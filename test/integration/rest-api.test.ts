/** The REST contract: create, import, read, rename, delete, rotate links, named versions. */
import { addCard, exportBoardJson, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstCell, joinNewBoard } from '../support/boards.js';
import { connectClient, createBoardOver, openRaw, useClients, waitFor } from '../support/clients.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer({ PUBLIC_ORIGIN: 'https://journeys.example.com' });
const clients = useClients();

const api = (path: string, init: RequestInit & { token?: string; json?: unknown } = {}) => {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.url}${path}`, {
    ...init,
    headers,
    body: init.json === undefined ? init.body : JSON.stringify(init.json),
  });
};

describe('boards over REST', () => {
  it('lists the templates', async () => {
    const templates = (await (await api('/api/templates')).json()) as Array<{ id: string }>;
    expect(templates.map((t) => t.id)).toEqual([
      'blank-journey',
      'service-blueprint',
      'online-order',
      'baggage-recovery',
    ]);
  });

  it('creates a board with three role links', async () => {
    const response = await api('/api/boards', {
      method: 'POST',
      json: { title: 'Onboarding', template: 'service-blueprint' },
    });
    expect(response.status).toBe(201);
    const board = (await response.json()) as {
      id: string;
      tokens: Record<string, string>;
      links: Record<string, string>;
    };
    expect(Object.keys(board.tokens).sort()).toEqual(['editor', 'owner', 'viewer']);
    expect(new Set(Object.values(board.tokens)).size).toBe(3);
    for (const token of Object.values(board.tokens)) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(board.links.editor).toBe(
      `https://journeys.example.com/b/${board.id}#token=${board.tokens.editor}`,
    );
  });

  it('refuses a bad create request with problem+json', async () => {
    const response = await api('/api/boards', { method: 'POST', json: { title: '', template: 'nope' } });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const unknownTemplate = await api('/api/boards', {
      method: 'POST',
      json: { title: 'X', template: 'kanban' },
    });
    expect(((await unknownTemplate.json()) as { detail: string }).detail).toBe(
      'createBoard: template: unknown template "kanban"',
    );
    const notJson = await api('/api/boards', {
      method: 'POST',
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
  });

  it('reads a board with any role; links shown follow the role', async () => {
    const board = await createBoardOver(server.url);
    const asViewer = (await (
      await api(`/api/boards/${board.id}`, { token: board.tokens.viewer })
    ).json()) as {
      role: string;
      links: Record<string, string>;
    };
    expect(asViewer.role).toBe('viewer');
    expect(Object.keys(asViewer.links)).toEqual(['viewer']);
    const asEditor = (await (
      await api(`/api/boards/${board.id}`, { token: board.tokens.editor })
    ).json()) as {
      links: Record<string, string>;
    };
    expect(Object.keys(asEditor.links).sort()).toEqual(['editor', 'viewer']);
    expect((await api(`/api/boards/${board.id}`)).status).toBe(401);
    expect((await api(`/api/boards/${board.id}`, { token: 'x'.repeat(32) })).status).toBe(401);
    const other = await createBoardOver(server.url);
    expect((await api(`/api/boards/${board.id}`, { token: other.tokens.owner })).status).toBe(403);
  });

  it('renames live for everyone in the room; only the owner may', async () => {
    const [board, alice] = await joinNewBoard(server, clients, ['editor'], 'Old title');
    expect(
      (
        await api(`/api/boards/${board.id}`, {
          method: 'PATCH',
          token: board.tokens.editor,
          json: { title: 'X' },
        })
      ).status,
    ).toBe(403);
    const response = await api(`/api/boards/${board.id}`, {
      method: 'PATCH',
      token: board.tokens.owner,
      json: { title: 'New title' },
    });
    expect(response.status).toBe(200);
    await waitFor(() => readBoard(alice.doc).meta.title === 'New title');
    const read = (await (await api(`/api/boards/${board.id}`, { token: board.tokens.viewer })).json()) as {
      title: string;
    };
    expect(read.title).toBe('New title');
  });

  it('rotating a role’s link closes its open connections and retires the old token', async () => {
    const board = await createBoardOver(server.url);
    const editor = openRaw(server.wsUrl, board.id, board.tokens.editor);
    const viewer = openRaw(server.wsUrl, board.id, board.tokens.viewer);
    await Promise.all([editor.opened, viewer.opened]);
    const response = await api(`/api/boards/${board.id}/tokens/rotate`, {
      method: 'POST',
      token: board.tokens.owner,
      json: { role: 'editor' },
    });
    const rotated = (await response.json()) as { tokens: Record<string, string> };
    expect(rotated.tokens.editor).not.toBe(board.tokens.editor);
    expect(rotated.tokens.viewer).toBe(board.tokens.viewer);
    expect(await editor.closed).toEqual({ code: 4403, reason: 'link revoked' });
    expect(viewer.ws.readyState).toBe(viewer.ws.OPEN);
    expect((await openRaw(server.wsUrl, board.id, board.tokens.editor).closed).code).toBe(-401);
    await openRaw(server.wsUrl, board.id, rotated.tokens.editor as string).opened;
    viewer.ws.close();
  });

  it('deletes a board: connections close with 4404 and its links stop working', async () => {
    const board = await createBoardOver(server.url);
    const socket = openRaw(server.wsUrl, board.id, board.tokens.editor);
    await socket.opened;
    expect(
      (await api(`/api/boards/${board.id}`, { method: 'DELETE', token: board.tokens.editor })).status,
    ).toBe(403);
    expect(
      (await api(`/api/boards/${board.id}`, { method: 'DELETE', token: board.tokens.owner })).status,
    ).toBe(204);
    expect((await socket.closed).code).toBe(4404);
    expect((await api(`/api/boards/${board.id}`, { token: board.tokens.owner })).status).toBe(401);
    expect((await openRaw(server.wsUrl, board.id, board.tokens.owner).closed).code).toBe(-401);
  });

  it('imports an exported board, and refuses a malformed file with its problems', async () => {
    const source = new Y.Doc();
    const original = await createBoardOver(server.url, 'Source', 'baggage-recovery');
    const reader = connectClient(server.wsUrl, original.id, original.tokens.viewer, source);
    clients.push(reader);
    await reader.synced;
    const file = exportBoardJson(source);
    const response = await api('/api/boards/import?title=Copy', { method: 'POST', json: file });
    expect(response.status).toBe(201);
    const copy = (await response.json()) as { id: string; title: string; tokens: { viewer: string } };
    expect(copy.title).toBe('Copy');
    const copyClient = connectClient(server.wsUrl, copy.id, copy.tokens.viewer);
    clients.push(copyClient);
    await copyClient.synced;
    const { meta: _a, repairs: _b, ...copied } = readBoard(copyClient.doc);
    const { meta: _c, repairs: _d, ...expected } = readBoard(source);
    expect(copied).toEqual(expected);

    const broken = structuredClone(file) as unknown as { board: { cards: Array<{ emotion: number }> } };
    broken.board.cards[0]!.emotion = 11;
    const refused = await api('/api/boards/import', { method: 'POST', json: broken });
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as { problems: string[] };
    expect(problem.problems[0]).toMatch(/^board\.cards\[0\]\.emotion: Too big/);
    const foreign = await api('/api/boards/import', { method: 'POST', json: { nodes: [], edges: [] } });
    expect(((await foreign.json()) as { problems: string[] }).problems[0]).toMatch(
      /not a Journeyboard board file/,
    );
  });

  it('saves named versions and restores one as a live change, keeping history', async () => {
    const [board, alice] = await joinNewBoard(server, clients, ['editor']);
    const cell = firstCell(alice.doc);
    addCard(alice.doc, { ...cell, text: 'Before the workshop' });
    await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 1);
    const saved = await api(`/api/boards/${board.id}/versions`, {
      method: 'POST',
      token: board.tokens.editor,
      json: { name: 'Pre-workshop' },
    });
    expect(saved.status).toBe(201);
    const version = (await saved.json()) as { id: string; name: string };
    addCard(alice.doc, { ...cell, text: 'During the workshop' });
    await waitFor(() => server.rooms.get(board.id)?.doc.getMap('cards').size === 2);

    const list = (await (
      await api(`/api/boards/${board.id}/versions`, { token: board.tokens.viewer })
    ).json()) as Array<{ name: string }>;
    expect(list.map((v) => v.name)).toEqual(['Pre-workshop']);
    expect(
      (
        await api(`/api/boards/${board.id}/versions/${version.id}/restore`, {
          method: 'POST',
          token: board.tokens.viewer,
        })
      ).status,
    ).toBe(403);
    const restored = await api(`/api/boards/${board.id}/versions/${version.id}/restore`, {
      method: 'POST',
      token: board.tokens.editor,
    });
    expect(restored.status).toBe(200);
    await waitFor(() => readBoard(alice.doc).cards.length === 1, 5000, 'the restore to reach Alice');
    expect(readBoard(alice.doc).cards.map((c) => c.text)).toEqual(['Before the workshop']);
    expect(
      (
        await api(`/api/boards/${board.id}/versions/nope/restore`, {
          method: 'POST',
          token: board.tokens.editor,
        })
      ).status,
    ).toBe(404);
  });
});
