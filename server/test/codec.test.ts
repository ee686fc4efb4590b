/** The codec speaks y-protocols byte for byte: what it encodes equals what y-protocols writes, and vice versa. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  decodeAwarenessUpdate,
  decodeClientMessage,
  encodeAwarenessMessage,
  encodeAwarenessUpdate,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  ProtocolError,
} from '../src/sync/codec.js';

function viaYProtocols(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe('the sync codec', () => {
  const doc = new Y.Doc();
  doc.getMap('cards').set('a', 'b');
  const stateVector = Y.encodeStateVector(doc);
  const update = Y.encodeStateAsUpdate(doc);

  it('encodes sync step 1, step 2 and updates exactly as y-protocols does', () => {
    expect(encodeSyncStep1(stateVector)).toEqual(
      viaYProtocols((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(e, doc);
      }),
    );
    expect(encodeSyncStep2(update)).toEqual(
      viaYProtocols((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeSyncStep2(e, doc);
      }),
    );
    expect(encodeSyncUpdate(update)).toEqual(
      viaYProtocols((e) => {
        encoding.writeVarUint(e, MESSAGE_SYNC);
        syncProtocol.writeUpdate(e, update);
      }),
    );
    expect(Array.from(encodeSyncStep1(new Uint8Array([0])))).toEqual([0, 0, 1, 0]);
  });

  it('decodes what y-protocols writes', () => {
    const frame = viaYProtocols((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      syncProtocol.writeUpdate(e, update);
    });
    expect(decodeClientMessage(frame)).toEqual({ type: 'sync-update', update });
    expect(decodeClientMessage(new Uint8Array([3]))).toEqual({ type: 'query-awareness' });
  });

  it('round-trips awareness updates with y-protocols', () => {
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState({ user: { name: 'Alice', color: '#e8590c' }, cursor: { x: 1, y: 2 } });
    const fromYProtocols = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
    const entries = decodeAwarenessUpdate(fromYProtocols);
    expect(entries).toEqual([
      {
        clientId: doc.clientID,
        clock: 1,
        state: { user: { name: 'Alice', color: '#e8590c' }, cursor: { x: 1, y: 2 } },
      },
    ]);
    expect(encodeAwarenessUpdate(entries)).toEqual(fromYProtocols);
    expect(encodeAwarenessMessage(fromYProtocols)[0]).toBe(MESSAGE_AWARENESS);
    awareness.destroy();
  });

  it('writes permission-denied as y-protocols auth reads it', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('viewers cannot change this board'));
    expect(decoding.readVarUint(decoder)).toBe(2);
    expect(decoding.readVarUint(decoder)).toBe(0);
    expect(decoding.readVarString(decoder)).toBe('viewers cannot change this board');
  });

  it.each([
    ['empty frame', []],
    ['unknown message type', [9, 0]],
    ['unknown sync subtype', [0, 7, 0]],
    ['truncated payload', [0, 2, 10, 1, 2]],
    ['trailing bytes', [0, 2, 1, 0, 99]],
    ['varint past the end', [0, 2, 0xff, 0xff, 0xff]],
  ])('refuses a %s with a ProtocolError', (_name, bytes) => {
    expect(() => decodeClientMessage(new Uint8Array(bytes))).toThrow(ProtocolError);
  });

  it('refuses awareness updates that claim huge counts or carry bad JSON', () => {
    const huge = viaYProtocols((e) => encoding.writeVarUint(e, 4_000_000_000));
    expect(() => decodeAwarenessUpdate(huge)).toThrow(/claims 4000000000 clients/);
    const badJson = viaYProtocols((e) => {
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint(e, 5);
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, '{nope');
    });
    expect(() => decodeAwarenessUpdate(badJson)).toThrow(ProtocolError);
  });
});
