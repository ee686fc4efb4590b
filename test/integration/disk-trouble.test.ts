/**
 * Disk trouble: while the store refuses writes (a full disk, a read-only database
 * file) an edit is neither broadcast nor acknowledged, its author's connection is
 * closed with 1011 and it keeps the edit; once storage works again it is resent,
 * reaches everyone and is on disk. Both faults are real SQLite failures under the
 * live server:
 * - full disk: the store's page cap (`PRAGMA max_page_count`, per connection, so set
 *   through `store.limitPages`) held at the file's size, and the remaining free space
 *   in its pages used up by a ballast board, until SQLite answers SQLITE_FULL;
 * - read-only file: `chattr +i` on the database and its WAL (root ignores `chmod`);
 *   SQLite then fails the write with SQLITE_IOERR_WRITE, as on a file system
 *   remounted read-only. Not the `-shm` file: SQLite writes it through a memory
 *   mapping, and an immutable mapping kills the process with SIGBUS.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addCard, readBoard } from '@journeyboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { firstCell } from '../support/boards.js';
import { type Client, connectClient, createBoardOver, waitFor } from '../support/clients.js';
import { boardOnDisk, fillDisk, sqliteOf } from '../support/disk.js';
import { metricValue } from '../support/metrics.js';
import { removeDataDir, startTestServer, type TestServer, tempDataDir } from '../support/server.js';

const STORAGE_FAILED = 'storage failed; closing the room without accepting the edit';
const DATABASE_FILES = ['journeyboard.sqlite', 'journeyboard.sqlite-wal'];

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Fault {
  name: string;
  /** The SQLite code the failed append carries. */
  code: RegExp;
  inject(server: TestServer): Promise<void>;
  lift(server: TestServer): void;
}

function chattr(flag: '+i' | '-i', dataDir: string): void {
  for (const file of DATABASE_FILES) {
    const target = path.join(dataDir, file);
    if (existsSync(target)) execFileSync('chattr', [flag, target]);
  }
}

/** Whether this file system and user can make a file immutable (ext4 as root can; tmpfs or non-root may not). */
function immutableFilesWork(): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'journeyboard-chattr-'));
  const probe = path.join(dir, 'probe');
  writeFileSync(probe, 'x');
  try {
    execFileSync('chattr', ['+i', probe], { stdio: 'ignore' });
    execFileSync('chattr', ['-i', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const FAULTS: Array<Fault & { supported: boolean }> = [
  {
    name: 'a full disk',
    code: /^SQLITE_FULL$/,
    supported: true,
    inject: fillDisk,
    lift: (server) => {
      sqliteOf(server).limitPages(null);
    },
  },
  {
    name: 'a read-only database file',
    code: /^SQLITE_IOERR/,
    supported: immutableFilesWork(),
    inject: async (server) => chattr('+i', server.dataDir),
    lift: (server) => chattr('-i', server.dataDir),
  },
];

/** A server whose data directory outlives it, so the test can open the store afterwards. */
async function serverFor(fault: Fault, env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = tempDataDir();
  const server = await startTestServer(env, dataDir);
  cleanups.push(() => removeDataDir(dataDir));
  cleanups.push(() => server.close());
  cleanups.push(() => fault.lift(server));
  return server;
}

function connect(server: TestServer, boardId: string, token: string): Client & { closes: number[] } {
  const client = connectClient(server.wsUrl, boardId, token);
  cleanups.push(() => client.destroy());
  const closes: number[] = [];
  client.provider.on('connection-close', (event) => {
    if (event) closes.push(event.code);
  });
  return Object.assign(client, { closes });
}

/** Alice and Bob, editors synced on a new board, each keeping the close codes it is sent; and a cell to edit. */
async function aliceAndBob(server: TestServer, title: string) {
  const board = await createBoardOver(server.url, title);
  const alice = connect(server, board.id, board.tokens.editor);
  const bob = connect(server, board.id, board.tokens.editor);
  await Promise.all([alice.synced, bob.synced]);
  return { board, alice, bob, cell: firstCell(alice.doc) };
}

const texts = (doc: Y.Doc) => readBoard(doc).cards.map((card) => card.text);

const scrape = (server: TestServer, series: string) => metricValue(server.url, series);

describe('storage that refuses writes', () => {
  for (const fault of FAULTS) {
    it.skipIf(!fault.supported)(
      `${fault.name}: edits are refused visibly, kept by their authors and stored once it is fixed`,
      async () => {
        const server = await serverFor(fault);
        const { board, alice, bob, cell } = await aliceAndBob(server, 'Disk trouble');
        addCard(alice.doc, { ...cell, text: 'Stored before the trouble' });
        await waitFor(() => texts(bob.doc).includes('Stored before the trouble'), 5000, 'the first card');

        await fault.inject(server);
        addCard(alice.doc, { ...cell, text: 'Alice, during the trouble' });
        await waitFor(() => alice.closes.includes(1011), 5000, 'the server to close alice with 1011');
        await waitFor(() => bob.closes.includes(1011), 5000, 'the server to close bob with 1011');
        const firstFailure = server.logs.find((line) => line.msg === STORAGE_FAILED) as {
          err: { code: string };
        };
        expect(firstFailure.err.code).toMatch(fault.code);
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(503);
        expect(await health.json()).toMatchObject({
          status: 'degraded',
          storage: { error: expect.stringMatching(fault.code) },
        });
        expect(await scrape(server, 'journeyboard_errors_total{kind="storage"}')).toBeGreaterThanOrEqual(1);

        // Bob edits too; both reconnect to a room reloaded from disk, resend, and are refused again.
        addCard(bob.doc, { ...cell, text: 'Bob, during the trouble' });
        await waitFor(
          () => server.logs.filter((line) => line.msg === STORAGE_FAILED).length >= 3,
          10_000,
          'the resent edits to be refused again',
        );
        // Each refusal doubles the wait before the board's clients are asked to resend.
        const retries = server.logs
          .filter((line) => line.msg === STORAGE_FAILED)
          .map((line) => line.retryInMs);
        expect(retries.slice(0, 3)).toEqual([500, 1000, 2000]);
        expect(texts(alice.doc)).toContain('Alice, during the trouble');
        expect(texts(alice.doc)).not.toContain('Bob, during the trouble');
        expect(texts(bob.doc)).toContain('Bob, during the trouble');
        expect(texts(bob.doc)).not.toContain('Alice, during the trouble');
        expect(boardOnDisk(server.dataDir, board.id).cards.map((c) => c.text)).toEqual([
          'Stored before the trouble',
        ]);

        fault.lift(server);
        const everything = [
          'Alice, during the trouble',
          'Bob, during the trouble',
          'Stored before the trouble',
        ];
        for (const client of [alice, bob]) {
          await waitFor(
            () => texts(client.doc).length === 3,
            15_000,
            'both edits to arrive everywhere after recovery',
          );
          expect(texts(client.doc).sort()).toEqual(everything);
        }
        expect(
          boardOnDisk(server.dataDir, board.id)
            .cards.map((c) => c.text)
            .sort(),
        ).toEqual(everything);
        const recovered = await fetch(`${server.url}/healthz`);
        expect(recovered.status).toBe(200);
        expect(await recovered.json()).toMatchObject({ status: 'ok' });
      },
    );
  }

  it('a REST change storage refuses answers 503 and leaves the board as stored', async () => {
    const fault = FAULTS[0]!;
    const server = await serverFor(fault);
    const board = await createBoardOver(server.url, 'Before');
    await fault.inject(server);
    const rename = await fetch(`${server.url}/api/boards/${board.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${board.tokens.owner}` },
      body: JSON.stringify({ title: 'A title longer than any space left on this disk '.repeat(3) }),
    });
    expect(rename.status).toBe(503);
    expect((await rename.json()).title).toBe('Storage unavailable');
    expect(boardOnDisk(server.dataDir, board.id).meta.title).toBe('Before');
  });

  it('a compaction that storage refuses keeps the log and the server running', async () => {
    const fault = FAULTS[0]!;
    const server = await serverFor(fault, { COMPACT_EVERY_UPDATES: '2' });
    const { board, alice, bob, cell } = await aliceAndBob(server, 'Compaction');
    // A large first append, then no new pages: the second, small append fits in the
    // pages there are, but the snapshot that compaction writes is larger than the old one.
    const notes = Array.from({ length: 2000 }, (_, i) => `${i.toString(36)}-${(i * 7919) % 997}`).join(' ');
    addCard(alice.doc, { ...cell, text: 'Large', notes });
    await waitFor(() => texts(bob.doc).includes('Large'), 5000, 'the large card');
    sqliteOf(server).limitPages(1);
    addCard(alice.doc, { ...cell, text: 'Small' });
    await waitFor(() => texts(bob.doc).includes('Small'), 5000, 'the small card, stored and broadcast');
    await waitFor(
      () => server.logs.some((line) => line.msg === 'compaction failed; the update log is kept'),
      5000,
      'the compaction to fail',
    );
    expect(alice.closes).toEqual([]);
    expect(alice.provider.wsconnected).toBe(true);
    expect(await scrape(server, 'journeyboard_errors_total{kind="compaction"}')).toBe(1);
    expect(boardOnDisk(server.dataDir, board.id).cards.map((c) => c.text)).toEqual(['Large', 'Small']);
  });
});
