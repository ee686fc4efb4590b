/**
 * A TCP proxy on loopback standing for one person's network: the page talks to the
 * server through it, and the test cuts it (every connection dropped, new ones
 * refused) and restores it, as a train going into a tunnel would; or stalls it (nothing
 * forwarded, nothing closed), as a laptop whose Wi-Fi went away does: neither end hears
 * of it until its own timeout says so. Or slow: every byte a fixed time late each way.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface FlakyNetwork {
  port: number;
  url: string;
  setOnline(online: boolean): void;
  /** Stops forwarding for good, in both directions, closing nothing. */
  stall(): void;
  close(): Promise<void>;
}

/**
 * Forwards what `from` receives to `to` `oneWayMs` after it arrived, in order: a network
 * with a round trip of twice that (bandwidth unlimited). What is still on its way when
 * the network stalls is never delivered.
 */
function forwardLate(from: Socket, to: Socket, oneWayMs: number, stalled: () => boolean): void {
  let previous = Promise.resolve();
  from.on('data', (chunk) => {
    const due = performance.now() + oneWayMs;
    previous = previous.then(
      () => new Promise<void>((resolve) => setTimeout(resolve, due - performance.now())),
    );
    void previous.then(() => {
      if (!stalled()) to.write(chunk);
    });
  });
  from.on(
    'end',
    () =>
      void previous.then(() => {
        if (!stalled()) to.end();
      }),
  );
}

/** `oneWayMs`: each direction delivers that late (canvas benchmark's BENCH_ONE_WAY_MS). */
export async function flakyNetworkTo(targetPort: number, { oneWayMs = 0 } = {}): Promise<FlakyNetwork> {
  let online = true;
  let stalled = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    if (stalled) {
      // Held open and never answered, like a connection attempt into a dead network.
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', () => client.destroy());
      client.pause();
      return;
    }
    const upstream = connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    if (oneWayMs > 0) {
      forwardLate(client, upstream, oneWayMs, () => stalled);
      forwardLate(upstream, client, oneWayMs, () => stalled);
    } else {
      client.pipe(upstream);
      upstream.pipe(client);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setOnline(next) {
      online = next;
      if (!next) for (const socket of sockets) socket.destroy();
    },
    stall() {
      stalled = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
