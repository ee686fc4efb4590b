/** Small statistics for benchmark output. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** The middle of `values` (the lower of the two middles), finite ones only, in any order. */
export function median(values: readonly number[]): number {
  return percentile(
    values.filter(Number.isFinite).sort((a, b) => a - b),
    50,
  );
}

/** A quantile from a Prometheus histogram's cumulative buckets, interpolated within the bucket. */
export function histogramQuantile(buckets: Array<[number, number]>, q: number): number {
  const total = buckets.at(-1)?.[1] ?? 0;
  if (total === 0) return Number.NaN;
  const target = q * total;
  let previousBound = 0;
  let previousCount = 0;
  for (const [bound, count] of buckets) {
    if (count >= target) {
      if (!Number.isFinite(bound)) return previousBound;
      const inBucket = count - previousCount;
      return (
        previousBound + (inBucket === 0 ? 0 : ((target - previousCount) / inBucket) * (bound - previousBound))
      );
    }
    previousBound = bound;
    previousCount = count;
  }
  return previousBound;
}

export function histogramBuckets(metricsText: string, name: string): Array<[number, number]> {
  const buckets: Array<[number, number]> = [];
  const pattern = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\d+)`, 'gm');
  for (const match of metricsText.matchAll(pattern)) {
    const bound = match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]);
    buckets.push([bound, Number(match[2])]);
  }
  return buckets.sort((a, b) => a[0] - b[0]);
}

export const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

/** What one load worker (load-worker.ts) reports of a run: its sends, and when each update reached its clients. */
export interface WorkerRun {
  sends: Array<[string, number]>;
  receipts: Array<[string, number, number]>;
  cpuMs: number;
}

/**
 * Every worker's report as one: when each update was sent, and for each, how many
 * clients it reached and when the last of them had it.
 */
export function mergeRuns(results: readonly WorkerRun[]) {
  const sentAt = new Map<string, number>();
  for (const result of results) for (const [id, t] of result.sends) sentAt.set(id, t);
  const reached = new Map<string, { max: number; count: number }>();
  for (const result of results) {
    for (const [id, max, count] of result.receipts) {
      const seen = reached.get(id);
      if (seen) {
        seen.count += count;
        seen.max = Math.max(seen.max, max);
      } else reached.set(id, { max, count });
    }
  }
  return { sentAt, reached };
}
