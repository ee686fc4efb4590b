/**
 * A broadcast frames its messages once and writes the same bytes to every socket
 * (wireMessages in sync/connection.ts), beside ws: the bytes must be what ws's own
 * Sender would write, and a real ws client must read them, in order with what ws sends.
 */
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { WebSocket, WebSocketServer } from 'ws';
import { wireMessages } from '../src/sync/connection.js';

/** ws's own framing, which its types leave out. */
const { Sender } = ws as unknown as {
  Sender: {
    frame(
      data: Buffer,
      options: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean },
    ): Buffer[];
  };
};

/** Every length class of the frame header: 7 bits, 16 bits, 64 bits, at their edges. */
const LENGTHS = [0, 1, 125, 126, 127, 65_535, 65_536, 70_000];
const payload = (length: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + length) & 0xff);

const servers: WebSocketServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('wireMessages', () => {
  it.each(LENGTHS)('frames a %i-byte message as ws does: binary, final, unmasked', (length) => {
    const message = payload(length);
    const framed = Buffer.concat(
      Sender.frame(Buffer.from(message), { fin: true, opcode: 2, mask: false, readOnly: false, rsv1: false }),
    );
    expect(wireMessages([message])).toEqual(framed);
  });

  it('reaches a real client whole and in order with what ws itself sends on the socket', async () => {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    servers.push(server);
    await new Promise((resolve) => server.once('listening', resolve));
    const messages = LENGTHS.map(payload);
    server.on('connection', (socket) => {
      const tcp = (socket as unknown as { _socket: Duplex })._socket;
      socket.send(Buffer.from('before'));
      tcp.write(wireMessages(messages));
      socket.send(Buffer.from('after'));
    });
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const received = await new Promise<Buffer[]>((resolve, reject) => {
      const all: Buffer[] = [];
      client.on('message', (data: Buffer, binary: boolean) => {
        expect(binary).toBe(true);
        all.push(data);
        if (all.length === messages.length + 2) resolve(all);
      });
      client.on('error', reject);
    });
    client.close();
    expect(received.map((data) => new Uint8Array(data))).toEqual([
      new Uint8Array(Buffer.from('before')),
      ...messages,
      new Uint8Array(Buffer.from('after')),
    ]);
  });
});
