/**
 * The test network itself (test/support/flaky-network.ts): a slow network that stalls
 * must not deliver what was still on its way, or a test of a stalled connection would
 * see the last of its traffic arrive after the stall.
 */
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { flakyNetworkTo } from '../support/flaky-network.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A TCP server that keeps what each connection sent it. */
async function recorder(): Promise<{ port: number; received: () => string }> {
  let received = '';
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      received += String(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, received: () => received };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('a slow network delivers late, and nothing still on its way once it stalls', async () => {
  const target = await recorder();
  const network = await flakyNetworkTo(target.port, { oneWayMs: 150 });
  cleanups.push(() => network.close());
  const client = connect(network.port, '127.0.0.1');
  cleanups.push(() => void client.destroy());
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));

  client.write('first');
  await sleep(30);
  expect(target.received()).toBe('');
  await expect.poll(target.received, { timeout: 2_000 }).toBe('first');

  client.write('second');
  await sleep(30);
  network.stall();
  await sleep(400);
  expect(target.received()).toBe('first');
});
