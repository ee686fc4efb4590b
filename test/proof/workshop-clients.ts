/**
 * One load-generator process of the workshop proof (forked by workshop-load.ts):
 * it hosts a share of the room's participants, all of one kind,
 *
 * - `replica`: full y-websocket providers built as the app builds them
 *   (client/src/sync/provider.ts: presence without echoes, jittered back-off;
 *   disableBc: true), each applying every edit and cursor of the room, or
 * - `wire`: participants that speak the same protocol but keep no replica
 *   (workshop-wire.ts), so that hundreds of them fit beside the server,
 *
 * and plays the workshop model it is told:
 *
 * - editors hold presence like the app's (`bindPresence`: user, cursor, selection…),
 *   alternate idle and active spells, and while active move their cursor at the
 *   app's own throttle (one awareness update every 64 ms, ~15.6 Hz); each adds one
 *   sticky note of their own on joining and edits it every 3–5 s (two edits in three
 *   retitle it, one in three drags it to another cell and retitles it);
 * - viewers hold a presence (their name) and only receive.
 *
 * Every edit and cursor carries its sender's clock (all processes read one machine
 * clock): a card's text ends in `sent <ms>`, a cursor has `t`. Each participant that
 * receives one records now − sent in a latency histogram.
 *
 * Protocol: the parent sends a command and waits for exactly one reply.
 */
import { addCard, changedCardIds, moveCard, readBoard, updateCard } from '@journeyboard/shared';
import { WebSocket } from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { openBoardProvider } from '../../client/src/sync/provider.js';
import { syncedOnce } from '../support/clients.js';
import { type LatencyCounts, LatencyHistogram } from './workshop-latency.js';
import { clockOfCursor, cursorAt, WireParticipant } from './workshop-wire.js';

process.setMaxListeners(2000);

export interface WorkshopModel {
  /** The share of editors moving their cursor at any moment (0–1). */
  activeShare: number;
  /** Milliseconds between an active editor's cursor updates (the app throttles to 64). */
  cursorEveryMs: number;
  /** Each editor edits its card after a uniformly random wait in this range. */
  editEveryMs: [number, number];
}

export type ClientKind = 'replica' | 'wire';

export type WorkerCommand =
  | {
      type: 'connect';
      kind: ClientKind;
      wsUrl: string;
      boardId: string;
      editorToken: string;
      viewerToken: string;
      editors: number;
      viewers: number;
      firstEditor: number;
      firstViewer: number;
      model: WorkshopModel;
    }
  | { type: 'run'; durationMs: number; drainMs: number }
  | { type: 'storm-watch' }
  | { type: 'storm-report' }
  | { type: 'stop' };

export interface RunResult {
  type: 'run-result';
  kind: ClientKind;
  edit: LatencyCounts;
  awareness: LatencyCounts;
  editsSent: number;
  editReceipts: number;
  cursorUpdatesSent: number;
  cursorReceipts: number;
  cpuMs: number;
}

export interface StormReport {
  type: 'storm-report';
  total: number;
  resynced: number;
  lastResyncedAt: number;
  connectAttempts: number;
}

type ConnectCommand = Extract<WorkerCommand, { type: 'connect' }>;

export type WorkerReply =
  | { type: 'connected'; connectedAt: number }
  | RunResult
  | { type: 'storm-watching' }
  | StormReport;

interface Participant {
  role: 'editor' | 'viewer';
  name: string;
  /** A replica's whole board; a wire participant's board as it joined, plus its own edits. */
  doc: Y.Doc;
  awareness: Awareness;
  cardId: string | null;
  /** During a reconnect storm: seen disconnected, then synced again. */
  storm: 'idle' | 'connected' | 'down' | 'resynced';
  isSynced(): boolean;
  whenSynced: Promise<void>;
  /** Told the clock written into an edit of its own before it is sent. */
  stamped(sentAt: number): void;
  destroy(): void;
}

const now = () => performance.timeOrigin + performance.now();
const between = (low: number, high: number) => low + Math.random() * (high - low);
const STAMP = / sent (\d+(?:\.\d+)?)$/;
const PALETTE = ['#e8590c', '#1971c2', '#2f9e44', '#c2255c', '#6741d9', '#0c8599', '#f08c00', '#5c940d'];

const participants: Participant[] = [];
const timers = new Set<NodeJS.Timeout>();
let model: WorkshopModel;
let kind: ClientKind = 'replica';
let recording = false;
let editLatency = new LatencyHistogram();
let awarenessLatency = new LatencyHistogram();
let editsSent = 0;
let cursorUpdatesSent = 0;
let stormAttempts = 0;
let lastResyncedAt = 0;

function reply(message: WorkerReply): void {
  process.send?.(message);
}

function later(ms: number, run: () => void): void {
  const timer = setTimeout(() => {
    timers.delete(timer);
    run();
  }, ms);
  timers.add(timer);
}

function presenceOf(name: string, n: number) {
  return {
    user: { name, color: PALETTE[n % PALETTE.length] },
    cursor: null,
    selection: [],
    drag: null,
    viewport: null,
    summon: null,
  };
}

function stormConnecting(participant: Participant): void {
  if (participant.storm !== 'idle') stormAttempts++;
}

function stormDisconnected(participant: Participant): void {
  if (participant.storm === 'connected') participant.storm = 'down';
}

function stormSynced(participant: Participant): void {
  if (participant.storm !== 'down') return;
  participant.storm = 'resynced';
  lastResyncedAt = now();
}

function joinReplica(command: ConnectCommand, role: Participant['role'], n: number): Participant {
  const doc = new Y.Doc();
  const provider = openBoardProvider(command.wsUrl, command.boardId, doc, {
    token: role === 'editor' ? command.editorToken : command.viewerToken,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const participant: Participant = {
    role,
    name: `${role === 'editor' ? 'Editor' : 'Viewer'} ${n + 1}`,
    doc,
    awareness: provider.awareness,
    cardId: null,
    storm: 'idle',
    isSynced: () => provider.synced,
    whenSynced: syncedOnce(provider),
    stamped: () => {},
    destroy: () => provider.destroy(),
  };
  provider.awareness.setLocalState(presenceOf(participant.name, n));

  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (!recording || transaction.local) return;
    const ids = changedCardIds(doc, transaction);
    if (ids === 'all') return;
    const at = now();
    const cards = doc.getMap<Y.Map<unknown>>('cards');
    for (const id of ids) {
      const text = cards.get(id)?.get('text');
      const sent = typeof text === 'string' ? STAMP.exec(text) : null;
      if (sent) editLatency.record(at - Number(sent[1]));
    }
  });
  provider.awareness.on('change', ({ updated }: { updated: number[] }, origin: unknown) => {
    if (!recording || origin === 'local') return;
    const at = now();
    const states = provider.awareness.getStates();
    for (const clientId of updated) {
      const cursor = (states.get(clientId) as { cursor?: { x?: unknown; y?: unknown } } | undefined)?.cursor;
      if (typeof cursor?.x === 'number' && typeof cursor.y === 'number') {
        awarenessLatency.record(at - clockOfCursor({ x: cursor.x, y: cursor.y }));
      }
    }
  });
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connecting') stormConnecting(participant);
    if (status === 'disconnected') stormDisconnected(participant);
  });
  provider.on('sync', (synced: boolean) => {
    if (synced) stormSynced(participant);
  });
  return participant;
}

function joinWire(command: ConnectCommand, role: Participant['role'], n: number): Participant {
  const token = role === 'editor' ? command.editorToken : command.viewerToken;
  const url = `${command.wsUrl}/${encodeURIComponent(command.boardId)}?token=${encodeURIComponent(token)}`;
  let participant: Participant | null = null;
  let markSynced = () => {};
  const whenSynced = new Promise<void>((resolve) => {
    markSynced = resolve;
  });
  const wire = new WireParticipant(url, role, {
    edit: (sentAt, at) => {
      if (recording) editLatency.record(at - sentAt);
    },
    cursor: (sentAt, at) => {
      if (recording) awarenessLatency.record(at - sentAt);
    },
    connecting: () => {
      if (participant) stormConnecting(participant);
    },
    disconnected: () => {
      if (participant) stormDisconnected(participant);
    },
    synced: () => {
      markSynced();
      if (participant) stormSynced(participant);
    },
  });
  participant = {
    role,
    name: `${role === 'editor' ? 'Editor' : 'Viewer'} ${n + 1}`,
    doc: wire.doc,
    awareness: wire.awareness,
    cardId: null,
    storm: 'idle',
    isSynced: () => wire.synced,
    whenSynced,
    stamped: (sentAt) => wire.stamped(sentAt),
    destroy: () => wire.destroy(),
  };
  wire.awareness.setLocalState(presenceOf(participant.name, n));
  return participant;
}

function join(command: ConnectCommand, role: Participant['role'], n: number): Participant {
  const participant = command.kind === 'wire' ? joinWire(command, role, n) : joinReplica(command, role, n);
  participants.push(participant);
  return participant;
}

/** An editor's own sticky note, in a cell of the board's first state. */
function addOwnCard(participant: Participant, n: number): void {
  const board = readBoard(participant.doc);
  const stateId = board.states[0]?.id;
  const stages = board.stages.filter((stage) => stage.stateId === stateId);
  const lanes = board.lanes.filter((lane) => lane.stateId === stateId);
  const stage = stages[n % stages.length];
  const lane = lanes[Math.floor(n / stages.length) % lanes.length];
  if (!stage || !lane) throw new Error('the board has no cell to put a note in');
  participant.cardId = addCard(participant.doc, {
    stageId: stage.id,
    laneId: lane.id,
    text: `${participant.name}'s note`,
  });
}

async function connect(command: ConnectCommand): Promise<void> {
  model = command.model;
  kind = command.kind;
  const editors = Array.from({ length: command.editors }, (_, i) =>
    join(command, 'editor', command.firstEditor + i),
  );
  const viewers = Array.from({ length: command.viewers }, (_, i) =>
    join(command, 'viewer', command.firstViewer + i),
  );
  await Promise.all([...editors, ...viewers].map((p) => p.whenSynced));
  for (const [i, editor] of editors.entries()) addOwnCard(editor, command.firstEditor + i);
  reply({ type: 'connected', connectedAt: now() });
}

function editLoop(participant: Participant, until: number, rev = 1): void {
  // The first wait is a residual one: editors were at it before the run started.
  const [low, high] = model.editEveryMs;
  later(rev === 1 ? between(0, (low + high) / 2) : between(low, high), () => {
    if (now() >= until || !participant.cardId) return;
    const id = participant.cardId;
    const doc = participant.doc;
    const stamp = now().toFixed(3);
    participant.stamped(Number(stamp));
    const text = `${participant.name}'s note, revision ${rev}, sent ${stamp}`;
    doc.transact(() => {
      if (rev % 3 === 0) {
        const board = readBoard(doc);
        const card = board.cards.find((c) => c.id === id);
        const stages = board.stages.filter((stage) => stage.stateId === card?.stateId);
        const lanes = board.lanes.filter((lane) => lane.stateId === card?.stateId);
        const stage = stages[Math.floor(Math.random() * stages.length)];
        const lane = lanes[Math.floor(Math.random() * lanes.length)];
        if (stage && lane) moveCard(doc, { id, stageId: stage.id, laneId: lane.id });
      }
      updateCard(doc, { id, text });
    });
    editsSent++;
    editLoop(participant, until, rev + 1);
  });
}

/** Active spells last 2–8 s; idle ones 0.5–1.5 × a mean long enough that `activeShare` of the time is active. */
function spellLength(active: boolean): number {
  if (active) return between(2000, 8000);
  const idleMean = (5000 * (1 - model.activeShare)) / Math.max(0.01, model.activeShare);
  return between(0.5, 1.5) * idleMean;
}

/**
 * Where an editor is in its spells when the run starts, as if it had been at it for a
 * while: spells are played forward from a random time minutes ago up to now.
 */
function spellAtStart(): { active: boolean; remainingMs: number } {
  let t = -60_000 - Math.random() * 120_000;
  let active = Math.random() < model.activeShare;
  for (;;) {
    const length = spellLength(active);
    if (t + length > 0) return { active, remainingMs: t + length };
    t += length;
    active = !active;
  }
}

/** Alternates idle and active spells; while active, moves the cursor on the app's throttle. */
function cursorLoop(participant: Participant, until: number, active: boolean, spellMs: number): void {
  const awareness = participant.awareness;
  if (!active) {
    later(spellMs, () => {
      if (now() < until) cursorLoop(participant, until, true, spellLength(true));
    });
    return;
  }
  const spellStarts = now();
  const spellEnds = spellStarts + spellMs;
  let moves = 0;
  const move = () => {
    const t = now();
    if (t >= until) return;
    if (t >= spellEnds) {
      cursorLoop(participant, until, false, spellLength(false));
      return;
    }
    awareness.setLocalStateField('cursor', cursorAt(t));
    cursorUpdatesSent++;
    // On a fixed beat from the spell's start: a timer that fires late does not slow the rate.
    moves++;
    later(Math.max(0, spellStarts + moves * model.cursorEveryMs - now()), move);
  };
  move();
}

async function run(command: Extract<WorkerCommand, { type: 'run' }>): Promise<void> {
  editLatency = new LatencyHistogram();
  awarenessLatency = new LatencyHistogram();
  editsSent = 0;
  cursorUpdatesSent = 0;
  recording = true;
  const cpuBefore = process.cpuUsage();
  const until = now() + command.durationMs;
  for (const participant of participants) {
    if (participant.role !== 'editor') continue;
    editLoop(participant, until);
    const { active, remainingMs } = spellAtStart();
    cursorLoop(participant, until, active, remainingMs);
  }
  await new Promise((resolve) => setTimeout(resolve, command.durationMs + command.drainMs));
  recording = false;
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  const cpu = process.cpuUsage(cpuBefore);
  reply({
    type: 'run-result',
    kind,
    edit: editLatency.toCounts(),
    awareness: awarenessLatency.toCounts(),
    editsSent,
    editReceipts: editLatency.count,
    cursorUpdatesSent,
    cursorReceipts: awarenessLatency.count,
    cpuMs: (cpu.user + cpu.system) / 1000,
  });
}

process.on('message', (command: WorkerCommand) => {
  switch (command.type) {
    case 'connect':
      void connect(command);
      return;
    case 'run':
      void run(command);
      return;
    case 'storm-watch':
      stormAttempts = 0;
      lastResyncedAt = 0;
      for (const participant of participants) {
        participant.storm = participant.isSynced() ? 'connected' : 'down';
      }
      reply({ type: 'storm-watching' });
      return;
    case 'storm-report':
      reply({
        type: 'storm-report',
        total: participants.length,
        resynced: participants.filter((p) => p.storm === 'resynced').length,
        lastResyncedAt,
        connectAttempts: stormAttempts,
      });
      return;
    case 'stop':
      for (const participant of participants) participant.destroy();
      process.exit(0);
  }
});
