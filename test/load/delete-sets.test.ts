/**
 * Hardening, work per frame: the review's delete-set attack (a board with 20,000
 * deleted items; 60 KB and 1 MiB frames whose delete set repeats one range over all
 * of them, from a viewer and from an editor) and the placement walk (items that make
 * Yjs walk a field's whole history) against the built server in its own process,
 * with an honest room beside them. `pnpm proof:attacks` runs them bigger.
 */
import { describe, expect, it } from 'vitest';
import { deleteSetAttack, placementAttack, rangeFramesFromBoth } from '../proof/attacks.js';
import { useWatchedServer } from './watched-server.js';

const watched = useWatchedServer();

describe('work per frame follows the frame, not the board’s history', () => {
  it('repeated ranges over 20,000 deleted items: no-ops from a viewer and an editor; another room stays under 50 ms', async () => {
    const report = await watched.watch.during('delete-set amplification', '20,000 deleted items', () =>
      deleteSetAttack(watched.server, {
        cards: 200,
        rounds: 101,
        frames: rangeFramesFromBoth(5, 2),
      }),
    );
    expect(report.details.deletedRun).toBeGreaterThanOrEqual(20_000);
    expect(report.outcome).not.toMatch(/closed/);
    expect(report.outcome.match(/no-op/g)).toHaveLength(4);
    // The index knew every deleted item: nothing of the history was walked.
    expect(report.details.structsWalked).toBe(0);
    expect(report.honest.count).toBeGreaterThanOrEqual(10);
    expect(report.honest.lost).toBe(0);
    expect(report.honest.p99Ms).toBeLessThan(50);
    expect(report.healthzMaxMs).toBeLessThan(100);
  }, 120_000);

  it('items that would walk a field’s 5,000 old values each are refused (4422) before Yjs sees them', async () => {
    const report = await watched.watch.during('placement walk', '5,000-value chain, 2,000 items', () =>
      placementAttack(watched.server, { rounds: 5000, structs: 2000 }),
    );
    expect(report.outcome).toMatch(/^closed 4422/);
    expect(report.honest.p99Ms).toBeLessThan(50);
    expect(report.healthzMaxMs).toBeLessThan(100);
    // The honest room beside the attacks stayed connected throughout and converged.
    expect(await watched.watch.close()).toBe(true);
  }, 120_000);
});
