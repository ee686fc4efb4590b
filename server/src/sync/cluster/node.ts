/**
 * This instance in a cluster (REDIS_URL with DATABASE_URL): its Redis bus, the
 * connections of its replicas by id (so the owner's word about one reaches it), and
 * the server-side changes (REST) it asked of owners elsewhere, until they answer.
 */
import { newId } from '@journeyboard/shared';
import type { Logger } from '../../log.js';
import type { Metrics } from '../../metrics.js';
import type { Connection } from '../connection.js';
import { ClusterBus, STREAM_LENGTH } from './bus.js';
import type { InstanceMessage, RoomMessage } from './messages.js';

/** How long a REST change asked of another instance may take before the request fails (503). */
export const CHANGE_TIMEOUT_MS = 10_000;

export interface ChangeAnswer {
  ok: boolean;
  /** JSON: the change's result, or its error's problem. */
  result: string;
}

export class ChangeTimeoutError extends Error {
  override readonly name = 'ChangeTimeoutError';
}

export class ClusterNode {
  /** Connections of this instance's replicas, by id. */
  readonly connections = new Map<string, Connection>();
  private readonly asked = new Map<string, { timer: NodeJS.Timeout; resolve(answer: ChangeAnswer): void }>();

  private constructor(
    readonly bus: ClusterBus,
    private readonly metrics: Metrics,
  ) {
    this.followed = bus.follow(bus.instanceKey, '$', (message) =>
      this.receive(message as InstanceMessage),
    ).ready;
  }

  /** Resolves once this instance reads its own stream. */
  private readonly followed: Promise<void>;

  static async start(options: {
    url: string;
    prefix: string;
    instanceId: string;
    log: Logger;
    metrics: Metrics;
  }): Promise<ClusterNode> {
    const bus = await ClusterBus.connect(options);
    const node = new ClusterNode(bus, options.metrics);
    await node.followed;
    return node;
  }

  get instanceId(): string {
    return this.bus.instanceId;
  }

  private receive(message: InstanceMessage): void {
    switch (message.kind) {
      case 'send':
        this.connections.get(message.connection)?.send(message.frame);
        return;
      case 'close-connection':
        this.connections.get(message.connection)?.close(message.code, message.reason);
        return;
      case 'answer':
        this.asked.get(message.requestId)?.resolve(message);
        this.asked.delete(message.requestId);
        return;
      case 'wake':
        return;
    }
  }

  /** Asks the board's owner to make a server-side change (rename, restore); resolves to its answer. */
  async askOwner(boardId: string, change: string, args: unknown): Promise<ChangeAnswer> {
    const requestId = newId();
    const answered = new Promise<ChangeAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.asked.delete(requestId);
        reject(new ChangeTimeoutError('the board owner did not answer in time'));
      }, CHANGE_TIMEOUT_MS);
      this.asked.set(requestId, {
        timer,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
      });
    });
    try {
      await this.bus.add(
        this.bus.key('in', boardId),
        { kind: 'change', from: this.instanceId, requestId, change, args: JSON.stringify(args) },
        STREAM_LENGTH.in,
      );
    } catch (error) {
      clearTimeout(this.asked.get(requestId)?.timer);
      this.asked.delete(requestId);
      throw error;
    }
    this.metrics.clusterChangesAsked.inc();
    return answered;
  }

  /** Tells every instance serving the board (this one too) to close connections of a role, or to drop the board. */
  async tellBoard(
    boardId: string,
    message: Extract<RoomMessage, { kind: 'close' | 'discard' }>,
  ): Promise<void> {
    await this.bus.add(this.bus.key('room', boardId), message, STREAM_LENGTH.room);
  }

  close(): Promise<void> {
    return this.bus.close();
  }
}
