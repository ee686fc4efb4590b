/** A server process's memory as the kernel counts it, and the processes it started (Linux /proc). */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

/** Resident memory now and its high-water mark (MB); a process that has just ended has neither (0). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(text)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** Resets a process's high-water mark to its resident memory now, so a spike between samples cannot hide. */
export function resetPeakMemory(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

/** The processes `parent` started, and theirs (export workers and their PNG rasterisers), with their memory. */
export function descendants(parent: number): Array<{ command: string; rssMb: number }> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  const found: Array<{ command: string; rssMb: number }> = [];
  for (const pid of parents.keys()) {
    let up = parents.get(pid);
    while (up !== undefined && up > 1 && up !== parent) up = parents.get(up);
    if (up !== parent) continue;
    try {
      found.push({ command: readFileSync(`/proc/${pid}/cmdline`, 'utf8'), rssMb: memoryOf(pid).rssMb });
    } catch {
      // ended
    }
  }
  return found;
}
