/**
 * What instances of a cluster tell each other about a board, one binary message per
 * Redis stream entry (cluster/bus.ts). Four kinds of stream:
 *
 * - `board:<id>:in`, read by the board's owner: updates its clients sent to other
 *   instances (with who sent them, to be checked as the owner checks its own), the
 *   interest of instances serving a replica of the board (the owner relays, and stays
 *   loaded, while there is some), and server-side changes asked over REST.
 * - `board:<id>:out`, read by every other instance serving the board: each committed
 *   update with the owner's lease epoch and its commit sequence (so a gap or a new owner
 *   is seen and the replica reloads from the database), while some replica follows the
 *   board; and the owner's position (epoch, last sequence) when one starts following.
 * - `board:<id>:room`, read by every instance serving the board, owner included:
 *   presence changes of each instance's own connections, a hello from an instance that
 *   starts serving the board (everyone answers with theirs), and closes for everyone
 *   (links rotated, board deleted).
 * - `instance:<id>`: what the owner has to say to one of this instance's connections
 *   (a refusal, a close) and answers to its REST changes.
 *
 * Instances trust each other (they share the database); what a client sent is checked
 * by the owner exactly as if it had come to the owner itself.
 */
import type { Role } from '@journeyboard/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

export type BoardInMessage =
  | {
      kind: 'forward';
      from: string;
      connection: string;
      role: Role;
      participantId: string | null;
      update: Uint8Array;
    }
  | { kind: 'interest'; from: string }
  | { kind: 'change'; from: string; requestId: string; change: string; args: string };

export type BoardOutMessage =
  | { kind: 'committed'; epoch: number; seq: number; update: Uint8Array }
  | { kind: 'position'; epoch: number; seq: number };

/**
 * How often a replica tells the board's owner that it follows the board (an `interest`
 * entry): the owner relays its commits, and keeps its room loaded, only while one has.
 */
export const interestEveryMs = (roomUnloadGraceMs: number) => Math.max(500, roomUnloadGraceMs / 3);

export type RoomMessage =
  | { kind: 'presence'; from: string; update: Uint8Array }
  | { kind: 'hello'; from: string }
  | { kind: 'close'; code: number; reason: string; role: Role | null }
  | { kind: 'discard' };

export type InstanceMessage =
  | { kind: 'wake' }
  | { kind: 'send'; connection: string; frame: Uint8Array }
  | { kind: 'close-connection'; connection: string; code: number; reason: string }
  | { kind: 'answer'; requestId: string; ok: boolean; result: string };

export type Message = BoardInMessage | BoardOutMessage | RoomMessage | InstanceMessage;

/** Each kind's tag on the wire: one byte, never reused. */
const TAGS = [
  'forward',
  'interest',
  'change',
  'committed',
  'close',
  'discard',
  'presence',
  'hello',
  'wake',
  'send',
  'close-connection',
  'answer',
  'position',
] as const;

export function encodeMessage(message: Message): Uint8Array {
  const e = encoding.createEncoder();
  const str = (s: string) => encoding.writeVarString(e, s);
  const bytes = (b: Uint8Array) => encoding.writeVarUint8Array(e, b);
  const num = (n: number) => encoding.writeVarUint(e, n);
  switch (message.kind) {
    case 'forward':
      num(TAGS.indexOf('forward'));
      str(message.from);
      str(message.connection);
      str(message.role);
      str(message.participantId ?? '');
      bytes(message.update);
      break;
    case 'interest':
      num(TAGS.indexOf('interest'));
      str(message.from);
      break;
    case 'change':
      num(TAGS.indexOf('change'));
      str(message.from);
      str(message.requestId);
      str(message.change);
      str(message.args);
      break;
    case 'committed':
      num(TAGS.indexOf('committed'));
      num(message.epoch);
      num(message.seq);
      bytes(message.update);
      break;
    case 'position':
      num(TAGS.indexOf('position'));
      num(message.epoch);
      num(message.seq);
      break;
    case 'close':
      num(TAGS.indexOf('close'));
      num(message.code);
      str(message.reason);
      str(message.role ?? '');
      break;
    case 'close-connection':
      num(TAGS.indexOf('close-connection'));
      str(message.connection);
      num(message.code);
      str(message.reason);
      break;
    case 'discard':
      num(TAGS.indexOf('discard'));
      break;
    case 'presence':
      num(TAGS.indexOf('presence'));
      str(message.from);
      bytes(message.update);
      break;
    case 'hello':
      num(TAGS.indexOf('hello'));
      str(message.from);
      break;
    case 'wake':
      num(TAGS.indexOf('wake'));
      break;
    case 'send':
      num(TAGS.indexOf('send'));
      str(message.connection);
      bytes(message.frame);
      break;
    case 'answer':
      num(TAGS.indexOf('answer'));
      str(message.requestId);
      num(message.ok ? 1 : 0);
      str(message.result);
      break;
  }
  return encoding.toUint8Array(e);
}

/** Reads one message; throws on anything else (a stream holds only what instances wrote). */
export function decodeMessage(data: Uint8Array): Message {
  const d = decoding.createDecoder(data);
  const str = () => decoding.readVarString(d);
  const bytes = () => decoding.readVarUint8Array(d);
  const num = () => decoding.readVarUint(d);
  const tag = TAGS[num()];
  switch (tag) {
    case 'forward': {
      const from = str();
      const connection = str();
      const role = str() as Role;
      const participantId = str() || null;
      return { kind: 'forward', from, connection, role, participantId, update: bytes() };
    }
    case 'interest':
      return { kind: 'interest', from: str() };
    case 'change':
      return { kind: 'change', from: str(), requestId: str(), change: str(), args: str() };
    case 'committed':
      return { kind: 'committed', epoch: num(), seq: num(), update: bytes() };
    case 'position':
      return { kind: 'position', epoch: num(), seq: num() };
    case 'close': {
      const code = num();
      const reason = str();
      return { kind: 'close', code, reason, role: (str() || null) as Role | null };
    }
    case 'close-connection':
      return { kind: 'close-connection', connection: str(), code: num(), reason: str() };
    case 'discard':
      return { kind: 'discard' };
    case 'presence':
      return { kind: 'presence', from: str(), update: bytes() };
    case 'hello':
      return { kind: 'hello', from: str() };
    case 'wake':
      return { kind: 'wake' };
    case 'send':
      return { kind: 'send', connection: str(), frame: bytes() };
    case 'answer':
      return { kind: 'answer', requestId: str(), ok: num() === 1, result: str() };
    default:
      throw new Error('unknown cluster message');
  }
}
