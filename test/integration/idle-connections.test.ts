/**
 * What an idle connection holds (issue #18, item 3): its socket's listeners are the
 * server's, shared by every socket, not closures made for it; its logger is made only
 * when something is logged about it. `pnpm bench` (BENCH_ONLY=memory) measures the
 * bytes; this holds the structure that keeps them low.
 */
import { describe, expect, it } from 'vitest';
import { createBoardOver, openRaw, waitFor } from '../support/clients.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer();

describe('idle connections', () => {
  it('share their socket listeners, and make no logger until one is needed', async () => {
    const board = await createBoardOver(server.url);
    const sockets = [0, 1, 2].map(() => openRaw(server.wsUrl, board.id, board.tokens.editor));
    await Promise.all(sockets.map((s) => s.opened));
    await waitFor(() => server.rooms.get(board.id)?.connections.size === 3, 3000, 'three connections');
    const connections = [...(server.rooms.get(board.id)?.connections ?? [])];
    for (const event of ['message', 'pong', 'close', 'error']) {
      const listeners = connections.map((c) => c.socket.listeners(event));
      for (const own of listeners) expect(own).toEqual(listeners[0]);
      expect(listeners[0]).toHaveLength(1);
    }
    for (const connection of connections) {
      expect((connection as unknown as { childLog: unknown }).childLog).toBeNull();
    }
    // Once something is said about a connection, its lines carry who it is.
    const [first] = connections;
    expect(first?.log.bindings()).toMatchObject({
      boardId: board.id,
      connectionId: first?.id,
      role: 'editor',
    });
    for (const socket of sockets) socket.ws.close();
  });
});
