/** The REST contract: create, import, read, rename, delete, rotate links, named versions. */
import { addCard, exportBoardJson, ROLES, readBoard, visibleRoles } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstCell, joinNewBoard } from '../support/boards.js';
import { createBoardOver, joinSynced, openRaw, useClients, waitFor } from '../support/clients.js';
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

  it('creates a board with a link for each of the five roles', async () => {
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
    expect(Object.keys(board.tokens)).toEqual(['owner', 'facilitator', 'editor', 'participant', 'viewer']);
    expect(new Set(Object.values(board.tokens)).size).toBe(5);
    for (const token of Object.values(board.tokens)) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(Object.keys(board.links)).toEqual([...ROLES]);
    for (const role of ROLES)
      expect(board.links[role]).toBe(
        `https://journeys.example.com/b/${board.id}#token=${board.tokens[role]}`,
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

  it('reads a board with any role; links shown follow the role: its own and those below', async () => {
    const board = await createBoardOver(server.url);
    for (const role of ROLES) {
      const read = (await (await api(`/api/boards/${board.id}`, { token: board.tokens[role] })).json()) as {
        role: string;
        links: Record<string, string>;
      };
      expect(read.role).toBe(role);
      expect(read.links).toEqual(Object.fromEntries(visibleRoles(role).map((r) => [r, board.links[r]])));
    }
    expect(visibleRoles('participant')).toEqual(['participant', 'viewer']);
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

  it('rotating a role’s link closes its open connections and retires the old token, for each role', async () => {
    const board = await createBoardOver(server.url);
    let tokens = { ...board.tokens };
    for (const role of ROLES) {
      const open = ROLES.map((r) => openRaw(server.wsUrl, board.id, tokens[r]));
      await Promise.all(open.map((socket) => socket.opened));
      const response = await api(`/api/boards/${board.id}/tokens/rotate`, {
        method: 'POST',
        token: tokens.owner,
        json: { role },
      });
      expect(response.status).toBe(200);
      const rotated = (await response.json()) as { rotated: string[]; tokens: typeof tokens };
      expect(rotated.rotated).toEqual([role]);
      for (const r of ROLES) {
        if (r === role) expect(rotated.tokens[r]).not.toBe(tokens[r]);
        else expect(rotated.tokens[r]).toBe(tokens[r]);
      }
      // Only that role's connection is closed; the others stay open.
      expect(await open[ROLES.indexOf(role)]!.closed).toEqual({ code: 4403, reason: 'link revoked' });
      for (const [i, socket] of open.entries())
        if (ROLES[i] !== role) expect(socket.ws.readyState, ROLES[i]).toBe(socket.ws.OPEN);
      expect((await openRaw(server.wsUrl, board.id, tokens[role]).closed).code).toBe(-401);
      const fresh = openRaw(server.wsUrl, board.id, rotated.tokens[role]);
      await fresh.opened;
      fresh.ws.close();
      for (const socket of open) socket.ws.close();
      tokens = rotated.tokens;
    }
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
    await joinSynced(clients, server.wsUrl, original.id, original.tokens.viewer, source);
    const file = exportBoardJson(source);
    const response = await api('/api/boards/import?title=Copy', { method: 'POST', json: file });
    expect(response.status).toBe(201);
    const copy = (await response.json()) as {
      id: string;
      title: string;
      tokens: { viewer: string };
      links: Record<string, string>;
    };
    expect(copy.title).toBe('Copy');
    expect(Object.keys(copy.tokens)).toEqual([...ROLES]);
    expect(Object.keys(copy.links)).toEqual([...ROLES]);
    const copyClient = await joinSynced(clients, server.wsUrl, copy.id, copy.tokens.viewer);
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

  it('saves named versions and restores one as a live change, keeping history; only the owner restores', async () => {
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
    // Restoring replaces everyone's work: below the owner, every link is refused.
    for (const role of ROLES.filter((r) => r !== 'owner')) {
      const refused = await api(`/api/boards/${board.id}/versions/${version.id}/restore`, {
        method: 'POST',
        token: board.tokens[role],
      });
      expect(refused.status, role).toBe(403);
    }
    expect(readBoard(alice.doc).cards).toHaveLength(2);
    const restored = await api(`/api/boards/${board.id}/versions/${version.id}/restore`, {
      method: 'POST',
      token: board.tokens.owner,
    });
    expect(restored.status).toBe(200);
    await waitFor(() => readBoard(alice.doc).cards.length === 1, 5000, 'the restore to reach Alice');
    expect(readBoard(alice.doc).cards.map((c) => c.text)).toEqual(['Before the workshop']);
    expect(
      (
        await api(`/api/boards/${board.id}/versions/nope/restore`, {
          method: 'POST',
          token: board.tokens.owner,
        })
      ).status,
    ).toBe(404);
  });
});
