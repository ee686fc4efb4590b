/**
 * A share of the join wave (bench/joins.ts) in a process of its own: 500 replicas of
 * a 2,000-card board do not fit one Node heap. On `go` its clients connect at once;
 * each leaves once synced, and the process reports when each synced (epoch ms).
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

interface Go {
  url: string;
  room: string;
  token: string;
  clients: number;
}

process.setMaxListeners(1000);
const now = () => performance.timeOrigin + performance.now();

process.once('message', async (command: Go) => {
  const synced: Array<Promise<number>> = [];
  for (let i = 0; i < command.clients; i++) {
    const provider = new WebsocketProvider(command.url, command.room, new Y.Doc(), {
      params: { token: command.token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    synced.push(
      new Promise((resolve) =>
        provider.once('sync', () => {
          const at = now();
          provider.destroy();
          provider.doc.destroy();
          resolve(at);
        }),
      ),
    );
  }
  process.send?.(await Promise.all(synced), () => process.exit(0));
});
process.send?.('ready');
