/**
 * What an honest room lives through beside an attack: AttackWatch times its edit round
 * trip (from a process of its own), /healthz, and the server's memory and event-loop
 * stalls; and the shapes every attack in attacks.ts takes and returns.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { percentile } from '../bench/stats.js';
import { scrapeMetrics } from '../support/metrics.js';

export interface Target {
  url: string;
  wsUrl: string;
  port: number;
}

/** A server running as a process of its own, whose memory and children can be looked at. */
export interface ProcessTarget extends Target {
  child: { pid?: number | undefined };
}

/** What an attack did, in its own words and figures. */
export interface AttackOutcome {
  outcome: string;
  details: Record<string, unknown>;
}

/** An attack whose stage is set: `run` mounts it; `dispose` closes what setting the stage opened. */
export interface PreparedAttack {
  run(): Promise<AttackOutcome>;
  dispose(): void;
}

export interface AttackReport extends AttackOutcome {
  attack: string;
  size: string;
  /** The honest room's edit round trips while the attack ran. */
  honest: { count: number; p50Ms: number; p99Ms: number; maxMs: number; lost: number };
  healthzMaxMs: number;
  /** The server's own longest event-loop stall while the attack ran (tells a stuck server from a busy machine). */
  serverLagMaxMs: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The server's memory (MB) and its longest event-loop stall since the last look (ms). */
async function serverLoad(target: Target): Promise<{ rssMb: number; lagMs: number }> {
  const metrics = await scrapeMetrics(target.url);
  const value = (suffix: string) => {
    for (const [series, v] of metrics) if (series.endsWith(suffix)) return v;
    return 0;
  };
  return {
    rssMb: value('process_resident_memory_bytes') / 2 ** 20,
    lagMs: value('eventloop_lag_max_seconds') * 1000,
  };
}

/**
 * An honest room and a /healthz watchdog beside every attack (in a process of their
 * own: honest-room-process.ts), and the server's memory and event-loop stall sampled
 * while the attack runs.
 */
export class AttackWatch {
  private closing: Promise<boolean> | null = null;

  private constructor(
    private readonly target: Target,
    private readonly honest: ChildProcess,
  ) {}

  /** `everyMs`: how often the honest room times an edit (more samples, more load of its own). */
  static async open(target: Target, everyMs = 50): Promise<AttackWatch> {
    const honest = fork(fileURLToPath(new URL('./honest-room-process.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const watch = new AttackWatch(target, honest);
    await watch.ask({ type: 'open', url: target.url, wsUrl: target.wsUrl, everyMs }, 'ready');
    return watch;
  }

  private ask<T>(command: Record<string, unknown>, answer?: string): Promise<T> {
    return new Promise((resolve, reject) => {
      if (!answer) {
        this.honest.send(command);
        resolve(undefined as T);
        return;
      }
      const onMessage = (message: { type: string }) => {
        if (message.type !== answer) return;
        this.honest.off('message', onMessage);
        this.honest.off('exit', onExit);
        resolve(message as T);
      };
      const onExit = () => reject(new Error('the honest room’s process ended'));
      this.honest.on('message', onMessage);
      this.honest.once('exit', onExit);
      this.honest.send(command);
    });
  }

  /** Prepares the attack unwatched (building a board is honest work), then watches it run. */
  async during(attack: string, size: string, prepare: () => Promise<PreparedAttack>): Promise<AttackReport> {
    const prepared = await prepare();
    try {
      return await this.watch(attack, size, prepared.run);
    } finally {
      prepared.dispose();
    }
  }

  private async watch(
    attack: string,
    size: string,
    run: () => Promise<AttackOutcome>,
  ): Promise<AttackReport> {
    // Setting the stage was heavy, honest work for the server: let it settle first.
    await sleep(1000);
    await this.ask({ type: 'window' });
    const rssBeforeMb = (await serverLoad(this.target)).rssMb;
    let rssPeakMb = rssBeforeMb;
    let serverLagMaxMs = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const load = await serverLoad(this.target).catch(() => ({ rssMb: 0, lagMs: 0 }));
        rssPeakMb = Math.max(rssPeakMb, load.rssMb);
        serverLagMaxMs = Math.max(serverLagMaxMs, load.lagMs);
        await sleep(200);
      }
    })();
    const started = performance.now();
    let result: AttackOutcome;
    try {
      result = await run();
    } finally {
      // The stall an attack causes can outlast its last frame: keep watching a moment.
      await sleep(500);
      sampling = false;
      await sampler;
    }
    const measured = await this.ask<{ trips: number[]; lost: number; healthzMaxMs: number }>(
      { type: 'report' },
      'report',
    );
    const trips = [...measured.trips].sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    return {
      attack,
      size,
      ...result,
      honest: {
        count: trips.length,
        p50Ms: round(percentile(trips, 50)),
        p99Ms: round(percentile(trips, 99)),
        maxMs: round(trips.at(-1) ?? Number.NaN),
        lost: measured.lost,
      },
      healthzMaxMs: round(measured.healthzMaxMs),
      serverLagMaxMs: round(serverLagMaxMs),
      rssBeforeMb: Math.round(rssBeforeMb),
      rssPeakMb: Math.round(rssPeakMb),
      ms: Math.round(performance.now() - started),
    };
  }

  /** Stops the honest room: whether it stayed live and both its clients hold the same board. */
  async close(): Promise<boolean> {
    this.closing ??= (async () => {
      if (this.honest.exitCode !== null) return false;
      const { live } = await this.ask<{ live: boolean }>({ type: 'close' }, 'closed');
      this.honest.kill();
      return live;
    })();
    return this.closing;
  }
}
