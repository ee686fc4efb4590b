/**
 * A property of the room's check (issue #13): random updates crafted against the
 * permission table (raw Yjs writes a hostile client could send, and the board's own
 * commands as an honest one does) never leave on the server a change the writer's
 * role could not have made. The judge here (`oracleRefusal`) is written over board
 * snapshots, before and after, independently of update-check.ts: the server's
 * document must only ever hold what it allows, and an honest command it allows must
 * never be refused. Cases are seeded (JB_SEED replays the choices of a run), but the
 * ids commands give new entities and Yjs's client ids stay random, and they decide
 * which card a choice lands on: a failure can take a few runs of its seed to come
 * back. Each run so explores a little more than the last.
 */
import {
  type Actor,
  addCard,
  addOpportunity,
  addReason,
  type BoardSnapshot,
  type CommandName,
  commandRefusal,
  comment,
  connect,
  createBoard,
  editComment,
  endVoteSession,
  linkFriction,
  lockStructure,
  moveCard,
  pasteCards,
  rateEmotion,
  readBoard,
  removeCard,
  removeComment,
  removeStage,
  removeState,
  renameStage,
  resolveComment,
  setTitle,
  startTimer,
  startVoteSession,
  stopTimer,
  tagReason,
  updateCard,
  updateRefusal,
  vote,
} from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { updatePaths } from '../src/sync/update-paths.js';
import {
  COLLECTIONS,
  type Collection,
  canonical,
  comparable,
  type Item,
  oracleRefusal,
  storedAuthors,
} from './permission-oracle.js';

const SEED = Number(process.env.JB_SEED ?? 20_513) >>> 0;
const CASES_PER_ACTOR = 200;
/** Cases run on one server doc before it starts again from the workshop board (so removals do not empty it). */
const CASES_PER_BOARD = 25;

/** A small seeded PRNG (mulberry32): the same seed replays the same cases. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

class Random {
  constructor(readonly next: () => number) {}
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T | undefined {
    return list.length === 0 ? undefined : list[this.int(list.length)];
  }
}

/** A board mid-workshop: cards and comments of Ann, of Bob and of nobody, an open and an ended vote, ratings. */
function workshopBoard(): Y.Doc {
  const doc = new Y.Doc();
  createBoard(doc, { title: 'Workshop', template: 'blank-journey' });
  const board = readBoard(doc);
  const stateId = board.states[0]?.id ?? '';
  const stages = board.stages.filter((s) => s.stateId === stateId);
  const friction = board.lanes.find((l) => l.stateId === stateId && l.kind === 'friction');
  const other = board.lanes.find((l) => l.stateId === stateId && l.kind !== 'friction');
  if (!friction || !other || stages.length < 2) throw new Error('blank journey without friction cells');
  const at = (i: number, lane = friction) => ({
    stageId: stages[i % stages.length]?.id ?? '',
    laneId: lane.id,
  });
  const annCard = addCard(doc, { ...at(0), text: 'Ann’s friction', authorId: 'ann' });
  const annStep = addCard(doc, { ...at(1, other), text: 'Ann’s step', authorId: 'ann' });
  const bobCard = addCard(doc, { ...at(1), text: 'Bob’s friction', authorId: 'bob' });
  const bobStep = addCard(doc, { ...at(0, other), text: 'Bob’s step', authorId: 'bob' });
  const oldCard = addCard(doc, { ...at(2), text: 'Before roles' });
  addCard(doc, { ...at(0, other), text: 'Imported step' });
  connect(doc, { from: annStep, to: bobStep, kind: 'flow', label: '' });
  connect(doc, { from: bobCard, to: oldCard, kind: 'flow', label: '' });
  const reason = addReason(doc, { title: 'Late', parentId: null });
  tagReason(doc, { cardId: bobCard, reasonId: reason });
  const opportunity = addOpportunity(doc, { title: 'Track orders', journeyId: board.journeys[0]?.id ?? '' });
  linkFriction(doc, { opportunityId: opportunity, cardId: annCard });
  linkFriction(doc, { opportunityId: opportunity, cardId: bobCard });
  const on = (targetId: string, id: string, parentId: string | null = null) =>
    comment(doc, {
      targetType: 'card',
      targetId,
      parentId,
      text: `${id} says`,
      author: { id, name: id },
    });
  const annComment = on(bobCard, 'ann');
  on(bobCard, 'bob', annComment as string);
  const bobComment = on(annCard, 'bob');
  on(annCard, 'ann', bobComment as string);
  on(oldCard, 'carol');
  const session = { stateId, scope: 'friction' as const, dotsPerPerson: 3, startedBy: 'Fa' };
  const ended = startVoteSession(doc, { ...session, title: 'Before lunch' });
  vote(doc, { sessionId: ended, targetId: annCard, userId: 'ann', dots: 2 });
  vote(doc, { sessionId: ended, targetId: bobCard, userId: 'bob', dots: 3 });
  endVoteSession(doc, { id: ended });
  const open = startVoteSession(doc, { ...session, title: 'Now' });
  vote(doc, { sessionId: open, targetId: bobCard, userId: 'ann', dots: 1 });
  vote(doc, { sessionId: open, targetId: annCard, userId: 'bob', dots: 2 });
  rateEmotion(doc, { cardId: bobStep, userId: 'ann', score: -1 });
  rateEmotion(doc, { cardId: annStep, userId: 'bob', score: 2 });
  return doc;
}

// ---------------------------------------------------------------- the judge

interface Step {
  /** What it does, for a failure's replay and the tally of refusals. */
  label: string;
  /** A board command an honest client of this actor would send (commandRefusal said null). */
  honest: boolean;
}

const PEOPLE = ['ann', 'bob', null] as const;
const FIELDS: Record<string, string[]> = {
  cards: [
    'text',
    'emotion',
    'priority',
    'derivedFrom',
    'stageId',
    'laneId',
    'kind',
    'order',
    'severity',
    'zzz',
  ],
  comments: ['text', 'resolved', 'targetId', 'parentId', 'authorName'],
  stages: ['title', 'order'],
  lanes: ['title', 'kind'],
  opportunities: ['title', 'impact'],
  voteSessions: ['status', 'dotsPerPerson'],
  edges: ['label'],
  reasons: ['title'],
};

/** A value of any kind: right or wrong for the field it lands in. */
function anyValue(random: Random, board: BoardSnapshot): unknown {
  const values: unknown[] = [
    'x',
    'Rewritten',
    1,
    2,
    -2,
    99,
    null,
    true,
    'friction',
    'ended',
    board.cards[0]?.id,
  ];
  return random.chance(0.1) ? new Y.Map<unknown>([['nested', 1]]) : random.pick(values);
}

/** One raw write, or one command, made on `replica` by `actor`; what it was. */
function attack(random: Random, replica: Y.Doc, actor: Actor, honestOnly: boolean): Step {
  const board = readBoard(replica);
  if (honestOnly) return command(random, replica, actor, board, true);
  const me = actor.participantId;
  const ids = (collection: Collection) =>
    (board[collection] as unknown as Item[]).map((item) => String(item.id));
  const map = (name: string) => replica.getMap<unknown>(name);
  const entityMap = (collection: string, id: string) => map(collection).get(id) as Y.Map<unknown> | undefined;
  const card = random.pick(board.cards);
  const session = random.pick(board.voteSessions);
  const raw = (label: string, write: () => void): Step => {
    write();
    return { label, honest: false };
  };
  switch (random.int(16)) {
    case 0: {
      const collection = random.pick(Object.keys(FIELDS)) as Collection;
      const id = random.pick(ids(collection)) ?? '';
      const field = random.pick(FIELDS[collection] ?? []) ?? 'title';
      return raw(`set ${collection}.${field}`, () =>
        entityMap(collection, id)?.set(field, anyValue(random, board)),
      );
    }
    case 1: {
      const collection = random.pick(['cards', 'comments'] as const) ?? 'cards';
      const id = random.pick(ids(collection)) ?? '';
      return raw(`set ${collection}.authorId`, () =>
        entityMap(collection, id)?.set('authorId', random.pick(PEOPLE)),
      );
    }
    case 2: {
      const author = random.pick(PEOPLE);
      const fields: [string, unknown][] = [
        ['stateId', card?.stateId],
        ['stageId', card?.stageId],
        ['laneId', card?.laneId],
        ['order', 'a0'],
        ['text', 'Raw card'],
      ];
      if (random.chance(0.7)) fields.push(['authorId', author]);
      if (random.chance(0.2)) fields.push(['priority', 1]);
      if (random.chance(0.2)) fields.push(['derivedFrom', card?.id]);
      const id = random.chance(0.3) && card ? card.id : `raw-card-${random.int(1e6)}`;
      return raw(`write a card map (author ${author})${id === card?.id ? ' over a card' : ''}`, () =>
        map('cards').set(id, new Y.Map(fields)),
      );
    }
    case 3: {
      const author = random.pick(PEOPLE);
      const target = random.pick(board.comments);
      const id = random.chance(0.3) && target ? target.id : `raw-comment-${random.int(1e6)}`;
      return raw(`write a comment map (author ${author})${id === target?.id ? ' over a comment' : ''}`, () =>
        map('comments').set(
          id,
          new Y.Map<unknown>([
            ['targetType', 'card'],
            ['targetId', card?.id],
            ['parentId', null],
            ['authorId', author],
            ['authorName', 'Someone'],
            ['text', 'Raw comment'],
            ['createdAt', 1],
            ['resolved', false],
          ]),
        ),
      );
    }
    case 4: {
      const collection = random.pick(COLLECTIONS) as Collection;
      const id = random.pick(ids(collection)) ?? '';
      return raw(`delete a ${collection} entity`, () => map(collection).delete(id));
    }
    case 5: {
      const collection = random.pick(Object.keys(FIELDS)) as Collection;
      const id = random.pick(ids(collection)) ?? '';
      const field = random.pick(FIELDS[collection] ?? []) ?? 'title';
      return raw(`delete ${collection}.${field}`, () => entityMap(collection, id)?.delete(field));
    }
    case 6: {
      const nested = random.pick(['reasonIds', 'notes', 'frictionIds'] as const) ?? 'notes';
      const opportunity = random.pick(board.opportunities);
      return raw(`write into ${nested}`, () => {
        const holder =
          nested === 'frictionIds'
            ? entityMap('opportunities', opportunity?.id ?? '')
            : entityMap('cards', card?.id ?? '');
        const inner = holder?.get(nested);
        if (inner instanceof Y.Map) inner.set(random.pick(board.reasons)?.id ?? card?.id ?? 'x', true);
        else if (inner instanceof Y.Text) inner.insert(0, 'Sneaked in. ');
        else holder?.set(nested, nested === 'notes' ? new Y.Text('New notes') : new Y.Map([['x', true]]));
      });
    }
    case 7: {
      const userId = random.pick(PEOPLE) ?? 'ann';
      const key = `${session?.id}|${card?.id}|${userId}`;
      const dots = random.pick([1, 2, 3, 4, 9]);
      return raw(`vote ${dots} as ${userId} (${session?.status})`, () => map('votes').set(key, dots));
    }
    case 8: {
      const key = random.pick([...map('votes').keys()]) ?? '';
      return raw(`delete ${key.endsWith(`|${me}`) ? 'own' : 'another’s'} vote`, () =>
        map('votes').delete(key),
      );
    }
    case 9: {
      const userId = random.pick(PEOPLE) ?? 'ann';
      if (random.chance(0.3)) {
        const key = random.pick([...map('ratings').keys()]) ?? '';
        return raw('delete a rating', () => map('ratings').delete(key));
      }
      return raw(`rate as ${userId}`, () =>
        map('ratings').set(`${card?.id}|${userId}`, random.pick([-2, 1, 7])),
      );
    }
    case 10: {
      const [part, key, value] = random.pick([
        ['timer', 'label', 'Break'],
        ['timer', 'durationMs', 60_000],
        ['facilitation', 'structureLocked', true],
        ['facilitation', 'structureLocked', false],
        ['facilitation', 'roundStatus', 'drafting'],
        ['meta', 'title', 'Mine now'],
        ['settings', 'period', 'day'],
      ] as const) ?? ['meta', 'title', 'x'];
      return raw(`set ${part}.${key}`, () => map(part).set(key, value));
    }
    case 11:
      return raw('write an unknown top-level type', () => map('hijack').set('payload', 1));
    case 12: {
      const collection = random.pick(['cards', 'stages', 'voteSessions'] as const) ?? 'cards';
      const id = random.pick(ids(collection)) ?? '';
      return raw(`write a map where ${collection}' value goes`, () =>
        entityMap(collection, id)?.set(
          random.pick(['emotion', 'order', 'dotsPerPerson']) ?? 'order',
          new Y.Map(),
        ),
      );
    }
    default:
      return command(random, replica, actor, board, false);
  }
}

/** A board command with inputs from the board; `honestOnly`: as the app would, only one the table allows. */
function command(
  random: Random,
  replica: Y.Doc,
  actor: Actor,
  board: BoardSnapshot,
  honestOnly: boolean,
): Step {
  const me = actor.participantId ?? 'browser-1';
  const card = random.pick(board.cards);
  const stage = random.pick(board.stages);
  const lane = random.pick(board.lanes.filter((l) => l.stateId === stage?.stateId));
  const session = random.pick(board.voteSessions);
  const thread = random.pick(board.comments);
  const commands: [CommandName, object, (doc: Y.Doc, input: never) => unknown][] = [
    [
      'addCard',
      { stageId: stage?.id, laneId: lane?.id, text: 'New', authorId: actor.participantId },
      addCard,
    ],
    ['updateCard', { id: card?.id, text: 'Edited', emotion: random.pick([-1, 1, null]) }, updateCard],
    ['moveCard', { id: card?.id, stageId: stage?.id, laneId: lane?.id }, moveCard],
    ['removeCard', { id: card?.id }, removeCard],
    [
      'comment',
      {
        targetType: 'card',
        targetId: card?.id,
        parentId: null,
        text: 'Why?',
        author: { id: me, name: 'Me' },
      },
      comment,
    ],
    ['editComment', { id: thread?.id, text: 'Edited' }, editComment],
    ['resolveComment', { id: thread?.id }, resolveComment],
    ['removeComment', { id: thread?.id }, removeComment],
    ['vote', { sessionId: session?.id, targetId: card?.id, userId: me, dots: random.int(4) }, vote],
    ['rateEmotion', { cardId: card?.id, userId: me, score: random.pick([-2, 0, 2, null]) }, rateEmotion],
    ['renameStage', { id: stage?.id, title: 'Renamed' }, renameStage],
    ['lockStructure', { locked: random.chance(0.5) }, lockStructure],
    ['startTimer', { durationMs: 60_000, startedBy: 'Me' }, startTimer],
    ['stopTimer', {}, stopTimer],
    ['endVoteSession', { id: session?.id }, endVoteSession],
    ['setTitle', { title: 'Retitled' }, setTitle],
    ['removeStage', { id: stage?.id }, removeStage],
    ['removeState', { id: stage?.stateId }, removeState],
    ['connect', { from: card?.id, to: random.pick(board.cards)?.id }, connect],
    ['tagReason', { cardId: card?.id, reasonId: random.pick(board.reasons)?.id }, tagReason],
    ['startVoteSession', { stateId: stage?.stateId, startedBy: 'Me' }, startVoteSession],
    [
      'pasteCards',
      { stateId: card?.stateId, cards: board.cards.slice(0, 2), authorId: actor.participantId },
      pasteCards,
    ],
  ];
  const [name, input, run] = commands[random.int(commands.length)] as (typeof commands)[number];
  const honest = commandRefusal(name, input, board, actor) === null;
  if (honestOnly && !honest) return { label: `(${name} not sent)`, honest };
  try {
    run(replica, input as never);
  } catch {
    // The command's own refusal (a missing card, a spent allowance): it changed nothing.
  }
  return { label: `${honest ? '' : 'dishonest '}${name}`, honest };
}

// ---------------------------------------------------------------- the property

const ACTORS: Actor[] = (['participant', 'editor', 'facilitator', 'owner'] as const).flatMap((role) =>
  (['ann', null] as const).map((participantId) => ({ role, participantId })),
);

interface Outcome {
  /** Forbidden changes the server took, and honest commands it refused: each a failure. */
  failures: string[];
  /** Refusals of changes the judge allows, by what the case did: conservative, each to be explained. */
  conservative: Map<string, number>;
  accepted: number;
  refused: number;
  /** Cases made only of honest commands (all of them accepted, or the test fails). */
  honest: number;
}

/** Runs the cases of one actor (viewers aside: the room refuses their every change before the check). */
function runCases(actor: Actor, seed: number): Outcome {
  const random = new Random(mulberry32(seed));
  const outcome: Outcome = { failures: [], conservative: new Map(), accepted: 0, refused: 0, honest: 0 };
  const base = Y.encodeStateAsUpdate(workshopBoard());
  let server = new Y.Doc();
  for (let n = 0; n < CASES_PER_ACTOR; n++) {
    if (n % CASES_PER_BOARD === 0) {
      server = new Y.Doc();
      Y.applyUpdate(server, base);
    }
    const before = readBoard(server);
    // The replica is the sender's doc, and with the update in it, the scratch copy the judge reads.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(server));
    const vector = Y.encodeStateVector(replica);
    // A quarter of the cases are an honest client's: only commands the table allows.
    const honestOnly = random.chance(0.25);
    const steps = Array.from({ length: 1 + random.int(4) }, () => attack(random, replica, actor, honestOnly));
    const update = Y.encodeStateAsUpdate(replica, vector);
    const after = readBoard(replica);
    const verdict = oracleRefusal(before, after, actor, storedAuthors(server));
    const refusal = updateRefusal(server, updatePaths(server, update), actor);
    if (refusal === null) Y.applyUpdate(server, update);
    if (honestOnly) outcome.honest++;
    const replay = `JB_SEED=${SEED} case ${n}, ${actor.role} ${actor.participantId}: ${steps.map((s) => s.label).join('; ')}`;
    if (refusal === null) {
      outcome.accepted++;
      if (verdict !== null) outcome.failures.push(`accepted what is forbidden (${verdict}): ${replay}`);
      else if (canonical(comparable(readBoard(server))) !== canonical(comparable(after)))
        outcome.failures.push(`the server's board is not the one judged: ${replay}`);
      continue;
    }
    outcome.refused++;
    if (canonical(comparable(readBoard(server))) !== canonical(comparable(before)))
      outcome.failures.push(`refused yet changed: ${replay}`);
    if (verdict !== null) continue;
    if (honestOnly || steps.every((s) => s.honest)) {
      outcome.failures.push(`refused honest commands (${refusal}): ${replay}`);
      continue;
    }
    const nil = canonical(comparable(before)) === canonical(comparable(after));
    const what = `${nil ? 'no effect on the snapshot' : 'an effect'} | ${refusal}`;
    outcome.conservative.set(what, (outcome.conservative.get(what) ?? 0) + 1);
  }
  return outcome;
}

describe('the room’s check of random updates', () => {
  for (const [index, actor] of ACTORS.entries()) {
    it(`keeps a ${actor.role} ${actor.participantId ?? 'without identity'} to what the table allows`, () => {
      const outcome = runCases(actor, (SEED + index * 7919) >>> 0);
      if (process.env.JB_REPORT) console.log(actor, outcome);
      // The first failures' replays in the message: a run that fails once is replayed from them.
      expect(outcome.failures, `seed ${SEED}: ${outcome.failures.slice(0, 3).join('\n')}`).toEqual([]);
      // The catalogue reaches both sides of the table, and honest commands (one without identity
      // may only send what changes nothing).
      expect(outcome.refused).toBeGreaterThan(0);
      if (actor.participantId === null && actor.role === 'participant') return;
      expect(outcome.accepted).toBeGreaterThan(0);
      expect(outcome.honest).toBeGreaterThan(0);
    });
  }
});
