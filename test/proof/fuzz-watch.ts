/**
 * What the fuzzer is judged by, watched from outside the server: an honest room
 * (two real y-websocket clients in another board, ping-ponging an edit every
 * ~100 ms) and a /healthz watchdog. Both tag their samples with the current
 * phase (before / during / after the fuzzing), so the figures compare the same
 * room with and without hostile traffic beside it.
 */
import { spawn } from 'node:child_process';
import { addCard, readBoard, updateCard } from '@journeyboard/shared';
import * as Y from 'yjs';
import { percentile } from '../bench/stats.js';
import { firstCell, joinNewBoard } from '../support/boards.js';
import { type Client, waitFor } from '../support/clients.js';
import { SERVER_MAIN, type ServerProcess, serverProcessEnv } from '../support/server.js';

export type Phase = 'before' | 'during' | 'after';

/** A round trip not back after this long is counted as lost (and the room as not live). */
const LOST_AFTER_MS = 5000;

export class HonestRoom {
  phase: Phase = 'before';
  readonly roundTrips: Record<Phase, number[]> = { before: [], during: [], after: [] };
  lost = 0;
  /** Times either client's socket dropped (it should never happen to an honest client). */
  disconnects = 0;
  private timer: NodeJS.Timeout | null = null;
  private destroyed = false;
  private seq = 0;
  private inFlight: { seq: number; sentAt: number } | null = null;

  private constructor(
    readonly boardId: string,
    readonly alice: Client,
    readonly bob: Client,
    readonly cardId: string,
  ) {}

  static async open(baseUrl: string, wsUrl: string): Promise<HonestRoom> {
    const server = { url: baseUrl, wsUrl };
    const [board, alice, bob] = await joinNewBoard(server, [], ['editor', 'editor'], 'Honest room');
    const cardId = addCard(alice.doc, { ...firstCell(alice.doc), text: 'ping 0' });
    await waitFor(() => readBoard(bob.doc).cards.some((c) => c.id === cardId), 5000, 'the honest card');
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' });
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob' });
    const room = new HonestRoom(board.id, alice, bob, cardId);
    room.wire();
    return room;
  }

  /** Yjs client ids the honest clients use: the fuzzer claims them too. */
  get clientIds(): number[] {
    return [this.alice.doc.clientID, this.bob.doc.clientID];
  }

  private textOf(doc: Y.Doc): string | undefined {
    return readBoard(doc).cards.find((c) => c.id === this.cardId)?.text;
  }

  private wire(): void {
    // Bob answers each ping with a pong; Alice times the round trip.
    this.bob.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.bob.provider) return; // only changes that came from the server
      const text = this.textOf(this.bob.doc);
      const match = text ? /^ping (\d+)$/.exec(text) : null;
      if (match) updateCard(this.bob.doc, { id: this.cardId, text: `pong ${match[1]}` });
    });
    this.alice.doc.on('update', () => {
      const flight = this.inFlight;
      if (!flight || this.textOf(this.alice.doc) !== `pong ${flight.seq}`) return;
      this.roundTrips[this.phase].push(performance.now() - flight.sentAt);
      this.inFlight = null;
    });
    for (const client of [this.alice, this.bob]) {
      client.provider.on('status', ({ status }: { status: string }) => {
        if (status === 'disconnected' && !this.destroyed) this.disconnects++;
      });
    }
  }

  /** Pings every `everyMs` while no ping is in flight. */
  start(everyMs = 100): void {
    this.timer = setInterval(() => {
      if (this.inFlight) {
        if (performance.now() - this.inFlight.sentAt < LOST_AFTER_MS) return;
        this.lost++;
      }
      this.seq++;
      this.inFlight = { seq: this.seq, sentAt: performance.now() };
      updateCard(this.alice.doc, { id: this.cardId, text: `ping ${this.seq}` });
    }, everyMs);
  }

  /** Stops pinging and waits for the last round trip to land. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await waitFor(() => this.inFlight === null, LOST_AFTER_MS, 'the last honest round trip');
  }

  /** Both clients hold the same board (and the same Yjs state). */
  converged(): boolean {
    const a = this.alice.doc;
    const b = this.bob.doc;
    return (
      Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b))) &&
      JSON.stringify(readBoard(a)) === JSON.stringify(readBoard(b))
    );
  }

  summary() {
    const phase = (samples: number[]) => {
      const sorted = [...samples].sort((x, y) => x - y);
      return {
        count: sorted.length,
        p50Ms: round(percentile(sorted, 50)),
        p99Ms: round(percentile(sorted, 99)),
      };
    };
    return {
      boardId: this.boardId,
      before: phase(this.roundTrips.before),
      during: phase(this.roundTrips.during),
      after: phase(this.roundTrips.after),
      lost: this.lost,
      disconnects: this.disconnects,
    };
  }

  destroy(): void {
    this.destroyed = true;
    if (this.timer) clearInterval(this.timer);
    this.alice.destroy();
    this.bob.destroy();
  }
}

const round = (ms: number) => (Number.isFinite(ms) ? Math.round(ms * 10) / 10 : null);

export { boardOnDisk } from '../support/disk.js';

/** Polls /healthz; an answer slower than `hangMs` (or none) is a hang. */
export class HealthWatchdog {
  phase: Phase = 'before';
  polls = 0;
  hangs: Array<{ at: string; phase: Phase; ms: number | null; error?: string }> = [];
  maxMs = 0;
  /** The slowest answer in each phase. */
  readonly maxMsByPhase: Record<Phase, number> = { before: 0, during: 0, after: 0 };
  private running = false;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly hangMs: number,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        const started = performance.now();
        try {
          const response = await fetch(`${this.baseUrl}/healthz`, {
            signal: AbortSignal.timeout(this.hangMs),
          });
          await response.text();
          const ms = performance.now() - started;
          this.maxMs = Math.max(this.maxMs, ms);
          this.maxMsByPhase[this.phase] = Math.max(this.maxMsByPhase[this.phase], ms);
          if (response.status !== 200)
            this.hangs.push({ at: new Date().toISOString(), phase: this.phase, ms });
        } catch (error) {
          this.hangs.push({
            at: new Date().toISOString(),
            phase: this.phase,
            ms: null,
            error: error instanceof Error ? error.message : String(error),
          });
        }
        this.polls++;
        await new Promise((resolve) => setTimeout(resolve, this.everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

/** The most server output kept (its tail holds a crash's stack). */
const OUTPUT_TAIL_CHARS = 64 * 1024;

/**
 * The built server as a child process, like spawnServer, but ready when /healthz
 * answers rather than on its info-level "listening" line: a fuzzing run logs at
 * error level (every refused frame is a warning) and keeps only the tail of what
 * the server prints.
 */
export async function spawnFuzzTarget(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  // JB_FUZZ_SERVER_ARGS passes node flags to the server alone, e.g. `--cpu-prof` to see where its time goes.
  const nodeArgs = (process.env.JB_FUZZ_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, SERVER_MAIN], {
    env: serverProcessEnv(dataDir, port, { LOG_LEVEL: 'error', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let kept = 0;
  const keep = (chunk: Buffer) => {
    output.push(String(chunk));
    kept += chunk.length;
    while (kept > OUTPUT_TAIL_CHARS && output.length > 1) kept -= (output.shift() as string).length;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}: ${output.join('')}`);
    if (Date.now() - started > 20_000) throw new Error(`server did not answer /healthz: ${output.join('')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, url, wsUrl: `ws://127.0.0.1:${port}/sync`, port, output, exited };
}
