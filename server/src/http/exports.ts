/**
 * Export with any role's link: `GET /api/boards/:id/export.<format>` where format is
 * pptx, pdf, png, svg, json or csv; `?state=` picks the state a picture shows,
 * `?cards=a,b` a selection, `?table=opportunities` the other CSV table, `?scale=`
 * PNG sharpness. The file is made whole in the export pool before the first byte
 * goes out. Each link and each board may ask for so many exports a minute (429 and
 * Retry-After beyond), and a full pool answers the same way.
 */
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import type { Limits } from '../config.js';
import { checkExportRequest, ExportError } from '../export/index.js';
import { ExportBusyError, type ExportPool, type ExportStream } from '../export/pool.js';
import type { Logger } from '../log.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import { authorizeRequest } from './authorize.js';
import { HttpProblem, tooMany } from './problem.js';
import { type RateDecision, RateLimiter } from './rate-limit.js';

/** Boards and links remembered by the export rate limits, each. */
const MAX_KEYS = 10_000;

export interface ExportsApiDeps {
  store: AsyncBoardStore;
  log: Logger;
  limits: Limits;
  exports: ExportPool;
}

function refuseIfOver(decision: RateDecision, what: string, perMinute: number): void {
  if (!decision.allowed) {
    throw tooMany(
      'Too many exports',
      decision.retryAfterSeconds,
      `${what} may ask for ${perMinute} exports a minute; try again in ${decision.retryAfterSeconds} s`,
    );
  }
}

export function exportsApi({ store, log, limits, exports }: ExportsApiDeps): Router {
  const router = Router();
  const perBoard = new RateLimiter({
    perWindow: limits.exportsPerBoardPerMinute,
    windowMs: 60_000,
    maxKeys: MAX_KEYS,
  });
  const perLink = new RateLimiter({
    perWindow: limits.exportsPerTokenPerMinute,
    windowMs: 60_000,
    maxKeys: MAX_KEYS,
  });

  router.get('/boards/:id/export.:format', async (req, res) => {
    const { board, role } = await authorizeRequest(store, req, 'viewer');
    let request: ReturnType<typeof checkExportRequest>;
    try {
      request = checkExportRequest(String(req.params.format), req.query);
    } catch (error) {
      if (error instanceof ExportError) throw new HttpProblem(error.status, 'Export refused', error.message);
      throw error;
    }
    const { format, options } = request;
    // One token per role and board: a link's allowance is its board's and role's.
    refuseIfOver(perLink.take(`${board.id}:${role}`), 'this link', limits.exportsPerTokenPerMinute);
    refuseIfOver(perBoard.take(board.id), 'this board', limits.exportsPerBoardPerMinute);
    const started = performance.now();
    let file: ExportStream;
    try {
      file = await exports.run({
        boardId: board.id,
        format,
        options,
        limits: { maxDrawnCards: limits.maxExportCards },
      });
    } catch (error) {
      if (error instanceof ExportBusyError)
        throw tooMany('Too many exports', error.retryAfterSeconds, error.message);
      if (error instanceof ExportError) throw new HttpProblem(error.status, 'Export refused', error.message);
      throw error;
    }
    res.status(200).set({
      'content-type': file.contentType,
      'content-length': String(file.bytes),
      'content-disposition': `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      'cache-control': 'no-store',
    });
    const done = { boardId: board.id, format, bytes: file.bytes };
    try {
      await pipeline(file.body, res);
    } catch (error) {
      // The client went away, or the worker died while sending: the answer was cut short (its length says so).
      log.warn({ ...done, err: error }, 'export not delivered');
      return;
    }
    log.info({ ...done, ms: Math.round(performance.now() - started) }, 'board exported');
  });

  return router;
}
