/**
 * `pnpm proof:cluster`: the full cluster kill loop (three instances, 30 clients, two minutes,
 * SIGKILL of the board's owner every 5-15 s), with a printed summary; the figures land in
 * test/.artifacts/proof-cluster.json (ClusterKillReport in cluster-kill.ts). Exits 1 when an
 * edit was lost or the replicas, Postgres and a fresh client disagree.
 *
 * Postgres: a database of the run's own is created on DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres) and dropped after. Redis: REDIS_URL (default
 * redis://127.0.0.1:6379) under a random key prefix (its streams are bounded; nothing else is kept).
 *
 *   JB_CLUSTER_DURATION_S (120), JB_CLUSTER_CLIENTS (30), JB_CLUSTER_KILL_MIN_S (5),
 *   JB_CLUSTER_KILL_MAX_S (15), JB_CLUSTER_LEASE_TTL_MS (2000)
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('../..', import.meta.url));
const number = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// The scenario runs server/dist/main.js; bring the build up to date before importing anything built.
execFileSync(
  process.execPath,
  [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'shared', 'server'],
  { cwd: root, stdio: 'inherit' },
);
const { runClusterKill } = await import('./cluster-kill.js');

const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = `jb_proof_${randomBytes(6).toString('hex')}`;
async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
await adminQuery(`CREATE DATABASE ${database}`);
const databaseUrl = new URL(admin);
databaseUrl.pathname = `/${database}`;

const started = new Date();
const report = await runClusterKill({
  clients: number('JB_CLUSTER_CLIENTS', 30),
  durationMs: number('JB_CLUSTER_DURATION_S', 120) * 1000,
  killEveryMs: [number('JB_CLUSTER_KILL_MIN_S', 5) * 1000, number('JB_CLUSTER_KILL_MAX_S', 15) * 1000],
  editEveryMs: [1000, 3000],
  downMs: [1000, 3000],
  leaseTtlMs: number('JB_CLUSTER_LEASE_TTL_MS', 2000),
  databaseUrl: databaseUrl.toString(),
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  redisKeyPrefix: `jb_proof_${randomBytes(6).toString('hex')}:`,
  log: (line) => console.log(`  ${line}`),
}).finally(() => adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

const yes = (value: boolean) => (value ? 'yes' : 'NO');
const r = report;
console.log(`
Cluster kill loop (${started.toISOString()}, ${r.machine.cpus} cores, load ${r.machine.loadavg1m}; clients, balancer and instances share the machine)
  duration / instances / clients      ${r.durationS} s / ${r.instances} / ${r.clients} (clients on all three at ${r.killsWithClientsOnAll} of the kills)
  instance restart p50 / max          ${r.restartMs.p50} / ${r.restartMs.max} ms
  owner kills                         ${r.kills} (every ${r.killEveryS[0]}-${r.killEveryS[1]} s), takeovers missed ${r.takeoversMissed}
  failover p50 / max                  ${r.failoverMs.p50} / ${r.failoverMs.max} ms (lease ${r.leaseTtlMs} ms)
  edits made                          ${r.editsMade}
    while the person's instance was down  ${r.editsMadeWhileInstanceDown} (${r.editsMadeWhileInstanceDownPresent} of them arrived)
    while the board had no owner          ${r.editsMadeWithoutOwner} (${r.editsMadeWithoutOwnerPresent} of them arrived)
  edits seen by some client           ${r.editsSeen}
  seen edits missing from Postgres    ${r.editsLost}${r.lostExamples.length ? ` e.g. ${r.lostExamples.join(' ')}` : ''}
  made edits missing at the end       ${r.editsMadeMissing}${r.missingExamples.length ? ` e.g. ${r.missingExamples.join(' ')}` : ''}
  cards on the board                  ${r.cards}
  replicas identical                  ${yes(r.replicasIdentical)} (converged in ${r.convergeMs ?? '-'} ms after edits stopped)
  Postgres identical                  ${yes(r.postgresIdentical)}
  fresh client through the balancer   ${yes(r.freshClientIdentical)} (at its first sync: ${yes(r.freshClientIdenticalAtSync)})
`);

const artifacts = path.join(root, 'test/.artifacts');
mkdirSync(artifacts, { recursive: true });
const { instanceLogs, ...figures } = report;
writeFileSync(path.join(artifacts, 'proof-cluster.json'), `${JSON.stringify(figures, null, 2)}\n`);
console.log(`figures written to ${path.join(artifacts, 'proof-cluster.json')}`);
if (instanceLogs.length > 0) {
  writeFileSync(path.join(artifacts, 'proof-cluster-instances.log'), `${instanceLogs.join('\n\n')}\n`);
  console.log(`what the instances wrote last: ${path.join(artifacts, 'proof-cluster-instances.log')}`);
}

const proven =
  r.editsLost === 0 &&
  r.editsMadeMissing === 0 &&
  r.takeoversMissed === 0 &&
  r.replicasIdentical &&
  r.postgresIdentical &&
  r.freshClientIdentical;
process.exit(proven ? 0 : 1);
