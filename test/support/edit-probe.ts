/**
 * Times edit round-trips in a live room from a process of its own, so that what the
 * test process does meanwhile (downloading exports) does not count as the server's
 * latency: two y-websocket clients (disableBc: true) on one board; A writes a
 * number, B's document says it arrived, 10 ms later the next. Forked with tsx:
 * the parent sends `{type: 'start', wsUrl, boardId, token}`, then `{type: 'stop'}`,
 * and gets `{type: 'started'}` and `{type: 'samples', samples}` back, each sample
 * `{at, ms}`: when the edit was made (Date.now()) and its round-trip.
 */
import * as Y from 'yjs';
import { connectClient } from './clients.js';

type Command = { type: 'start'; wsUrl: string; boardId: string; token: string } | { type: 'stop' };

const send = (message: unknown) => process.send?.(message);
let running = false;
let done: Promise<EditSample[]> | null = null;

export interface EditSample {
  at: number;
  ms: number;
}

async function probe(wsUrl: string, boardId: string, token: string): Promise<EditSample[]> {
  const [a, b] = [0, 1].map(() => connectClient(wsUrl, boardId, token, new Y.Doc()));
  if (!a || !b) throw new Error('two clients');
  await Promise.all([a.synced, b.synced]);
  const written = a.doc.getMap<number>('probe');
  const seen = b.doc.getMap<number>('probe');
  const samples: EditSample[] = [];
  send({ type: 'started' });
  for (let n = 1; running; n++) {
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`edit ${n} took over 10 s`)), 10_000);
      const observer = () => {
        if (seen.get('n') !== n) return;
        clearTimeout(timer);
        seen.unobserve(observer);
        resolve();
      };
      seen.observe(observer);
    });
    const at = Date.now();
    const started = performance.now();
    written.set('n', n);
    await arrived;
    samples.push({ at, ms: performance.now() - started });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  a.destroy();
  b.destroy();
  return samples;
}

process.on('message', async (command: Command) => {
  if (command.type === 'start') {
    running = true;
    done = probe(command.wsUrl, command.boardId, command.token);
    done.catch((error: unknown) => {
      send({ type: 'failed', reason: String(error) });
    });
    return;
  }
  running = false;
  send({ type: 'samples', samples: await done });
  process.exit(0);
});
