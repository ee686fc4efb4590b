/**
 * `pnpm proof:crash`: the full crash loop (50 clients, three minutes, SIGKILL every 5-15 s) and
 * the closed-tabs round, with a printed summary; the figures land in
 * test/.artifacts/proof-crash.json (shape documented in crash-loop.ts). Exits 1 when an edit was
 * lost or the replicas disagree.
 *
 *   JB_CRASH_DURATION_S (180), JB_CRASH_CLIENTS (50), JB_CRASH_KILL_MIN_S (5), JB_CRASH_KILL_MAX_S (15)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// The scenario runs server/dist/main.js; bring the build up to date before importing anything built.
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'shared', 'server'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
const { runClosedTabs, runCrashLoop } = await import('./crash-loop.js');

const started = new Date();
const crash = await runCrashLoop({
  clients: number('JB_CRASH_CLIENTS', 50),
  durationMs: number('JB_CRASH_DURATION_S', 180) * 1000,
  killEveryMs: [number('JB_CRASH_KILL_MIN_S', 5) * 1000, number('JB_CRASH_KILL_MAX_S', 15) * 1000],
  editEveryMs: [1000, 3000],
  downMs: [0, 1000],
  log: (line) => console.log(`  ${line}`),
});
const closedTabs = await runClosedTabs({ rounds: 5, tabsPerRound: 10 });

const yes = (value: boolean) => (value ? 'yes' : 'NO');
console.log(`
Crash loop (${started.toISOString()}, ${crash.machine.cpus} cores, load ${crash.machine.loadavg1m}; clients and server share the machine)
  duration / clients / kills          ${crash.durationS} s / ${crash.clients} / ${crash.kills} (every ${crash.killEveryS[0]}-${crash.killEveryS[1]} s)
  server restart p50 / max            ${crash.restartMs.p50} / ${crash.restartMs.max} ms
  edits made                          ${crash.editsMade} (${crash.editsMadeWhileDown} while the server was down, ${crash.editsMadeWhileDownPresent} of them synced after)
  edits seen by some client           ${crash.editsSeen}
  seen edits lost                     ${crash.editsLost}${crash.lostExamples.length ? ` e.g. ${crash.lostExamples.join(' ')}` : ''}
  made edits missing at the end       ${crash.editsMadeMissing}${crash.missingExamples.length ? ` e.g. ${crash.missingExamples.join(' ')}` : ''}
  cards on the board                  ${crash.cards}
  replicas identical                  ${yes(crash.replicasIdentical)} (converged in ${crash.convergeMs ?? '-'} ms after edits stopped)
  load from disk after a last kill    ${yes(crash.diskIdentical)}
  fresh client after restart          ${yes(crash.freshClientIdentical)}
Closed tabs
  tabs closed right after broadcast   ${closedTabs.tabs} in ${closedTabs.rounds} crashes, ${closedTabs.editsBroadcast} edits
  lost on disk / fresh client         ${closedTabs.editsLost} / ${closedTabs.freshClientMissing}
`);

const artifacts = path.join(root, 'test/.artifacts');
mkdirSync(artifacts, { recursive: true });
writeFileSync(
  path.join(artifacts, 'proof-crash.json'),
  `${JSON.stringify({ ...crash, closedTabs }, null, 2)}\n`,
);
console.log(`figures written to ${path.join(artifacts, 'proof-crash.json')}`);

const proven =
  crash.editsLost === 0 &&
  crash.editsMadeMissing === 0 &&
  crash.replicasIdentical &&
  crash.diskIdentical &&
  crash.freshClientIdentical &&
  closedTabs.editsLost === 0 &&
  closedTabs.freshClientMissing === 0;
process.exit(proven ? 0 : 1);
