/**
 * Proof under faults: the server is killed with SIGKILL again and again while people edit.
 *
 * Two scenarios, shared by the default-suite test (test/integration/crash-loop.test.ts, short) and
 * the long script (`pnpm proof:crash`, test/proof/crash-loop-run.ts, the full three minutes):
 *
 * - Crash loop: N official y-websocket clients, all in this one process (50 providers share a
 *   Node event loop fine; the server is the thing under test and runs as its own process), edit one
 *   board with the shared commands (addCard, and updateCard appending a token to a card's notes)
 *   while the built server is killed with SIGKILL every few seconds and restarted on the same
 *   port and data directory. An edit id is a card id `<person>-a<n>` or a notes token
 *   `<person>-u<n>`, so every edit stays visible in the final board.
 *   "Seen": each client records the edit ids that reached its own doc from the server (transaction
 *   origin = its provider), never its own. After every kill, before the restart (so no client can
 *   resend anything), the SQLite file is read directly and every edit seen so far must be in it.
 *   At the end edits stop, the replicas must converge (equal state vectors and equal `readBoard`),
 *   then one more SIGKILL: the board loaded from disk must equal the replicas, and so must a
 *   fresh client after the restart. Edits made while the server was down are not owed durability,
 *   but every client survives and resends them, so they must arrive too; they are counted apart.
 * - Closed tabs: a tab makes its edits, waits until another client has received them (the server
 *   broadcasts only what it has committed), closes at once, and the server is killed right after.
 *   Nobody is left to resend, so the edits survive only if the server had stored them.
 *
 * `pnpm proof:crash` writes its figures to test/.artifacts/proof-crash.json, one object:
 *   { scenario: 'crash-loop', durationS, clients, kills, killEveryS: [min, max],
 *     editsMade, editsMadeWhileDown, editsMadeWhileDownPresent, editsSeen, editsLost,
 *     editsMadeMissing, cards, replicasIdentical, diskIdentical, freshClientIdentical,
 *     convergeMs, restartMs: { p50, max }, lostExamples, missingExamples, machine: { cpus, loadavg1m },
 *     closedTabs: { scenario: 'closed-tabs', rounds, tabs, editsBroadcast, editsLost, freshClientMissing,
 *                   lostExamples } }
 * editsLost counts seen edits missing from disk after some kill or from the final board (must be
 * 0); editsMadeMissing counts edits any surviving client made that never arrived (must be 0).
 */
import os from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { addCard, readBoard, updateCard } from '@journeyboard/shared';
import * as Y from 'yjs';
import { type Client, connectClient, createBoardOver, waitFor } from '../support/clients.js';
import { docOnDisk } from '../support/disk.js';
import { freePort } from '../support/ports.js';
import { removeDataDir, type ServerProcess, spawnServer, tempDataDir } from '../support/server.js';

/** What a kill loop is given, on one server or a cluster; each range is drawn from uniformly. */
export interface KillLoopOptions {
  clients: number;
  durationMs: number;
  /** How long until the next kill (one server: from its restart; a cluster: from the last kill). */
  killEveryMs: [number, number];
  /** Each person edits once per this interval. */
  editEveryMs: [number, number];
  /** How long a killed server stays dead before it is started again. */
  downMs: [number, number];
  /** How long the replicas may take to agree once edits stop. */
  convergeTimeoutMs?: number;
  /** Progress lines (a kill, a restart); the test leaves it out. */
  log?: (line: string) => void;
}

export type CrashLoopOptions = KillLoopOptions;

export interface CrashLoopReport {
  scenario: 'crash-loop';
  durationS: number;
  clients: number;
  kills: number;
  killEveryS: [number, number];
  editsMade: number;
  editsMadeWhileDown: number;
  editsMadeWhileDownPresent: number;
  editsSeen: number;
  editsLost: number;
  editsMadeMissing: number;
  cards: number;
  replicasIdentical: boolean;
  diskIdentical: boolean;
  freshClientIdentical: boolean;
  convergeMs: number | null;
  restartMs: { p50: number; max: number };
  /** Up to 20 examples of each kind of loss, for a failure message. */
  lostExamples: string[];
  missingExamples: string[];
  machine: { cpus: number; loadavg1m: number };
}

export interface ClosedTabsOptions {
  rounds: number;
  tabsPerRound: number;
}

export interface ClosedTabsReport {
  scenario: 'closed-tabs';
  rounds: number;
  tabs: number;
  /** Edits another client had received before their tab closed. */
  editsBroadcast: number;
  /** Of those, the ones missing from the SQLite file read right after the kill. */
  editsLost: number;
  /** Of those, the ones a fresh client did not get from the restarted server. */
  freshClientMissing: number;
  lostExamples: string[];
}

const CARD_EDIT = /^[a-z0-9]+-a\d+$/;
const NOTES_EDIT = /\b[a-z0-9]+-u\d+\b/g;
/** Notes grow by one token per edit; past this a person adds a card instead, far below the notes limit. */
const NOTES_BUDGET = 2000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export const between = ([min, max]: [number, number]) => min + Math.random() * (max - min);

/** Every edit id a board carries: the proof's card ids and the tokens in card notes. */
export function editsOnBoard(doc: Y.Doc): Set<string> {
  const edits = new Set<string>();
  for (const [id, card] of doc.getMap('cards').entries()) collectCardEdits(id, card, edits);
  return edits;
}

function collectCardEdits(id: string, card: unknown, into: Set<string>, except?: string): void {
  if (!(card instanceof Y.Map)) return;
  if (CARD_EDIT.test(id) && authorOf(id) !== except) into.add(id);
  const notes = card.get('notes');
  if (notes instanceof Y.Text) collectTokens(notes.toString(), into, except);
}

function collectTokens(text: string, into: Set<string>, except?: string): void {
  for (const token of text.match(NOTES_EDIT) ?? []) if (authorOf(token) !== except) into.add(token);
}

function authorOf(editId: string): string {
  return editId.slice(0, editId.lastIndexOf('-'));
}

/**
 * Records, into `seen`, the edit ids that reach the client's doc from the server. Its own edits
 * are left out: its doc holds them before the server has stored them.
 */
export function recordSeen(client: Client, person: string, seen: Set<string>): void {
  const cards = client.doc.getMap('cards');
  client.doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (transaction.origin !== client.provider) return;
    for (const [type, keys] of transaction.changed) {
      if (type instanceof Y.Map && type === cards) {
        for (const key of keys) if (key !== null) collectCardEdits(key, cards.get(key), seen, person);
      } else if (type instanceof Y.Text && type.parent?.parent === cards) {
        collectTokens(type.toString(), seen, person);
      }
    }
  });
}

/** The board exactly as the SQLite file holds it: snapshot plus update log, as a room would load it. */
export const loadBoardFromDisk = docOnDisk;

/** The built server as a child process on one fixed port, so clients reconnect to the same URL. */
class KillableServer {
  private process: ServerProcess | null = null;
  readonly restartMs: number[] = [];

  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<KillableServer> {
    const server = new KillableServer(tempDataDir(), await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/sync`;
  }

  get up(): boolean {
    return this.process !== null;
  }

  async restart(): Promise<void> {
    const started = performance.now();
    this.process = await spawnServer(this.dataDir, this.port);
    this.restartMs.push(performance.now() - started);
  }

  async kill(): Promise<void> {
    const running = this.process;
    if (!running) return;
    this.process = null;
    if (running.child.exitCode === null) running.child.kill('SIGKILL');
    await running.exited;
  }

  async dispose(): Promise<void> {
    await this.kill();
    removeDataDir(this.dataDir);
  }
}

/** The cells (stage × lane of one state) a card can be added to. */
export function cellsOf(doc: Y.Doc): Array<{ stageId: string; laneId: string }> {
  const board = readBoard(doc);
  return board.stages.flatMap((stage) =>
    board.lanes
      .filter((lane) => lane.stateId === stage.stateId)
      .map((lane) => ({ stageId: stage.id, laneId: lane.id })),
  );
}

/** One person at a tab: adds cards and appends to card notes, ids unique to them. */
export class Person {
  private edits = 0;

  constructor(
    readonly name: string,
    readonly client: Client,
    private readonly cells: Array<{ stageId: string; laneId: string }>,
  ) {}

  /** Makes one edit through the shared commands and returns its id. */
  edit(): string {
    const doc = this.client.doc;
    const n = this.edits++;
    const cardIds = Array.from(doc.getMap('cards').keys());
    const target =
      cardIds.length < 3 || Math.random() < 0.4 ? null : cardIds[Math.floor(Math.random() * cardIds.length)];
    const notes = target ? (doc.getMap('cards').get(target) as Y.Map<unknown>).get('notes') : null;
    if (target && notes instanceof Y.Text && notes.length < NOTES_BUDGET) {
      const token = `${this.name}-u${n}`;
      updateCard(doc, { id: target, notes: `${notes.toString()}${token} ` });
      return token;
    }
    const id = `${this.name}-a${n}`;
    const cell = this.cells[n % this.cells.length] as { stageId: string; laneId: string };
    addCard(doc, { id, ...cell, text: `${this.name} card ${n}` });
    return id;
  }
}

function stateVectorOf(doc: Y.Doc): Map<number, number> {
  return Y.decodeStateVector(Y.encodeStateVector(doc));
}

/**
 * Milliseconds until every client is synced and all hold the same state (equal state vectors,
 * then equal boards), or null if they never do.
 */
export async function convergence(clients: Client[], timeoutMs: number): Promise<number | null> {
  const started = performance.now();
  const first = clients[0] as Client;
  while (performance.now() - started < timeoutMs) {
    if (clients.every((c) => c.provider.synced)) {
      const vector = stateVectorOf(first.doc);
      if (clients.every((c) => isDeepStrictEqual(stateVectorOf(c.doc), vector))) {
        const board = readBoard(first.doc);
        if (clients.every((c) => isDeepStrictEqual(readBoard(c.doc), board))) {
          return Math.round(performance.now() - started);
        }
      }
    }
    await sleep(50);
  }
  return null;
}

export function missingFrom(expected: Iterable<string>, present: Set<string>): string[] {
  return Array.from(expected).filter((id) => !present.has(id));
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number);
}

export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopReport> {
  const log = options.log ?? (() => {});
  const server = await KillableServer.start();
  const clients = new Set<Client>();
  let editing = true;
  try {
    const board = await createBoardOver(server.url, 'Crash loop');
    for (let i = 0; i < options.clients; i++)
      clients.add(connectClient(server.wsUrl, board.id, board.tokens.editor));
    await Promise.all(Array.from(clients, (c) => c.synced));
    const replicas = Array.from(clients);
    const cells = cellsOf((replicas[0] as Client).doc);
    const seen = new Set<string>();
    const made = new Set<string>();
    const madeWhileDown = new Set<string>();
    const lost = new Set<string>();
    const people = replicas.map((client, i) => {
      const person = new Person(`p${String(i).padStart(2, '0')}`, client, cells);
      recordSeen(client, person.name, seen);
      return person;
    });

    const editLoops = people.map(async (person) => {
      await sleep(between(options.editEveryMs));
      while (editing) {
        const id = person.edit();
        made.add(id);
        if (!server.up) madeWhileDown.add(id);
        await sleep(between(options.editEveryMs));
      }
    });

    const started = performance.now();
    let kills = 0;
    while (performance.now() - started < options.durationMs) {
      const left = options.durationMs - (performance.now() - started);
      await sleep(Math.min(between(options.killEveryMs), Math.max(0, left)));
      await server.kill();
      kills++;
      // No client can resend while the server is down: the file holds exactly what was committed.
      const onDisk = editsOnBoard(loadBoardFromDisk(server.dataDir, board.id));
      for (const id of missingFrom(seen, onDisk)) lost.add(id);
      log(
        `kill ${kills}: ${made.size} edits made, ${seen.size} seen, ${onDisk.size} on disk, ${lost.size} lost`,
      );
      await sleep(between(options.downMs));
      await server.restart();
    }
    const durationS = Math.round((performance.now() - started) / 1000);

    editing = false;
    await Promise.all(editLoops);
    const convergeMs = await convergence(replicas, options.convergeTimeoutMs ?? 60_000);
    log(convergeMs === null ? 'replicas did not converge' : `replicas converged in ${convergeMs} ms`);

    const reference = readBoard((replicas[0] as Client).doc);
    const replicasIdentical =
      convergeMs !== null && replicas.every((c) => isDeepStrictEqual(readBoard(c.doc), reference));
    const final = editsOnBoard((replicas[0] as Client).doc);
    for (const id of missingFrom(seen, final)) lost.add(id);
    const missing = missingFrom(made, final);

    // One last crash: the file alone must rebuild the board every replica holds.
    await server.kill();
    const diskIdentical = isDeepStrictEqual(
      readBoard(loadBoardFromDisk(server.dataDir, board.id)),
      reference,
    );
    await server.restart();
    const fresh = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    clients.add(fresh);
    await fresh.synced;
    const freshClientIdentical = isDeepStrictEqual(readBoard(fresh.doc), reference);

    return {
      scenario: 'crash-loop',
      durationS,
      clients: options.clients,
      kills,
      killEveryS: [options.killEveryMs[0] / 1000, options.killEveryMs[1] / 1000],
      editsMade: made.size,
      editsMadeWhileDown: madeWhileDown.size,
      editsMadeWhileDownPresent: Array.from(madeWhileDown).filter((id) => final.has(id)).length,
      editsSeen: seen.size,
      editsLost: lost.size,
      editsMadeMissing: missing.length,
      cards: reference.cards.length,
      replicasIdentical,
      diskIdentical,
      freshClientIdentical,
      convergeMs,
      restartMs: {
        p50: Math.round(percentile(server.restartMs, 0.5)),
        max: Math.round(Math.max(...server.restartMs)),
      },
      lostExamples: Array.from(lost).slice(0, 20),
      missingExamples: missing.slice(0, 20),
      machine: { cpus: os.cpus().length, loadavg1m: Number((os.loadavg()[0] ?? 0).toFixed(2)) },
    };
  } finally {
    editing = false;
    for (const client of clients) client.destroy();
    await server.dispose();
  }
}

export async function runClosedTabs(options: ClosedTabsOptions): Promise<ClosedTabsReport> {
  const server = await KillableServer.start();
  const clients = new Set<Client>();
  const close = (client: Client) => {
    client.destroy();
    clients.delete(client);
  };
  try {
    const board = await createBoardOver(server.url, 'Closed tabs');
    let observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
    clients.add(observer);
    await observer.synced;
    const cells = cellsOf(observer.doc);
    const broadcast = new Set<string>();
    const lost = new Set<string>();
    const freshMissing = new Set<string>();

    for (let round = 0; round < options.rounds; round++) {
      const seen = new Set<string>();
      recordSeen(observer, 'observer', seen);
      const tabs = Array.from({ length: options.tabsPerRound }, (_, t) => {
        const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
        clients.add(client);
        return new Person(`r${round}t${t}`, client, cells);
      });
      await Promise.all(tabs.map((tab) => tab.client.synced));
      // Each tab closes the moment another client holds its edits, all at once, then the crash.
      await Promise.all(
        tabs.map(async (tab) => {
          const edits = [tab.edit(), tab.edit(), tab.edit()];
          await waitFor(
            () => edits.every((id) => seen.has(id)),
            10_000,
            `${tab.name}'s edits to be broadcast`,
          );
          close(tab.client);
          for (const id of edits) broadcast.add(id);
        }),
      );
      await server.kill();
      const onDisk = editsOnBoard(loadBoardFromDisk(server.dataDir, board.id));
      for (const id of missingFrom(broadcast, onDisk)) lost.add(id);
      // The observer holds every edit and would resend it: it leaves before the restart.
      close(observer);
      await server.restart();
      observer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
      clients.add(observer);
      await observer.synced;
      for (const id of missingFrom(broadcast, editsOnBoard(observer.doc))) freshMissing.add(id);
    }
    return {
      scenario: 'closed-tabs',
      rounds: options.rounds,
      tabs: options.rounds * options.tabsPerRound,
      editsBroadcast: broadcast.size,
      editsLost: lost.size,
      freshClientMissing: freshMissing.size,
      lostExamples: Array.from(lost).slice(0, 20),
    };
  } finally {
    for (const client of clients) client.destroy();
    await server.dispose();
  }
}
