/**
 * Durability: an update is committed before anyone sees it, so a SIGKILL loses
 * nothing that any client had received; SIGTERM drains and compacts; compaction
 * is atomic.
 */
import { openSqliteStore } from '@journeyboard/server';
import { addCard, readBoard } from '@journeyboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { firstCell } from '../support/boards.js';
import { type Client, connectClient, createBoardOver, waitFor } from '../support/clients.js';
import { freePort } from '../support/ports.js';
import { removeDataDir, type ServerProcess, spawnServer, tempDataDir } from '../support/server.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(server: ServerProcess): ServerProcess {
  cleanups.push(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    return server.exited;
  });
  return server;
}

/** A data folder for this test alone, removed after it. */
function scratchDataDir(): string {
  const dataDir = tempDataDir();
  cleanups.push(() => removeDataDir(dataDir));
  return dataDir;
}

function cardIds(doc: Y.Doc): Set<string> {
  return new Set(Array.from(doc.getMap('cards').keys()));
}

describe('a server killed with SIGKILL mid-edit', () => {
  it('keeps every update that any client had received', async () => {
    const dataDir = scratchDataDir();
    const port = await freePort();
    const first = track(await spawnServer(dataDir, port));
    const board = await createBoardOver(first.url, 'Crash test');
    const writers: Client[] = [0, 1, 2].map(() => connectClient(first.wsUrl, board.id, board.tokens.editor));
    const observer = connectClient(first.wsUrl, board.id, board.tokens.viewer);
    await Promise.all([...writers, observer].map((c) => c.synced));
    const layout = readBoard(writers[0]!.doc);

    // Three people keep adding cards while the server dies under them.
    let editing = true;
    let added = 0;
    const loops = writers.map(async (writer, w) => {
      while (editing) {
        addCard(writer.doc, {
          stageId: layout.stages[added % 8]!.id,
          laneId: layout.lanes[w]!.id,
          text: `w${w}-${added++}`,
        });
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    });
    await waitFor(() => cardIds(observer.doc).size >= 60, 10_000, 'the observer to see edits');
    first.child.kill('SIGKILL');
    await first.exited;
    editing = false;
    await Promise.all(loops);
    // What each client had received from the server, frozen before anyone can resend it.
    const seen = new Set<string>();
    for (const client of [observer, ...writers]) {
      client.provider.disconnect();
      client.provider.destroy();
    }
    for (const id of cardIds(observer.doc)) seen.add(id);
    expect(added).toBeGreaterThan(seen.size);

    const second = track(await spawnServer(dataDir, port));
    const fresh = connectClient(second.wsUrl, board.id, board.tokens.viewer);
    cleanups.push(() => fresh.destroy());
    await fresh.synced;
    const recovered = cardIds(fresh.doc);
    const lost = Array.from(seen).filter((id) => !recovered.has(id));
    expect(lost).toEqual([]);
    expect(readBoard(fresh.doc).repairs).toEqual([]);
  });
});

describe('SIGTERM', () => {
  it('drains: flushes and compacts every room, then exits 0; nothing is lost', async () => {
    const dataDir = scratchDataDir();
    const port = await freePort();
    const server = track(await spawnServer(dataDir, port));
    const board = await createBoardOver(server.url);
    const alice = connectClient(server.wsUrl, board.id, board.tokens.editor);
    await alice.synced;
    const cell = firstCell(alice.doc);
    for (let i = 0; i < 20; i++) addCard(alice.doc, { ...cell, text: `card ${i}` });
    const written = cardIds(alice.doc);
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    alice.destroy();
    expect(server.output.join('')).toMatch(/draining/);

    const store = openSqliteStore(dataDir);
    const state = store.loadState(board.id);
    store.close();
    expect(state.updates).toEqual([]);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state.snapshot!);
    expect(cardIds(doc)).toEqual(written);
  });
});

describe('compaction', () => {
  it('replaces snapshot and log in one transaction: a failure leaves both as they were', async () => {
    const dataDir = scratchDataDir();
    const store = openSqliteStore(dataDir);
    cleanups.push(() => store.close());
    const doc = new Y.Doc();
    doc.getMap('meta').set('title', 'Compaction');
    store.createBoard(
      { id: 'b1', title: 'Compaction', createdAt: 1, updatedAt: 1 },
      Y.encodeStateAsUpdate(doc),
      {
        owner: 'o'.repeat(32),
        facilitator: 'f'.repeat(32),
        editor: 'e'.repeat(32),
        participant: 'p'.repeat(32),
        viewer: 'v'.repeat(32),
      },
    );
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 5; i++) doc.getMap('cards').set(`c${i}`, i);
    for (const update of updates) store.appendUpdate('b1', update, 2);
    const before = store.loadState('b1');
    expect(before.updates).toHaveLength(5);

    // A trigger makes the log deletion fail halfway through the compaction.
    const raw = (await import('better-sqlite3')).default;
    const db = new raw(`${dataDir}/journeyboard.sqlite`);
    db.exec(
      "CREATE TRIGGER fail_clear BEFORE DELETE ON updates BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
    );
    expect(() => store.compact('b1', Y.encodeStateAsUpdate(doc))).toThrow(/disk trouble/);
    expect(store.loadState('b1')).toEqual(before);
    db.exec('DROP TRIGGER fail_clear');
    db.close();

    store.compact('b1', Y.encodeStateAsUpdate(doc));
    const after = store.loadState('b1');
    expect(after.updates).toEqual([]);
    const reloaded = new Y.Doc();
    Y.applyUpdate(reloaded, after.snapshot!);
    expect(reloaded.getMap('cards').toJSON()).toEqual({ c0: 0, c1: 1, c2: 2, c3: 3, c4: 4 });
  });
});
