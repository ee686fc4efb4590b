/**
 * New boards need no token, so anyone with the address can make them: each client
 * address may create CREATE_BOARDS_PER_HOUR (0: no limit, for trusted networks),
 * answered 429 with Retry-After beyond that, and no one may while the data
 * directory's disk has less than MIN_FREE_DISK_MB free (503). The check runs
 * before the body is read, so a refused import costs nothing.
 */
import { statfsSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { sendProblem } from './problem.js';
import { addressKey, RateLimiter } from './rate-limit.js';

/**
 * Boards one address may create at once, of its hourly allowance: making a board costs
 * a few milliseconds of the main thread, and a burst of sixty stalled every room for a
 * third of a second. The rest of the hour's allowance comes back as it refills.
 */
const CREATION_BURST = 10;

/** Addresses remembered at once: about 2 MB, far more than share one server honestly in an hour. */
const MAX_ADDRESSES = 10_000;

export interface CreationGuardOptions {
  dataDir: string;
  boardsPerHour: number;
  minFreeDiskMb: number;
}

/** Free space for an unprivileged process on the disk holding `dir`, in MB. */
export function freeDiskMb(dir: string): number {
  const stats = statfsSync(dir);
  return (stats.bavail * stats.bsize) / (1024 * 1024);
}

export function creationGuard({
  dataDir,
  boardsPerHour,
  minFreeDiskMb,
}: CreationGuardOptions): RequestHandler {
  const limiter = new RateLimiter({
    perWindow: boardsPerHour,
    windowMs: 3_600_000,
    maxKeys: MAX_ADDRESSES,
    burst: CREATION_BURST,
  });
  return (req, res, next) => {
    // The quota first: it is a map lookup, where the disk check is a system call.
    const decision = limiter.take(addressKey(req.ip));
    if (!decision.allowed) {
      res.set('retry-after', String(decision.retryAfterSeconds));
      return sendProblem(
        res,
        429,
        'Too many new boards',
        `this address may create ${boardsPerHour} boards an hour; try again in ${decision.retryAfterSeconds} s`,
        { retryAfterSeconds: decision.retryAfterSeconds },
      );
    }
    if (minFreeDiskMb > 0 && freeDiskMb(dataDir) < minFreeDiskMb) {
      return sendProblem(
        res,
        503,
        'Server storage low',
        `the server has less than ${minFreeDiskMb} MB of disk left and takes no new boards; existing boards still work`,
      );
    }
    next();
  };
}
