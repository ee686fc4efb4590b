/**
 * Hardening, rooms never leak: a room is opened only once ws has accepted the
 * handshake, and every path that opens one (an upgrade, a REST read or change) arms
 * its unload. Today's review found that an upgrade without Sec-WebSocket-Key loaded
 * the board's room and left it loaded forever: 2,000 of them filled MAX_ROOMS.
 */
import { describe, expect, it } from 'vitest';
import { malformedUpgrades } from '../proof/attacks.js';
import { connectClient, createBoardOver, waitFor } from '../support/clients.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer({
  ROOM_UNLOAD_GRACE_MS: '300',
  LOG_LEVEL: 'error',
});

describe('rooms never leak', () => {
  it('5,000 upgrades without a key over 1,000 boards are refused (400) and leave no room open', async () => {
    const attack = await malformedUpgrades(server, { boards: 1000, upgrades: 5000 });
    const { details } = await attack.run();
    expect(details.statuses).toEqual({ 400: 5000 });
    expect(details.roomsLeftOpen).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.rooms.size).toBe(0);

    // A proper upgrade still works.
    const board = await createBoardOver(server.url, 'After the storm');
    const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
    try {
      await client.synced;
      expect(server.rooms.size).toBe(1);
    } finally {
      client.destroy();
    }
    await waitFor(() => server.rooms.size === 0, 5000, 'the room to unload after its grace');
  }, 120_000);

  it('a room opened for a REST change unloads after its grace period', async () => {
    const boards = await Promise.all([1, 2, 3].map((i) => createBoardOver(server.url, `Renamed ${i}`)));
    for (const board of boards) {
      const response = await fetch(`${server.url}/api/boards/${board.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${board.tokens.owner}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'A new name' }),
      });
      expect(response.status).toBe(200);
    }
    expect(server.rooms.size).toBe(3);
    await waitFor(() => server.rooms.size === 0, 5000, 'the rooms opened for changes to unload');
  });
});
