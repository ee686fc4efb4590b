/**
 * The attacks of the hardening review, each a function that mounts one against a
 * running server (its own process) and says what happened, at any size: the default
 * test run mounts them small (test/integration/attack-*.test.ts), `pnpm proof:attacks`
 * at full size with the table (attacks-run.ts). What an honest room beside the attack
 * lives through is measured by AttackWatch (attack-watch.ts).
 */
import { connect } from 'node:net';
import { addCard, type BoardFile, updateCard } from '@journeyboard/shared';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { bigBoardFile } from '../bench/big-board.js';
import { firstCell, joinNewBoard } from '../support/boards.js';
import { connectClient, createBoardOver, openRaw, waitFor } from '../support/clients.js';
import { costlyCardsFile, emptyCardsFile } from '../support/hostile-files.js';
import {
  awarenessFrame,
  growDeletedHistory,
  longestDeletedRun,
  repeatedRangeUpdate,
  syncFrame,
} from '../support/hostile-updates.js';
import { scrapeMetrics } from '../support/metrics.js';
import { descendants, memoryOf, resetPeakMemory } from '../support/processes.js';
import { openSlowReader } from '../support/slow-reader.js';

import type { AttackOutcome, PreparedAttack, ProcessTarget, Target } from './attack-watch.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends a sync step 1 and resolves once its answer is back: every earlier frame of the socket was handled. */
async function drained(raw: ReturnType<typeof openRaw>, timeoutMs = 30_000): Promise<void> {
  const before = raw.messages.length;
  raw.send(syncFrame(0, new Uint8Array([0])));
  await waitFor(
    () => raw.messages.slice(before).some((m) => m[0] === 0 && m[1] === 1) || raw.ws.readyState > 1,
    timeoutMs,
    'the answer to a sync request',
  );
}

/** Delete-set frames as a viewer and then as an editor: `small` of 60 KB and `large` of 1 MiB each. */
export function rangeFramesFromBoth(small: number, large: number): DeleteSetFrame[] {
  return (['viewer', 'editor'] as const).flatMap((role) => [
    { role, bytes: 60_000, count: small },
    { role, bytes: 1_000_000, count: large },
  ]);
}

/** `count` frames of about `bytes` each, sent on one socket with a `role` link. */
export interface DeleteSetFrame {
  role: 'viewer' | 'editor';
  bytes: number;
  count: number;
}

/**
 * Delete-set amplification: a board with a long history of deletions, then frames
 * whose delete set repeats one range over all of it (free to send; Yjs walks every
 * deleted item of every range). `deleted` is about cards × rounds.
 */
export async function deleteSetAttack(
  target: Target,
  options: {
    cards: number;
    rounds: number;
    frames: DeleteSetFrame[];
  },
): Promise<PreparedAttack> {
  const [board, writer] = await joinNewBoard(target, [], ['editor'], 'Deleted history');
  const client = growDeletedHistory(writer.doc, options.cards, options.rounds);
  await onServer(target, board.id, board.tokens.viewer, writer.doc);
  const run = longestDeletedRun(writer.doc, client);
  // Built before the watch: encoding a megabyte here would stall the honest room's clients beside it.
  const frames = options.frames.map((spec) =>
    syncFrame(spec.role === 'viewer' ? 1 : 2, repeatedRangeUpdate(client, run, spec.bytes)),
  );
  return {
    dispose: () => writer.destroy(),
    run: async () => {
      const walkedBefore = await walked(target);
      const outcomes: string[] = [];
      for (const [i, spec] of options.frames.entries()) {
        const raw = openRaw(target.wsUrl, board.id, board.tokens[spec.role]);
        await raw.opened;
        const frame = frames[i] as Uint8Array;
        for (let n = 0; n < spec.count; n++) raw.send(frame);
        await drained(raw);
        const open = raw.ws.readyState === raw.ws.OPEN;
        const kb = Math.round(frame.byteLength / 1024);
        outcomes.push(
          `${spec.role} ${kb} KB ×${spec.count}: ${open ? 'no-op' : `closed ${(await raw.closed).code}`}`,
        );
        raw.ws.close();
      }
      return {
        outcome: outcomes.join('; '),
        details: {
          deletedRun: run[1],
          framesKb: frames.map((f) => Math.round(f.byteLength / 1024)),
          structsWalked: (await walked(target)) - walkedBefore,
        },
      };
    },
  };
}

/**
 * Resolves once a fresh client of the board holds everything `doc` wrote, and one
 * more has joined after that: the room has then encoded its answer to joiners for
 * the board as it now stands, which is honest work, not the attack's.
 */
async function onServer(target: Target, boardId: string, token: string, doc: Y.Doc): Promise<void> {
  const clock = Y.getState(doc.store, doc.clientID);
  const check = connectClient(target.wsUrl, boardId, token);
  try {
    await waitFor(
      () => Y.getState(check.doc.store, doc.clientID) === clock,
      60_000,
      'the board on the server',
    );
  } finally {
    check.destroy();
  }
  const joiner = connectClient(target.wsUrl, boardId, token);
  await joiner.synced;
  joiner.destroy();
}

async function walked(target: Target): Promise<number> {
  return (await scrapeMetrics(target.url)).get('journeyboard_update_walk_structs_sum') ?? 0;
}

/**
 * Placement walk: a card field overwritten `rounds` times (its key keeps every old
 * value in a chain), then one update of `structs` items for that key that name no
 * origin: Yjs would walk the whole chain to place each of them.
 */
export async function placementAttack(
  target: Target,
  options: { rounds: number; structs: number },
): Promise<PreparedAttack> {
  const [board, writer] = await joinNewBoard(target, [], ['editor'], 'Long history');
  const cardId = addCard(writer.doc, { ...firstCell(writer.doc), text: 'x' });
  // Alternating fields, so no two old values are neighbours Yjs would merge; in frames under the size limit.
  for (let done = 0; done < options.rounds; done += 2000) {
    writer.doc.transact(() => {
      for (let i = done; i < Math.min(options.rounds, done + 2000); i++) {
        updateCard(writer.doc, { id: cardId, text: `text ${i}` });
        updateCard(writer.doc, { id: cardId, owner: `owner ${i}` });
      }
    });
  }
  await onServer(target, board.id, board.tokens.viewer, writer.doc);
  const card = writer.doc.getMap('cards').get(cardId) as Y.Map<unknown>;
  const parent = card._item?.id as Y.ID;
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, options.structs);
  encoding.writeVarUint(e, 4_000_000_000); // the attacker's client id
  encoding.writeVarUint(e, 0);
  for (let i = 0; i < options.structs; i++) {
    encoding.writeUint8(e, 0x28); // an Item with ContentAny under a map key, naming no origin
    encoding.writeVarUint(e, 0); // its parent is an item: the card
    encoding.writeVarUint(e, parent.client);
    encoding.writeVarUint(e, parent.clock);
    encoding.writeVarString(e, 'text');
    encoding.writeVarUint(e, 1);
    encoding.writeUint8(e, 119);
    encoding.writeVarString(e, 'y');
  }
  encoding.writeVarUint(e, 0);
  const frame = syncFrame(2, encoding.toUint8Array(e));
  return {
    dispose: () => writer.destroy(),
    run: async () => {
      const raw = openRaw(target.wsUrl, board.id, board.tokens.editor);
      await raw.opened;
      raw.send(frame);
      const closed = await Promise.race([raw.closed, sleep(30_000).then(() => null)]);
      raw.ws.close();
      return {
        outcome: closed ? `closed ${closed.code} (${closed.reason})` : 'accepted',
        details: {
          chain: options.rounds,
          structs: options.structs,
          frameKb: Math.round(frame.byteLength / 1024),
        },
      };
    },
  };
}

async function roomsOpen(target: Target): Promise<number> {
  return ((await (await fetch(`${target.url}/healthz`)).json()) as { rooms: number }).rooms;
}

/** Upgrades without a Sec-WebSocket-Key (ws answers 400), spread over `boards` boards. */
export async function malformedUpgrades(
  target: Target,
  options: { boards: number; upgrades: number },
): Promise<PreparedAttack> {
  const boards: Array<{ id: string; token: string }> = [];
  for (let i = 0; i < options.boards; i++) {
    const board = await createBoardOver(target.url, `Target ${i}`);
    boards.push({ id: board.id, token: board.tokens.editor });
  }
  return { dispose: () => {}, run: () => sendMalformedUpgrades(target, boards, options.upgrades) };
}

async function sendMalformedUpgrades(
  target: Target,
  boards: Array<{ id: string; token: string }>,
  upgrades: number,
): Promise<AttackOutcome> {
  const roomsBefore = await roomsOpen(target);
  const statuses = new Map<string, number>();
  const one = (board: { id: string; token: string }) =>
    new Promise<void>((resolve) => {
      const socket = connect(target.port, '127.0.0.1');
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString('latin1');
      });
      socket.on('error', () => {});
      socket.on('close', () => {
        const status = answer.split(' ')[1] ?? 'none';
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        resolve();
      });
      socket.write(
        `GET /sync/${board.id}?token=${board.token} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      socket.end();
    });
  for (let sent = 0; sent < upgrades; sent += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, upgrades - sent) }, (_, i) =>
        one(boards[(sent + i) % boards.length] as { id: string; token: string }),
      ),
    );
  }
  // Rooms of earlier work may unload meanwhile: what this attack left is never below none.
  const roomsAfter = Math.max(roomsBefore, await roomsOpen(target));
  return {
    outcome: `${upgrades} refused (${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}); rooms it left open: ${roomsAfter - roomsBefore}`,
    details: { statuses: Object.fromEntries(statuses), roomsLeftOpen: roomsAfter - roomsBefore },
  };
}

/**
 * Readers that never read: `sockets` connections ask for a board of about
 * `megabytes` and leave every byte the server sends them unread.
 */
export async function slowReadersAttack(
  target: Target,
  options: { sockets: number; megabytes: number; asks: number; cutOffWithinMs: number },
): Promise<PreparedAttack> {
  const [board, writer] = await joinNewBoard(target, [], ['editor'], 'Big board');
  const cell = firstCell(writer.doc);
  const notes = 'n'.repeat(20_000);
  const cards = Math.ceil((options.megabytes * 2 ** 20) / notes.length);
  for (let done = 0; done < cards; done += 40) {
    writer.doc.transact(() => {
      for (let i = done; i < Math.min(cards, done + 40); i++)
        addCard(writer.doc, { ...cell, text: `card ${i}`, notes });
    });
  }
  await onServer(target, board.id, board.tokens.viewer, writer.doc);
  const boardBytes = Y.encodeStateAsUpdate(writer.doc).byteLength;
  writer.destroy();
  return {
    dispose: () => {},
    run: async () => {
      const before = await scrapeMetrics(target.url);
      const readers = [];
      for (let i = 0; i < options.sockets; i++) {
        const reader = await openSlowReader(target.port, `/sync/${board.id}?token=${board.tokens.viewer}`);
        // Sync step 1 with an empty state vector, "send me everything", `asks` times.
        for (let ask = 0; ask < options.asks; ask++) reader.send(new Uint8Array([0, 0, 1, 0]));
        readers.push(reader);
      }
      const asked = performance.now();
      // A reader that never reads never sees its socket close either: ask the server.
      const closedAs = async (code: string) => {
        const series = `journeyboard_connections_closed_total{code="${code}"}`;
        return ((await scrapeMetrics(target.url)).get(series) ?? 0) - (before.get(series) ?? 0);
      };
      let closedTooSlow = 0;
      let cutOffUnanswered = 0;
      while (performance.now() - asked < options.cutOffWithinMs) {
        await sleep(100);
        closedTooSlow = await closedAs('4408');
        cutOffUnanswered = await closedAs('1006');
        if (closedTooSlow + cutOffUnanswered >= options.sockets) break;
      }
      const cutOff = closedTooSlow + cutOffUnanswered >= options.sockets;
      const cutOffMs = Math.round(performance.now() - asked);
      for (const reader of readers) reader.socket.destroy();
      return {
        outcome: cutOff
          ? `all ${options.sockets} cut off after ${cutOffMs} ms`
          : `${options.sockets} readers still connected after ${options.cutOffWithinMs} ms`,
        details: {
          boardMb: Math.round((boardBytes / 2 ** 20) * 10) / 10,
          sockets: options.sockets,
          asks: options.asks,
          cutOffMs,
          // 4408: past its send buffer; 1006: cut off for not answering pings.
          closedTooSlow,
          cutOffUnanswered,
        },
      };
    },
  };
}

/** Frames an editor's connection queues behind a large update it sent, more than its rate allows. */
export async function backlogFlood(target: Target, options: { frames: number }): Promise<PreparedAttack> {
  const board = await createBoardOver(target.url, 'Backlog');
  return { dispose: () => {}, run: () => floodBehindLargeUpdate(target, board, options.frames) };
}

async function floodBehindLargeUpdate(
  target: Target,
  board: { id: string; tokens: { editor: string } },
  frames: number,
): Promise<AttackOutcome> {
  const raw = openRaw(target.wsUrl, board.id, board.tokens.editor);
  await raw.opened;
  const doc = new Y.Doc();
  doc.getText('notes').insert(0, 'x'.repeat(200_000));
  raw.send(syncFrame(2, Y.encodeStateAsUpdate(doc))); // read off-thread: later frames wait
  const tiny = new Uint8Array([1, 1, 0]); // an awareness update of no one: harmless, but a message
  for (let i = 0; i < frames; i++) raw.send(tiny);
  const closed = await Promise.race([raw.closed, sleep(10_000).then(() => null)]);
  raw.ws.close();
  return {
    outcome: closed ? `closed ${closed.code} (${closed.reason})` : 'still open',
    details: { frames },
  };
}

/**
 * Presence as a weapon: `senders` sockets change their presence `changes` times as
 * fast as they can, each with a colour that is CSS and a summon no editor may send,
 * and one more sends a presence of 64 KB. A watcher counts what reaches it.
 */
export async function presenceFlood(
  target: Target,
  options: { senders: number; changes: number },
): Promise<PreparedAttack> {
  const [board, watcher] = await joinNewBoard(target, [], ['viewer'], 'Presence flood');
  let relayed = 0;
  watcher.provider.awareness.on('change', ({ updated, added }: { updated: number[]; added: number[] }) => {
    relayed += updated.length + added.length;
  });
  const state = (i: number) => ({
    user: { name: 'Flood', color: 'url(https://evil.example/x.png)' },
    cursor: { x: i, y: i },
    summon: { at: Date.now(), viewport: { x: 0, y: 0, zoom: 1 } },
  });
  return {
    dispose: () => watcher.destroy(),
    run: async () => {
      const big = openRaw(target.wsUrl, board.id, board.tokens.editor);
      await big.opened;
      big.send(awarenessFrame(900_000, 1, { user: { name: 'Big' }, pad: 'x'.repeat(64 * 1024) }));
      const bigClosed = (await big.closed).code;
      const senders: Array<ReturnType<typeof openRaw>> = [];
      for (let s = 0; s < options.senders; s++) {
        const raw = openRaw(target.wsUrl, board.id, board.tokens.editor);
        await raw.opened;
        senders.push(raw);
      }
      for (let i = 1; i <= options.changes; i++) {
        for (const [s, raw] of senders.entries()) raw.send(awarenessFrame(900_001 + s, i, state(i)));
      }
      const landed = () =>
        senders.every((_, s) => {
          const seen = watcher.provider.awareness.getStates().get(900_001 + s) as
            | { cursor?: { x: number } }
            | undefined;
          return seen?.cursor?.x === options.changes;
        });
      await waitFor(landed, 30_000, 'every sender’s latest presence');
      const sample = watcher.provider.awareness.getStates().get(900_001) as {
        user?: { color?: string };
        summon?: unknown;
      };
      for (const raw of senders) raw.ws.close();
      return {
        outcome: `64 KB presence closed ${bigClosed}; ${options.senders * options.changes} changes sent, ${relayed} relayed, the latest of each landed; colour ${sample.user?.color ?? 'dropped'}, summon ${sample.summon === null ? 'dropped' : 'kept'}`,
        details: { bigClosed, sent: options.senders * options.changes, relayed },
      };
    },
  };
}

/**
 * Export amplification: a board of `cards` cards, then `rounds` rounds of `parallel`
 * PNG and PPTX exports at once. Watches the server's own peak memory (the kernel's
 * high-water mark) and the export processes it started.
 */
export async function exportFlood(
  target: ProcessTarget,
  options: { cards: number; rounds: number; parallel: number },
): Promise<PreparedAttack> {
  const imported = await fetch(`${target.url}/api/boards/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(bigBoardFile(options.cards)),
  });
  if (imported.status !== 201) throw new Error(`import failed: ${imported.status}`);
  const big = (await imported.json()) as { id: string; tokens: { viewer: string } };
  const pid = target.child.pid as number;
  return {
    dispose: () => {},
    run: async () => {
      resetPeakMemory(pid);
      let rasterisersMax = 0;
      let exportProcessesMb = 0;
      const watcher = setInterval(() => {
        const children = descendants(pid);
        rasterisersMax = Math.max(
          rasterisersMax,
          children.filter((c) => c.command.includes('rasterise.mjs')).length,
        );
        exportProcessesMb = Math.max(
          exportProcessesMb,
          children.reduce((sum, c) => sum + c.rssMb, 0),
        );
      }, 25);
      const answers: Array<{ format: string; status: number; retryAfter: string | null; bytes: number }> = [];
      try {
        for (let round = 0; round < options.rounds; round++) {
          await Promise.all(
            Array.from({ length: options.parallel }, async (_, i) => {
              const format = i % 2 === 0 ? 'png' : 'pptx';
              const response = await fetch(`${target.url}/api/boards/${big.id}/export.${format}`, {
                headers: { authorization: `Bearer ${big.tokens.viewer}` },
              });
              let bytes = 0;
              for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).byteLength;
              answers.push({
                format,
                status: response.status,
                retryAfter: response.headers.get('retry-after'),
                bytes,
              });
            }),
          );
        }
      } finally {
        clearInterval(watcher);
      }
      const made = answers.filter((a) => a.status === 200);
      const refused = answers.filter((a) => a.status === 429);
      const serverPeakMb = Math.round(memoryOf(pid).peakMb);
      return {
        outcome: `${made.length} made, ${refused.length} refused with 429; at most ${rasterisersMax} rasterisers at once; export processes at most ${Math.round(exportProcessesMb)} MB`,
        details: {
          exports: answers.length,
          other: answers.length - made.length - refused.length,
          madePng: made.filter((a) => a.format === 'png').length,
          madePptx: made.filter((a) => a.format === 'pptx').length,
          smallestMadeBytes: Math.min(...made.map((a) => a.bytes)),
          refusedWithoutRetryAfter: refused.filter((a) => !(Number(a.retryAfter) >= 1)).length,
          rasterisersMax,
          serverPeakMb,
          exportProcessesMb: Math.round(exportProcessesMb),
        },
      };
    },
  };
}

/** Import problem bomb: one hostile board file of about 25 MB, of each kind. */
export async function importBomb(target: ProcessTarget): Promise<PreparedAttack> {
  const source = await createBoardOver(target.url, 'Source');
  const valid = (await (
    await fetch(`${target.url}/api/boards/${source.id}/export.json`, {
      headers: { authorization: `Bearer ${source.tokens.viewer}` },
    })
  ).json()) as BoardFile;
  const files = { 'empty cards': emptyCardsFile(valid), 'costly cards': costlyCardsFile(valid) };
  const pid = target.child.pid as number;
  return {
    dispose: () => {},
    run: async () => {
      const outcomes: string[] = [];
      const details: Record<string, unknown> = {};
      for (const [kind, body] of Object.entries(files)) {
        resetPeakMemory(pid);
        const before = memoryOf(pid);
        const started = performance.now();
        const response = await fetch(`${target.url}/api/boards/import`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        const answer = await response.text();
        const ms = Math.round(performance.now() - started);
        const growthMb = Math.round(memoryOf(pid).peakMb - before.rssMb);
        outcomes.push(
          `${kind}: ${response.status} in ${ms} ms, +${growthMb} MB, ${Math.round(answer.length / 1024)} KB answer`,
        );
        details[kind] = {
          status: response.status,
          ms,
          growthMb,
          answerBytes: answer.length,
          fileMb: Math.round(body.length / 1e5) / 10,
        };
      }
      return { outcome: outcomes.join('; '), details };
    },
  };
}

/** Anonymous creation: `requests` new boards asked for from one address at once. */
export async function creationFlood(target: Target, options: { requests: number }): Promise<PreparedAttack> {
  return {
    dispose: () => {},
    run: async () => {
      const statuses = await Promise.all(
        Array.from({ length: options.requests }, async (_, i) => {
          const response = await fetch(`${target.url}/api/boards`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ title: `Spam ${i}`, template: 'blank-journey' }),
          });
          await response.arrayBuffer();
          return response.status;
        }),
      );
      const created = statuses.filter((s) => s === 201).length;
      const refused = statuses.filter((s) => s === 429).length;
      return {
        outcome: `${created} created, ${refused} refused with 429`,
        details: { created, refused, other: statuses.length - created - refused },
      };
    },
  };
}
