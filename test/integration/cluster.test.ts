import { addCard, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { cardTexts, firstCell, storedCardTexts } from '../support/boards.js';
import {
  type Client,
  connectRecordingCloses,
  createBoardOver,
  openRaw,
  waitFor,
} from '../support/clients.js';
import { awarenessFrame, syncFrame } from '../support/hostile-updates.js';
import { metricValue } from '../support/metrics.js';
import { startCluster, type TestServer, usePerTest } from '../support/server.js';

const { running, clients } = usePerTest();

/** Three instances on one Postgres and one Redis (keys under this test's prefix). */
const cluster = (env: Record<string, string> = {}) => startCluster(running, env);

const connect = (server: TestServer, boardId: string, token: string, doc?: Y.Doc) =>
  connectRecordingCloses(server.wsUrl, boardId, token, clients, doc);

const names = (client: Client) =>
  Array.from(client.provider.awareness.getStates().values())
    .map((state) => (state as { user?: { name?: string } }).user?.name)
    .filter((name): name is string => Boolean(name))
    .sort();

describe('a cluster of three instances', () => {
  it('serves one board from all three: clients co-edit, see each other, and see only what is committed', async () => {
    const [a, b, c] = (await cluster()) as [TestServer, TestServer, TestServer];
    const board = await createBoardOver(a.url, 'Spread over three');
    const people = [
      ['Alice', a],
      ['Bob', b],
      ['Carol', c],
    ] as const;
    const each = people.map(([name, server]) => {
      const client = connect(server, board.id, board.tokens.editor);
      client.provider.awareness.setLocalStateField('user', { name, color: '#3366cc' });
      return client;
    });
    await Promise.all(each.map((client) => client.synced));

    // Whatever Carol (on c) is shown, the database held first: nobody sees an update a crash could lose.
    const unstoredSeenByCarol: string[] = [];
    const carol = each[2] as Client;
    carol.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== carol.provider) return;
      // Her own note is in her doc before it is stored, as it should be; the others' must not be.
      const seen = cardTexts(carol.doc).filter((text) => text !== 'Note from Carol');
      void storedCardTexts(c.store, board.id).then((stored) => {
        for (const text of seen) if (!stored.includes(text)) unstoredSeenByCarol.push(text);
      });
    });

    people.forEach(([name], i) => {
      const client = each[i] as Client;
      addCard(client.doc, { ...firstCell(client.doc), text: `Note from ${name}` });
    });
    const all = ['Note from Alice', 'Note from Bob', 'Note from Carol'];
    for (const client of each)
      await expect.poll(() => cardTexts(client.doc), { timeout: 10_000 }).toEqual(all);
    await expect.poll(() => storedCardTexts(a.store, board.id), { timeout: 10_000 }).toEqual(all);
    expect(unstoredSeenByCarol).toEqual([]);

    // One instance owns the board; the other two serve replicas of it.
    const health = await Promise.all([a, b, c].map((s) => fetch(`${s.url}/healthz`).then((r) => r.json())));
    expect(health.map((h) => h.cluster.redis)).toEqual(['up', 'up', 'up']);
    expect(health.flatMap((h) => h.cluster.owned)).toEqual([board.id]);
    expect(health.reduce((sum, h) => sum + h.cluster.replicas, 0)).toBe(2);

    // Presence crosses instances: everyone sees all three names.
    for (const client of each) {
      await expect.poll(() => names(client), { timeout: 10_000 }).toEqual(['Alice', 'Bob', 'Carol']);
    }
    // Forwarded and relayed, as the metrics say.
    const metrics = await Promise.all([a, b, c].map((s) => fetch(`${s.url}/metrics`).then((r) => r.text())));
    const total = (name: string) =>
      metrics.reduce((sum, text) => sum + Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0), 0);
    expect(total('journeyboard_cluster_forwarded_total')).toBeGreaterThanOrEqual(2);
    expect(total('journeyboard_cluster_relayed_total')).toBeGreaterThanOrEqual(2);
    expect(total('journeyboard_leases_held')).toBe(1);
    // Replicas count what they send their clients as the owner room does.
    health.forEach((h, i) => {
      if (h.cluster.replicas > 0)
        expect(
          Number(/^journeyboard_bytes_sent_total (\d+)/m.exec(metrics[i] as string)?.[1] ?? 0),
        ).toBeGreaterThan(0);
    });
  }, 60_000);

  it('runs REST changes (rename, restore, an evidence import) asked at any instance in the owner room, and checks forwarded updates as the owner checks its own', async () => {
    const [a, b, c] = (await cluster()) as [TestServer, TestServer, TestServer];
    const board = await createBoardOver(a.url, 'Changed from afar');
    const alice = connect(a, board.id, board.tokens.editor);
    await alice.synced;
    addCard(alice.doc, { ...firstCell(alice.doc), text: 'Kept in the version' });
    const bob = connect(b, board.id, board.tokens.editor);
    await bob.synced;
    await expect.poll(() => cardTexts(bob.doc), { timeout: 10_000 }).toEqual(['Kept in the version']);
    const owner = { authorization: `Bearer ${board.tokens.owner}`, 'content-type': 'application/json' };

    // A rename asked at c, which serves no room of the board yet: everyone sees it.
    const renamed = await fetch(`${c.url}/api/boards/${board.id}`, {
      method: 'PATCH',
      headers: owner,
      body: JSON.stringify({ title: 'Renamed at c' }),
    });
    expect(renamed.status).toBe(200);
    for (const client of [alice, bob]) {
      await expect.poll(() => readBoard(client.doc).meta.title, { timeout: 10_000 }).toBe('Renamed at c');
    }

    // A version saved at b, then a card, then the version restored at c: the card goes for everyone.
    const saved = await fetch(`${b.url}/api/boards/${board.id}/versions`, {
      method: 'POST',
      headers: owner,
      body: JSON.stringify({ name: 'Before the stray note' }),
    });
    expect(saved.status).toBe(201);
    const version = (await saved.json()) as { id: string };
    addCard(bob.doc, { ...firstCell(bob.doc), text: 'Stray note' });
    await expect.poll(() => cardTexts(alice.doc), { timeout: 10_000 }).toContain('Stray note');
    const restored = await fetch(`${c.url}/api/boards/${board.id}/versions/${version.id}/restore`, {
      method: 'POST',
      headers: owner,
    });
    expect(restored.status).toBe(200);
    for (const client of [alice, bob]) {
      await expect.poll(() => cardTexts(client.doc), { timeout: 10_000 }).toEqual(['Kept in the version']);
    }
    const missing = await fetch(`${c.url}/api/boards/${board.id}/versions/no-such-version/restore`, {
      method: 'POST',
      headers: owner,
    });
    expect(missing.status).toBe(404);

    // An evidence import sent to c: read by c's file worker, written by the owner, seen everywhere.
    const imported = await fetch(`${c.url}/api/boards/${board.id}/evidence?kind=contacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${board.tokens.editor}`, 'content-type': 'text/csv' },
      body: 'month,primary reason,count\n2026-03,Delivery,12\n2026-03,Payment,3\n',
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ total: 15, written: 2 });
    for (const client of [alice, bob]) {
      await expect
        .poll(
          () =>
            readBoard(client.doc)
              .volumes.map((v) => v.count)
              .sort((x, y) => x - y),
          { timeout: 10_000 },
        )
        .toEqual([3, 12]);
    }

    // A viewer on b writes: the owner refuses it, nothing reaches anyone, and the third refusal closes it (4403).
    const viewer = connect(b, board.id, board.tokens.viewer);
    await viewer.synced;
    for (const text of ['One', 'Two', 'Three']) {
      addCard(viewer.doc, { ...firstCell(viewer.doc), text: `Viewer's ${text}` });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    await waitFor(() => viewer.closes.includes(4403), 5000, 'the viewer to be closed 4403');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const client of [alice, bob]) expect(cardTexts(client.doc)).toEqual(['Kept in the version']);
    expect(await storedCardTexts(a.store, board.id)).toEqual(['Kept in the version']);

    // Links rotated at c close the editors' connections on every instance.
    const rotated = await fetch(`${c.url}/api/boards/${board.id}/tokens/rotate`, {
      method: 'POST',
      headers: owner,
      body: JSON.stringify({ role: 'editor' }),
    });
    expect(rotated.status).toBe(200);
    for (const client of [alice, bob]) {
      await waitFor(() => client.closes.includes(4403), 5000, 'editors to be closed after the rotation');
    }

    // The owner goes; the next reads the board's stream from its oldest entry and must not restore again.
    const { tokens } = (await rotated.json()) as { tokens: { editor: string } };
    const carol = connect(c, board.id, tokens.editor);
    await carol.synced;
    addCard(carol.doc, { ...firstCell(carol.doc), text: 'After the restore' });
    await expect
      .poll(() => storedCardTexts(c.store, board.id), { timeout: 10_000 })
      .toEqual(['After the restore', 'Kept in the version']);
    running.splice(running.indexOf(a), 1);
    await a.stop();
    const ownedNow = async () =>
      (await Promise.all([b, c].map((s) => fetch(`${s.url}/healthz`).then((r) => r.json())))).flatMap(
        (h) => h.cluster.owned,
      );
    await expect.poll(ownedNow, { timeout: 10_000 }).toEqual([board.id]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(cardTexts(carol.doc)).toEqual(['After the restore', 'Kept in the version']);
    expect(await storedCardTexts(c.store, board.id)).toEqual(['After the restore', 'Kept in the version']);
  }, 60_000);

  it('takes a board over when its owner stops, and keeps the edits of the clients that move', async () => {
    const [a, b, c] = (await cluster()) as [TestServer, TestServer, TestServer];
    const board = await createBoardOver(a.url, 'Failover');
    const alice = connect(a, board.id, board.tokens.editor);
    await alice.synced;
    const bob = connect(b, board.id, board.tokens.editor);
    await bob.synced;
    addCard(alice.doc, { ...firstCell(alice.doc), text: 'Before' });
    await expect.poll(() => cardTexts(bob.doc), { timeout: 10_000 }).toEqual(['Before']);

    // a goes away with its room; its people come back through c (as a load balancer would send them).
    running.splice(running.indexOf(a), 1);
    const stopping = a.stop();
    addCard(bob.doc, { ...firstCell(bob.doc), text: 'While the owner goes' });
    await stopping;
    alice.provider.destroy();
    const aliceAgain = connect(c, board.id, board.tokens.editor, alice.doc);
    addCard(alice.doc, { ...firstCell(alice.doc), text: 'Written offline' });
    await aliceAgain.synced;

    const all = ['Before', 'While the owner goes', 'Written offline'];
    for (const client of [aliceAgain, bob]) {
      await expect.poll(() => cardTexts(client.doc), { timeout: 10_000 }).toEqual(all);
    }
    await expect.poll(() => storedCardTexts(b.store, board.id), { timeout: 10_000 }).toEqual(all);
    const owners = await Promise.all([b, c].map((s) => fetch(`${s.url}/healthz`).then((r) => r.json())));
    expect(owners.flatMap((h) => h.cluster.owned)).toEqual([board.id]);
  }, 60_000);

  it("publishes an owner's commits only while a replica follows the board, and a replica that comes later misses nothing", async () => {
    const [a, b, c] = (await cluster()) as [TestServer, TestServer, TestServer];
    const board = await createBoardOver(a.url, 'Followed now and then');
    const published = () => metricValue(a.url, 'journeyboard_cluster_published_total');
    const replicas = async (server: TestServer) =>
      ((await (await fetch(`${server.url}/healthz`)).json()) as { cluster: { replicas: number } }).cluster
        .replicas;
    const alice = connect(a, board.id, board.tokens.editor);
    await alice.synced;
    const expected: string[] = [];
    const add = async (text: string) => {
      addCard(alice.doc, { ...firstCell(alice.doc), text });
      expected.push(text);
      await expect.poll(() => storedCardTexts(a.store, board.id), { timeout: 10_000 }).toContain(text);
    };
    /** Adds cards until one is committed without going to Redis: nobody follows the board (any more). */
    let n = 0;
    const addUntilUnpublished = () =>
      expect
        .poll(
          async () => {
            const before = await published();
            await add(`Unfollowed ${n++}`);
            return (await published()) - before;
          },
          { timeout: 15_000, interval: 200 },
        )
        .toBe(0);
    // Nobody elsewhere: once its first interval is over (a new owner may have replicas), the owner sends Redis nothing.
    await addUntilUnpublished();
    const alone = await published();
    for (let i = 0; i < 5; i++) await add(`Alone ${i}`);
    expect(await published()).toBe(alone);

    // Bob on b: his replica loads, the owner hears it follows, and later commits reach him.
    const bob = connect(b, board.id, board.tokens.editor);
    await bob.synced;
    await add('Followed');
    await expect.poll(() => cardTexts(bob.doc).sort(), { timeout: 10_000 }).toEqual([...expected].sort());
    expect(await published()).toBeGreaterThan(alone);

    // Bob leaves; once his replica has unloaded and its interest lapsed, commits stay home again.
    bob.destroy();
    await expect.poll(() => replicas(b), { timeout: 10_000 }).toBe(0);
    await addUntilUnpublished();

    // Carol on c and Bob back on b: each replica reloads past what went unpublished and follows from there.
    const carol = connect(c, board.id, board.tokens.editor);
    const bobAgain = connect(b, board.id, board.tokens.editor);
    await Promise.all([carol.synced, bobAgain.synced]);
    await add('Everyone back');
    for (const client of [carol, bobAgain]) {
      await expect
        .poll(() => cardTexts(client.doc).sort(), { timeout: 10_000 })
        .toEqual([...expected].sort());
    }
    addCard(carol.doc, { ...firstCell(carol.doc), text: 'From Carol' });
    expected.push('From Carol');
    for (const client of [alice, bobAgain]) {
      await expect
        .poll(() => cardTexts(client.doc).sort(), { timeout: 10_000 })
        .toEqual([...expected].sort());
    }
  }, 60_000);

  it('keeps presence whole on every instance when a client on one sends forged, oversized, malformed and rapid presence', async () => {
    const [a, b] = (await cluster({ MAX_PRESENCE_PER_SECOND: '20' })) as [TestServer, TestServer, TestServer];
    const board = await createBoardOver(a.url, 'Presence under attack');
    const person = (server: TestServer, name: string) => {
      const client = connect(server, board.id, board.tokens.editor);
      client.provider.awareness.setLocalStateField('user', { name, color: '#3366cc' });
      return client;
    };
    const alice = person(a, 'Alice');
    await alice.synced;
    const [bob, carol] = [person(b, 'Bob'), person(b, 'Carol')];
    await Promise.all([bob.synced, carol.synced]);
    for (const client of [alice, bob, carol])
      await expect.poll(() => names(client), { timeout: 10_000 }).toEqual(['Alice', 'Bob', 'Carol']);
    const hostile = async () => {
      const raw = openRaw(a.wsUrl, board.id, board.tokens.editor);
      await raw.opened;
      return raw;
    };

    // On a: presence that claims to be Bob's (a later clock, another name) and removes Carol's.
    const forger = await hostile();
    forger.send(awarenessFrame(bob.doc.clientID, 1_000_000, { user: { name: 'Mallory', color: '#000000' } }));
    forger.send(awarenessFrame(carol.doc.clientID, 1_000_000, null));
    // Rapid: 300 changes at once of its own presence coalesce into the latest.
    const rapid = await hostile();
    const rapidId = 424_242;
    for (let x = 1; x <= 300; x++)
      rapid.send(
        awarenessFrame(rapidId, x, { user: { name: 'Rapid', color: '#111111' }, cursor: { x, y: 0 } }),
      );
    // Oversized and malformed: closed as on a single server.
    const big = await hostile();
    big.send(awarenessFrame(424_243, 1, { user: { name: 'Big' }, pad: 'x'.repeat(3000) }));
    const garbage = await hostile();
    garbage.send(new Uint8Array([1, 5, 200, 200, 200, 200, 200]));
    expect((await big.closed).code).toBe(4400);
    expect((await garbage.closed).code).toBe(4400);

    const cursorOf = (client: Client, id: number) =>
      (client.provider.awareness.getStates().get(id) as { cursor?: { x: number } } | undefined)?.cursor?.x;
    let rapidChangesSeenByBob = 0;
    bob.provider.awareness.on('change', ({ updated, added }: { updated: number[]; added: number[] }) => {
      if ([...updated, ...added].includes(rapidId)) rapidChangesSeenByBob++;
    });
    for (const client of [alice, bob, carol]) {
      await expect.poll(() => cursorOf(client, rapidId), { timeout: 10_000 }).toBe(300);
      // Bob is still Bob and Carol still here, on both instances.
      await expect.poll(() => names(client), { timeout: 10_000 }).toEqual(['Alice', 'Bob', 'Carol', 'Rapid']);
    }
    expect(rapidChangesSeenByBob).toBeLessThan(300 / 4);

    // Presence still flows both ways.
    bob.provider.awareness.setLocalStateField('cursor', { x: 7, y: 7 });
    alice.provider.awareness.setLocalStateField('cursor', { x: 9, y: 9 });
    await expect.poll(() => cursorOf(alice, bob.doc.clientID), { timeout: 10_000 }).toBe(7);
    await expect.poll(() => cursorOf(carol, alice.doc.clientID), { timeout: 10_000 }).toBe(9);
    expect(names(bob)).not.toContain('Mallory');
  }, 60_000);

  it('lets a participant on a replica forward about a frame a second at most, so Redis never holds their flood', async () => {
    const [a, b] = (await cluster()) as [TestServer, TestServer, TestServer];
    const board = await createBoardOver(a.url, 'Flooded from afar');
    const owner = connect(a, board.id, board.tokens.editor);
    await owner.synced;
    const flooder = openRaw(b.wsUrl, board.id, board.tokens.editor);
    await flooder.opened;
    // Twenty 900 KB updates at once, each within the frame limit and the message rate.
    const junk = new Uint8Array(900 * 1024).fill(7);
    for (let i = 0; i < 20; i++) flooder.send(syncFrame(2, junk));
    const { code } = await flooder.closed;
    // Closed by its replica for the bytes (4429), or by the owner for the junk (4400) if that came first.
    expect([4429, 4400]).toContain(code);
    const forwarded = await metricValue(b.url, 'journeyboard_cluster_forwarded_total');
    expect(forwarded).toBeLessThanOrEqual(3);
    // The owner's room is untouched and still serves its own client.
    addCard(owner.doc, { ...firstCell(owner.doc), text: 'Still here' });
    await expect.poll(() => storedCardTexts(a.store, board.id), { timeout: 10_000 }).toEqual(['Still here']);
  }, 60_000);
});
