/** The update guard reads untrusted updates whole, and reads big ones off-thread within a time limit. */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ProtocolError } from '../src/sync/codec.js';
import { UpdateGuard } from '../src/sync/update-guard.js';

function updateOfSize(lines: number): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText('vision');
  for (let i = 0; i < lines; i++) text.insert(0, `line ${i} `);
  return Y.encodeStateAsUpdate(doc);
}

let guard: UpdateGuard | null = null;
afterEach(async () => {
  await guard?.close();
});

describe('UpdateGuard', () => {
  it('reads small updates inline: good ones pass, malformed ones throw at once', () => {
    guard = new UpdateGuard({ inlineBytes: 64 * 1024, timeoutMs: 500 });
    const update = updateOfSize(10);
    expect(guard.check(update)).toBeUndefined();
    expect(() => guard!.check(update.slice(0, update.length - 3))).toThrow(ProtocolError);
  });

  it('reads large updates in a worker: good ones resolve, malformed ones reject', async () => {
    guard = new UpdateGuard({ inlineBytes: 1024, timeoutMs: 2000 });
    const update = updateOfSize(3000);
    await expect(guard.check(update)).resolves.toBeUndefined();
    await expect(guard.check(update.slice(0, update.length - 50))).rejects.toThrow(/malformed update/);
  });

  it('refuses an update the worker cannot read in time, and replaces the worker for the next one', async () => {
    guard = new UpdateGuard({ inlineBytes: 1024, timeoutMs: 1 });
    const huge = updateOfSize(200_000);
    await expect(guard.check(huge)).rejects.toThrow(/took longer than 1 ms/);
    const patient = new UpdateGuard({ inlineBytes: 1024, timeoutMs: 5000 });
    await expect(patient.check(updateOfSize(3000))).resolves.toBeUndefined();
    await patient.close();
  });
});
