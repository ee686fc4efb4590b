/**
 * One load-generator process of the workshop proof (forked by workshop-load.ts):
 * it hosts a share of the room's participants as y-websocket providers built as the
 * app builds them (client/src/sync/provider.ts: presence without echoes, jittered
 * back-off; disableBc: true) and plays the workshop model it is told:
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
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { openBoardProvider } from '../../client/src/sync/provider.js';
import { type LatencyCounts, LatencyHistogram } from './workshop-latency.js';

process.setMaxListeners(2000);

export interface WorkshopModel {
  /** The share of editors moving their cursor at any moment (0–1). */
  activeShare: number;
  /** Milliseconds between an active editor's cursor updates (the app throttles to 64). */
  cursorEveryMs: number;
  /** Each editor edits its card after a uniformly random wait in this range. */
  editEveryMs: [number, number];
}

export type WorkerCommand =
  | {
      type: 'connect';
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

export type WorkerReply =
  | { type: 'connected'; connectedAt: number }
  | RunResult
  | { type: 'storm-watching' }
  | StormReport;

interface Participant {
  role: 'editor' | 'viewer';
  name: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  cardId: string | null;
  /** During a reconnect storm: seen disconnected, then synced again. */
  storm: 'idle' | 'connected' | 'down' | 'resynced';
}

const now = () => performance.timeOrigin + performance.now();
const between = (low: number, high: number) => low + Math.random() * (high - low);
const STAMP = / sent (\d+(?:\.\d+)?)$/;
const PALETTE = ['#e8590c', '#1971c2', '#2f9e44', '#c2255c', '#6741d9', '#0c8599', '#f08c00', '#5c940d'];

const participants: Participant[] = [];
const timers = new Set<NodeJS.Timeout>();
let model: WorkshopModel;
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

function join(command: Extract<WorkerCommand, { type: 'connect' }>, role: Participant['role'], n: number) {
  const doc = new Y.Doc();
  // The app's own provider: its jittered back-off and presence without echoes.
  const provider = openBoardProvider(command.wsUrl, command.boardId, doc, {
    token: role === 'editor' ? command.editorToken : command.viewerToken,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const participant: Participant = {
    role,
    name: `${role === 'editor' ? 'Editor' : 'Viewer'} ${n + 1}`,
    doc,
    provider,
    cardId: null,
    storm: 'idle',
  };
  provider.awareness.setLocalState({
    user: { name: participant.name, color: PALETTE[n % PALETTE.length] },
    cursor: null,
    selection: [],
    drag: null,
    viewport: null,
    summon: null,
  });

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
      const cursor = (states.get(clientId) as { cursor?: { t?: unknown } } | undefined)?.cursor;
      if (typeof cursor?.t === 'number') awarenessLatency.record(at - cursor.t);
    }
  });
  provider.on('status', ({ status }: { status: string }) => {
    if (status === 'connecting' && participant.storm !== 'idle') stormAttempts++;
    if (status === 'disconnected' && participant.storm === 'connected') participant.storm = 'down';
  });
  provider.on('sync', (synced: boolean) => {
    if (synced && participant.storm === 'down') {
      participant.storm = 'resynced';
      lastResyncedAt = now();
    }
  });
  participants.push(participant);
  return participant;
}

function synced(participant: Participant): Promise<void> {
  return new Promise((resolve) => {
    if (participant.provider.synced) resolve();
    else participant.provider.once('sync', () => resolve());
  });
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

async function connect(command: Extract<WorkerCommand, { type: 'connect' }>): Promise<void> {
  model = command.model;
  const editors = Array.from({ length: command.editors }, (_, i) =>
    join(command, 'editor', command.firstEditor + i),
  );
  const viewers = Array.from({ length: command.viewers }, (_, i) =>
    join(command, 'viewer', command.firstViewer + i),
  );
  await Promise.all([...editors, ...viewers].map(synced));
  for (const [i, editor] of editors.entries()) addOwnCard(editor, command.firstEditor + i);
  reply({ type: 'connected', connectedAt: now() });
}

function editLoop(participant: Participant, until: number, rev = 1): void {
  later(between(...model.editEveryMs), () => {
    if (now() >= until || !participant.cardId) return;
    const id = participant.cardId;
    const doc = participant.doc;
    const text = `${participant.name}'s note, revision ${rev}, sent ${now().toFixed(3)}`;
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

/** Idle and active spells: active ones last 2–8 s, idle ones long enough that `activeShare` are active. */
function cursorLoop(participant: Participant, until: number, active: boolean, spellMs: number): void {
  const awareness = participant.provider.awareness;
  if (!active) {
    later(spellMs, () => {
      if (now() < until) cursorLoop(participant, until, true, between(2000, 8000));
    });
    return;
  }
  let x = between(0, 4000);
  let y = between(0, 2000);
  const spellEnds = now() + spellMs;
  const move = () => {
    const t = now();
    if (t >= until) return;
    if (t >= spellEnds) {
      const idleMean = (5000 * (1 - model.activeShare)) / Math.max(0.01, model.activeShare);
      cursorLoop(participant, until, false, between(0.5, 1.5) * idleMean);
      return;
    }
    x += between(-40, 40);
    y += between(-25, 25);
    awareness.setLocalStateField('cursor', { x: Math.round(x), y: Math.round(y), t });
    cursorUpdatesSent++;
    later(model.cursorEveryMs, move);
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
    // Start in the steady state: `activeShare` of editors already mid-spell, the rest mid-idle.
    const active = Math.random() < model.activeShare;
    const idleMean = (5000 * (1 - model.activeShare)) / Math.max(0.01, model.activeShare);
    cursorLoop(participant, until, active, active ? between(0, 8000) : between(0, 2) * idleMean);
  }
  await new Promise((resolve) => setTimeout(resolve, command.durationMs + command.drainMs));
  recording = false;
  for (const timer of timers) clearTimeout(timer);
  timers.clear();
  const cpu = process.cpuUsage(cpuBefore);
  reply({
    type: 'run-result',
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
        participant.storm = participant.provider.synced ? 'connected' : 'down';
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
      for (const participant of participants) participant.provider.destroy();
      process.exit(0);
  }
});
