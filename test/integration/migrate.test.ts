/**
 * `journeyboard migrate --to postgres://…` (#20): the boards of a SQLite server,
 * copied by the built command line into a real Postgres, open on a server there
 * as they did before: the same share links (a rotated one with its expiry), the
 * same content, versions that list and restore, identities that still name their
 * person. A target holding any of the boards is refused with nothing written unless
 * --skip-existing; a target that differs fails the verification, naming the board.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { applyStoredState, openPostgresStore, openSqliteStore } from '@journeyboard/server';
import { addCard, ROLES, type Role, readBoard } from '@journeyboard/shared';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { firstCell } from '../support/boards.js';
import {
  type Client,
  type CreatedBoard,
  clientOf,
  connectClient,
  createBoardOver,
  waitFor,
} from '../support/clients.js';
import { mint } from '../support/role-clients.js';
import { childEnv, startTestServer, type TestServer, tempDataDir } from '../support/server.js';
import { postgresUrl } from '../support/services.js';

const CLI = fileURLToPath(new URL('../../server/dist/cli.js', import.meta.url));
const execFileAsync = promisify(execFile);

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command line, as an operator runs it; never throws, answers its exit code and output. */
async function migrate(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [CLI, 'migrate', ...args], {
      env: childEnv(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** What the SQLite server held of each board, as its people saw it. */
interface SourceBoard {
  board: CreatedBoard;
  /** The links after the rotation (the editor's rotated on the first board, expiring). */
  tokens: CreatedBoard['tokens'];
  cards: string[];
}

const cardTexts = (doc: Y.Doc) =>
  readBoard(doc)
    .cards.map((card) => card.text)
    .sort();

const dataDir = tempDataDir();
const boards: SourceBoard[] = [];
/** The first board's rotated editor link: the token it replaced, and when the new one expires. */
const rotation = { replaced: '', expiresAt: 0 };
/** The first board's version, taken after its first two cards, and the person minted on it. */
const kept = { versionId: '', versionCards: [] as string[], participantId: '', identityToken: '' };

/** Adds cards over a live editor's socket and waits until a viewer sees them: then they are stored. */
async function addCards(server: TestServer, board: CreatedBoard, texts: string[]): Promise<string[]> {
  const editor = connectClient(server.wsUrl, board.id, board.tokens.editor);
  const viewer = connectClient(server.wsUrl, board.id, board.tokens.viewer);
  try {
    await Promise.all([editor.synced, viewer.synced]);
    for (const text of texts) addCard(editor.doc, { ...firstCell(editor.doc), text });
    const expected = cardTexts(editor.doc);
    await waitFor(() => cardTexts(viewer.doc).length === expected.length, 5000, 'the cards to be stored');
    return expected;
  } finally {
    editor.destroy();
    viewer.destroy();
  }
}

const api = (server: TestServer, token: string, route: string, init: RequestInit = {}) =>
  fetch(`${server.url}/api/boards/${route}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
  });

beforeAll(async () => {
  const server = await startTestServer({}, dataDir);
  try {
    for (const [i, title] of ['Onboarding', 'Claims', 'Renewal'].entries()) {
      const board = await createBoardOver(server.url, title);
      const cards = await addCards(server, board, [`${title} card A`, `${title} card B`]);
      boards.push({ board, tokens: { ...board.tokens }, cards });
      if (i > 0) continue;
      // The first board: a version of its first two cards, then a third; a rotated, expiring editor link; a person.
      const version = await api(server, board.tokens.editor, `${board.id}/versions`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Two cards' }),
      });
      expect(version.status).toBe(201);
      Object.assign(kept, { versionId: ((await version.json()) as { id: string }).id, versionCards: cards });
      boards[0]!.cards = await addCards(server, board, ['Onboarding card C']);
      const rotated = await api(server, board.tokens.owner, `${board.id}/tokens/rotate`, {
        method: 'POST',
        body: JSON.stringify({ role: 'editor', expiresInSeconds: 3600 }),
      });
      expect(rotated.status).toBe(200);
      const answer = (await rotated.json()) as {
        tokens: CreatedBoard['tokens'];
        expiresAt: { editor: number };
      };
      Object.assign(rotation, { replaced: board.tokens.editor, expiresAt: answer.expiresAt.editor });
      boards[0]!.tokens = answer.tokens;
      const person = await mint(server.url, board.id, board.tokens.viewer, 'Ada');
      Object.assign(kept, person);
    }
  } finally {
    // Stopped, with its data directory kept: that is what migrate reads.
    await server.close();
  }
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A server on the Postgres at `url`, stopped when the test finishes. */
async function serverOn(url: string): Promise<TestServer> {
  const server = await startTestServer({ DATABASE_URL: url });
  onTestFinished(() => server.stop());
  return server;
}

function connect(server: TestServer, boardId: string, params: Record<string, string>): Client {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(server.wsUrl, boardId, doc, {
    params,
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const client = clientOf(doc, provider);
  onTestFinished(() => client.destroy());
  return client;
}

describe('journeyboard migrate', () => {
  it('copies every board into Postgres, where the old links open them as they were, versions restore and identities still name their person', async () => {
    const url = await postgresUrl();
    const run = await migrate('--to', url, '--data-dir', dataDir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('copied 3/3 boards');
    expect(run.stdout).toContain('verified 3 boards');

    const server = await serverOn(url);
    for (const { board, tokens, cards } of boards) {
      for (const role of ['owner', 'editor', 'viewer'] as const) {
        const client = connect(server, board.id, { token: tokens[role] });
        await client.synced;
        expect(cardTexts(client.doc)).toEqual(cards);
        expect(client.doc.getMap('meta').get('title')).toBe(board.title);
      }
      const read = await api(server, tokens.owner, board.id);
      expect(await read.json()).toMatchObject({ id: board.id, title: board.title, role: 'owner' });
    }

    // The rotated link keeps its expiry; the link it replaced still opens nothing.
    const [first] = boards;
    if (!first) throw new Error('three boards');
    expect(await server.store.findToken(first.tokens.editor)).toEqual({
      boardId: first.board.id,
      role: 'editor',
      expiresAt: rotation.expiresAt,
    });
    expect((await api(server, rotation.replaced, first.board.id)).status).toBe(401);
    // The owner still unseals every link below it.
    const links = (await (await api(server, first.tokens.owner, first.board.id)).json()) as {
      links: Record<string, string>;
    };
    expect(links.links.editor).toContain(first.tokens.editor);

    // The person minted on SQLite is the same person here.
    const ada = connect(server, first.board.id, { token: first.tokens.viewer, identity: kept.identityToken });
    await ada.synced;
    const people = [...(server.rooms.get(first.board.id)?.connections ?? [])].map((c) => c.participantId);
    expect(people).toContain(kept.participantId);

    // The version lists as it did and restores its two cards.
    const versions = (await (
      await api(server, first.tokens.viewer, `${first.board.id}/versions`)
    ).json()) as Array<{
      id: string;
      name: string;
    }>;
    expect(versions.map((v) => [v.id, v.name])).toEqual([[kept.versionId, 'Two cards']]);
    const restored = await api(
      server,
      first.tokens.owner,
      `${first.board.id}/versions/${kept.versionId}/restore`,
      {
        method: 'POST',
      },
    );
    expect(restored.status).toBe(200);
    await waitFor(() => cardTexts(ada.doc).length === kept.versionCards.length, 5000, 'the restore');
    expect(cardTexts(ada.doc)).toEqual(kept.versionCards);
  });

  it('refuses a target that holds any of the boards, writing nothing; --skip-existing copies the others and says so', async () => {
    const url = await postgresUrl();
    // One board already in the target, as a run stopped after its first board would leave it.
    const [held] = boards;
    if (!held) throw new Error('three boards');
    const source = openSqliteStore(dataDir);
    const target = await openPostgresStore(url, { poolSize: 1 });
    onTestFinished(() => target.close());
    try {
      const rows = source.exportBoardRows(held.board.id);
      expect(rows && (await target.importBoardRows(rows))).toBe(true);
    } finally {
      source.close();
    }

    const refused = await migrate('--to', url, '--data-dir', dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the target already holds 1 of the 3 boards (${held.board.id})`);
    expect(refused.stderr).toContain('--skip-existing');
    expect(await target.listBoardIds(null, 10)).toEqual([held.board.id]);

    const resumed = await migrate('--to', url, '--data-dir', dataDir, '--skip-existing');
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('copied 2/3 boards');
    expect(resumed.stdout).toContain(`skipped 1 boards the target already held: ${held.board.id}`);
    expect(resumed.stdout).toContain('verified 3 boards');
    expect((await target.listBoardIds(null, 10)).sort()).toEqual(boards.map((b) => b.board.id).sort());

    const again = await migrate('--to', url, '--data-dir', dataDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the target already holds 3 of the 3 boards');
  });

  it('fails the verification, naming the board and what differs, when the target no longer matches', async () => {
    const url = await postgresUrl();
    expect((await migrate('--to', url, '--data-dir', dataDir)).code).toBe(0);
    const [, tampered] = boards;
    if (!tampered) throw new Error('three boards');
    // A card nobody made on SQLite (which also moves the board's updated time), and a viewer link that expired.
    const target = await openPostgresStore(url, { poolSize: 1 });
    onTestFinished(() => target.close());
    const doc = new Y.Doc();
    const state = await target.loadState(tampered.board.id);
    if (state.snapshot) Y.applyUpdate(doc, state.snapshot);
    for (const update of state.updates) Y.applyUpdate(doc, update);
    const before = Y.encodeStateVector(doc);
    addCard(doc, { ...firstCell(doc), text: 'Not in SQLite' });
    await target.appendUpdate(tampered.board.id, Y.encodeStateAsUpdate(doc, before), Date.now());
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    onTestFinished(() => client.end());
    await client.query("UPDATE links SET expires_at = 1 WHERE board_id = $1 AND role = 'viewer'", [
      tampered.board.id,
    ]);

    const check = await migrate('--to', url, '--data-dir', dataDir, '--skip-existing');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain(
      `board ${tampered.board.id} differs in the target: updated time, board content, links (token hashes or expiry)`,
    );
    expect(check.stdout).not.toContain('verified 3 boards');
  });

  it('streams a data directory of more boards than one page, saying how far it has got in at most a hundred lines', async () => {
    const many = tempDataDir();
    onTestFinished(() => rmSync(many, { recursive: true, force: true }));
    // One more than two pages of ids (500 each): the last page holds one board.
    const COUNT = 1001;
    const store = openSqliteStore(many);
    try {
      const doc = new Y.Doc();
      doc.getMap('meta').set('title', 'Imported');
      const state = Y.encodeStateAsUpdate(doc);
      for (let i = 0; i < COUNT; i++) {
        const tokens = Object.fromEntries(ROLES.map((role) => [role, `t-${i}-${role}-${'x'.repeat(24)}`]));
        store.createBoard(
          { id: `board-${i}`, title: `Board ${i}`, createdAt: i, updatedAt: i },
          state,
          tokens as Record<Role, string>,
        );
      }
    } finally {
      store.close();
    }
    const url = await postgresUrl();
    const run = await migrate('--to', url, '--data-dir', many);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const progress = run.stdout.split('\n').filter((line) => line.startsWith('copied '));
    expect(progress.length).toBeLessThanOrEqual(101);
    expect(progress.at(-1)).toBe(`copied ${COUNT}/${COUNT} boards`);
    expect(run.stdout).toContain(`verified ${COUNT} boards`);
  }, 180_000);

  it('copies a board with a long uncompacted log and versions of several megabytes whole', async () => {
    const big = tempDataDir();
    onTestFinished(() => rmSync(big, { recursive: true, force: true }));
    const UPDATES = 3000;
    const VERSIONS = 20;
    const store = openSqliteStore(big);
    const doc = new Y.Doc();
    try {
      const tokens = Object.fromEntries(ROLES.map((role) => [role, `big-${role}-${'x'.repeat(24)}`]));
      store.createBoard(
        { id: 'big', title: 'Big', createdAt: 1, updatedAt: 1 },
        Y.encodeStateAsUpdate(doc),
        tokens as Record<Role, string>,
      );
      const log = doc.getArray<string>('log');
      for (let i = 0; i < UPDATES; i++) {
        const before = Y.encodeStateVector(doc);
        log.push([`entry ${i}`]);
        store.appendUpdate('big', Y.encodeStateAsUpdate(doc, before), 2 + i);
      }
      // Versions of 256 KiB each that do not compress: 5 MiB together.
      for (let i = 0; i < VERSIONS; i++) {
        const state = new Uint8Array(randomBytes(256 * 1024));
        store.saveVersion(
          { id: `v${i}`, boardId: 'big', name: `Version ${i}`, createdAt: i, bytes: 0, automatic: false },
          state,
        );
      }
    } finally {
      store.close();
    }
    const url = await postgresUrl();
    const run = await migrate('--to', url, '--data-dir', big);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('verified 1 boards');
    const target = await openPostgresStore(url, { poolSize: 1 });
    onTestFinished(() => target.close());
    expect((await target.loadState('big')).updates).toHaveLength(UPDATES);
    expect(await target.versionUsage('big')).toEqual({ count: VERSIONS, bytes: VERSIONS * 256 * 1024 });
    const copy = new Y.Doc();
    applyStoredState(copy, await target.loadState('big'));
    expect(copy.getArray('log').toArray()).toEqual(doc.getArray('log').toArray());
  }, 120_000);

  it('says what is wrong with its arguments, exit 2, and makes no database where there was none', async () => {
    const empty = tempDataDir();
    onTestFinished(() => rmSync(empty, { recursive: true, force: true }));
    const cases: Array<[string[], string]> = [
      [['--data-dir', dataDir], '--to postgres://… is required'],
      [
        ['--to', 'mysql://db/boards', '--data-dir', dataDir],
        '--to must be a postgres:// or postgresql:// URL',
      ],
      [['--to', 'postgres://127.0.0.1/none', '--data-dir', empty], `no Journeyboard database in ${empty}`],
      [['--to', 'postgres://127.0.0.1/none', '--force'], "Unknown option '--force'"],
    ];
    for (const [args, message] of cases) {
      const outcome = await migrate(...args);
      expect(outcome.code, args.join(' ')).toBe(2);
      expect(outcome.stderr).toContain(message);
    }
    expect(existsSync(path.join(empty, 'journeyboard.sqlite'))).toBe(false);
  });
});
