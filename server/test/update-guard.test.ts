/** The update guard reads untrusted updates whole, big ones off-thread, one at a time, each within its own time limit. */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ProtocolError } from '../src/sync/codec.js';
import { GuardBusyError, UpdateGuard, type UpdateGuardOptions } from '../src/sync/update-guard.js';

function updateOfSize(lines: number): Uint8Array {
  const doc = new Y.Doc();
  const text = doc.getText('vision');
  for (let i = 0; i < lines; i++) text.insert(0, `line ${i} `);
  return Y.encodeStateAsUpdate(doc);
}

const guards: UpdateGuard[] = [];
const guardWith = (options: Partial<UpdateGuardOptions>) => {
  const guard = new UpdateGuard({ inlineBytes: 1024, timeoutMs: 5000, maxQueuedBytes: 64 << 20, ...options });
  guards.push(guard);
  return guard;
};
afterEach(async () => {
  await Promise.all(guards.splice(0).map((guard) => guard.close()));
});

describe('UpdateGuard', () => {
  it('reads small updates inline: good ones are read, malformed ones throw at once', () => {
    const guard = guardWith({ inlineBytes: 64 * 1024 });
    const update = updateOfSize(10);
    const read = guard.read(update);
    expect(read).not.toBeInstanceOf(Promise);
    expect((read as { bytes: number }).bytes).toBe(update.byteLength);
    expect(() => guard.read(update.slice(0, update.length - 3))).toThrow(ProtocolError);
  });

  it('reads large updates in a worker: good ones resolve, malformed ones reject', async () => {
    const guard = guardWith({});
    const update = updateOfSize(3000);
    await expect(guard.read(update.slice())).resolves.toMatchObject({ bytes: update.byteLength });
    await expect(guard.read(update.slice(0, update.length - 50))).rejects.toThrow(/malformed update/);
  });

  it('refuses only the update it cannot read in time: the ones queued behind it are read by a new worker', async () => {
    // Margins both ways, whatever the machine: the huge update takes 100-130 ms to read on
    // a quiet fast core (150 ms was too close: it passed the limit there), the small ones 1-2 ms.
    const guard = guardWith({ timeoutMs: 40 });
    const huge = updateOfSize(200_000);
    const small = updateOfSize(300);
    const slow = guard.read(huge);
    const behind = [guard.read(small.slice()), guard.read(small.slice()), guard.read(small.slice())];
    await expect(slow).rejects.toThrow(/took longer than 40 ms/);
    for (const read of behind) await expect(read).resolves.toMatchObject({ bytes: small.byteLength });
    expect(guard.waiting).toBe(0);
  });

  it('refuses a large update as busy when the queue already holds its bytes', async () => {
    const small = updateOfSize(3000);
    const guard = guardWith({ maxQueuedBytes: small.byteLength * 2 });
    const first = guard.read(small.slice());
    const second = guard.read(small.slice());
    await expect(guard.read(small.slice())).rejects.toBeInstanceOf(GuardBusyError);
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
  });
});
