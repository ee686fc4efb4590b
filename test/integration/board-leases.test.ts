/**
 * One committed writer per board on a shared Postgres (#20): the instance serving a
 * board's room holds its lease; another cannot open the board meanwhile (503), can
 * once the room unloads, and takes the lease over when its owner stops renewing it.
 * A paused owner that comes back is fenced: its commit is refused (LeaseLostError),
 * its clients are closed with 1011, and nothing it held after the take-over is
 * stored; its clients converge on the new owner.
 */
import {
  applyStoredState,
  LeaseLostError,
  openPostgresStore,
  type PostgresStore,
} from '@journeyboard/server';
import { addCard, ROLES, type Role } from '@journeyboard/shared';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import * as Y from 'yjs';
import { cardTexts, firstCell, storedCardTexts } from '../support/boards.js';
import { connectRecordingCloses, createBoardOver, openRaw, waitFor } from '../support/clients.js';
import { startTestServer, type TestServer, usePerTest } from '../support/server.js';
import { postgresUrl } from '../support/services.js';

const { running, clients } = usePerTest();

async function startInstance(
  databaseUrl: string,
  instanceId: string,
  leaseTtlMs: number,
): Promise<TestServer> {
  const server = await startTestServer({
    DATABASE_URL: databaseUrl,
    INSTANCE_ID: instanceId,
    LEASE_TTL_MS: String(leaseTtlMs),
    ROOM_UNLOAD_GRACE_MS: '200',
  });
  running.push(server);
  return server;
}

const connect = (server: TestServer, boardId: string, token: string, doc?: Y.Doc) =>
  connectRecordingCloses(server.wsUrl, boardId, token, clients, doc);

/** A REST change, which opens the board's room on the server asked. */
const rename = (server: TestServer, boardId: string, ownerToken: string, title: string) =>
  fetch(`${server.url}/api/boards/${boardId}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title }),
  });

async function sql(databaseUrl: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}

describe('board leases on one Postgres', () => {
  it('let one store hold a board at a time, renewed by its holder, taken over once expired, each write fenced by its epoch', async () => {
    const url = await postgresUrl();
    const open = async (instanceId: string) => {
      const store = await openPostgresStore(url, { poolSize: 2, instanceId, leaseTtlMs: 60_000 });
      onTestFinished(() => store.close());
      return store;
    };
    const a: PostgresStore = await open('a');
    const b: PostgresStore = await open('b');
    const boardId = 'leased-board';
    const initial = new Y.Doc();
    initial.getArray<string>('log').push(['created']);
    await a.createBoard(
      { id: boardId, title: 'Leased', createdAt: 1, updatedAt: 1 },
      Y.encodeStateAsUpdate(initial),
      Object.fromEntries(ROLES.map((role) => [role, `${role}-token-of-the-leased-board`])) as Record<
        Role,
        string
      >,
    );
    const adding = (item: string) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(initial));
      doc.getArray<string>('log').push([item]);
      return Y.encodeStateAsUpdate(doc, Y.encodeStateVector(initial));
    };

    const first = await a.leases.acquire(boardId);
    expect(first).toEqual({ boardId, owner: 'a', epoch: 1 });
    expect(await b.leases.acquire(boardId)).toBeNull();
    expect(await b.leases.heldElsewhere(boardId)).toBe('a');
    expect(await a.leases.heldElsewhere(boardId)).toBeNull();
    expect(await a.leases.renew([first!])).toEqual([]);
    await a.appendUpdate(boardId, adding('by a'), 2);

    // a stops renewing and its lease runs out (the database's clock decides): b takes it over.
    await sql(url, `UPDATE board_leases SET expires_at = now() - interval '1 second' WHERE board_id = $1`, [
      boardId,
    ]);
    expect(await a.leases.renew([first!])).toEqual([first]);
    const second = await b.leases.acquire(boardId);
    expect(second).toEqual({ boardId, owner: 'b', epoch: 2 });
    expect(await a.leases.renew([first!])).toEqual([first]);

    // a comes back and writes with its old epoch: refused, append and compaction alike, nothing stored.
    await expect(a.appendUpdate(boardId, adding('by a, paused'), 3)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(a.compact(boardId, adding('a snapshot of a'))).rejects.toBeInstanceOf(LeaseLostError);
    await b.appendUpdate(boardId, adding('by b'), 4);
    const stored = new Y.Doc();
    applyStoredState(stored, await b.loadState(boardId));
    expect(stored.getArray<string>('log').toArray().sort()).toEqual(['by a', 'by b', 'created']);

    // a's release of its lost lease leaves b's alone; b's release lets a take it, at a higher epoch.
    await a.leases.release(first!);
    expect(await a.leases.heldElsewhere(boardId)).toBe('b');
    await b.leases.release(second!);
    expect(await a.leases.heldElsewhere(boardId)).toBeNull();
    expect(await a.leases.acquire(boardId)).toEqual({ boardId, owner: 'a', epoch: 3 });
    // b let go: its writes are no longer fenced by a lease it does not hold, and a's new epoch passes.
    await a.appendUpdate(boardId, adding('by a again'), 5);
    expect(await b.leases.acquire(boardId)).toBeNull();
  });

  it('renews all of an instance’s leases in one round trip and answers only those it lost', async () => {
    const url = await postgresUrl();
    const a = await openPostgresStore(url, { poolSize: 1, instanceId: 'a', leaseTtlMs: 60_000 });
    const b = await openPostgresStore(url, { poolSize: 1, instanceId: 'b', leaseTtlMs: 60_000 });
    onTestFinished(async () => {
      await a.close();
      await b.close();
    });
    const ids = Array.from({ length: 300 }, (_, i) => `renewed-board-${i}`);
    await sql(
      url,
      `INSERT INTO boards (id, title, created_at, updated_at, snapshot, stored_bytes)
       SELECT id, 'Renewed', 1, 1, NULL, 0 FROM unnest($1::text[]) AS id`,
      [ids],
    );
    const leases = await Promise.all(ids.map((id) => a.leases.acquire(id)));
    expect(leases.every((lease) => lease?.owner === 'a')).toBe(true);
    const expiry = async () =>
      new Map(
        (await sql(url, 'SELECT board_id, expires_at FROM board_leases WHERE board_id = ANY($1)', [ids])).map(
          (row) => [row.board_id as string, new Date(row.expires_at).getTime()],
        ),
      );
    const before = await expiry();
    // One lease runs out and b takes that board over; another is let go.
    const [taken, released] = [leases[7]!, leases[42]!];
    await sql(url, `UPDATE board_leases SET expires_at = now() - interval '1 second' WHERE board_id = $1`, [
      taken.boardId,
    ]);
    expect(await b.leases.acquire(taken.boardId)).toMatchObject({ owner: 'b', epoch: 2 });
    await a.leases.release(released);

    await new Promise((resolve) => setTimeout(resolve, 20));
    const lost = await a.leases.renew(leases.map((lease) => lease!));
    expect(lost.map((lease) => lease.boardId).sort()).toEqual([released.boardId, taken.boardId].sort());
    const after = await expiry();
    // Every lease a still held is extended; the one it let go is not (b's take-over set the other's).
    const extended = ids.filter(
      (id) => id !== taken.boardId && (after.get(id) as number) > (before.get(id) as number),
    );
    expect(extended).toEqual(ids.filter((id) => id !== released.boardId && id !== taken.boardId));
    // b's lease on the board it took over is b's still.
    expect(await a.leases.heldElsewhere(taken.boardId)).toBe('b');
  });

  it('refuses a board another instance serves (503 with Retry-After, renewed past its time to live), until that room unloads', async () => {
    const databaseUrl = await postgresUrl();
    const first = await startInstance(databaseUrl, 'first', 300);
    const second = await startInstance(databaseUrl, 'second', 300);
    const board = await createBoardOver(first.url, 'Served by first');
    const alice = connect(first, board.id, board.tokens.editor);
    await alice.synced;
    addCard(alice.doc, { ...firstCell(alice.doc), text: 'From first' });
    await expect
      .poll(() => storedCardTexts(first.store, board.id), { timeout: 5000 })
      .toContain('From first');

    // Well past the lease's time to live: first keeps renewing it.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const refused = await rename(second, board.id, board.tokens.owner, 'Renamed on second');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ detail: 'board is served by another instance' });
    const upgrade = openRaw(second.wsUrl, board.id, board.tokens.viewer);
    expect(await upgrade.closed).toEqual({ code: -503, reason: 'Service Unavailable' });
    expect(second.rooms.size).toBe(0);

    // Alice leaves; first unloads the room after its grace and lets the lease go.
    alice.provider.destroy();
    await waitFor(() => first.rooms.size === 0, 5000, 'first to unload the room');
    // The release reaches Postgres a moment after the room is gone: until then second is refused.
    await expect
      .poll(async () => (await rename(second, board.id, board.tokens.owner, 'Renamed on second')).status, {
        timeout: 5000,
      })
      .toBe(200);
    const bob = connect(second, board.id, board.tokens.viewer);
    await bob.synced;
    expect(cardTexts(bob.doc)).toContain('From first');
    // Now first is the one refused.
    expect((await rename(first, board.id, board.tokens.owner, 'Back on first')).status).toBe(503);
  });

  it('fences a paused owner: its commit after a take-over is refused, its clients closed 1011, and they converge on the new owner', async () => {
    const databaseUrl = await postgresUrl();
    // Renewals every 20 s: within this test first renews nothing, as if paused.
    const first = await startInstance(databaseUrl, 'first', 60_000);
    const second = await startInstance(databaseUrl, 'second', 60_000);
    const board = await createBoardOver(first.url, 'Taken over');
    const alice = connect(first, board.id, board.tokens.editor);
    await alice.synced;
    addCard(alice.doc, { ...firstCell(alice.doc), text: 'Before the take-over' });
    await expect
      .poll(() => storedCardTexts(second.store, board.id), { timeout: 5000 })
      .toContain('Before the take-over');

    // first's lease runs out unrenewed; second opens the board and takes it over.
    await sql(databaseUrl, `UPDATE board_leases SET expires_at = now() WHERE board_id = $1`, [board.id]);
    const bob = connect(second, board.id, board.tokens.editor);
    await bob.synced;
    expect(cardTexts(bob.doc)).toEqual(['Before the take-over']);
    expect(
      await sql(databaseUrl, 'SELECT owner, epoch FROM board_leases WHERE board_id = $1', [board.id]),
    ).toEqual([{ owner: 'second', epoch: '2' }]);
    addCard(bob.doc, { ...firstCell(bob.doc), text: 'By the new owner' });

    // first, still holding its room, commits Alice's next edit: refused, and Alice is closed with 1011.
    addCard(alice.doc, { ...firstCell(alice.doc), text: 'Held by the paused owner' });
    await waitFor(() => alice.closes.includes(1011), 5000, 'first to close alice with 1011');
    expect(first.rooms.get(board.id)).toBeUndefined();
    expect(first.logs.some((line) => line.msg === 'board lease lost; closing the room')).toBe(true);
    await expect
      .poll(() => storedCardTexts(second.store, board.id), { timeout: 5000 })
      .toEqual(['Before the take-over', 'By the new owner']);
    expect(cardTexts(bob.doc)).toEqual(['Before the take-over', 'By the new owner']);

    // Alice comes back through the new owner: her edit is resent, stored once, and everyone converges.
    alice.provider.destroy();
    const aliceAgain = connect(second, board.id, board.tokens.editor, alice.doc);
    await aliceAgain.synced;
    const all = ['Before the take-over', 'By the new owner', 'Held by the paused owner'];
    await waitFor(() => cardTexts(bob.doc).length === 3, 5000, 'alice’s edit to reach bob');
    expect(cardTexts(bob.doc)).toEqual(all);
    expect(cardTexts(alice.doc)).toEqual(all);
    await expect.poll(() => storedCardTexts(second.store, board.id), { timeout: 5000 }).toEqual(all);
  });

  it('lets a stopping server’s boards go at once, and drops a room whose renewal is refused', async () => {
    const databaseUrl = await postgresUrl();
    const first = await startInstance(databaseUrl, 'first', 60_000);
    const second = await startInstance(databaseUrl, 'second', 300);
    const board = await createBoardOver(first.url, 'Handed on');
    const alice = connect(first, board.id, board.tokens.editor);
    await alice.synced;
    // A stop unloads the room and releases its lease before the store closes: no waiting out its 60 s.
    await first.stop();
    running.splice(running.indexOf(first), 1);
    expect((await rename(second, board.id, board.tokens.owner, 'On second')).status).toBe(200);

    const bob = connect(second, board.id, board.tokens.editor);
    await bob.synced;
    // Someone else holds the lease now (as after a take-over while second was paused): second's next renewal is refused.
    await sql(databaseUrl, `UPDATE board_leases SET owner = 'third', epoch = epoch + 1 WHERE board_id = $1`, [
      board.id,
    ]);
    await waitFor(() => bob.closes.includes(1011), 2000, 'second to close bob with 1011');
    expect(second.rooms.get(board.id)).toBeUndefined();
    expect(second.logs.some((line) => line.msg === 'board lease lost; closing the room')).toBe(true);
  });
});
