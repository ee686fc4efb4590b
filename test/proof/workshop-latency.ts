/**
 * A latency histogram for the workshop proof: hundreds of thousands of samples a
 * minute (every cursor move times every recipient) are too many to ship between
 * processes as numbers, so each process counts them in 0.1 ms buckets and the
 * parent merges the counts. Resolution: 0.1 ms up to 10 s; slower samples share
 * one overflow bucket (their maximum is kept).
 */
const BUCKET_MS = 0.1;
const BUCKETS = 100_000;

/** Only the buckets that were hit, as [bucket, count] pairs, plus the overflow and the maximum. */
export interface LatencyCounts {
  buckets: Array<[number, number]>;
  overflow: number;
  maxMs: number;
}

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  private overflow = 0;
  private maxMs = 0;
  count = 0;

  record(ms: number): void {
    // Every process reads the same machine clock, but timeOrigin is taken per process: a
    // few microseconds of disagreement may show up as a tiny negative latency.
    const value = Math.max(0, ms);
    const bucket = Math.floor(value / BUCKET_MS);
    if (bucket < BUCKETS) this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    else this.overflow++;
    if (value > this.maxMs) this.maxMs = value;
    this.count++;
  }

  merge(other: LatencyCounts): void {
    for (const [bucket, count] of other.buckets) this.counts[bucket] = (this.counts[bucket] ?? 0) + count;
    this.overflow += other.overflow;
    this.maxMs = Math.max(this.maxMs, other.maxMs);
    this.count += other.buckets.reduce((sum, [, count]) => sum + count, 0) + other.overflow;
  }

  toCounts(): LatencyCounts {
    const buckets: Array<[number, number]> = [];
    this.counts.forEach((count, bucket) => {
      if (count > 0) buckets.push([bucket, count]);
    });
    return { buckets, overflow: this.overflow, maxMs: this.maxMs };
  }

  /** The upper edge of the bucket holding the p-th percentile sample (NaN when empty). */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return Math.min(this.maxMs, (bucket + 1) * BUCKET_MS);
    }
    return this.maxMs;
  }

  get max(): number {
    return this.maxMs;
  }
}
