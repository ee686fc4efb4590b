/**
 * A hostile-frame fuzzer for the sync server: a runner that keeps many raw WebSocket
 * connections busy sending the frames of fuzz-frames.ts, reconnecting whenever the
 * server (rightly) closes one. The same seed and options send the same frames in
 * each connection.
 *
 * A frame counts as written once ws reports it handed to the socket; after a
 * frame that should close the connection the lane waits for the close before it
 * sends more, so nearly every written frame is one the server had to handle.
 */
import { WebSocket } from 'ws';
import {
  buildCorpus,
  type Corpus,
  drawKind,
  FRAME_KINDS,
  type FrameContext,
  type FrameKind,
  hostileFrame,
  Rng,
} from './fuzz-frames.js';

export interface FuzzBoard {
  id: string;
  editorToken: string;
  viewerToken: string;
}

export interface FuzzOptions {
  wsUrl: string;
  boards: readonly FuzzBoard[];
  /** Stop once this many frames were written in all. */
  frames: number;
  /** Connections kept open at once. */
  lanes: number;
  seed: number;
  maxMessageBytes: number;
  /** The server's burst allowance (twice MAX_MESSAGES_PER_SECOND): a session stays under it unless it floods. */
  burst: number;
  /** Ids of the honest clients, which hostile frames also claim. */
  honestClientIds: readonly number[];
  corpus?: Corpus;
  /** Called every ~second with the running totals. */
  onProgress?: (stats: FuzzStats) => void;
  /** Stops the run early (the server died). */
  signal?: AbortSignal;
}

export interface FuzzStats {
  framesWritten: number;
  framesByKind: Record<string, number>;
  connectionsOpened: number;
  /** Close codes as the client saw them (1006: the socket ended without a close frame). */
  closedByCode: Record<string, number>;
  /** Refused upgrades by HTTP status, and connection errors. */
  upgradesRefused: Record<string, number>;
  /** The last frames each lane sent, base64, to replay a crash. */
  recentFrames: Array<{ lane: number; kind: FrameKind; frame: string }>;
  elapsedMs: number;
}

const RECENT_PER_LANE = 6;
/** How long a lane waits for the close a closing frame should cause before it carries on regardless. */
const CLOSE_WAIT_MS = 300;

interface Session {
  ws: WebSocket;
  closed: Promise<number>;
  isOpen(): boolean;
}

function openSession(url: string, stats: FuzzStats): Promise<Session | null> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let open = false;
    let settled = false;
    const closed = new Promise<number>((done) => {
      ws.once('close', (code) => {
        open = false;
        done(code);
      });
    });
    ws.once('unexpected-response', (_req, res) => {
      stats.upgradesRefused[String(res.statusCode)] =
        (stats.upgradesRefused[String(res.statusCode)] ?? 0) + 1;
      res.resume();
      ws.terminate();
      if (!settled) resolve(null);
      settled = true;
    });
    ws.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      const key = error.code ?? 'error';
      stats.upgradesRefused[key] = (stats.upgradesRefused[key] ?? 0) + 1;
      resolve(null);
    });
    ws.once('open', () => {
      open = true;
      settled = true;
      stats.connectionsOpened++;
      resolve({ ws, closed, isOpen: () => open && ws.readyState === WebSocket.OPEN });
    });
  });
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function emptyStats(): FuzzStats {
  return {
    framesWritten: 0,
    framesByKind: Object.fromEntries(FRAME_KINDS.map((k) => [k, 0])),
    connectionsOpened: 0,
    closedByCode: {},
    upgradesRefused: {},
    recentFrames: [],
    elapsedMs: 0,
  };
}

/** Sends hostile frames over `lanes` parallel connections until `frames` were written (or the signal aborts). */
export async function runFuzz(options: FuzzOptions): Promise<FuzzStats> {
  const started = performance.now();
  const stats = emptyStats();
  const corpus = options.corpus ?? buildCorpus(options.seed, options.honestClientIds);
  const recent: Array<Array<{ kind: FrameKind; frame: Uint8Array }>> = [];
  const pinnedIds: number[] = [...options.honestClientIds];
  const done = () => stats.framesWritten >= options.frames || options.signal?.aborted === true;
  let progressAt = performance.now();

  const lane = async (index: number) => {
    const rng = new Rng(options.seed * 7919 + index);
    recent[index] = [];
    const remember = (kind: FrameKind, frame: Uint8Array) => {
      const ring = recent[index] as Array<{ kind: FrameKind; frame: Uint8Array }>;
      ring.push({ kind, frame });
      if (ring.length > RECENT_PER_LANE) ring.shift();
    };
    for (let sessionIndex = 0; !done(); sessionIndex++) {
      const board = rng.pick(options.boards);
      const viewer = rng.chance(0.1);
      const token = viewer ? board.viewerToken : board.editorToken;
      const session = await openSession(
        `${options.wsUrl}/${board.id}?token=${encodeURIComponent(token)}`,
        stats,
      );
      if (!session) {
        await delay(50);
        continue;
      }
      const ownClientId = 1 + rng.int(2 ** 30);
      pinnedIds.push(ownClientId);
      if (pinnedIds.length > 256) pinnedIds.splice(options.honestClientIds.length, 1);
      const ctx: FrameContext = {
        rng,
        corpus,
        ownClientId,
        clock: 0,
        otherClientIds: pinnedIds,
        maxMessageBytes: options.maxMessageBytes,
      };
      const write = (kind: FrameKind, frame: Uint8Array) =>
        new Promise<boolean>((resolve) => {
          if (!session.isOpen()) return resolve(false);
          remember(kind, frame);
          session.ws.send(frame, { binary: true }, (error) => {
            if (error) return resolve(false);
            stats.framesWritten++;
            stats.framesByKind[kind] = (stats.framesByKind[kind] ?? 0) + 1;
            resolve(true);
          });
        });

      // A session: drawn frames (up to just under the burst allowance), then perhaps an ending chosen up
      // front: a flood past the rate limit (1 session in 25) or a frame over the size limit (1 in 200).
      // Each lane's second and third sessions end so for sure, so even a short run has both.
      const ending = sessionIndex === 1 ? 0 : sessionIndex === 2 ? 0.042 : rng.next();
      const endsInFlood = ending < 0.04;
      const endsOversized = !endsInFlood && ending < 0.045;
      const length = endsInFlood || endsOversized ? rng.int(20) : 1 + rng.int(options.burst - 10);
      let sent = 0;
      while (sent < length && session.isOpen() && !done()) {
        const { kind, closes } = drawKind(rng);
        const frame = hostileFrame(kind, ctx);
        if (!(await write(kind, frame))) break;
        sent++;
        if (closes) await Promise.race([session.closed, delay(CLOSE_WAIT_MS)]);
        if (session.ws.bufferedAmount > 1 << 20) await delay(5);
      }
      if (session.isOpen() && !done() && endsInFlood) {
        // Far more frames than the burst allowance, as fast as the socket takes them.
        const flood: Array<Promise<boolean>> = [];
        for (let i = 0; i < options.burst + 50 && session.isOpen(); i++)
          flood.push(write('rate-flood', hostileFrame('rate-flood', ctx)));
        await Promise.all(flood);
      } else if (session.isOpen() && !done() && endsOversized) {
        await write('oversized', hostileFrame('oversized', ctx));
      }
      if (session.isOpen()) session.ws.close(1000);
      const code = await Promise.race([session.closed, delay(3000).then(() => -1)]);
      if (code === -1) session.ws.terminate();
      const key = code === -1 ? 'no-close' : String(code);
      stats.closedByCode[key] = (stats.closedByCode[key] ?? 0) + 1;
      if (options.onProgress && performance.now() - progressAt > 1000) {
        progressAt = performance.now();
        options.onProgress(stats);
      }
    }
  };
  await Promise.all(Array.from({ length: options.lanes }, (_, i) => lane(i)));
  stats.elapsedMs = performance.now() - started;
  stats.recentFrames = recent.flatMap((ring, laneIndex) =>
    ring.map(({ kind, frame }) => ({ lane: laneIndex, kind, frame: Buffer.from(frame).toString('base64') })),
  );
  return stats;
}

/** Adds another run's totals into `into` (the proof script sums its worker processes). */
export function addStats(into: FuzzStats, from: FuzzStats): FuzzStats {
  into.framesWritten += from.framesWritten;
  into.connectionsOpened += from.connectionsOpened;
  for (const [key, value] of Object.entries(from.framesByKind))
    into.framesByKind[key] = (into.framesByKind[key] ?? 0) + value;
  for (const [key, value] of Object.entries(from.closedByCode))
    into.closedByCode[key] = (into.closedByCode[key] ?? 0) + value;
  for (const [key, value] of Object.entries(from.upgradesRefused))
    into.upgradesRefused[key] = (into.upgradesRefused[key] ?? 0) + value;
  into.recentFrames.push(...from.recentFrames);
  into.elapsedMs = Math.max(into.elapsedMs, from.elapsedMs);
  return into;
}
