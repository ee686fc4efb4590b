/**
 * One built server (its own process) and one honest room beside it per load file,
 * started before its tests and stopped after (the honest room's own verdict, whether
 * it stayed live and converged, is the last test's to check with `watch.close()`).
 */
import { afterAll, beforeAll } from 'vitest';
import { AttackWatch } from '../proof/attack-watch.js';
import { spawnFuzzTarget } from '../proof/fuzz-watch.js';
import { freePort } from '../support/ports.js';
import { removeDataDir, type ServerProcess, tempDataDir } from '../support/server.js';

export interface WatchedServer {
  server: ServerProcess;
  watch: AttackWatch;
}

/** `env` for the server; `everyMs` how often the honest room times an edit. */
export function useWatchedServer(env: Record<string, string> = {}, everyMs = 50): WatchedServer {
  const watched = {} as WatchedServer;
  const dataDir = tempDataDir();
  beforeAll(async () => {
    watched.server = await spawnFuzzTarget(dataDir, await freePort(), env);
    watched.watch = await AttackWatch.open(watched.server, everyMs);
  }, 60_000);
  afterAll(async () => {
    await watched.watch?.close();
    watched.server?.child.kill('SIGKILL');
    await watched.server?.exited;
    removeDataDir(dataDir);
  });
  return watched;
}
