/**
 * Proof of cluster mode under faults (#20, must-show 5): three instances on one Postgres and one
 * Redis, clients spread over all of them, and the instance that owns the board killed with
 * SIGKILL again and again while people edit.
 *
 * Shared by the default-suite test (test/integration/cluster-kill.test.ts, short) and the long
 * script (`pnpm proof:cluster`, test/proof/cluster-kill-run.ts: two minutes, 30 clients).
 *
 * - Three built servers as child processes (INSTANCE_ID i1..i3, each restarted with the same id
 *   and port, as a host:port id would be) behind a least-connections TCP balancer
 *   (test/support/balancer.ts), the nginx of docs/cluster.md. Every client connects through it,
 *   so a board's clients land on all three, and after a kill they reconnect to a live instance.
 * - N official y-websocket clients in this process edit with the shared commands, as in the
 *   single-server crash loop (crash-loop.ts: edit ids `<person>-a<n>` / `<person>-u<n>`, "seen"
 *   = reached a client's doc from the server, never its own).
 * - Every killEveryMs, the owner (the instance whose /healthz lists the board in
 *   `cluster.owned`) is killed. Right after, Postgres is read: every edit seen so far must be in
 *   it (an instance relays only what the owner committed). The time until another instance owns
 *   the board is the failover; the killed instance is started again after downMs.
 * - Edits a person made while the instance they were on was dead (or while they were not
 *   connected) and edits made while the board had no owner are counted apart: nobody stored
 *   them when they were made, their clients resend them, and they must arrive.
 * - At the end edits stop; the client docs must converge (equal state vectors and `readBoard`),
 *   equal the board loaded from Postgres, and a fresh client through the balancer must get the
 *   same board.
 *
 * `pnpm proof:cluster` writes its figures to test/.artifacts/proof-cluster.json: the
 * ClusterKillReport below.
 */
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { applyStoredState, openPostgresStore, type PostgresStore } from '@journeyboard/server';
import { readBoard } from '@journeyboard/shared';
import * as Y from 'yjs';
import { Balancer } from '../support/balancer.js';
import { type Client, connectClient, createBoardOver } from '../support/clients.js';
import { freePort } from '../support/ports.js';
import { removeDataDir, type ServerProcess, spawnServer, tempDataDir } from '../support/server.js';
import {
  between,
  cellsOf,
  convergence,
  editsOnBoard,
  type KillLoopOptions,
  missingFrom,
  Person,
  percentile,
  recordSeen,
  sleep,
} from './crash-loop.js';

export interface ClusterKillOptions extends KillLoopOptions {
  /** The instances' LEASE_TTL_MS. */
  leaseTtlMs: number;
  /** A database of the run's own (the instances migrate it). */
  databaseUrl: string;
  redisUrl: string;
  /** A Redis key prefix of the run's own. */
  redisKeyPrefix: string;
  /** How long, after a kill, another instance may take to own the board before the run counts a missed takeover. */
  takeoverTimeoutMs?: number;
}

export interface ClusterKillReport {
  scenario: 'cluster-kill';
  durationS: number;
  instances: number;
  clients: number;
  kills: number;
  killEveryS: [number, number];
  leaseTtlMs: number;
  /** Kills after which no instance owned the board within takeoverTimeoutMs. */
  takeoversMissed: number;
  /** From the SIGKILL to another instance listing the board as owned. */
  failoverMs: { p50: number; max: number };
  /** Kills at which all three instances were up with clients on each (a restarted one gets the next reconnection wave). */
  killsWithClientsOnAll: number;
  /** Clients made to reconnect (through the balancer) onto an instance that came back, to keep all three serving. */
  clientsMoved: number;
  /** From spawning a killed instance again to its listening. */
  restartMs: { p50: number; max: number };
  editsMade: number;
  editsMadeWhileInstanceDown: number;
  editsMadeWhileInstanceDownPresent: number;
  editsMadeWithoutOwner: number;
  editsMadeWithoutOwnerPresent: number;
  editsSeen: number;
  editsLost: number;
  editsMadeMissing: number;
  cards: number;
  replicasIdentical: boolean;
  postgresIdentical: boolean;
  /** The fresh client's board equalled the others' at its first sync (a join answered from an up-to-date copy). */
  freshClientIdenticalAtSync: boolean;
  /** ... at its first sync or within 30 s after (the stale copy it joined caught up). */
  freshClientIdentical: boolean;
  convergeMs: number | null;
  lostExamples: string[];
  missingExamples: string[];
  /** The last lines each instance wrote before each kill, when something was lost or diverged. */
  instanceLogs: string[];
  machine: { cpus: number; loadavg1m: number };
}

const HEALTH_TIMEOUT_MS = 3_000;

/** One instance slot: the built server as a child process on a fixed port and id, killed and started again. */
class Instance {
  private process: ServerProcess | null = null;
  /** The tail of every process this slot ran, for a failure report. */
  readonly outputs: string[] = [];

  constructor(
    readonly id: string,
    readonly port: number,
    private readonly dataDir: string,
    private readonly env: Record<string, string>,
  ) {}

  get up(): boolean {
    return this.process !== null;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = await spawnServer(this.dataDir, this.port, { ...this.env, INSTANCE_ID: this.id });
  }

  async kill(): Promise<void> {
    const running = this.process;
    if (!running) return;
    this.process = null;
    if (running.child.exitCode === null) running.child.kill('SIGKILL');
    await running.exited;
    this.outputs.push(`${this.id}: ${running.output.join('').slice(-3000)}`);
  }

  /** What the running process (or else the last one killed) wrote last. */
  outputTail(): string {
    return this.process
      ? `${this.id} (running): ${this.process.output.join('').slice(-3000)}`
      : (this.outputs.at(-1) ?? '');
  }

  /** The running process's last log lines, less the per-connection chatter. */
  notableLines(count: number): string[] {
    const chatter = /"msg":"(connected|disconnected|no answer to ping[^"]*)"/;
    const lines = (this.process?.output.join('') ?? '').split('\n');
    return lines.filter((line) => line && !chatter.test(line)).slice(-count);
  }

  /** The boards this instance owns, per its /healthz; none when it does not answer. */
  async owned(): Promise<string[]> {
    if (!this.up) return [];
    try {
      const response = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      const health = (await response.json()) as { cluster?: { owned?: string[] } };
      return health.cluster?.owned ?? [];
    } catch {
      return [];
    }
  }

  async dispose(): Promise<void> {
    await this.kill();
    removeDataDir(this.dataDir);
  }
}

/** The live instance that owns `boardId`, polled until one does or `timeoutMs` passes. */
async function ownerOf(instances: Instance[], boardId: string, timeoutMs: number): Promise<Instance | null> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const owners = await Promise.all(
      instances.map(async (i) => ((await i.owned()).includes(boardId) ? i : null)),
    );
    const owner = owners.find((i) => i !== null);
    if (owner) return owner;
    await sleep(100);
  }
  return null;
}

/** The edit ids of the board exactly as Postgres holds it (snapshot plus log, as an owner loads it). */
async function boardInPostgres(store: PostgresStore, boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  applyStoredState(doc, await store.loadState(boardId));
  return doc;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return Promise.race([promise, sleep(ms).then(() => null)]);
}

export async function runClusterKill(options: ClusterKillOptions): Promise<ClusterKillReport> {
  const log = options.log ?? (() => {});
  const env = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_KEY_PREFIX: options.redisKeyPrefix,
    LEASE_TTL_MS: String(options.leaseTtlMs),
  };
  const instances: Instance[] = [];
  for (const n of [1, 2, 3]) instances.push(new Instance(`i${n}`, await freePort(), tempDataDir(), env));
  const byPort = new Map(instances.map((i) => [i.port, i]));
  const clients = new Set<Client>();
  let balancer: Balancer | null = null;
  let store: PostgresStore | null = null;
  let editing = true;
  try {
    await Promise.all(instances.map((i) => i.start()));
    const lb = await Balancer.start(instances.map((i) => i.port));
    balancer = lb;
    // Its own reader of the database: no lease, only loads.
    store = await openPostgresStore(options.databaseUrl, { instanceId: 'proof-reader', poolSize: 2 });
    const reader = store;
    const board = await createBoardOver(lb.url, 'Cluster kill');
    const tagOf = (name: string) => `&person=${name} `;
    const replicas = Array.from({ length: options.clients }, (_, i) => {
      const name = `p${String(i).padStart(2, '0')}`;
      const client = connectClient(lb.wsUrl, board.id, board.tokens.editor, new Y.Doc(), { person: name });
      clients.add(client);
      return { name, client };
    });
    await Promise.all(replicas.map(({ client }) => client.synced));
    const cells = cellsOf((replicas[0] as { client: Client }).client.doc);
    const seen = new Set<string>();
    const made = new Set<string>();
    const madeWhileInstanceDown = new Set<string>();
    const madeWithoutOwner = new Set<string>();
    const lost = new Set<string>();
    let ownerless = false;
    const people = replicas.map(({ name, client }) => {
      recordSeen(client, name, seen);
      return new Person(name, client, cells);
    });

    const editLoops = people.map(async (person) => {
      await sleep(between(options.editEveryMs));
      while (editing) {
        const backend = lb.backendOf(tagOf(person.name));
        const id = person.edit();
        made.add(id);
        if (backend === null || !byPort.get(backend)?.up) madeWhileInstanceDown.add(id);
        if (ownerless) madeWithoutOwner.add(id);
        await sleep(between(options.editEveryMs));
      }
    });

    /**
     * Its clients went to the other two while an instance was down, and a balancer moves
     * nobody back: a third of the clients reconnect, through the balancer, to the instance
     * that came back (the least loaded), so the next kill finds clients on all three.
     */
    let clientsMoved = 0;
    const spreadOnto = (port: number): number => {
      const counts = lb.connectionsPerBackend();
      const wanted = Math.floor(people.length / instances.length) - (counts.get(port) ?? 0);
      const load = (person: Person) => counts.get(lb.backendOf(tagOf(person.name)) ?? port) ?? 0;
      const elsewhere = people
        .filter((person) => (lb.backendOf(tagOf(person.name)) ?? port) !== port)
        .sort((x, y) => load(y) - load(x));
      const moving = elsewhere.slice(0, Math.max(0, wanted));
      for (const { client } of moving) {
        client.provider.disconnect();
        client.provider.connect();
      }
      return moving.length;
    };

    const takeoverTimeoutMs = options.takeoverTimeoutMs ?? 30_000;
    const failovers: number[] = [];
    const instanceLogs: string[] = [];
    let kills = 0;
    let takeoversMissed = 0;
    let killsWithClientsOnAll = 0;
    const restarts: Array<Promise<void>> = [];
    const restartMs: number[] = [];
    const started = performance.now();
    // Kills are spaced from one kill to the next; a killed instance restarts meanwhile, in the background.
    let nextKillAt = started + between(options.killEveryMs);
    while (nextKillAt - started < options.durationMs) {
      await sleep(Math.max(0, nextKillAt - performance.now()));
      const owner = await ownerOf(instances, board.id, takeoverTimeoutMs);
      if (!owner) {
        takeoversMissed++;
        log('no instance owns the board');
        nextKillAt = performance.now() + between(options.killEveryMs);
        continue;
      }
      const perBackend = lb.connectionsPerBackend();
      if (instances.every((i) => i.up && (perBackend.get(i.port) ?? 0) > 0)) killsWithClientsOnAll++;
      lb.markDown(owner.port);
      const killedAt = performance.now();
      nextKillAt = killedAt + between(options.killEveryMs);
      ownerless = true;
      await owner.kill();
      kills++;
      // Every seen edit was committed before any instance relayed it: Postgres must hold it already.
      const seenNow = Array.from(seen);
      const stored = editsOnBoard(await boardInPostgres(reader, board.id));
      const lostNow = missingFrom(seenNow, stored);
      for (const id of lostNow) lost.add(id);
      if (lostNow.length > 0) instanceLogs.push(...instances.map((i) => i.outputTail()));
      const downFor = between(options.downMs);
      restarts.push(
        (async () => {
          await sleep(Math.max(0, downFor - (performance.now() - killedAt)));
          const spawned = performance.now();
          await owner.start();
          restartMs.push(performance.now() - spawned);
          lb.markUp(owner.port);
          clientsMoved += spreadOnto(owner.port);
        })(),
      );
      const next = await ownerOf(instances, board.id, takeoverTimeoutMs);
      ownerless = false;
      if (next) failovers.push(performance.now() - killedAt);
      else takeoversMissed++;
      log(
        `kill ${kills} (${owner.id}, clients ${instances.map((i) => `${i.id}:${perBackend.get(i.port) ?? 0}`).join(' ')}): ` +
          `${made.size} edits made, ${seenNow.length} seen, ${stored.size} in Postgres, ${lost.size} lost; ` +
          `${next ? `${next.id} owns it after ${Math.round(performance.now() - killedAt)} ms` : 'no new owner'}`,
      );
    }
    await Promise.all(restarts);
    const durationS = Math.round((performance.now() - started) / 1000);

    editing = false;
    await Promise.all(editLoops);
    const docs = replicas.map(({ client }) => client);
    const convergeMs = await convergence(docs, options.convergeTimeoutMs ?? 60_000);
    log(convergeMs === null ? 'replicas did not converge' : `replicas converged in ${convergeMs} ms`);

    const first = (docs[0] as Client).doc;
    const reference = readBoard(first);
    const replicasIdentical =
      convergeMs !== null && docs.every((c) => isDeepStrictEqual(readBoard(c.doc), reference));
    const final = editsOnBoard(first);
    for (const id of missingFrom(seen, final)) lost.add(id);
    const missing = missingFrom(made, final);

    // Everything every client holds was relayed after its commit, so Postgres holds it too.
    // Read once, not polled: each edit in every doc reached some doc other than its author's, so was committed.
    const inPostgres = await boardInPostgres(reader, board.id);
    const postgresIdentical = isDeepStrictEqual(readBoard(inPostgres), reference);
    for (const id of missingFrom(seen, editsOnBoard(inPostgres))) lost.add(id);
    const fresh = connectClient(lb.wsUrl, board.id, board.tokens.viewer, new Y.Doc(), { person: 'fresh' });
    clients.add(fresh);
    const freshSynced = await withTimeout(
      fresh.synced.then(() => true),
      30_000,
    );
    const freshClientIdenticalAtSync =
      freshSynced === true && isDeepStrictEqual(readBoard(fresh.doc), reference);
    let freshClientIdentical = freshClientIdenticalAtSync;
    if (!freshClientIdenticalAtSync) {
      const freshInstance = byPort.get(lb.backendOf(tagOf('fresh')) ?? -1);
      const owner = await ownerOf(instances, board.id, HEALTH_TIMEOUT_MS);
      log(
        `fresh client on ${freshInstance?.id} (owner: ${owner?.id ?? 'none'}): synced ${freshSynced === true}, ` +
          `${readBoard(fresh.doc).cards.length} cards of ${reference.cards.length}, ${editsOnBoard(fresh.doc).size} edits of ${final.size}`,
      );
      for (const instance of instances)
        log(`${instance.id} said: ${instance.notableLines(12).join('\n    ')}`);
      // It joined a stale copy (see the report's freshClientIdenticalAtSync); it must still catch up.
      freshClientIdentical =
        (await withTimeout(
          (async () => {
            while (!isDeepStrictEqual(readBoard(fresh.doc), reference)) await sleep(100);
            return true;
          })(),
          30_000,
        )) === true;
      log(`fresh client caught up within 30 s: ${freshClientIdentical}`);
    }
    if (
      !replicasIdentical ||
      !postgresIdentical ||
      !freshClientIdentical ||
      lost.size > 0 ||
      missing.length > 0
    )
      instanceLogs.push(...instances.map((i) => i.outputTail()));

    const present = (ids: Set<string>) => Array.from(ids).filter((id) => final.has(id)).length;
    return {
      scenario: 'cluster-kill',
      durationS,
      instances: instances.length,
      clients: options.clients,
      kills,
      killEveryS: [options.killEveryMs[0] / 1000, options.killEveryMs[1] / 1000],
      leaseTtlMs: options.leaseTtlMs,
      takeoversMissed,
      failoverMs: { p50: Math.round(percentile(failovers, 0.5)), max: Math.round(Math.max(0, ...failovers)) },
      killsWithClientsOnAll,
      clientsMoved,
      restartMs: {
        p50: Math.round(percentile(restartMs, 0.5)),
        max: Math.round(Math.max(0, ...restartMs)),
      },
      editsMade: made.size,
      editsMadeWhileInstanceDown: madeWhileInstanceDown.size,
      editsMadeWhileInstanceDownPresent: present(madeWhileInstanceDown),
      editsMadeWithoutOwner: madeWithoutOwner.size,
      editsMadeWithoutOwnerPresent: present(madeWithoutOwner),
      editsSeen: seen.size,
      editsLost: lost.size,
      editsMadeMissing: missing.length,
      cards: reference.cards.length,
      replicasIdentical,
      postgresIdentical,
      freshClientIdenticalAtSync,
      freshClientIdentical,
      convergeMs,
      lostExamples: Array.from(lost).slice(0, 20),
      missingExamples: missing.slice(0, 20),
      instanceLogs,
      machine: { cpus: os.cpus().length, loadavg1m: Number((os.loadavg()[0] ?? 0).toFixed(2)) },
    };
  } finally {
    editing = false;
    for (const client of clients) client.destroy();
    await balancer?.close();
    for (const instance of instances) await instance.dispose();
    await store?.close();
  }
}
