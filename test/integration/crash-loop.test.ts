/**
 * Crash loop, short: 50 clients (all in this process) edit while the server is killed with
 * SIGKILL every 2-5 s for about 35 s; nothing any client saw is lost, and the replicas, the
 * file and a fresh client agree. The full three-minute run is `pnpm proof:crash`.
 * Closed tabs: edits whose tab closed right after they were broadcast survive a crash.
 */
import { describe, expect, it } from 'vitest';
import { runClosedTabs, runCrashLoop } from '../proof/crash-loop.js';

describe('a server killed with SIGKILL over and over while 50 people edit', () => {
  it('loses no edit any client had seen; replicas, disk and a fresh client end identical', async () => {
    const report = await runCrashLoop({
      clients: 50,
      durationMs: 35_000,
      killEveryMs: [2000, 5000],
      editEveryMs: [1000, 3000],
      downMs: [0, 500],
    });
    expect(report.kills).toBeGreaterThanOrEqual(3);
    // The loop really exercised the server: edits crossed between clients and some were offline.
    expect(report.editsSeen).toBeGreaterThan(100);
    expect(report.lostExamples).toEqual([]);
    expect(report.editsLost).toBe(0);
    // Every client survives and resends, so even edits the server never stored arrive.
    expect(report.missingExamples).toEqual([]);
    expect(report.editsMadeWhileDownPresent).toBe(report.editsMadeWhileDown);
    expect(report.convergeMs).not.toBeNull();
    expect(report.replicasIdentical).toBe(true);
    expect(report.diskIdentical).toBe(true);
    expect(report.freshClientIdentical).toBe(true);
  }, 150_000);

  it('keeps the edits of tabs that closed right after their edits were broadcast', async () => {
    const report = await runClosedTabs({ rounds: 3, tabsPerRound: 8 });
    expect(report.editsBroadcast).toBe(3 * 8 * 3);
    expect(report.lostExamples).toEqual([]);
    expect(report.editsLost).toBe(0);
    expect(report.freshClientMissing).toBe(0);
  }, 60_000);
});
