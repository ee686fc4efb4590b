/** Errors over HTTP are problem+json (RFC 9457) with a status a client can act on. */
import type { Response } from 'express';
import type { z } from 'zod';

export function sendProblem(
  res: Response,
  status: number,
  title: string,
  detail?: string,
  extra: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .json({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra });
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
    /** Headers the answer carries, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
  }
}

/** 429 with Retry-After (seconds), also given as `retryAfterSeconds` in the body. */
export function tooMany(title: string, retryAfterSeconds: number, detail: string): HttpProblem {
  return new HttpProblem(
    429,
    title,
    detail,
    { retryAfterSeconds },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

/** A request's body or query checked by its schema: 400 naming each problem. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, part: 'body' | 'query' = 'body'): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || part}: ${i.message}`);
  throw new HttpProblem(400, `Invalid request ${part}`, problems.join('; '), { problems });
}
