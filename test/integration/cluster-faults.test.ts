import { addCard } from '@journeyboard/shared';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import type * as Y from 'yjs';
import { cardTexts, firstCell, storedCardTexts } from '../support/boards.js';
import { type Client, connectRecordingCloses, createBoardOver } from '../support/clients.js';
import { freePort } from '../support/ports.js';
import {
  removeDataDir,
  type ServerProcess,
  spawnServer,
  startTestServer,
  type TestServer,
  tempDataDir,
} from '../support/server.js';
import { ownPostgres, ownRedis, postgresUrl, redisKeyPrefix, redisUrl } from '../support/services.js';

const running: TestServer[] = [];
const children: Array<{ process: ServerProcess; dataDir: string }> = [];
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const server of running.splice(0)) await server.stop();
  for (const { process: child, dataDir } of children.splice(0)) {
    child.child.kill('SIGKILL');
    await child.exited;
    removeDataDir(dataDir);
  }
});

const LEASE_TTL_MS = 1000;

async function clusterEnv(redis?: string, database?: string): Promise<Record<string, string>> {
  return {
    DATABASE_URL: database ?? (await postgresUrl()),
    REDIS_URL: redis ?? (await redisUrl()),
    REDIS_KEY_PREFIX: await redisKeyPrefix(),
    LEASE_TTL_MS: String(LEASE_TTL_MS),
    ROOM_UNLOAD_GRACE_MS: '1000',
  };
}

async function inProcess(env: Record<string, string>, id: string): Promise<TestServer> {
  const server = await startTestServer({ ...env, INSTANCE_ID: id });
  running.push(server);
  // What the instance said, when a test fails: the order of events across instances explains most failures.
  onTestFailed(() => {
    const said = server.logs.filter((line) => Number(line.level) >= 30 && line.msg !== 'connected');
    console.error(
      `instance ${id}:`,
      JSON.stringify(
        said.slice(-40).map((l) => [l.msg, l.boardId ? '' : '', (l.err as { message?: string })?.message]),
      ),
    );
  });
  return server;
}

/** An instance as a process of its own, to be killed or paused. */
async function asProcess(env: Record<string, string>, id: string): Promise<ServerProcess> {
  const dataDir = tempDataDir();
  const child = await spawnServer(dataDir, await freePort(), { ...env, INSTANCE_ID: id });
  children.push({ process: child, dataDir });
  onTestFailed(() => console.error(`instance ${id} (process):`, child.output.join('').slice(-4000)));
  return child;
}

const connect = (wsUrl: string, boardId: string, token: string, doc?: Y.Doc) =>
  connectRecordingCloses(wsUrl, boardId, token, clients, doc);

const owned = async (server: TestServer): Promise<string[]> =>
  ((await (await fetch(`${server.url}/healthz`)).json()) as { cluster: { owned: string[] } }).cluster.owned;

const note = (client: Client, text: string) => addCard(client.doc, { ...firstCell(client.doc), text });

/** A new board on `a`, Alice there and Bob on `b`, both synced, and a first note of Alice's that Bob has seen. */
async function aliceAndBob(
  a: { url: string; wsUrl: string },
  b: { wsUrl: string },
  title: string,
  first: string,
) {
  const board = await createBoardOver(a.url, title);
  const alice = connect(a.wsUrl, board.id, board.tokens.editor);
  await alice.synced;
  const bob = connect(b.wsUrl, board.id, board.tokens.editor);
  await bob.synced;
  note(alice, first);
  await expect.poll(() => cardTexts(bob.doc), { timeout: 10_000 }).toEqual([first]);
  return { board, alice, bob };
}

describe('a cluster when parts fail', () => {
  it('takes a board over within its lease when the owner is killed, keeping every edit its clients made', async () => {
    const env = await clusterEnv();
    const a = await asProcess(env, 'a');
    const b = await inProcess(env, 'b');
    const c = await inProcess(env, 'c');
    const { board, alice, bob } = await aliceAndBob(a, b, 'Owner killed', 'Before');

    const killedAt = performance.now();
    a.child.kill('SIGKILL');
    await a.exited;
    // Bob's edit waits in the board's stream for an owner; Alice's waits in her browser.
    note(bob, 'While nobody owns it');
    alice.provider.disconnect();
    note(alice, 'Unacknowledged at a');
    // Alice's page reconnects through the load balancer, which now sends her to c.
    const aliceAgain = connect(c.wsUrl, board.id, board.tokens.editor, alice.doc);

    await expect
      .poll(async () => [...(await owned(b)), ...(await owned(c))], { timeout: 10_000 })
      .toEqual([board.id]);
    const failoverMs = Math.round(performance.now() - killedAt);
    const all = ['Before', 'Unacknowledged at a', 'While nobody owns it'];
    for (const client of [aliceAgain, bob]) {
      await expect.poll(() => cardTexts(client.doc), { timeout: 10_000 }).toEqual(all);
    }
    await expect.poll(() => storedCardTexts(b.store, board.id), { timeout: 10_000 }).toEqual(all);
    console.info(`failover after SIGKILL: ${failoverMs} ms with a ${LEASE_TTL_MS} ms lease`);
  }, 60_000);

  it('refuses the late commit of an owner paused past its lease, and nothing diverges once it resumes', async () => {
    const env = await clusterEnv();
    const a = await asProcess(env, 'a');
    const b = await inProcess(env, 'b');
    const { board, alice, bob } = await aliceAndBob(a, b, 'Owner paused', 'Before the pause');

    a.child.kill('SIGSTOP');
    // Alice's edit reaches a's socket, but a is frozen; b takes the board over meanwhile.
    note(alice, 'Sent to the frozen owner');
    await expect.poll(() => owned(b), { timeout: 10_000 }).toEqual([board.id]);
    note(bob, 'On the new owner');
    await expect
      .poll(() => storedCardTexts(b.store, board.id), { timeout: 10_000 })
      .toEqual(['Before the pause', 'On the new owner']);

    a.child.kill('SIGCONT');
    // a's commit of Alice's edit is fenced (1011); she reconnects to a, now a replica, and her edit reaches b.
    const all = ['Before the pause', 'On the new owner', 'Sent to the frozen owner'];
    for (const client of [alice, bob]) {
      await expect.poll(() => cardTexts(client.doc), { timeout: 10_000 }).toEqual(all);
    }
    await expect.poll(() => storedCardTexts(b.store, board.id), { timeout: 10_000 }).toEqual(all);
    expect(alice.closes).toContain(1011);
  }, 60_000);

  it('loses nothing when Redis is killed mid-session and comes back empty', async () => {
    const redis = await ownRedis();
    const env = await clusterEnv(redis.url);
    const a = await inProcess(env, 'a');
    const b = await inProcess(env, 'b');
    const { board, alice, bob } = await aliceAndBob(a, b, 'Redis restarted', 'Before the outage');

    await redis.kill();
    // Alice's edit is committed by a but cannot be relayed; Bob's cannot be forwarded.
    note(alice, 'Committed while Redis is down');
    note(bob, 'Written while Redis is down');
    await expect
      .poll(() => storedCardTexts(a.store, board.id), { timeout: 10_000 })
      .toContain('Committed while Redis is down');
    const health = await fetch(`${b.url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { cluster: { redis: string } }).cluster.redis).toBe('down');
    await redis.start();

    const all = ['Before the outage', 'Committed while Redis is down', 'Written while Redis is down'];
    for (const client of [alice, bob]) {
      await expect.poll(() => cardTexts(client.doc), { timeout: 20_000 }).toEqual(all);
    }
    await expect.poll(() => storedCardTexts(a.store, board.id), { timeout: 10_000 }).toEqual(all);
    await expect.poll(async () => (await fetch(`${b.url}/healthz`)).status, { timeout: 10_000 }).toBe(200);
  }, 60_000);

  it('acknowledges nothing while Postgres is down, and stores every kept edit once it is back', async () => {
    const postgres = await ownPostgres();
    const env = await clusterEnv(undefined, postgres.url);
    const a = await inProcess(env, 'a');
    const b = await inProcess(env, 'b');
    const { board, alice, bob } = await aliceAndBob(a, b, 'Postgres away', 'Before the outage');

    postgres.stop();
    note(alice, 'Alice, while Postgres is down');
    note(bob, 'Bob, while Postgres is down');
    // The owner cannot commit: Alice is closed 1011 and keeps her edit; nobody is shown the other's.
    await expect.poll(() => alice.closes.includes(1011), { timeout: 10_000 }).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(cardTexts(alice.doc)).not.toContain('Bob, while Postgres is down');
    expect(cardTexts(bob.doc)).not.toContain('Alice, while Postgres is down');
    const health = await fetch(`${a.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', database: 'failing' });

    postgres.start();
    const all = ['Alice, while Postgres is down', 'Before the outage', 'Bob, while Postgres is down'];
    for (const client of [alice, bob]) {
      await expect.poll(() => cardTexts(client.doc), { timeout: 30_000 }).toEqual(all);
    }
    await expect.poll(() => storedCardTexts(a.store, board.id), { timeout: 10_000 }).toEqual(all);
  }, 90_000);
});
