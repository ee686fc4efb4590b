/**
 * One frame of a client, read and handed to what its room does with each kind of
 * message: a board's owner (room.ts) and, in cluster mode, an instance serving the
 * board for its owner (cluster/replica-room.ts) read frames alike and differ only there.
 */
import { CLOSE } from '@journeyboard/shared';
import type { Metrics } from '../metrics.js';
import { type ClientMessage, decodeClientMessage, ProtocolError } from './codec.js';
import type { Connection, Writer } from './connection.js';
import type { RoomPresence } from './room-presence.js';
import { GuardBusyError } from './update-guard.js';

export interface FrameHandlers {
  syncStep1(connection: Connection, stateVector: Uint8Array): void | Promise<void>;
  update(connection: Connection, update: Uint8Array): void | Promise<void>;
  readonly presence: RoomPresence;
}

/** Handles one frame (its rate token already taken): a promise while a large update is read off-thread. */
export function receiveFrame(
  metrics: Metrics,
  connection: Connection,
  frame: Uint8Array,
  handlers: FrameHandlers,
): void | Promise<void> {
  metrics.bytesIn.inc(frame.byteLength);
  let message: ClientMessage;
  try {
    message = decodeClientMessage(frame);
  } catch (error) {
    return refuseMalformed(metrics, connection, error);
  }
  metrics.messagesIn.inc({ type: message.type });
  if (
    (message.type === 'sync-step1' || message.type === 'query-awareness') &&
    !connection.takeSyncRequestToken()
  ) {
    metrics.errors.inc({ kind: 'rate_limited' });
    connection.close(CLOSE.rateLimited, 'too many sync requests');
    return;
  }
  try {
    switch (message.type) {
      case 'sync-step1':
        return handlers.syncStep1(connection, message.stateVector);
      case 'sync-step2':
      case 'sync-update':
        return handlers.update(connection, message.update);
      case 'awareness':
        handlers.presence.receive(connection, message.update);
        return;
      case 'query-awareness': {
        const everyone = handlers.presence.everyoneFrame();
        if (everyone) connection.send(everyone);
        return;
      }
    }
  } catch (error) {
    refuseMalformed(metrics, connection, error);
  }
}

/** Closes a writer whose frame could not be read (4400), or whose update the busy guard could not read now (1013). */
export function refuseMalformed(metrics: Metrics, connection: Writer, error: unknown): void {
  if (error instanceof GuardBusyError) {
    metrics.errors.inc({ kind: 'guard_busy' });
    connection.close(CLOSE.tryAgainLater, error.message);
    return;
  }
  metrics.errors.inc({ kind: 'malformed' });
  const reason = error instanceof ProtocolError ? error.message : 'malformed message';
  connection.log.warn({ reason }, 'malformed message');
  connection.close(CLOSE.malformed, reason.slice(0, 120));
}
