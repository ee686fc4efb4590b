import { describe, expect, it } from 'vitest';
import { isStorageFault, StorageHealth } from '../src/storage/storage-health.js';

const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

describe('storage health', () => {
  it('backs a failing board off, doubling to a ceiling, and forgets it once a write succeeds', () => {
    const health = new StorageHealth({ firstRetryMs: 500, maxRetryMs: 2000 });
    expect(health.failed('b1', full, 0)).toEqual({ failures: 1, retryInMs: 500 });
    expect(health.failed('b1', full, 0)).toEqual({ failures: 2, retryInMs: 1000 });
    expect(health.failed('b1', full, 0)).toEqual({ failures: 3, retryInMs: 2000 });
    expect(health.failed('b1', full, 0)).toEqual({ failures: 4, retryInMs: 2000 });
    expect(health.retryAt('b1')).toBe(2000);
    expect(health.retryAt('b2')).toBe(0);
    expect(health.failure).toMatchObject({ error: 'SQLITE_FULL', failures: 4, since: 0 });

    health.stored('b1');
    expect(health.retryAt('b1')).toBe(0);
    expect(health.failure).toBeNull();
  });

  it('drops a deleted board’s back-off', () => {
    const health = new StorageHealth();
    health.failed('gone', full, 1000);
    expect(health.retryAt('gone')).toBeGreaterThan(1000);
    health.forget('gone');
    expect(health.retryAt('gone')).toBe(0);
  });

  it('tells storage faults from other errors', () => {
    expect(isStorageFault(full)).toBe(true);
    expect(isStorageFault(Object.assign(new Error('x'), { code: 'SQLITE_IOERR_WRITE' }))).toBe(true);
    expect(isStorageFault(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT' }))).toBe(false);
    expect(isStorageFault(null)).toBe(false);
    // Postgres: unreachable, shut down, disk full, read-only; a constraint is the request's fault.
    for (const code of ['ECONNREFUSED', '08006', '57P01', '53100', '25006']) {
      expect(isStorageFault(Object.assign(new Error('x'), { code }))).toBe(true);
    }
    expect(isStorageFault(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
  });
});
