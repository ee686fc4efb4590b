/**
 * Hardening, backpressure: sockets that ask for a big board and never read. Every
 * joiner is answered from one shared encoding of the board (it is not encoded, nor
 * held, once per socket), a socket whose send buffer passes its bound gets nothing
 * more, and one that stops answering pings is cut off, freeing what it held.
 */
import { describe, expect, it } from 'vitest';
import { slowReadersAttack } from '../proof/attacks.js';
import { useWatchedServer } from './watched-server.js';

const PING_INTERVAL_MS = 1000;
/** What 200 readers of a 10 MB board may add to the server's memory: a few copies of the board, not 200. */
const RSS_GROWTH_BOUND_MB = 50;

const watched = useWatchedServer({ PING_INTERVAL_MS: String(PING_INTERVAL_MS) });

describe('readers that never read', () => {
  it(`200 sockets that ask for a 10 MB board hold at most ${RSS_GROWTH_BOUND_MB} MB and are cut off within three pings`, async () => {
    const report = await watched.watch.during('slow readers', '200 sockets, 10 MB board', () =>
      slowReadersAttack(watched.server, {
        sockets: 200,
        megabytes: 10,
        asks: 1,
        cutOffWithinMs: 3 * PING_INTERVAL_MS + 2000,
      }),
    );
    expect(report.details.boardMb).toBeGreaterThanOrEqual(9.5);
    expect(report.outcome).toMatch(/^all 200 cut off/);
    expect(report.details.cutOffUnanswered).toBe(200);
    expect(report.rssPeakMb - report.rssBeforeMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(report.honest.lost).toBe(0);
  }, 180_000);

  it('a reader that asks again and again passes its send buffer and is closed with 4408 before the ping', async () => {
    const report = await watched.watch.during(
      'slow readers asking again',
      '20 sockets × 10 asks, 10 MB board',
      () =>
        slowReadersAttack(watched.server, {
          sockets: 20,
          megabytes: 10,
          asks: 10,
          cutOffWithinMs: 3 * PING_INTERVAL_MS + 2000,
        }),
    );
    expect(report.outcome).toMatch(/^all 20 cut off/);
    expect(report.details.closedTooSlow).toBe(20);
    expect(report.rssPeakMb - report.rssBeforeMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    // The honest room beside the attacks stayed connected throughout and converged.
    expect(await watched.watch.close()).toBe(true);
  }, 180_000);
});
