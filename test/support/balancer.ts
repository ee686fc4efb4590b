/**
 * A tiny TCP load balancer on loopback, in front of several server instances, as nginx
 * would be (docs/cluster.md): each incoming connection is piped whole to one live
 * backend, the one with the fewest connections (nginx's `least_conn`; ties go round-robin),
 * so a board's clients spread over every instance and a restarted instance gets the next
 * reconnections; when connecting to it fails (the instance is dead) the next is tried. When a
 * backend's side closes (a SIGKILL cuts it), the client's side is closed too, so the
 * client reconnects, through the balancer, to another instance.
 *
 * It remembers each live connection's HTTP request line, so a test can tell which
 * instance a client is on (tag the client's URL, e.g. `?person=p03`).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A request line is far shorter; a client that sends more before its line ends is not HTTP. */
const REQUEST_LINE_LIMIT = 8192;

interface Piped {
  backend: number;
  requestLine: string;
}

export class Balancer {
  private next = 0;
  private readonly down = new Set<number>();
  private readonly live = new Map<Socket, Piped>();
  /** Connections being opened to each backend: counted at once, so a wave of reconnections spreads. */
  private readonly opening = new Map<number, number>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    /** The backends' ports, in round-robin order. */
    readonly backends: number[],
  ) {}

  static async start(backends: number[]): Promise<Balancer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const balancer = new Balancer(server, port, backends);
    server.on('connection', (client) => balancer.accept(client));
    return balancer;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/sync`;
  }

  /** New connections skip this backend until markUp (those already piped to it are left alone). */
  markDown(backend: number): void {
    this.down.add(backend);
  }

  markUp(backend: number): void {
    this.down.delete(backend);
  }

  /** The backend of the live connection whose request line contains `tag`, or null when none is open. */
  backendOf(tag: string): number | null {
    for (const piped of this.live.values()) if (piped.requestLine.includes(tag)) return piped.backend;
    return null;
  }

  /** How many connections are piped to each backend now. */
  connectionsPerBackend(): Map<number, number> {
    const counts = new Map<number, number>(this.backends.map((backend) => [backend, 0]));
    for (const { backend } of this.live.values()) counts.set(backend, (counts.get(backend) ?? 0) + 1);
    return counts;
  }

  async close(): Promise<void> {
    for (const client of this.live.keys()) client.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /**
   * Backends to try for one connection: the live ones, fewest connections (open or being
   * opened) first, ties from the round-robin position; then the ones marked down.
   */
  private candidates(): number[] {
    const start = this.next++ % this.backends.length;
    const ordered = [...this.backends.slice(start), ...this.backends.slice(0, start)];
    const load = (backend: number) => this.opening.get(backend) ?? 0;
    const counts = this.connectionsPerBackend();
    const byLoad = (a: number, b: number) =>
      (counts.get(a) ?? 0) + load(a) - ((counts.get(b) ?? 0) + load(b));
    return [
      ...ordered.filter((b) => !this.down.has(b)).sort(byLoad),
      ...ordered.filter((b) => this.down.has(b)),
    ];
  }

  private accept(client: Socket): void {
    const held: Buffer[] = [];
    let heldBytes = 0;
    let requestLine = '';
    const hold = (chunk: Buffer) => {
      held.push(chunk);
      heldBytes += chunk.length;
      // Nothing is connected yet; a client sending this much before any backend answers is dropped.
      if (heldBytes > REQUEST_LINE_LIMIT * 8) client.destroy();
    };
    const readLine = (chunk: Buffer) => {
      requestLine += chunk.toString('latin1');
      const end = requestLine.indexOf('\r\n');
      if (end >= 0 || requestLine.length > REQUEST_LINE_LIMIT) {
        requestLine = requestLine.slice(0, end >= 0 ? end : REQUEST_LINE_LIMIT);
        client.off('data', readLine);
        const piped = this.live.get(client);
        if (piped) piped.requestLine = requestLine;
      }
    };
    client.on('data', hold);
    client.on('data', readLine);
    client.on('error', () => {});
    client.once('close', () => this.live.delete(client));

    const tries = this.candidates();
    const attempt = (i: number) => {
      const backend = tries[i];
      if (client.destroyed || backend === undefined) {
        client.destroy();
        return;
      }
      const upstream = connect({ host: '127.0.0.1', port: backend });
      let connected = false;
      this.opening.set(backend, (this.opening.get(backend) ?? 0) + 1);
      const opened = () => this.opening.set(backend, (this.opening.get(backend) ?? 1) - 1);
      upstream.on('error', () => {
        if (connected) return;
        opened();
        attempt(i + 1);
      });
      upstream.once('connect', () => {
        connected = true;
        opened();
        if (client.destroyed) {
          upstream.destroy();
          return;
        }
        this.live.set(client, { backend, requestLine });
        client.off('data', hold);
        for (const chunk of held) upstream.write(chunk);
        client.pipe(upstream);
        upstream.pipe(client);
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
      });
    };
    attempt(0);
  }
}
