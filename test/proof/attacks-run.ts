/**
 * `pnpm proof:attacks`: every attack of the hardening review at full size against
 * the built server (its own process, default limits), one after another, each with
 * an honest room beside it (in a process of its own, an edit every 50 ms). Prints a
 * table (attack, size, the honest room's p99 and worst round trip, /healthz, the
 * server's own event-loop stall, its memory, the outcome, and whether the attack was
 * held as the issue asks) and writes test/.artifacts/proof-attacks.json:
 *
 *   { machine, attacks: { <attack>: { size, honest: {count, p50Ms, p99Ms, maxMs, lost},
 *     healthzMaxMs, serverLagMaxMs, rssBeforeMb, rssPeakMb, ms, outcome, details, held } }, pass }
 *
 * JB_ATTACK_SCALE (default 1) scales every size down or up, e.g. 0.2 for a quick run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/ports.js';
import type { ServerProcess } from '../support/server.js';
import { removeDataDir, tempDataDir } from '../support/server.js';
import { type AttackReport, AttackWatch, type PreparedAttack } from './attack-watch.js';
import {
  backlogFlood,
  creationFlood,
  deleteSetAttack,
  exportFlood,
  importBomb,
  malformedUpgrades,
  placementAttack,
  presenceFlood,
  rangeFramesFromBoth,
  slowReadersAttack,
} from './attacks.js';
import { spawnFuzzTarget } from './fuzz-watch.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.join(here, '..', '.artifacts');
const SCALE = Number(process.env.JB_ATTACK_SCALE ?? 1);
const n = (full: number) => Math.max(1, Math.round(full * SCALE));
const PING_INTERVAL_MS = 5000;
/** The bound on another room's round trip, where it names one. */
const HONEST_P99_MS = 50;

interface Attack {
  name: string;
  size: string;
  prepare: (server: ServerProcess) => Promise<PreparedAttack>;
  /** Why the attack was not held as the issue asks, or null when it was. */
  falls: (report: AttackReport) => string | null;
}

const detail = (report: AttackReport, key: string) => report.details[key];
const honestUnder = (report: AttackReport) =>
  report.honest.p99Ms < HONEST_P99_MS ? null : `honest p99 ${report.honest.p99Ms} ms`;

const attacks: Attack[] = [
  {
    name: 'delete-set amplification',
    size: `${n(100_000).toLocaleString()} deleted items; 60 KB ×20 and 1 MiB ×5 frames of repeated ranges, viewer and editor`,
    prepare: (server) =>
      deleteSetAttack(server, {
        cards: n(1000),
        rounds: 101,
        frames: rangeFramesFromBoth(20, 5),
      }),
    falls: (r) => (/closed/.test(r.outcome) ? 'a frame was refused' : honestUnder(r)),
  },
  {
    name: 'placement walk',
    size: `a field's ${n(20_000).toLocaleString()} old values; ${n(20_000).toLocaleString()} items naming no origin`,
    prepare: (server) => placementAttack(server, { rounds: n(20_000), structs: n(20_000) }),
    falls: (r) => (/^closed 4422/.test(r.outcome) ? null : 'not refused with 4422'),
  },
  {
    name: 'malformed upgrades',
    size: `${n(10_000).toLocaleString()} upgrades without a key over ${n(2000).toLocaleString()} boards`,
    prepare: (server) => malformedUpgrades(server, { boards: n(2000), upgrades: n(10_000) }),
    falls: (r) => (detail(r, 'roomsLeftOpen') === 0 ? null : 'rooms left open'),
  },
  {
    name: 'readers that never read',
    size: `${n(500)} sockets ask once for a 10 MB board`,
    prepare: (server) =>
      slowReadersAttack(server, {
        sockets: n(500),
        megabytes: 10,
        asks: 1,
        cutOffWithinMs: 3 * PING_INTERVAL_MS,
      }),
    falls: (r) => (/^all .* cut off/.test(r.outcome) ? null : 'not all cut off'),
  },
  {
    name: 'readers that keep asking',
    size: `${n(100)} sockets ask 10 times each for a 10 MB board`,
    prepare: (server) =>
      slowReadersAttack(server, {
        sockets: n(100),
        megabytes: 10,
        asks: 10,
        cutOffWithinMs: 3 * PING_INTERVAL_MS,
      }),
    falls: (r) => (detail(r, 'closedTooSlow') === n(100) ? null : 'not all closed with 4408'),
  },
  {
    name: 'presence flood',
    size: `${n(50)} senders × ${n(200)} changes, CSS colours, forged summons, one 64 KB entry`,
    prepare: (server) => presenceFlood(server, { senders: n(50), changes: n(200) }),
    falls: (r) =>
      /closed 4400.*colour dropped, summon dropped/.test(r.outcome) ? null : 'presence not bounded',
  },
  {
    name: 'export flood',
    size: '2 rounds × 20 parallel PNG and PPTX exports of a 2,000-card board',
    prepare: (server) => exportFlood(server, { cards: 2000, rounds: 2, parallel: 20 }),
    falls: (r) =>
      detail(r, 'other') !== 0 || (detail(r, 'rasterisersMax') as number) > 2
        ? 'an export neither made nor refused, or too many rasterisers'
        : honestUnder(r),
  },
  {
    name: 'import bomb',
    size: 'a 25 MB board file of empty cards, and one of costly cards',
    prepare: importBomb,
    falls: (r) =>
      Object.values(r.details).every(
        (d) => (d as { status: number; ms: number }).status === 422 && (d as { ms: number }).ms < 2000,
      )
        ? null
        : 'not refused with 422 in under 2 s',
  },
  {
    name: 'backlog flood',
    size: `${n(5000).toLocaleString()} frames behind a large update`,
    prepare: (server) => backlogFlood(server, { frames: n(5000) }),
    falls: (r) => (/^closed 4429/.test(r.outcome) ? null : 'not closed with 4429'),
  },
];

/** Anonymous creation runs on a server of its own, with the default quota (the attacks above need it lifted). */
const creation: Attack = {
  name: 'anonymous creation',
  size: `${n(500)} new boards at once from one address`,
  prepare: (server) => creationFlood(server, { requests: n(500) }),
  falls: (r) =>
    (detail(r, 'created') as number) <= 10 && detail(r, 'other') === 0 ? null : 'more than the burst created',
};

const reports: Array<AttackReport & { held: string }> = [];
let live = true;
for (const [group, env] of [
  // The export flood measures the pool under a crowd: the per-link rates would turn most of it away first.
  [attacks, { EXPORTS_PER_BOARD_PER_MINUTE: '0', EXPORTS_PER_TOKEN_PER_MINUTE: '0' }],
  // The default quota, which test servers otherwise lift.
  [[creation], { CREATE_BOARDS_PER_HOUR: '60' }],
] as Array<[Attack[], Record<string, string>]>) {
  const dataDir = tempDataDir();
  const server = await spawnFuzzTarget(dataDir, await freePort(), env);
  const watch = await AttackWatch.open(server);
  for (const attack of group) {
    process.stdout.write(`▶ ${attack.name}: ${attack.size}\n`);
    try {
      const report = await watch.during(attack.name, attack.size, () => attack.prepare(server));
      const falls = report.honest.lost > 0 ? 'honest edits lost' : attack.falls(report);
      reports.push({ ...report, held: falls ? `no: ${falls}` : 'yes' });
      process.stdout.write(`  ${report.outcome}\n`);
    } catch (error) {
      process.stdout.write(`  failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  live = (await watch.close().catch(() => false)) && live;
  server.child.kill('SIGTERM');
  await server.exited;
  removeDataDir(dataDir);
}

const pass = live && reports.length === attacks.length + 1 && reports.every((r) => r.held === 'yes');
const rows = reports.map(
  (r) =>
    `| ${r.attack} | ${r.size} | ${r.honest.p99Ms} / ${r.honest.maxMs} | ${r.healthzMaxMs} | ${r.serverLagMaxMs} | ${r.rssBeforeMb} → ${r.rssPeakMb} | ${r.outcome} | ${r.held} |`,
);
process.stdout.write(
  [
    '',
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}, Node ${process.version}`,
    '',
    '| attack | size | honest room p99 / worst (ms) | /healthz worst (ms) | server stall (ms) | RSS (MB) | outcome | held |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    `honest rooms live and converged afterwards: ${live}; ${pass ? 'PASS' : 'FAIL'}`,
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
      honestRoomsLive: live,
      pass,
    },
    null,
    2,
  )}\n`,
);
process.exit(pass ? 0 : 1);
