/**
 * `pnpm proof:attacks`: every attack of the hardening review at full size against
 * the built server (its own process, default limits), one after another, each with
 * an honest room beside it. Prints a table (attack, size, the worst stall the honest
 * room saw, /healthz, the server's own event-loop stall, its memory, the outcome) and
 * writes test/.artifacts/proof-attacks.json:
 *
 *   { machine, attacks: { <attack>: { size, honest: {count, p50Ms, p99Ms, maxMs, lost},
 *     healthzMaxMs, serverLagMaxMs, rssBeforeMb, rssPeakMb, ms, outcome, details } }, pass }
 *
 * JB_ATTACK_SCALE (default 1) scales every size down or up, e.g. 0.2 for a quick run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/ports.js';
import { removeDataDir, tempDataDir } from '../support/server.js';
import {
  type AttackReport,
  AttackWatch,
  backlogFlood,
  creationFlood,
  deleteSetAttack,
  exportFlood,
  importBomb,
  malformedUpgrades,
  type PreparedAttack,
  placementAttack,
  presenceFlood,
  slowReadersAttack,
} from './attacks.js';
import { spawnFuzzTarget } from './fuzz-watch.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, '..', '.artifacts');
const SCALE = Number(process.env.JB_ATTACK_SCALE ?? 1);
const n = (full: number) => Math.max(1, Math.round(full * SCALE));
const PING_INTERVAL_MS = 5000;

/** Honest round trips above this (ms) fail the run: the bound for another room. */
const HONEST_P99_MS = 50;

const dataDir = tempDataDir();
// Creating boards is rate-limited per address; the attacks below need many, from one address.
const server = await spawnFuzzTarget(dataDir, await freePort(), {
  CREATE_BOARDS_PER_HOUR: '0',
  // The export flood measures the pool under a crowd; the per-link rates would turn most of it away first.
  EXPORTS_PER_BOARD_PER_MINUTE: '0',
  EXPORTS_PER_TOKEN_PER_MINUTE: '0',
});
const watch = await AttackWatch.open(server);
const attacks: Array<[string, string, () => Promise<PreparedAttack>]> = [
  [
    'delete-set amplification',
    `${n(100_000).toLocaleString()} deleted items; 60 KB ×20 and 1 MiB ×5 frames of repeated ranges, viewer and editor`,
    () =>
      deleteSetAttack(server, {
        cards: n(1000),
        rounds: 101,
        frames: [
          { role: 'viewer', bytes: 60_000, count: 20 },
          { role: 'viewer', bytes: 1_000_000, count: 5 },
          { role: 'editor', bytes: 60_000, count: 20 },
          { role: 'editor', bytes: 1_000_000, count: 5 },
        ],
      }),
  ],
  [
    'placement walk',
    `a field's ${n(20_000).toLocaleString()} old values; ${n(20_000).toLocaleString()} items naming no origin`,
    () => placementAttack(server, { rounds: n(20_000), structs: n(20_000) }),
  ],
  [
    'malformed upgrades',
    `${n(10_000).toLocaleString()} upgrades without a key over ${n(2000).toLocaleString()} boards`,
    () => malformedUpgrades(server, { boards: n(2000), upgrades: n(10_000) }),
  ],
  [
    'readers that never read',
    `${n(500)} sockets ask once for a 10 MB board`,
    () =>
      slowReadersAttack(server, {
        sockets: n(500),
        megabytes: 10,
        asks: 1,
        cutOffWithinMs: 3 * PING_INTERVAL_MS,
      }),
  ],
  [
    'readers that keep asking',
    `${n(100)} sockets ask 10 times each for a 10 MB board`,
    () =>
      slowReadersAttack(server, {
        sockets: n(100),
        megabytes: 10,
        asks: 10,
        cutOffWithinMs: 3 * PING_INTERVAL_MS,
      }),
  ],
  [
    'presence flood',
    `${n(50)} senders × ${n(200)} changes, CSS colours, forged summons, one 64 KB entry`,
    () => presenceFlood(server, { senders: n(50), changes: n(200) }),
  ],
  [
    'export flood',
    '2 rounds × 20 parallel PNG and PPTX exports of a 2,000-card board',
    () => exportFlood(server, { cards: 2000, rounds: 2, parallel: 20 }),
  ],
  ['import bomb', 'a 25 MB board file of empty cards, and one of costly cards', () => importBomb(server)],
  [
    'backlog flood',
    `${n(5000).toLocaleString()} frames behind a large update`,
    () => backlogFlood(server, { frames: n(5000) }),
  ],
];

const reports: AttackReport[] = [];
for (const [name, size, prepare] of attacks) {
  process.stdout.write(`▶ ${name}: ${size}\n`);
  try {
    const report = await watch.during(name, size, prepare);
    reports.push(report);
    process.stdout.write(`  ${report.outcome}\n`);
  } catch (error) {
    process.stdout.write(`  failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
const live = await watch.close().catch(() => false);
server.child.kill('SIGTERM');
await server.exited;
removeDataDir(dataDir);

// Creation quotas, on a server of their own with the default quota (the attacks above need it lifted).
{
  const quotaDir = tempDataDir();
  const quotaServer = await spawnFuzzTarget(quotaDir, await freePort());
  const quotaWatch = await AttackWatch.open(quotaServer);
  const size = `${n(500)} new boards at once from one address`;
  process.stdout.write(`▶ anonymous creation: ${size}\n`);
  try {
    const report = await quotaWatch.during('anonymous creation', size, () =>
      creationFlood(quotaServer, { requests: n(500) }),
    );
    reports.push(report);
    process.stdout.write(`  ${report.outcome}\n`);
  } catch (error) {
    process.stdout.write(`  failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  await quotaWatch.close();
  quotaServer.child.kill('SIGTERM');
  await quotaServer.exited;
  removeDataDir(quotaDir);
}
const pass =
  live && reports.length === attacks.length && reports.every((r) => r.honest.p99Ms < HONEST_P99_MS);
const rows = reports.map(
  (r) =>
    `| ${r.attack} | ${r.size} | ${r.honest.p99Ms} / ${r.honest.maxMs} | ${r.healthzMaxMs} | ${r.serverLagMaxMs} | ${r.rssBeforeMb} → ${r.rssPeakMb} | ${r.outcome} |`,
);
process.stdout.write(
  [
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}, Node ${process.version}`,
    '',
    '| attack | size | honest room p99 / worst (ms) | /healthz worst (ms) | server stall (ms) | RSS (MB) | outcome |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `honest room live and converged afterwards: ${live}; ${pass ? 'PASS' : 'FAIL'} (honest p99 under ${HONEST_P99_MS} ms everywhere)`,
    '',
  ].join('\n'),
);
mkdirSync(artifacts, { recursive: true });
writeFileSync(
  path.join(artifacts, 'proof-attacks.json'),
  `${JSON.stringify(
    {
      machine: { cpus: cpus().length, loadavg: loadavg(), node: process.version },
      attacks: Object.fromEntries(reports.map(({ attack, ...rest }) => [attack, rest])),
      honestRoomLive: live,
      pass,
    },
    null,
    2,
  )}\n`,
);
process.exit(pass ? 0 : 1);
