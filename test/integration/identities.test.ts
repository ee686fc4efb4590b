/**
 * POST /api/boards/:id/identities mints a person's identity on a board: any link may
 * ask, the name is normalised as presence normalises it, the token is shown once and
 * stored only as a hash, a board mints at most MAX_IDENTITIES_PER_BOARD, and one link
 * at most IDENTITIES_PER_TOKEN_PER_MINUTE a minute.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROLES } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { createBoardOver } from '../support/clients.js';
import { startTestServer, useTestServer } from '../support/server.js';

const server = useTestServer({ MAX_IDENTITIES_PER_BOARD: String(ROLES.length) });

const mint = (boardId: string, token: string | null, body: unknown, base = server.url) =>
  fetch(`${base}/api/boards/${boardId}/identities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('identities', () => {
  it("are minted for any link's holder: a participant id and a token of their own, each new", async () => {
    const board = await createBoardOver(server.url, 'Identities');
    const minted: Array<{ participantId: string; identityToken: string; name: string }> = [];
    for (const role of ROLES) {
      const response = await mint(board.id, board.tokens[role], { name: `  Ann\u200b ${role} ` });
      expect(response.status).toBe(201);
      minted.push(await response.json());
    }
    expect(minted.map((m) => m.name)).toEqual(ROLES.map((role) => `Ann ${role}`));
    expect(new Set(minted.map((m) => m.participantId)).size).toBe(ROLES.length);
    expect(new Set(minted.map((m) => m.identityToken)).size).toBe(ROLES.length);
    for (const { identityToken } of minted) expect(identityToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // Only hashes are stored: no token is in the database's files.
    const files = ['journeyboard.sqlite', 'journeyboard.sqlite-wal'].map((f) => path.join(server.dataDir, f));
    const stored = files.map((f) => {
      try {
        return readFileSync(f).toString('latin1');
      } catch {
        return '';
      }
    });
    for (const { identityToken } of minted) expect(stored.some((s) => s.includes(identityToken))).toBe(false);
  });

  it('need a valid link and a name: 401 without a token or with another board’s, 400 for an empty name', async () => {
    const board = await createBoardOver(server.url, 'Checks');
    const other = await createBoardOver(server.url, 'Other');
    expect((await mint(board.id, null, { name: 'Ann' })).status).toBe(401);
    expect((await mint(board.id, 'x'.repeat(32), { name: 'Ann' })).status).toBe(401);
    expect((await mint(board.id, other.tokens.editor, { name: 'Ann' })).status).toBe(403);
    const invisible = await mint(board.id, board.tokens.editor, { name: '\u200b\u200b ' });
    expect(invisible.status).toBe(400);
    expect(await invisible.json()).toMatchObject({ title: 'Invalid request body' });
    expect((await mint(board.id, board.tokens.editor, { name: 'x'.repeat(1001) })).status).toBe(400);
    expect((await mint(board.id, board.tokens.editor, {})).status).toBe(400);
  });

  it('are counted: past MAX_IDENTITIES_PER_BOARD a board answers 409, and other boards still mint', async () => {
    const board = await createBoardOver(server.url, 'Crowded');
    for (let i = 0; i < ROLES.length; i++)
      expect((await mint(board.id, board.tokens.viewer, { name: `P${i}` })).status).toBe(201);
    const full = await mint(board.id, board.tokens.viewer, { name: 'One too many' });
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ title: 'Too many people' });
    const next = await createBoardOver(server.url, 'Roomy');
    expect((await mint(next.id, next.tokens.viewer, { name: 'P0' })).status).toBe(201);
  });

  it('are rate-limited per link: a burst past the rate gets 429 with Retry-After and the count stops growing', async () => {
    // The default rate (30 a minute), and room on the board for far more: the rate is what stops the burst.
    const limited = await startTestServer();
    try {
      const board = await createBoardOver(limited.url, 'Burst');
      const burst = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          mint(board.id, board.tokens.viewer, { name: `Bot ${i}` }, limited.url),
        ),
      );
      const statuses = burst.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(30);
      expect(statuses.filter((status) => status === 429)).toHaveLength(30);
      const refused = burst.find((response) => response.status === 429)!;
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ title: 'Too many identities' });
      expect(await limited.store.identityCount(board.id)).toBe(30);

      // A new token for the same link does not bring a new allowance.
      const rotate = await fetch(`${limited.url}/api/boards/${board.id}/tokens/rotate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${board.tokens.owner}` },
        body: JSON.stringify({ role: 'viewer' }),
      });
      const viewer = ((await rotate.json()) as { tokens: { viewer: string } }).tokens.viewer;
      expect((await mint(board.id, viewer, { name: 'Again' }, limited.url)).status).toBe(429);
      expect(await limited.store.identityCount(board.id)).toBe(30);
      // Another link keeps its own allowance.
      expect((await mint(board.id, board.tokens.participant, { name: 'Pat' }, limited.url)).status).toBe(201);
      expect(await limited.store.identityCount(board.id)).toBe(31);
    } finally {
      await limited.stop();
    }
  });
});
