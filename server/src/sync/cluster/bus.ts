/**
 * The instances' Redis: streams of cluster messages (messages.ts), written with XADD
 * and read by one loop per instance, a blocking XREAD over every stream it follows.
 * Streams rather than pub/sub: an entry keeps its place (an id) after a reader's
 * connection drops, so a reader resumes where it was, and each stream is capped
 * (MAXLEN ~) so Redis holds a bounded tail of each board, never its history.
 *
 * Redis down: writes fail at once (no offline queue: a forward that cannot be sent
 * must not wait unseen), the reader retries, and once Redis answers again every
 * `onReconnect` listener runs: the rooms reload from the database and ask their
 * clients again for what is not committed (cluster/replica-room.ts, cluster/owner-link.ts).
 */
import { createClient, RESP_TYPES } from '@redis/client';
import type { Logger } from '../../log.js';
import { decodeMessage, encodeMessage, type Message } from './messages.js';

/** Entries each stream keeps (approximately): enough for a reader that lagged a few seconds. */
export const STREAM_LENGTH = { in: 10_000, out: 2_000, room: 500, instance: 2_000 } as const;

/** How long one blocking read waits before it looks at its list of streams again. */
const BLOCK_MS = 1000;
/** Entries one read takes from each stream. */
const READ_COUNT = 256;

export type StreamHandler = (message: Message, id: string) => void;

export interface BusOptions {
  url: string;
  /** Prefix of every key (REDIS_KEY_PREFIX): several clusters, or tests, can share one Redis. */
  prefix: string;
  instanceId: string;
  log: Logger;
}

function binaryClient(url: string) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000) },
  });
  return { raw: client, binary: client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) };
}

export class ClusterBus {
  private readonly writer: ReturnType<typeof binaryClient>;
  private readonly reader: ReturnType<typeof binaryClient>;
  /** Streams followed: key, the id of the last entry read (null until known), and who is told. */
  private readonly following = new Map<string, { id: string | null; handler: StreamHandler }>();
  private readonly reconnectListeners = new Set<() => void>();
  private down = false;
  private closed = false;
  private loop: Promise<void> | null = null;
  readonly instanceKey: string;

  private constructor(private readonly options: BusOptions) {
    this.writer = binaryClient(options.url);
    this.reader = binaryClient(options.url);
    this.instanceKey = this.key('instance', options.instanceId);
    for (const client of [this.writer.raw, this.reader.raw]) {
      client.on('error', (error: Error) => this.markDown(error));
      client.on('ready', () => this.markUp());
    }
  }

  static async connect(options: BusOptions): Promise<ClusterBus> {
    const bus = new ClusterBus(options);
    await Promise.all([bus.writer.raw.connect(), bus.reader.raw.connect()]);
    return bus;
  }

  get instanceId(): string {
    return this.options.instanceId;
  }

  /** Whether Redis answers now (for /healthz). */
  get up(): boolean {
    return !this.down && this.writer.raw.isReady && this.reader.raw.isReady;
  }

  key(kind: 'in' | 'out' | 'room', boardId: string): string;
  key(kind: 'instance', instanceId: string): string;
  key(kind: string, id: string): string {
    return kind === 'instance'
      ? `${this.options.prefix}instance:${id}`
      : `${this.options.prefix}board:${id}:${kind}`;
  }

  /** Appends a message to a stream, keeping about `keep` entries; resolves to its id. */
  async add(key: string, message: Message, keep: number): Promise<string> {
    const id = await this.writer.binary.sendCommand([
      'XADD',
      key,
      'MAXLEN',
      '~',
      String(keep),
      '*',
      'm',
      Buffer.from(encodeMessage(message)),
    ]);
    return String(id);
  }

  /** The newest entry of a stream, or null when it has none: where a reader that loaded state just now starts. */
  async last(key: string): Promise<{ id: string; message: Message } | null> {
    const reply = (await this.writer.binary.sendCommand(['XREVRANGE', key, '+', '-', 'COUNT', '1'])) as Array<
      [Buffer, Buffer[]]
    >;
    const entry = reply[0];
    if (!entry) return null;
    return { id: String(entry[0]), message: decodeMessage(entry[1][1] as Buffer) };
  }

  /** Deletes one entry of a stream. */
  async remove(key: string, id: string): Promise<void> {
    await this.writer.binary.sendCommand(['XDEL', key, id]);
  }

  /** Drops a stream's entries older than `id` (those the owner has committed). */
  async trimBefore(key: string, id: string): Promise<void> {
    await this.writer.binary.sendCommand(['XTRIM', key, 'MINID', '~', id]);
  }

  /**
   * Follows a stream from after the entry `fromId`, or from now on ('$'): then the
   * stream's newest id is looked up first, since XREAD's own '$' would mean "from the
   * next read", and entries added between two reads would be missed. `ready` resolves
   * once the stream is read from a known place.
   */
  follow(key: string, fromId: string, handler: StreamHandler): { stop(): void; ready: Promise<void> } {
    const followed = { id: fromId === '$' ? null : fromId, handler };
    this.following.set(key, followed);
    const ready =
      followed.id !== null
        ? Promise.resolve()
        : this.last(key).then(
            (last) => {
              followed.id = last?.id ?? '0-0';
            },
            () => {
              // Redis is down: read from the start of what it keeps once it is back.
              followed.id = '0-0';
            },
          );
    void ready.then(() => this.wake());
    this.loop ??= this.readLoop();
    return {
      ready,
      stop: () => {
        if (this.following.get(key) === followed) this.following.delete(key);
      },
    };
  }

  /** Runs after Redis answers again following an outage. */
  onReconnect(listener: () => void): () => void {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  /** Ends the reader's blocking read at once, so a stream followed just now is read from the next call. */
  private wake(): void {
    if (!this.loop || this.down) return;
    this.add(this.instanceKey, { kind: 'wake' }, STREAM_LENGTH.instance).catch(() => {});
  }

  private async readLoop(): Promise<void> {
    while (!this.closed) {
      const keys = Array.from(this.following.entries())
        .filter(([, followed]) => followed.id !== null)
        .map(([key]) => key);
      if (keys.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      const ids = keys.map((key) => this.following.get(key)?.id as string);
      let reply: Record<string, Array<[Buffer, Buffer[]]>> | null;
      try {
        reply = (await this.reader.binary.sendCommand([
          'XREAD',
          'COUNT',
          String(READ_COUNT),
          'BLOCK',
          String(BLOCK_MS),
          'STREAMS',
          ...keys,
          ...ids,
        ])) as typeof reply;
      } catch (error) {
        if (this.closed) return;
        this.markDown(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      if (!reply) continue;
      for (const [key, entries] of Object.entries(reply)) this.deliver(key, entries);
    }
  }

  private deliver(key: string, entries: Array<[Buffer, Buffer[]]>): void {
    for (const [rawId, fields] of entries) {
      const followed = this.following.get(key);
      if (!followed) return;
      const id = String(rawId);
      followed.id = id;
      let message: Message;
      try {
        message = decodeMessage(fields[1] as Buffer);
      } catch (error) {
        this.options.log.error({ err: error, key, id }, 'unreadable cluster message skipped');
        continue;
      }
      try {
        followed.handler(message, id);
      } catch (error) {
        this.options.log.error({ err: error, key, id }, 'cluster message handler failed');
      }
    }
  }

  private markDown(error: Error): void {
    if (this.closed) return;
    if (!this.down) this.options.log.warn({ err: error }, 'redis unavailable');
    this.down = true;
  }

  private markUp(): void {
    if (!this.down || this.closed || !this.writer.raw.isReady || !this.reader.raw.isReady) return;
    this.down = false;
    this.options.log.info('redis available again; rooms resync from the database');
    for (const listener of this.reconnectListeners) listener();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.following.clear();
    await Promise.allSettled([
      this.writer.raw.destroy(),
      this.reader.raw.destroy(),
    ] as unknown as Promise<void>[]);
    await this.loop?.catch(() => {});
  }
}
