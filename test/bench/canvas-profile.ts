/**
 * Where a page's main thread spends its time, for the canvas benchmark's BENCH_PROFILE=1
 * run: Chromium's sampling profiler over a stretch, self time summed per script file
 * (the app's chunks, React Flow's, the peer's) and per function, the biggest first.
 * Names are minified in the build; the file tells app from library.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Starts the profiler on `page`; the function it returns stops it and gives the summary's
 * lines. With `keepAs`, the whole profile is also written there (a .cpuprofile file that
 * Chromium's DevTools open, naming the app's functions from the build's source maps).
 */
export async function startProfile(page: Page, keepAs?: string): Promise<() => Promise<string[]>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    await cdp.detach();
    if (keepAs) writeFileSync(keepAs, JSON.stringify(profile));
    return summary(profile);
  };
}

/** Self time by file and by function, the biggest first; also reads a Node `--cpu-prof` file (bench/cpu-profile.ts). */
export function summary(profile: Profile): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    const micros = profile.timeDeltas[i] ?? 0;
    if (!frame) return;
    total += micros;
    const file = frame.url ? path.basename(new URL(frame.url).pathname) : frame.functionName;
    byFile.set(file, (byFile.get(file) ?? 0) + micros);
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
  });
  const top = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, micros]) =>
          `  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`,
      );
  return [
    `self time ${(total / 1000).toFixed(0)} ms; by file:`,
    ...top(byFile, 8),
    'by function:',
    ...top(byFunction, 12),
  ];
}
