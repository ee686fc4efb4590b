/**
 * The store's contract, held against both stores: SQLite (the embedded default,
 * wrapped by syncAsAsync) and Postgres (cluster mode, #20) on a real server from
 * test/support/services.ts. Each test opens its own: a fresh data directory, or a
 * fresh database.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import {
  type AsyncBoardStore,
  type BoardRecord,
  openPostgresStore,
  openSqliteStore,
  syncAsAsync,
} from '@journeyboard/server';
import { ROLES, type Role } from '@journeyboard/shared';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { tempDataDir } from '../support/server.js';
import { postgresUrl } from '../support/services.js';

/** A store for the running test, and another connection to the same data (a second process or instance). */
interface Opened {
  store: AsyncBoardStore;
  another(): Promise<AsyncBoardStore>;
}

async function closeWhenDone(store: AsyncBoardStore): Promise<AsyncBoardStore> {
  onTestFinished(() => store.close());
  return store;
}

const STORES: Array<[string, () => Promise<Opened>]> = [
  [
    'SQLite',
    async () => {
      const dir = tempDataDir();
      onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
      const open = () => closeWhenDone(syncAsAsync(openSqliteStore(dir)));
      return { store: await open(), another: open };
    },
  ],
  [
    'Postgres',
    async () => {
      const url = await postgresUrl();
      const open = async () => closeWhenDone(await openPostgresStore(url, { poolSize: 4 }));
      return { store: await open(), another: open };
    },
  ],
];

const token = () => randomBytes(24).toString('base64url');
const tokensForEveryRole = () =>
  Object.fromEntries(ROLES.map((role) => [role, token()])) as Record<Role, string>;

/** A Yjs update that adds `item` to the board's `log` array, made by a document of its own. */
function updateAdding(item: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getArray<string>('log').push([item]);
  return Y.encodeStateAsUpdate(doc);
}

const INITIAL = updateAdding('created');

async function newBoard(store: AsyncBoardStore, overrides: Partial<BoardRecord> = {}) {
  const board: BoardRecord = {
    id: `b-${token()}`,
    title: 'Onboarding',
    createdAt: 1_000,
    updatedAt: 1_000,
    ...overrides,
  };
  const tokens = tokensForEveryRole();
  await store.createBoard(board, INITIAL, tokens);
  return { board, tokens };
}

const hex = (data: Uint8Array) => Buffer.from(data).toString('hex');

describe.each(STORES)('the %s store', (_name, open) => {
  it('creates, finds and deletes a board, and with it everything the board held', async () => {
    const { store } = await open();
    const { board, tokens } = await newBoard(store);
    expect(await store.getBoard(board.id)).toEqual(board);
    expect(await store.getBoard('no-such-board')).toBeNull();
    await store.setTitle(board.id, 'Renamed', 2_000);
    expect(await store.getBoard(board.id)).toEqual({ ...board, title: 'Renamed', updatedAt: 2_000 });

    await store.appendUpdate(board.id, updateAdding('note'), 3_000);
    await store.saveVersion(
      { id: 'v1', boardId: board.id, name: 'Before', createdAt: 3_000, bytes: 0, automatic: false },
      INITIAL,
    );
    const identityToken = token();
    await store.createIdentity(
      { boardId: board.id, participantId: 'p1', name: 'Ada', createdAt: 3_000 },
      identityToken,
    );
    await store.deleteBoard(board.id);

    expect(await store.getBoard(board.id)).toBeNull();
    expect(await store.findToken(tokens.owner)).toBeNull();
    expect(await store.loadState(board.id)).toEqual({ snapshot: null, updates: [], bytes: 0 });
    expect(await store.storedBytes(board.id)).toBe(0);
    expect(await store.listVersions(board.id)).toEqual([]);
    expect(await store.findIdentity(identityToken)).toBeNull();
  });

  it('finds each link by its token and reveals to each role its own link and those below it', async () => {
    const { store } = await open();
    const { board, tokens } = await newBoard(store);
    for (const role of ROLES)
      expect(await store.findToken(tokens[role])).toEqual({ boardId: board.id, role, expiresAt: null });
    expect(await store.findToken(token())).toBeNull();
    expect(await store.linkRoles(board.id)).toEqual([...ROLES]);

    for (const [rank, holder] of ROLES.entries()) {
      const below = Object.fromEntries(ROLES.slice(rank).map((role) => [role, tokens[role]]));
      expect(await store.revealTokens(board.id, holder, tokens[holder])).toEqual(below);
    }
    // Another role's token opens none of the owner's boxes: only the token presented comes back.
    expect(await store.revealTokens(board.id, 'owner', tokens.editor)).toEqual({ owner: tokens.editor });
  });

  it('rotates links: the old token opens nothing, the new one carries its expiry, every box is sealed again', async () => {
    const { store } = await open();
    const { board, tokens } = await newBoard(store);
    const rotated = { ...tokens, editor: token(), viewer: token() };
    await store.rotateTokens(board.id, rotated, { editor: 9_000_000, viewer: null });

    expect(await store.findToken(tokens.editor)).toBeNull();
    expect(await store.findToken(tokens.viewer)).toBeNull();
    expect(await store.findToken(rotated.editor)).toEqual({
      boardId: board.id,
      role: 'editor',
      expiresAt: 9_000_000,
    });
    expect(await store.findToken(rotated.viewer)).toEqual({
      boardId: board.id,
      role: 'viewer',
      expiresAt: null,
    });
    expect(await store.findToken(tokens.owner)).toEqual({
      boardId: board.id,
      role: 'owner',
      expiresAt: null,
    });
    expect(await store.revealTokens(board.id, 'owner', tokens.owner)).toEqual(rotated);
  });

  it('appends updates, loads them in order after the snapshot, and counts the bytes', async () => {
    const { store } = await open();
    const { board } = await newBoard(store);
    const updates = ['first', 'second', 'third'].map(updateAdding);
    let expected = INITIAL.byteLength;
    for (const [i, update] of updates.entries()) {
      expected += update.byteLength;
      expect(await store.appendUpdate(board.id, update, 5_000 + i)).toBe(expected);
    }
    expect(await store.loadState(board.id)).toEqual({ snapshot: INITIAL, updates, bytes: expected });
    expect(await store.storedBytes(board.id)).toBe(expected);
    expect((await store.getBoard(board.id))?.updatedAt).toBe(5_002);
    await expect(store.appendUpdate('no-such-board', updates[0] as Uint8Array, 6_000)).rejects.toThrow();
  });

  it('compacts the log into one snapshot, in call order with the appends around it', async () => {
    const { store } = await open();
    const { board } = await newBoard(store);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, INITIAL);
    const before = updateAdding('before');
    Y.applyUpdate(doc, before);
    const snapshot = Y.encodeStateAsUpdate(doc);
    const after = updateAdding('after');
    // Asked for together: the compaction replaces exactly the append called before it, never the one after.
    await Promise.all([
      store.appendUpdate(board.id, before, 7_000),
      store.compact(board.id, snapshot),
      store.appendUpdate(board.id, after, 7_001),
    ]);
    const bytes = snapshot.byteLength + after.byteLength;
    expect(await store.loadState(board.id)).toEqual({ snapshot, updates: [after], bytes });
    expect(await store.storedBytes(board.id)).toBe(bytes);
  });

  it('keeps named versions: saves, lists in time order, loads, deletes and counts them', async () => {
    const { store } = await open();
    const { board } = await newBoard(store);
    const { board: other } = await newBoard(store);
    const big = updateAdding('x'.repeat(500));
    // Two versions saved in the same millisecond list by id, bytewise ('v-B' before 'v-a').
    await store.saveVersion(
      { id: 'v-a', boardId: board.id, name: 'Second', createdAt: 8_000, bytes: 0, automatic: false },
      big,
    );
    await store.saveVersion(
      { id: 'v-B', boardId: board.id, name: 'First', createdAt: 8_000, bytes: 0, automatic: false },
      INITIAL,
    );
    await store.saveVersion(
      { id: 'v-0', boardId: board.id, name: 'Earliest', createdAt: 7_000, bytes: 0, automatic: false },
      INITIAL,
    );

    expect(await store.listVersions(board.id)).toEqual([
      {
        id: 'v-0',
        boardId: board.id,
        name: 'Earliest',
        createdAt: 7_000,
        bytes: INITIAL.byteLength,
        automatic: false,
      },
      {
        id: 'v-B',
        boardId: board.id,
        name: 'First',
        createdAt: 8_000,
        bytes: INITIAL.byteLength,
        automatic: false,
      },
      {
        id: 'v-a',
        boardId: board.id,
        name: 'Second',
        createdAt: 8_000,
        bytes: big.byteLength,
        automatic: false,
      },
    ]);
    expect(await store.loadVersion(board.id, 'v-a')).toEqual(big);
    expect(await store.loadVersion(other.id, 'v-a')).toBeNull();
    expect(await store.versionUsage(board.id)).toEqual({
      count: 3,
      bytes: 2 * INITIAL.byteLength + big.byteLength,
    });
    expect(await store.versionUsage(other.id)).toEqual({ count: 0, bytes: 0 });

    expect(await store.deleteVersion(other.id, 'v-a')).toBe(false);
    expect(await store.deleteVersion(board.id, 'v-a')).toBe(true);
    expect(await store.deleteVersion(board.id, 'v-a')).toBe(false);
    expect(await store.versionUsage(board.id)).toEqual({ count: 2, bytes: 2 * INITIAL.byteLength });
  });

  it('keeps automatic versions apart: out of the named quota, pruned oldest first, named ones untouched', async () => {
    const { store } = await open();
    const { board } = await newBoard(store);
    await store.saveVersion(
      { id: 'n-1', boardId: board.id, name: 'Named', createdAt: 1_000, bytes: 0, automatic: false },
      INITIAL,
    );
    for (const at of [2_000, 3_000, 4_000]) {
      await store.saveVersion(
        { id: `a-${at}`, boardId: board.id, name: `Before ${at}`, createdAt: at, bytes: 0, automatic: true },
        INITIAL,
      );
    }
    expect(await store.versionUsage(board.id)).toEqual({ count: 1, bytes: INITIAL.byteLength });
    expect((await store.listVersions(board.id)).map((v) => [v.id, v.automatic])).toEqual([
      ['n-1', false],
      ['a-2000', true],
      ['a-3000', true],
      ['a-4000', true],
    ]);

    expect(await store.pruneAutomaticVersions(board.id, 2)).toBe(1);
    expect(await store.pruneAutomaticVersions(board.id, 2)).toBe(0);
    expect((await store.listVersions(board.id)).map((v) => v.id)).toEqual(['n-1', 'a-3000', 'a-4000']);
  });

  it('keeps identities: found by their token on the board that minted them, and counted', async () => {
    const { store } = await open();
    const { board } = await newBoard(store);
    const { board: other } = await newBoard(store);
    const ada = { boardId: board.id, participantId: 'p-ada', name: 'Ada', createdAt: 9_000 };
    const adaToken = token();
    await store.createIdentity(ada, adaToken);
    await store.createIdentity({ ...ada, participantId: 'p-grace', name: 'Grace' }, token());

    expect(await store.findIdentity(adaToken)).toEqual(ada);
    expect(await store.findIdentity(token())).toBeNull();
    expect(await store.identityCount(board.id)).toBe(2);
    expect(await store.identityCount(other.id)).toBe(0);
    // A token names one person: a second identity with it is refused.
    await expect(store.createIdentity({ ...ada, participantId: 'p-copy' }, adaToken)).rejects.toThrow();
  });

  it('lists every board a page at a time, in bytewise order', async () => {
    const { store } = await open();
    const ids = ['b-a', 'b-B', 'b-0', 'b-é', 'b-Z'];
    for (const id of ids) await newBoard(store, { id });
    const sorted = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(await store.listBoardIds(null, 2)).toEqual(sorted.slice(0, 2));
    expect(await store.listBoardIds(sorted[1] ?? null, 2)).toEqual(sorted.slice(2, 4));
    expect(await store.listBoardIds(sorted[3] ?? null, 2)).toEqual(sorted.slice(4));
    expect(await store.listBoardIds(sorted[4] ?? null, 2)).toEqual([]);
    // A page is 1-1000 ids, whatever is asked.
    expect(await store.listBoardIds(null, 0)).toEqual(sorted.slice(0, 1));
    expect(await store.listBoardIds(null, 1e9)).toEqual(sorted);
  });

  it('exports a board’s rows and imports them into another store as they are: links, versions and identities keep working', async () => {
    const { store } = await open();
    const { board, tokens } = await newBoard(store);
    const rotated = { ...tokens, editor: token() };
    await store.rotateTokens(board.id, rotated, { editor: 9_000_000 });
    await store.appendUpdate(board.id, updateAdding('first'), 2_000);
    await store.appendUpdate(board.id, updateAdding('second'), 2_001);
    await store.saveVersion(
      { id: 'v1', boardId: board.id, name: 'Before', createdAt: 2_500, bytes: 0, automatic: false },
      INITIAL,
    );
    const adaToken = token();
    const ada = { boardId: board.id, participantId: 'p-ada', name: 'Ada', createdAt: 3_000 };
    await store.createIdentity(ada, adaToken);
    const rows = await store.exportBoardRows(board.id);
    expect(await store.exportBoardRows('no-such-board')).toBeNull();
    if (!rows) throw new Error('the board has rows');
    // Hashes and sealed boxes, never a token in plain text.
    expect(JSON.stringify(rows)).not.toContain(rotated.editor);
    expect(rows.links.map((link) => [link.role, link.expiresAt])).toEqual(
      [...ROLES].sort().map((role) => [role, role === 'editor' ? 9_000_000 : null]),
    );
    expect(rows.updates.map((update) => update.createdAt)).toEqual([2_000, 2_001]);

    const { store: target } = await open();
    expect(await target.importBoardRows(rows)).toBe(true);
    expect(await target.exportBoardRows(board.id)).toEqual(rows);
    expect(await target.getBoard(board.id)).toEqual(await store.getBoard(board.id));
    expect(await target.loadState(board.id)).toEqual(await store.loadState(board.id));
    expect(await target.storedBytes(board.id)).toBe(await store.storedBytes(board.id));
    expect(await target.findToken(rotated.editor)).toEqual({
      boardId: board.id,
      role: 'editor',
      expiresAt: 9_000_000,
    });
    expect(await target.findToken(tokens.editor)).toBeNull();
    expect(await target.revealTokens(board.id, 'owner', tokens.owner)).toEqual(rotated);
    expect(await target.listVersions(board.id)).toEqual(await store.listVersions(board.id));
    expect(await target.loadVersion(board.id, 'v1')).toEqual(INITIAL);
    expect(await target.findIdentity(adaToken)).toEqual(ada);
    // The log goes on from where it was.
    await target.appendUpdate(board.id, updateAdding('third'), 4_000);
    expect((await target.loadState(board.id)).updates).toHaveLength(3);

    // A board already there is left as it is.
    expect(await target.importBoardRows({ ...rows, board: { ...rows.board, title: 'Other' } })).toBe(false);
    expect((await target.getBoard(board.id))?.title).toBe('Onboarding');
    // A board whose identity token another board has: refused whole, nothing of it stored.
    const clash = { ...rows, board: { ...rows.board, id: 'b-clash' }, links: [], sealedLinks: [] };
    await expect(target.importBoardRows(clash)).rejects.toThrow();
    expect(await target.getBoard('b-clash')).toBeNull();
    expect(await target.listBoardIds(null, 10)).toEqual([board.id]);
  });

  it('loses nothing and keeps each writer’s order when two connections append to one board at once', async () => {
    const { store, another } = await open();
    const second = await another();
    const { board } = await newBoard(store);
    const PER_WRITER = 60;
    const sent = { a: [] as Uint8Array[], b: [] as Uint8Array[] };
    const write = async (writer: 'a' | 'b', target: AsyncBoardStore) => {
      for (let i = 0; i < PER_WRITER; i++) {
        const update = updateAdding(`${writer}-${i}`);
        sent[writer].push(update);
        await target.appendUpdate(board.id, update, 10_000 + i);
      }
    };
    // Meanwhile one connection is asked for many appends without waiting: its log keeps the call order.
    const burst = Array.from({ length: 20 }, (_, i) => updateAdding(`burst-${i}`));
    await Promise.all([
      write('a', store),
      write('b', second),
      Promise.all(burst.map((update) => store.appendUpdate(board.id, update, 11_000))),
    ]);

    const { updates, bytes } = await second.loadState(board.id);
    const logged = updates.map(hex);
    const inLog = (list: Uint8Array[]) => logged.filter((u) => list.map(hex).includes(u));
    expect(updates).toHaveLength(2 * PER_WRITER + burst.length);
    expect(inLog(sent.a)).toEqual(sent.a.map(hex));
    expect(inLog(sent.b)).toEqual(sent.b.map(hex));
    expect(inLog(burst)).toEqual(burst.map(hex));
    expect(await store.storedBytes(board.id)).toBe(bytes);

    const doc = new Y.Doc();
    Y.applyUpdate(doc, INITIAL);
    for (const update of updates) Y.applyUpdate(doc, update);
    expect(doc.getArray('log').length).toBe(1 + 2 * PER_WRITER + burst.length);
  });
});

describe('Postgres migrations', () => {
  it('run once: a second store on the same database finds them applied and changes nothing', async () => {
    const url = await postgresUrl();
    const first = await openPostgresStore(url, { poolSize: 1 });
    const { board } = await newBoard(first);
    await first.close();
    const second = await openPostgresStore(url, { poolSize: 1 });
    onTestFinished(() => second.close());
    expect(await second.getBoard(board.id)).toEqual(board);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    onTestFinished(() => client.end());
    const { rows } = await client.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual([
      { version: 1, name: '001_boards.sql' },
      { version: 2, name: '002_board_leases.sql' },
      { version: 3, name: '003_automatic_versions.sql' },
    ]);
  });
});
