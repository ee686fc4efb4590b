/**
 * A share of the join wave (bench/joins.ts) in a process of its own: 500 replicas of
 * a 2,000-card board do not fit one Node heap. On `go` its clients connect at once;
 * each leaves once synced, and the process reports when each synced (epoch ms).
 *
 * Two kinds of joiner: `replica`, the official y-websocket provider, which applies
 * the board it receives (what a browser does; on two shared cores 500 of them decoding
 * a 1.4 MB board are the wave's cost, not the server), and `wire`, a socket that says
 * exactly what a provider says on connect (sync step 1 with an empty state vector) and
 * counts itself synced when the server's sync step 2 has arrived whole, without
 * decoding it: the server cannot tell the two apart, so the wire wave times the server.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

interface Go {
  url: string;
  room: string;
  token: string;
  clients: number;
  kind: 'replica' | 'wire';
}

/** messageSync (0), messageYjsSyncStep1 (0), an empty state vector (length 1: zero clients). */
const SYNC_STEP_1_EMPTY = Uint8Array.of(0, 0, 1, 0);
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;

process.setMaxListeners(1000);
const now = () => performance.timeOrigin + performance.now();

function replicaJoin(command: Go): Promise<number> {
  const provider = new WebsocketProvider(command.url, command.room, new Y.Doc(), {
    params: { token: command.token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return new Promise((resolve) =>
    provider.once('sync', () => {
      const at = now();
      provider.destroy();
      provider.doc.destroy();
      resolve(at);
    }),
  );
}

function wireJoin(command: Go): Promise<number> {
  const socket = new WebSocket(`${command.url}/${command.room}?token=${encodeURIComponent(command.token)}`);
  socket.binaryType = 'nodebuffer';
  return new Promise((resolve, reject) => {
    socket.on('open', () => socket.send(SYNC_STEP_1_EMPTY));
    socket.on('message', (data: Buffer) => {
      // ws hands over a message only once all of it has arrived: its arrival is the join's end.
      if (data[0] !== MESSAGE_SYNC || data[1] !== SYNC_STEP_2) return;
      const at = now();
      socket.close();
      resolve(at);
    });
    socket.on('error', reject);
  });
}

process.once('message', async (command: Go) => {
  const synced: Array<Promise<number>> = [];
  for (let i = 0; i < command.clients; i++) {
    synced.push(command.kind === 'wire' ? wireJoin(command) : replicaJoin(command));
  }
  process.send?.(await Promise.all(synced), () => process.exit(0));
});
process.send?.('ready');
