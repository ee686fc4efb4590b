/**
 * What the room's permission check costs per update (issue #13): updatePaths and
 * updateRefusal, as room.ts runs them before it applies an update, on a 2,000-card
 * board with a dot-voting session of 2,000 votes, beside the cost of Y.applyUpdate of
 * the same update (the peer: what the room pays for every update anyway). The writer
 * is a participant changing their own cards, the case with the most to look up.
 *
 *   pnpm bench:permissions      (BENCH_CARDS, BENCH_SAMPLES scale it)
 *
 * Target: p99 of the check under 0.2 ms per update. Figures land in
 * test/.artifacts/bench-permissions.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Actor,
  addCard,
  createBoard,
  moveCard,
  readBoard,
  startVoteSession,
  updateCard,
  updateRefusal,
  vote,
} from '@journeyboard/shared';
import * as Y from 'yjs';
import { updatePaths } from '../../server/src/sync/update-paths.js';
import { fmt, percentile } from './stats.js';

const CARDS = Number(process.env.BENCH_CARDS ?? 2000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 2000);
const WARM_UP = 300;
const PEOPLE = 100;
const TARGET_P99_MS = 0.2;

const me: Actor = { role: 'participant', participantId: 'p0' };

/** The server's board: cards by PEOPLE people over every cell, and an open session where each has voted. */
function bigBoard() {
  const doc = new Y.Doc();
  createBoard(doc, { title: `${CARDS}-card board`, template: 'blank-journey' });
  const { states, stages, lanes } = readBoard(doc);
  const cards: string[] = [];
  for (let i = 0; i < CARDS; i++) {
    cards.push(
      addCard(doc, {
        stageId: stages[i % stages.length]!.id,
        laneId: lanes[Math.floor(i / stages.length) % lanes.length]!.id,
        text: `Card ${i}: customer waits for an answer about the delivery slot`,
        authorId: `p${i % PEOPLE}`,
        friction: { severity: (i % 5) + 1, frequency: { count: 10 + i, period: 'week' } },
      }),
    );
  }
  const sessionId = startVoteSession(doc, {
    stateId: states[0]!.id,
    title: 'Dots',
    scope: 'board',
    dotsPerPerson: 30,
    startedBy: 'Olga',
  });
  // 2,000 votes from the others, 20 each: what a check that counts every vote would walk.
  for (let i = 0; i < 2000; i++) {
    const person = 1 + (i % (PEOPLE - 1));
    vote(doc, { sessionId, targetId: cards[(i * 7) % CARDS]!, userId: `p${person}`, dots: 1 });
  }
  return { doc, cards, stages, lanes, sessionId };
}

const board = bigBoard();
const own = board.cards.filter((_, i) => i % PEOPLE === 0);

/** Each typical update, as the participant's replica makes it. */
const KINDS: Record<string, (replica: Y.Doc, i: number) => void> = {
  'card text edit': (r, i) => updateCard(r, { id: own[i % own.length]!, text: `Edited ${i}` }),
  'new card': (r, i) =>
    addCard(r, {
      stageId: board.stages[0]!.id,
      laneId: board.lanes[0]!.id,
      text: `New ${i}`,
      authorId: 'p0',
    }),
  vote: (r, i) =>
    vote(r, { sessionId: board.sessionId, targetId: board.cards[i % 5]!, userId: 'p0', dots: 1 + (i % 2) }),
  'card move': (r, i) =>
    moveCard(r, {
      id: own[i % own.length]!,
      stageId: board.stages[i % board.stages.length]!.id,
      laneId: board.lanes[0]!.id,
    }),
};

interface Row {
  kind: string;
  checkP50: number;
  checkP99: number;
  applyP50: number;
  applyP99: number;
}

function measure(kind: string, make: (replica: Y.Doc, i: number) => void): Row {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(board.doc));
  const check: number[] = [];
  const apply: number[] = [];
  // What a provider sends: each transaction's own update (its delete set holds only
  // what that transaction deleted, unlike a state diff's).
  let update: Uint8Array = new Uint8Array();
  replica.on('update', (sent: Uint8Array) => {
    update = sent;
  });
  for (let i = 0; i < WARM_UP + SAMPLES; i++) {
    make(replica, i);
    const started = performance.now();
    const refusal = updateRefusal(board.doc, updatePaths(board.doc, update), me);
    const checked = performance.now();
    if (refusal) throw new Error(`${kind} refused: ${refusal}`);
    Y.applyUpdate(board.doc, update);
    const applied = performance.now();
    if (i < WARM_UP) continue;
    check.push(checked - started);
    apply.push(applied - checked);
  }
  check.sort((a, b) => a - b);
  apply.sort((a, b) => a - b);
  return {
    kind,
    checkP50: percentile(check, 50),
    checkP99: percentile(check, 99),
    applyP50: percentile(apply, 50),
    applyP99: percentile(apply, 99),
  };
}

const rows = Object.entries(KINDS).map(([kind, make]) => measure(kind, make));
console.log(`permission check per update, ${CARDS}-card board, ${SAMPLES} updates each (ms)\n`);
console.log('| update | check p50 / p99 | Y.applyUpdate p50 / p99 |');
console.log('| ------ | --------------- | ----------------------- |');
for (const r of rows) {
  console.log(
    `| ${r.kind} | ${fmt(r.checkP50, 3)} / ${fmt(r.checkP99, 3)} | ${fmt(r.applyP50, 3)} / ${fmt(r.applyP99, 3)} |`,
  );
}
const worst = Math.max(...rows.map((r) => r.checkP99));
console.log(`\nworst check p99: ${fmt(worst, 3)} ms (target ≤ ${TARGET_P99_MS} ms)`);
const artifacts = fileURLToPath(new URL('../.artifacts', import.meta.url));
mkdirSync(artifacts, { recursive: true });
writeFileSync(
  path.join(artifacts, 'bench-permissions.json'),
  JSON.stringify({ cards: CARDS, samples: SAMPLES, rows, at: new Date().toISOString() }, null, 2),
);
