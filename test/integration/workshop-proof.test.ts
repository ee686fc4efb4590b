/**
 * The workshop load proof (test/proof/workshop-load.ts, `pnpm proof:workshop`) at a
 * small scale, so it cannot rot between full runs: full replicas and wire clients side
 * by side for a few seconds, then a restart. Its figures must add up: every edit
 * reached every other participant, of both kinds; cursors arrived; everyone was synced
 * again after the restart; the server refused nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const testDir = fileURLToPath(new URL('..', import.meta.url));
const out = mkdtempSync(path.join(os.tmpdir(), 'jb-workshop-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the workshop load proof, small', () => {
  it('delivers every edit to every participant, replicas and wire clients alike, and all come back after a restart', async () => {
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'proof/workshop-load.ts'], {
      cwd: testDir,
      env: {
        ...process.env,
        JB_WORKSHOP_EDITORS: '8',
        JB_WORKSHOP_VIEWERS: '8',
        JB_WORKSHOP_REPLICA_EDITORS: '3',
        JB_WORKSHOP_REPLICA_VIEWERS: '3',
        JB_WORKSHOP_PROCESSES: '3',
        JB_WORKSHOP_ACTIVE_SHARE: '1',
        JB_WORKSHOP_DURATION_S: '5',
        JB_WORKSHOP_OUT: out,
      },
      timeout: 90_000,
    });
    const figures = JSON.parse(readFileSync(path.join(out, 'proof-workshop.json'), 'utf8'));
    expect(figures.clients).toBe('mixed');
    expect(figures.processes).toBe(3);
    // Each editor edits every 3–5 s: in 5 s, at least one edit each.
    expect(figures.editsSent).toBeGreaterThanOrEqual(8);
    expect(figures.editDelivered).toBe(1);
    expect(figures.cursorUpdatesSent).toBeGreaterThan(100);
    for (const key of [
      'editFanoutP99Ms',
      'awarenessP99Ms',
      'replicaEditFanoutP99Ms',
      'replicaAwarenessP99Ms',
    ]) {
      expect(Number.isFinite(figures[key]), key).toBe(true);
    }
    expect(figures.serverErrors).toEqual({});
    expect(figures.reconnectResynced).toBe(16);
    expect(figures.reconnectAllMs).toBeLessThan(30_000);
  }, 120_000);
});
