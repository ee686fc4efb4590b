/**
 * One report of every figure the benchmarks and proofs have measured, as a
 * markdown table with this machine's details: it reads what each run left in
 * test/.artifacts (bench-sync.json, bench-joins.json, bench-cluster.json, bench-export.json, proof-crash.json, proof-cluster.json,
 * proof-workshop.json, proof-fuzz.json, proof-attacks.json) and says which runs are missing.
 *
 *   pnpm bench:report          the table from the latest runs
 *   pnpm bench:report --run    run the quick versions first, three times each (minutes),
 *                              then the table; --runs N for another count
 *
 * Each run a report sees (a file of a newer time than the last it recorded) is kept in
 * test/.artifacts/<name>.runs.jsonl, and every number is printed with its spread over the
 * last three runs (min–max), since one run on a shared machine says little alone.
 * The report lands in test/.artifacts/report.md as well.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const artifacts = path.join(root, 'test/.artifacts');
/** Runs the spread is taken over. */
const SPREAD_RUNS = 3;
/** Runs kept per file. */
const KEPT_RUNS = 10;

interface Source {
  file: string;
  title: string;
  /** The command that makes this file, and its quick form for --run. */
  command: string;
  quick: { script: string; env: Record<string, string> };
  /** Targets by field name, where the issue or the README states one. */
  targets: Record<string, string>;
}

const SOURCES: Source[] = [
  {
    file: 'bench-sync.json',
    title: 'Sync server (vs @y/websocket-server)',
    command: 'pnpm bench',
    quick: { script: 'bench', env: { BENCH_QUICK: '1' } },
    targets: {
      sustainable: '≥ 2× reference',
      commitP99: '≤ 20 ms',
      coldLoadServerMs: '≤ 150 ms',
      bytesPerIdleConnection: '≤ 10 KB',
    },
  },
  {
    file: 'bench-joins.json',
    title: 'Join wave: a 2,000-card board, answer cache on and off',
    command: 'pnpm bench:joins',
    quick: { script: 'bench:joins', env: { BENCH_JOINERS: '100' } },
    targets: { 'wire.on.allSyncedMs': '≤ 3000 ms (500 joiners)' },
  },
  {
    file: 'bench-cluster.json',
    title: 'Cluster: 1 vs 3 instances on Postgres and Redis',
    command: 'pnpm bench:cluster',
    quick: { script: 'bench:cluster', env: { BENCH_QUICK: '1' } },
    targets: { 'room.three.p99Ms': '≤ 25 ms (500 clients)', cpuRatio: '≤ 1.3×', marginalCpuRatio: '≤ 1.3×' },
  },
  {
    file: 'proof-crash.json',
    title: 'Crash loop and closed tabs',
    command: 'pnpm proof:crash',
    quick: { script: 'proof:crash', env: { JB_CRASH_DURATION_S: '30' } },
    targets: { editsLost: '0', editsMadeMissing: '0', replicasIdentical: 'true', diskIdentical: 'true' },
  },
  {
    file: 'proof-cluster.json',
    title: 'Cluster: the owning instance of three killed over and over',
    command: 'pnpm proof:cluster',
    quick: { script: 'proof:cluster', env: { JB_CLUSTER_DURATION_S: '30', JB_CLUSTER_CLIENTS: '15' } },
    targets: {
      editsLost: '0',
      editsMadeMissing: '0',
      takeoversMissed: '0',
      replicasIdentical: 'true',
      postgresIdentical: 'true',
      freshClientIdentical: 'true',
    },
  },
  {
    file: 'proof-workshop.json',
    title: 'Workshop load: 200 editors, 300 viewers',
    command: 'pnpm proof:workshop',
    quick: { script: 'proof:workshop', env: { JB_WORKSHOP_DURATION_S: '15' } },
    targets: {
      editFanoutP99Ms: '≤ 50 ms',
      awarenessP99Ms: '≤ 50 ms',
      replicaEditFanoutP99Ms: '≤ 50 ms',
      replicaAwarenessP99Ms: '≤ 50 ms',
      reconnectAllMs: '≤ 30000 ms',
    },
  },
  {
    file: 'proof-fuzz.json',
    title: 'Fuzzing: hostile frames',
    command: 'pnpm proof:fuzz',
    quick: { script: 'proof:fuzz', env: { JB_FUZZ_FRAMES: '50000' } },
    targets: { crashes: '0', hangs: '0', pass: 'true' },
  },
  {
    file: 'proof-attacks.json',
    title: 'Attacks of the hardening review, an honest room beside each',
    command: 'pnpm proof:attacks',
    quick: { script: 'proof:attacks', env: { JB_ATTACK_SCALE: '0.2' } },
    targets: { held: 'yes', pass: 'true', honestRoomsLive: 'true' },
  },
  {
    file: 'bench-export.json',
    title: 'Export of a 2,000-card board',
    command: 'pnpm bench:export',
    quick: { script: 'bench:export', env: {} },
    targets: { pptx: '≤ 500 ms', png: '≤ 1000 ms' },
  },
];

/** Flattens a result into label → value rows: numbers rounded, nested objects as dotted keys. */
function flatten(value: unknown, prefix = ''): Array<[string, string]> {
  if (value === null || value === undefined) return [];
  if (typeof value === 'number')
    return [[prefix, Number.isInteger(value) ? String(value) : value.toFixed(2)]];
  if (typeof value === 'boolean' || typeof value === 'string') return [[prefix, String(value)]];
  if (Array.isArray(value)) {
    // Figures per rate (a benchmark's fixed rates): one row per rate and figure.
    const perRate = value.every((v) => typeof v === 'object' && v !== null && 'rate' in v);
    if (perRate && value.length <= 6)
      return value.flatMap((v) => {
        const { rate, ...figures } = v as { rate: number };
        return flatten(figures, `${prefix}.${rate}/s`);
      });
    // Long series (ramps, samples) are for the run's own output, not the summary.
    if (value.length > 6 || value.some((v) => typeof v === 'object'))
      return [[prefix, `${value.length} entries`]];
    return [[prefix, value.join(', ')]];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) =>
    flatten(inner, prefix ? `${prefix}.${key}` : key),
  );
}

function targetFor(source: Source, key: string): string {
  const leaf = key.split('.').pop() ?? key;
  const bare = key.replace(/^(ours|medianMs)\./, '');
  return source.targets[key] ?? source.targets[bare] ?? source.targets[leaf] ?? '';
}

interface RecordedRun {
  /** The file's modification time (ms), which tells one run from the next. */
  at: number;
  figures: unknown;
}

const historyOf = (source: Source) => path.join(artifacts, source.file.replace(/\.json$/, '.runs.jsonl'));

function recordedRuns(source: Source): RecordedRun[] {
  const file = historyOf(source);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as RecordedRun];
      } catch {
        return [];
      }
    });
}

/** Keeps the source's latest file among its recorded runs, once, and at most KEPT_RUNS of them. */
function record(source: Source): void {
  const file = path.join(artifacts, source.file);
  if (!existsSync(file)) return;
  const at = statSync(file).mtimeMs;
  const runs = recordedRuns(source);
  if (runs.some((run) => run.at === at)) return;
  let figures: unknown;
  try {
    figures = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return;
  }
  const kept = [...runs, { at, figures }].slice(-KEPT_RUNS);
  writeFileSync(historyOf(source), '');
  for (const run of kept) appendFileSync(historyOf(source), `${JSON.stringify(run)}\n`);
}

/** min–max of a figure over the last SPREAD_RUNS runs, with the spread as a share of the median. */
function spreadOf(runs: ReadonlyArray<ReadonlyMap<string, string>>, key: string): string {
  const values = runs
    .map((figures) => Number(figures.get(key)))
    .filter((value) => Number.isFinite(value))
    .sort((a, b) => a - b);
  if (values.length < 2) return '';
  const [low, high] = [values[0] as number, values.at(-1) as number];
  if (low === high) return `no spread, ${values.length} runs`;
  const middle = values.length / 2;
  const median = Number.isInteger(middle)
    ? ((values[middle - 1] as number) + (values[middle] as number)) / 2
    : (values[Math.floor(middle)] as number);
  const round = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(2));
  const share = median === 0 ? '' : ` (±${((100 * (high - low)) / 2 / Math.abs(median)).toFixed(0)}%)`;
  return `${round(low)}–${round(high)}${share}, ${values.length} runs`;
}

const runIndex = process.argv.indexOf('--runs');
const RUNS = runIndex === -1 ? SPREAD_RUNS : Math.max(1, Number(process.argv[runIndex + 1]) || SPREAD_RUNS);
if (process.argv.includes('--run') || runIndex !== -1) {
  for (const source of SOURCES) {
    for (let run = 1; run <= RUNS; run++) {
      process.stdout.write(`\n▶ ${source.command} (quick, run ${run} of ${RUNS})\n`);
      try {
        execFileSync('pnpm', ['run', '--silent', source.quick.script], {
          cwd: root,
          stdio: 'inherit',
          env: { ...process.env, ...source.quick.env },
        });
        record(source);
      } catch {
        process.stdout.write(`  ${source.command} failed; its row says so below\n`);
      }
    }
  }
}

const lines: string[] = [];
const cpus = os.cpus();
lines.push('# Journeyboard: benchmark and proof report', '');
lines.push(
  `Machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `${os.type()} ${os.release()} (${os.arch()}), Node ${process.version}; load average now ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}.`,
  '',
  '| area | figure | value | last runs: min–max | target | measured |',
  '| --- | --- | --- | --- | --- | --- |',
);
const missing: string[] = [];
for (const source of SOURCES) {
  const file = path.join(artifacts, source.file);
  if (!existsSync(file)) {
    lines.push(`| ${source.title} | not measured yet | | | | run \`${source.command}\` |`);
    missing.push(source.command);
    continue;
  }
  const when = statSync(file).mtime.toISOString().slice(0, 16).replace('T', ' ');
  record(source);
  // Each of the last runs flattened once, not once per figure.
  const runs = recordedRuns(source)
    .slice(-SPREAD_RUNS)
    .map((run) => new Map(flatten(run.figures)));
  let rows: Array<[string, string]>;
  try {
    rows = flatten(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    lines.push(`| ${source.title} | unreadable ${source.file} | ${String(error)} | | | ${when} |`);
    continue;
  }
  for (const [key, value] of rows) {
    if (key === 'machine' || key.startsWith('machine.')) continue;
    lines.push(
      `| ${source.title} | ${key} | ${value} | ${spreadOf(runs, key)} | ${targetFor(source, key)} | ${when} |`,
    );
  }
}
if (missing.length > 0) lines.push('', `Not measured yet: ${missing.map((c) => `\`${c}\``).join(', ')}.`);
const report = lines.join('\n');
process.stdout.write(`${report}\n`);
mkdirSync(artifacts, { recursive: true });
writeFileSync(path.join(artifacts, 'report.md'), `${report}\n`);
