/**
 * Lone updates (issue #18, item 1): two official y-websocket clients in one room, one
 * changing a key every 20 ms and the other timing each change's arrival, against this
 * server and @y/websocket-server 0.1.1 in turn, ROUNDS times each. Nothing else is in
 * flight, so the round trip is each server's own path for one update: for Journeyboard
 * that path includes the durable commit before the broadcast, for the reference none.
 * Prints p50/p90/min per round and the ratio of medians; asserts nothing timed.
 *
 * Each server first takes BENCH_WARMUP updates (default 2,000) back to back, untimed: a
 * fresh process compiles its hot path during its first thousands of updates, and a
 * server in use is warm (as `pnpm bench`'s BENCH_WARMUP_STEPS).
 *
 *   pnpm bench:lone        (BENCH_UPDATES, default 300; BENCH_ROUNDS, default 3)
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type Kind, openRoom, sleep, startServer, stopServer } from './servers.js';
import { fmt, percentile } from './stats.js';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2000);
const GAP_MS = 20;

async function round(kind: Kind): Promise<number[]> {
  const server = await startServer(kind);
  try {
    const target = await openRoom(server);
    const join = () => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(target.url, target.room, doc, {
        params: target.token ? { token: target.token } : {},
        WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
        disableBc: true,
      });
      return { doc, provider };
    };
    const [sender, receiver] = [join(), join()];
    await Promise.all(
      [sender, receiver].map(
        ({ provider }) => new Promise<void>((resolve) => provider.once('sync', () => resolve())),
      ),
    );
    const received = receiver.doc.getMap<number>('bench');
    let arrived: ((at: number) => void) | null = null;
    received.observe(() => arrived?.(performance.now()));
    const times: number[] = [];
    for (let i = -WARMUP; i < UPDATES; i++) {
      const arrival = new Promise<number>((resolve) => {
        arrived = resolve;
      });
      const sentAt = performance.now();
      sender.doc.getMap<number>('bench').set('k', i);
      const took = (await arrival) - sentAt;
      if (i < 0) continue;
      times.push(took);
      await sleep(GAP_MS);
    }
    sender.provider.destroy();
    receiver.provider.destroy();
    return times.sort((a, b) => a - b);
  } finally {
    await stopServer(server);
  }
}

const medians: Record<'journeyboard' | 'reference', number[]> = { journeyboard: [], reference: [] };
process.stdout.write(
  `Lone updates: ${UPDATES} changes ${GAP_MS} ms apart after ${WARMUP} untimed, two clients, ${ROUNDS} rounds\n`,
);
for (let r = 1; r <= ROUNDS; r++) {
  for (const kind of ['journeyboard', 'reference'] as const) {
    const times = await round(kind);
    medians[kind].push(percentile(times, 50));
    process.stdout.write(
      `  round ${r} ${kind.padEnd(12)} p50 ${fmt(percentile(times, 50), 2)} ms  p90 ${fmt(percentile(times, 90), 2)} ms  min ${fmt(times[0] ?? Number.NaN, 2)} ms\n`,
    );
  }
}
const ratios = medians.journeyboard.map((ours, i) => ours / (medians.reference[i] as number));
process.stdout.write(
  `Journeyboard ÷ reference, median round trip: ${ratios.map((r) => `${fmt(r, 2)}×`).join(', ')}\n`,
);
process.exit(0);
