/**
 * The nginx setup docs/cluster.md gives, run for real in front of three instances: the
 * test reads the doc's own nginx block (so what people copy is what is tested), points
 * its upstream at this run's instances and its listener at a free port, and starts
 * Debian's nginx with it (.ci/check installs `nginx-light` where it is missing).
 * Consistent hashing on the board id sends the board's clients and its REST calls to one
 * instance, which owns the board; when that instance stops, nginx sends them to another,
 * which takes the board over, and nothing anyone wrote is lost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addCard } from '@journeyboard/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { cardTexts, firstCell, storedCardTexts } from '../support/boards.js';
import { type Client, createBoardOver, joinSynced } from '../support/clients.js';
import { freePort } from '../support/ports.js';
import { startCluster, type TestServer, usePerTest } from '../support/server.js';

const NGINX = '/usr/sbin/nginx';
const DOC = fileURLToPath(new URL('../../docs/cluster.md', import.meta.url));

const { running, clients } = usePerTest();
const proxies: Array<{ child: ChildProcess; dir: string }> = [];
afterEach(() => {
  for (const { child, dir } of proxies.splice(0)) {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The doc's nginx block, its three upstream servers on `ports` and its listener on `listen`. */
function configFromDoc(ports: number[], listen: number, dir: string): string {
  const block = /```nginx\n([\s\S]*?)```/.exec(readFileSync(DOC, 'utf8'))?.[1];
  if (!block) throw new Error('docs/cluster.md has no nginx block');
  let next = 0;
  const site = block
    .replace(/server 127\.0\.0\.1:\d+/g, () => `server 127.0.0.1:${ports[next++]}`)
    .replace(/listen 443 ssl;/, `listen 127.0.0.1:${listen};`);
  if (next !== ports.length) throw new Error(`the doc's upstream lists ${next} servers, not ${ports.length}`);
  // What a distribution's nginx.conf around the site would say, kept inside this test's folder.
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${dir}/${kind};`)
    .join('\n');
  return `daemon off;\nworker_processes 1;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n${
    process.getuid?.() === 0 ? 'user root;\n' : ''
  }events {}\nhttp {\n  access_log off;\n${temp}\n${site}\n}\n`;
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** nginx in front of `instances`, with the doc's configuration; resolves with its address once it listens. */
async function nginxInFront(instances: TestServer[]): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'jb-nginx-'));
  for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, kind));
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    configFromDoc(
      instances.map((s) => s.port),
      port,
      dir,
    ),
  );
  const child = spawn(NGINX, ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  const errors: string[] = [];
  child.stderr?.on('data', (chunk) => errors.push(String(chunk)));
  proxies.push({ child, dir });
  await expect
    .poll(() => listening(port), { timeout: 10_000, message: `nginx did not start: ${errors.join('')}` })
    .toBe(true);
  return `http://127.0.0.1:${port}`;
}

const note = (client: Client, text: string) => addCard(client.doc, { ...firstCell(client.doc), text });
const boardsOn = (server: TestServer) =>
  fetch(`${server.url}/healthz`)
    .then((r) => r.json())
    .then((h: { cluster: { owned: string[]; replicas: number } }) => h.cluster);

describe.skipIf(!existsSync(NGINX))(
  'three instances behind nginx, configured as docs/cluster.md says',
  () => {
    it('sends a board’s clients and REST calls to its owner, and to another instance once that one stops', async () => {
      const instances = await startCluster(running);
      const front = await nginxInFront(instances);
      const board = await createBoardOver(front, 'Behind nginx');
      const people: Client[] = [];
      for (const name of ['Alice', 'Bob', 'Carol']) {
        const client = await joinSynced(
          clients,
          `${front.replace('http', 'ws')}/sync`,
          board.id,
          board.tokens.editor,
        );
        note(client, `${name} was here`);
        people.push(client);
      }
      const written = ['Alice was here', 'Bob was here', 'Carol was here'];
      for (const client of people)
        await expect.poll(() => cardTexts(client.doc).sort(), { timeout: 10_000 }).toEqual(written);

      // The hash on the board id put all three on one instance, which owns the board; no replica anywhere.
      const [owner, ...others] = [...instances].sort(
        (x, y) =>
          (y.rooms.get(board.id)?.connections.size ?? 0) - (x.rooms.get(board.id)?.connections.size ?? 0),
      ) as [TestServer, ...TestServer[]];
      expect(owner.rooms.get(board.id)?.connections.size).toBe(3);
      expect((await boardsOn(owner)).owned).toEqual([board.id]);
      for (const other of others) expect(await boardsOn(other)).toMatchObject({ owned: [], replicas: 0 });
      // A REST change through nginx lands on the owner too: nothing is asked of it over Redis.
      const renamed = await fetch(`${front}/api/boards/${board.id}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${board.tokens.owner}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Renamed behind nginx' }),
      });
      expect(renamed.status).toBe(200);
      const asked = await fetch(`${owner.url}/metrics`).then((r) => r.text());
      expect(asked).not.toMatch(/^journeyboard_cluster_changes_asked_total [1-9]/m);

      // The owner stops: nginx marks it failed and sends its clients, reconnecting, to another instance.
      await owner.stop();
      running.splice(running.indexOf(owner), 1);
      note(people[0] as Client, 'Alice, after the owner stopped');
      const all = [...written, 'Alice, after the owner stopped'].sort();
      for (const client of people)
        await expect.poll(() => cardTexts(client.doc).sort(), { timeout: 15_000 }).toEqual(all);
      const survivors = await Promise.all(others.map(boardsOn));
      expect(survivors.flatMap((s) => s.owned)).toEqual([board.id]);
      const newOwner = others[survivors.findIndex((s) => s.owned.includes(board.id))] as TestServer;
      await expect.poll(async () => (await storedCardTexts(newOwner.store, board.id)).sort()).toEqual(all);
    }, 60_000);
  },
);
