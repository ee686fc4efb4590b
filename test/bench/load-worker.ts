/**
 * A load-generator process: hosts a share of the benchmark's official y-websocket
 * clients (or Hocuspocus's own provider, for that peer, or wire clients), sends updates
 * at the rate it is told, and reports when each update reached each of its clients.
 * Each client writes only its own key in the `bench` map, so the document stays small
 * however long the run.
 *
 * A wire client (`wire: true`) speaks the server's protocol as its provider does (sync
 * step 1 and 2 on connect, its presence, its own updates; for Hocuspocus, every message
 * prefixed with the document's name and an authentication message first, as its
 * provider sends them) but keeps only its own edits: it finds the sender and clock of each update fanned out to it in the frame's
 * bytes (every value is the text ` bench c<index>:<seq>@<clock> `) instead of applying
 * it. The server cannot tell it from a provider; on two cores, 500 providers applying
 * every update of the room cost more than the servers they load (see docs/benchmarks.md).
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

process.setMaxListeners(1000);

interface Connect {
  type: 'connect';
  url: string;
  room: string;
  token: string;
  protocol: 'y-websocket' | 'hocuspocus';
  /** Wire clients instead of the protocol's provider (see the file's comment). */
  wire?: boolean;
  clients: number;
  firstIndex: number;
}
interface Run {
  type: 'run';
  rate: number;
  durationMs: number;
  drainMs: number;
}
type Command = Connect | Run | { type: 'clock' } | { type: 'stop' };

const now = () => performance.timeOrigin + performance.now();
const clients: Array<{
  index: number;
  doc: Y.Doc;
  destroy(): void;
  map: Y.Map<{ s: number; t: number } | string>;
  wire: boolean;
}> = [];
let receipts = new Map<string, { max: number; count: number }>();
let recording = false;

function send(message: unknown): void {
  process.send?.(message);
}

function receipt(id: string, at: number): void {
  const known = receipts.get(id);
  if (known) {
    known.count++;
    if (at > known.max) known.max = at;
  } else receipts.set(id, { max: at, count: 1 });
}

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
/** Hocuspocus's MessageType.Auth and AuthMessageType.Token (@hocuspocus/common). */
const MESSAGE_AUTH = 2;
const AUTH_TOKEN = 0;
const MARK = Buffer.from(' bench c');
/** A wire client's value for its key: the mark, then `<index>:<seq>@<clock> `. */
const wireValue = (index: number, s: number, t: number) => ` bench c${index}:${s}@${t} `;

/** A wire client (see the file's comment): synced once the server's sync step 2 has arrived. */
function openWireClient(
  command: Connect,
  doc: Y.Doc,
  index: number,
): { synced: Promise<void>; destroy(): void } {
  const hocuspocus = command.protocol === 'hocuspocus';
  const socket = new WebSocket(
    hocuspocus ? command.url : `${command.url}/${command.room}?token=${encodeURIComponent(command.token)}`,
  );
  socket.binaryType = 'nodebuffer';
  const own = `c${index}:`;
  const frame = (type: number, write: (encoder: encoding.Encoder) => void) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    const encoder = encoding.createEncoder();
    if (hocuspocus) encoding.writeVarString(encoder, command.room);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    socket.send(encoding.toUint8Array(encoder));
  };
  const awareness = new awarenessProtocol.Awareness(doc);
  doc.on('update', (update: Uint8Array) => frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update)));
  let markSynced: () => void = () => {};
  const synced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });
  socket.on('open', () => {
    if (hocuspocus)
      frame(MESSAGE_AUTH, (e) => {
        encoding.writeVarUint(e, AUTH_TOKEN);
        encoding.writeVarString(e, command.token);
      });
    frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, doc));
    const presence = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, presence));
  });
  socket.on('message', (data: Buffer) => {
    const decoder = decoding.createDecoder(data);
    if (hocuspocus) decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      const stateVector = decoding.readVarUint8Array(decoder);
      frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, doc, stateVector));
      return;
    }
    if (kind === syncProtocol.messageYjsSyncStep2) {
      markSynced();
      return;
    }
    if (!recording) return;
    const at = now();
    for (let i = data.indexOf(MARK, decoder.pos); i !== -1; i = data.indexOf(MARK, i + MARK.length)) {
      const start = i + MARK.length - 1; // from the `c`
      const end = data.indexOf(0x20, start);
      if (end === -1) break;
      const token = data.toString('latin1', start, end); // c<index>:<seq>@<clock>
      const clockAt = token.indexOf('@');
      if (clockAt === -1 || token.startsWith(own)) continue;
      receipt(token.slice(0, clockAt), at);
    }
  });
  socket.on('error', () => {});
  return {
    synced,
    destroy: () => {
      awareness.destroy();
      socket.close();
    },
  };
}

/** One client of the server's own protocol: synced once the server's first answer is applied. */
function openClient(command: Connect, doc: Y.Doc, index: number): { synced: Promise<void>; destroy(): void } {
  if (command.wire) return openWireClient(command, doc, index);
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
    const client = openClient(command, doc, index);
    const map = doc.getMap<{ s: number; t: number } | string>('bench');
    const wire = command.wire === true;
    // A wire client never applies others' updates: it counts them in openWireClient.
    if (!wire)
      map.observe((event) => {
        if (!recording) return;
        const at = now();
        for (const key of event.keysChanged) {
          if (key === `c${index}`) continue;
          const value = map.get(key);
          if (!value || typeof value === 'string') continue;
          receipt(`${key}:${value.s}`, at);
        }
      });
    clients.push({ index, doc, destroy: client.destroy, map, wire });
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
        client.map.set(`c${client.index}`, client.wire ? wireValue(client.index, s, t) : { s, t });
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
  else if (command.type === 'clock') send(now());
  else if (command.type === 'stop') {
    for (const client of clients) client.destroy();
    process.exit(0);
  }
});
