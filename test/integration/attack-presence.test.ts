/**
 * Hardening, presence as a weapon: each presence entry is bounded (2 KB), checked
 * field by field against the shared schema (a colour is #rrggbb or nothing), limited
 * in rate (faster changes coalesce into the latest), stamped by the server (role,
 * a name normalised and unique by skeleton), and only owners may summon everyone.
 */
import type { Role } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import { joinNewBoard } from '../support/boards.js';
import { openRaw, useClients, waitFor } from '../support/clients.js';
import { awarenessFrame } from '../support/hostile-updates.js';
import { useTestServer } from '../support/server.js';

const server = useTestServer({ LOG_LEVEL: 'error', MAX_PRESENCE_PER_SECOND: '20' });
const clients = useClients();

/**
 * A board a viewer watches: `seen` is the presence it holds for a client id, and
 * `sender` opens a raw socket on the board with a role's link.
 */
async function roomWithWatcher() {
  const [board, watcher] = await joinNewBoard(server, clients, ['viewer'], 'Presence');
  const seen = (clientId: number) =>
    watcher.provider.awareness.getStates().get(clientId) as Record<string, unknown> | undefined;
  const sender = async (role: Role) => {
    const raw = openRaw(server.wsUrl, board.id, board.tokens[role]);
    await raw.opened;
    return raw;
  };
  return { watcher, seen, sender };
}

describe('presence is bounded and validated', () => {
  it('an entry over 2 KB closes its sender with 4400 and reaches nobody', async () => {
    const { seen, sender } = await roomWithWatcher();
    const raw = await sender('editor');
    raw.send(
      awarenessFrame(777_001, 1, {
        user: { name: 'Big', color: '#112233' },
        cursor: { x: 1, y: 1 },
        pad: 'x'.repeat(3000),
      }),
    );
    const closed = await raw.closed;
    expect(closed.code).toBe(4400);
    expect(closed.reason).toMatch(/presence of \d+ bytes is over the limit of 2048/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen(777_001)).toBeUndefined();
  });

  it('keeps only what the schema accepts: no CSS in a colour, no unknown fields, no summon from an editor', async () => {
    const { seen, sender } = await roomWithWatcher();
    const raw = await sender('editor');
    raw.send(
      awarenessFrame(777_002, 1, {
        user: { name: ' Mal\u200blory\u0007 ', color: 'url(https://evil.example/track.png)', role: 'owner' },
        cursor: { x: 10, y: 20 },
        selection: ['card-1', 'not an id!'],
        summon: { at: Date.now(), viewport: { x: 0, y: 0, zoom: 1 } },
        evil: '<script>',
      }),
    );
    await waitFor(() => seen(777_002) !== undefined, 2000, 'the presence to arrive');
    const state = seen(777_002) as Record<string, unknown>;
    expect(state.user).toEqual({ name: 'Mallory', role: 'editor' });
    expect(state.cursor).toEqual({ x: 10, y: 20 });
    expect(state).not.toHaveProperty('selection'); // one bad id drops the field
    expect(state.summon).toBeNull();
    expect(state).not.toHaveProperty('evil');
    raw.ws.close();
  });

  it('drops a cursor that is not a point on the board: a coordinate out of range, CSS for a number', async () => {
    // Others' pages write a cursor into a transform and an animation's keyframes (PeerCursors.tsx).
    const { seen, sender } = await roomWithWatcher();
    const [far, styled] = [await sender('editor'), await sender('editor')];
    far.send(
      awarenessFrame(777_003, 1, { user: { name: 'Far', color: '#112233' }, cursor: { x: 1e12, y: 0 } }),
    );
    styled.send(
      awarenessFrame(777_004, 1, {
        user: { name: 'Styled', color: '#112233' },
        cursor: { x: '0px) scale(1000', y: 0 },
      }),
    );
    await waitFor(() => seen(777_003) !== undefined && seen(777_004) !== undefined, 2000, 'the presence');
    expect(seen(777_003)).not.toHaveProperty('cursor');
    expect(seen(777_004)).not.toHaveProperty('cursor');
    far.ws.close();
    styled.ws.close();
  });

  it('an owner may summon everyone', async () => {
    const { seen, sender } = await roomWithWatcher();
    const raw = await sender('owner');
    const summon = { at: 1_800_000_000_000, viewport: { x: 5, y: 6, zoom: 1.5 } };
    raw.send(awarenessFrame(777_003, 1, { user: { name: 'Facilitator', color: '#0c8599' }, summon }));
    await waitFor(() => seen(777_003) !== undefined, 2000, 'the summon to arrive');
    expect(seen(777_003)?.summon).toEqual(summon);
    raw.ws.close();
  });

  it('passes on the slide a presenter shows, and their call to bring everyone in only from an owner or facilitator', async () => {
    const { seen, sender } = await roomWithWatcher();
    const editor = await sender('editor');
    const owner = await sender('owner');
    const presenting = { slide: 4, since: 1_800_000_000_000, everyone: 1_800_000_000_500 };
    editor.send(awarenessFrame(777_010, 1, { user: { name: 'Eddie', color: '#0c8599' }, presenting }));
    owner.send(awarenessFrame(777_011, 1, { user: { name: 'Olga', color: '#0c8599' }, presenting }));
    await waitFor(() => seen(777_010) !== undefined && seen(777_011) !== undefined, 2000, 'both presences');
    expect(seen(777_010)?.presenting).toEqual({ slide: 4, since: 1_800_000_000_000 });
    expect(seen(777_011)?.presenting).toEqual(presenting);
    editor.ws.close();
    owner.ws.close();
  });

  it('names that only look different are made unique: "Alice", "ALICE" and a Cyrillic "Аlice"', async () => {
    const { seen, sender } = await roomWithWatcher();
    const names = ['Alice', 'ALICE', '\u0410lice', 'Ａｌｉｃｅ'];
    const sockets = [];
    for (const [i, name] of names.entries()) {
      const raw = await sender('editor');
      raw.send(awarenessFrame(777_100 + i, 1, { user: { name, color: '#2f9e44' } }));
      await waitFor(() => seen(777_100 + i) !== undefined, 2000, `${name} to arrive`);
      sockets.push(raw);
    }
    const shown = names.map((_, i) => (seen(777_100 + i)?.user as { name?: string } | undefined)?.name);
    expect(shown).toEqual(['Alice', 'ALICE (2)', '\u0410lice (3)', 'Alice (4)']);
    for (const raw of sockets) raw.ws.close();
  });

  it('changes faster than the presence rate coalesce: others see fewer, and always the latest', async () => {
    const { watcher, seen, sender } = await roomWithWatcher();
    let changes = 0;
    watcher.provider.awareness.on('change', ({ updated }: { updated: number[] }) => {
      if (updated.includes(777_200)) changes++;
    });
    const raw = await sender('editor');
    for (let i = 1; i <= 200; i++)
      raw.send(
        awarenessFrame(777_200, i, { user: { name: 'Fast', color: '#e8590c' }, cursor: { x: i, y: i } }),
      );
    await waitFor(
      () => (seen(777_200)?.cursor as { x: number } | undefined)?.x === 200,
      5000,
      'the latest cursor',
    );
    // 20 a second with bursts of 8, over the second or two the flood took: far fewer than 200.
    expect(changes).toBeLessThan(60);
    expect(raw.ws.readyState).toBe(raw.ws.OPEN);
    raw.ws.close();
  });
});
