/**
 * Allowances per key (a client address, a board, a token): a token bucket each,
 * holding `burst` (by default `perWindow`) and refilling `perWindow` per window, in a
 * table of bounded size. Rotating keys cannot grow the table or reset an allowance: past `maxKeys`
 * the idlest key is dropped only if its bucket is full again (it carries nothing);
 * when every key in the table is still counting, new keys share one overflow bucket.
 */
export interface RateLimitOptions {
  /** Allowance per window; 0 turns the limit off. */
  perWindow: number;
  windowMs: number;
  /** Most keys remembered. */
  maxKeys: number;
  /** The most one key may spend at once (default: the whole window's allowance). */
  burst?: number;
  now?: () => number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  /** In order of last use, oldest first (a Map keeps insertion order; a use re-inserts). */
  private readonly buckets = new Map<string, Bucket>();
  private readonly overflow: Bucket;
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.overflow = { tokens: this.capacity, at: this.now() };
  }

  private get capacity(): number {
    return Math.min(this.options.burst ?? this.options.perWindow, this.options.perWindow);
  }

  get size(): number {
    return this.buckets.size;
  }

  /** Spends one of the key's allowance, or says how long until there is one. */
  take(key: string): RateDecision {
    const { perWindow, windowMs } = this.options;
    if (perWindow === 0) return { allowed: true };
    const now = this.now();
    const bucket = this.bucketOf(key, now);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) * perWindow) / windowMs);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const waitMs = ((1 - bucket.tokens) * windowMs) / perWindow;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.round(waitMs) / 1000)) };
  }

  private bucketOf(key: string, now: number): Bucket {
    const known = this.buckets.get(key);
    if (known) {
      this.buckets.delete(key);
      this.buckets.set(key, known);
      return known;
    }
    if (this.buckets.size >= this.options.maxKeys && !this.dropIdlest(now)) return this.overflow;
    const bucket = { tokens: this.capacity, at: now };
    this.buckets.set(key, bucket);
    return bucket;
  }

  /** Forgets the least recently used key if its bucket has refilled; false when it is still counting. */
  private dropIdlest(now: number): boolean {
    const [key, bucket] = this.buckets.entries().next().value as [string, Bucket];
    const { perWindow, windowMs } = this.options;
    if (bucket.tokens + ((now - bucket.at) * perWindow) / windowMs < this.capacity) return false;
    this.buckets.delete(key);
    return true;
  }
}

/**
 * The key for a client address: IPv4 as it is (also when mapped into IPv6), IPv6 by
 * its /64 network, since one subscriber commonly holds a whole /64.
 */
export function addressKey(ip: string | undefined): string {
  const address = (ip ?? 'unknown').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back]
    : front;
  return `${groups
    .slice(0, 4)
    .map((group) => (Number.parseInt(group, 16) || 0).toString(16))
    .join(':')}::/64`;
}
