/**
 * A load-generator process: hosts a share of the benchmark's official y-websocket
 * clients (or Hocuspocus's own provider, for that peer), sends updates at the rate it is told, and reports when each update
 * reached each of its clients. Each client writes only its own key in the `bench`
 * map, so the document stays small however long the run.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

process.setMaxListeners(1000);

interface Connect {
  type: 'connect';
  url: string;
  room: string;
  token: string;
  protocol: 'y-websocket' | 'hocuspocus';
  clients: number;
  firstIndex: number;
}
interface Run {
  type: 'run';
  rate: number;
  durationMs: number;
  drainMs: number;
}
type Command = Connect | Run | { type: 'stop' };

const now = () => performance.timeOrigin + performance.now();
const clients: Array<{
  index: number;
  doc: Y.Doc;
  destroy(): void;
  map: Y.Map<{ s: number; t: number }>;
}> = [];
let receipts = new Map<string, { max: number; count: number }>();
let recording = false;

function send(message: unknown): void {
  process.send?.(message);
}

/** One client of the server's own protocol: synced once the server's first answer is applied. */
function openClient(command: Connect, doc: Y.Doc): { synced: Promise<void>; destroy(): void } {
  if (command.protocol === 'hocuspocus') {
    const socket = new HocuspocusProviderWebsocket({ url: command.url, WebSocketPolyfill: WebSocket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: command.room, document: doc });
    provider.attach();
    return {
      synced: new Promise((resolve) => provider.on('synced', () => resolve())),
      destroy: () => {
        provider.destroy();
        socket.destroy();
      },
    };
  }
  const provider = new WebsocketProvider(command.url, command.room, doc, {
    params: command.token ? { token: command.token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return {
    synced: new Promise((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve()))),
    destroy: () => provider.destroy(),
  };
}

async function connect(command: Connect): Promise<void> {
  const synced: Array<Promise<void>> = [];
  for (let i = 0; i < command.clients; i++) {
    const index = command.firstIndex + i;
    const doc = new Y.Doc();
    const client = openClient(command, doc);
    const map = doc.getMap<{ s: number; t: number }>('bench');
    map.observe((event) => {
      if (!recording) return;
      const at = now();
      for (const key of event.keysChanged) {
        if (key === `c${index}`) continue;
        const value = map.get(key);
        if (!value) continue;
        const id = `${key}:${value.s}`;
        const receipt = receipts.get(id);
        if (receipt) {
          receipt.count++;
          if (at > receipt.max) receipt.max = at;
        } else receipts.set(id, { max: at, count: 1 });
      }
    });
    clients.push({ index, doc, destroy: client.destroy, map });
    synced.push(client.synced);
  }
  await Promise.all(synced);
}

/** Each client's last sequence number, kept across runs: a warm-up's late arrivals never pass for a later run's updates. */
const seq = new Map<number, number>();

async function run(command: Run): Promise<void> {
  receipts = new Map();
  recording = true;
  const sends: Array<[string, number]> = [];
  const cpuBefore = process.cpuUsage();
  const started = now();
  let sent = 0;
  let next = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = now() - started;
      if (elapsed >= command.durationMs) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor((elapsed / 1000) * command.rate);
      while (sent < due && clients.length > 0) {
        const client = clients[next++ % clients.length]!;
        const s = (seq.get(client.index) ?? 0) + 1;
        seq.set(client.index, s);
        const t = now();
        client.map.set(`c${client.index}`, { s, t });
        sends.push([`c${client.index}:${s}`, t]);
        sent++;
      }
    }, 2);
  });
  await new Promise((resolve) => setTimeout(resolve, command.drainMs));
  recording = false;
  const cpu = process.cpuUsage(cpuBefore);
  send({
    type: 'result',
    sends,
    receipts: Array.from(receipts, ([id, r]) => [id, r.max, r.count]),
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

process.on('message', (command: Command) => {
  if (command.type === 'connect') void connect(command).then(() => send({ type: 'ready' }));
  else if (command.type === 'run') void run(command);
  else if (command.type === 'stop') {
    for (const client of clients) client.destroy();
    process.exit(0);
  }
});
