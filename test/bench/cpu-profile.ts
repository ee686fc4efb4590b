/**
 * Where the server spent its time: the summary of a V8 .cpuprofile (self time by file
 * and by function), as written with BENCH_CPU_PROF (bench/servers.ts).
 *
 *   BENCH_CPU_PROF=/tmp/prof BENCH_ONLY=latency BENCH_RATES=1600 pnpm bench
 *   tsx bench/cpu-profile.ts /tmp/prof/CPU.*.cpuprofile
 */
import { readFileSync } from 'node:fs';
import { type Profile, summary } from './canvas-profile.js';

for (const file of process.argv.slice(2)) {
  process.stdout.write(`${file}\n${summary(JSON.parse(readFileSync(file, 'utf8')) as Profile).join('\n')}\n`);
}
