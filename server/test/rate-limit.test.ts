/** Allowances per key in a table of bounded size, and the key for a client address. */
import { describe, expect, it } from 'vitest';
import { addressKey, RateLimiter } from '../src/http/rate-limit.js';

const HOUR = 3_600_000;

function clock(start = 1_000_000) {
  const time = { now: start };
  return { time, now: () => time.now };
}

describe('RateLimiter', () => {
  it('allows perWindow at once, then one per window/perWindow, and says when', () => {
    const { time, now } = clock();
    const limiter = new RateLimiter({ perWindow: 3, windowMs: HOUR, maxKeys: 10, now });
    for (let i = 0; i < 3; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1200 });
    expect(limiter.take('b')).toEqual({ allowed: true });
    time.now += 1_199_000;
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    time.now += 1000;
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('with a burst, allows that many at once and the rest of the window as it refills', () => {
    const { time, now } = clock();
    const limiter = new RateLimiter({ perWindow: 60, windowMs: HOUR, maxKeys: 10, burst: 10, now });
    for (let i = 0; i < 10; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
    time.now += 60_000;
    expect(limiter.take('a')).toEqual({ allowed: true });
    // A long pause refills the burst, not the whole window.
    time.now += 10 * HOUR;
    for (let i = 0; i < 10; i++) expect(limiter.take('a')).toEqual({ allowed: true });
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('with perWindow 0 allows everything and remembers nothing', () => {
    const limiter = new RateLimiter({ perWindow: 0, windowMs: HOUR, maxKeys: 10 });
    for (let i = 0; i < 1000; i++) expect(limiter.take(`k${i}`).allowed).toBe(true);
    expect(limiter.size).toBe(0);
  });

  it('rotating keys neither grows the table past maxKeys nor resets an allowance', () => {
    const { time, now } = clock();
    const limiter = new RateLimiter({ perWindow: 2, windowMs: HOUR, maxKeys: 100, now });
    let allowed = 0;
    for (let i = 0; i < 100_000; i++)
      if (limiter.take(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`).allowed) allowed++;
    expect(limiter.size).toBe(100);
    // The 100 remembered keys had their one try each; the other 99,900 shared the overflow's 2.
    expect(allowed).toBe(102);
    // Once the remembered keys are idle long enough to be full again, new keys take their place.
    time.now += HOUR;
    expect(limiter.take('fresh').allowed).toBe(true);
    expect(limiter.take('fresh').allowed).toBe(true);
    expect(limiter.take('fresh').allowed).toBe(false);
    expect(limiter.size).toBe(100);
  });
});

describe('addressKey', () => {
  it('keys IPv4 by address, also mapped into IPv6, and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });
});
