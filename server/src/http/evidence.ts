/**
 * Evidence from a team's own exports (#14): `POST /api/boards/:id/evidence?kind=contacts|survey`
 * with the CSV (or TSV) as the body, editors and up. The body streams to a file and a
 * file worker reads it (export/evidence-reader.ts); the aggregated numbers are written
 * into the board by its room (sync/board-changes.ts), where everyone sees them at
 * once. The app's import dialog sends the same request, so a script refreshing the
 * numbers every month does exactly what a person does. Nothing is written unless the
 * whole file reads: a malformed one is refused with its first problems and their rows.
 */
import { FREQUENCY_PERIODS } from '@journeyboard/shared';
import { CONTACT_FIELDS, periodUnit, SURVEY_FIELDS } from '@journeyboard/shared/evidence';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { Limits } from '../config.js';
import type { EvidenceResult } from '../export/evidence-reader.js';
import type { ExportPool } from '../export/pool.js';
import type { Logger } from '../log.js';
import type { AsyncBoardStore } from '../storage/async-board-store.js';
import type { EvidenceOutcome } from '../sync/board-changes.js';
import type { Rooms } from '../sync/rooms.js';
import { authorizeRequest } from './authorize.js';
import { HttpProblem, parseBody, tooMany } from './problem.js';
import { RateLimiter } from './rate-limit.js';
import { readInWorker, receiveToFile } from './upload.js';

export interface EvidenceApiDeps {
  store: AsyncBoardStore;
  rooms: Rooms;
  log: Logger;
  limits: Limits;
  files: ExportPool;
  uploads: string;
}

/** The name a source gets when the request names none: a script re-run replaces its own numbers. */
export const DEFAULT_SOURCE_NAMES = { contacts: 'Contacts export', survey: 'Survey export' } as const;
const column = z.string().trim().max(200);
const querySchema = z.object({
  kind: z.enum(['contacts', 'survey']),
  source: z.string().trim().min(1).max(200).optional(),
  unit: z.enum(['auto', ...FREQUENCY_PERIODS]).default('auto'),
  /** The state whose stages a survey's stages are matched to. */
  state: z.string().max(100).optional(),
  /** Survey stage -> stage id, as JSON; '' leaves that stage's rows out. */
  stages: z
    .string()
    .max(20_000)
    .optional()
    .transform((value, ctx) => {
      if (!value) return {};
      try {
        return z.record(z.string().max(200), z.string().max(100)).parse(JSON.parse(value));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of survey stage -> stage id' });
        return z.NEVER;
      }
    }),
  ...Object.fromEntries(
    [...new Set([...CONTACT_FIELDS, ...SURVEY_FIELDS])].map((f) => [f, column.optional()]),
  ),
});

/** Boards remembered by the import rate limit. */
const MAX_KEYS = 10_000;
/** Evidence files being received or read at once, server-wide (more: 429). */
export const MAX_EVIDENCE_UPLOADS_IN_FLIGHT = 4;

export function evidenceApi({ store, rooms, log, limits, files, uploads }: EvidenceApiDeps): Router {
  const router = Router();
  let uploadsInFlight = 0;
  const perBoard = new RateLimiter({
    perWindow: limits.evidenceImportsPerBoardPerMinute,
    windowMs: 60_000,
    maxKeys: MAX_KEYS,
  });

  router.post('/boards/:id/evidence', async (req, res) => {
    const { board } = await authorizeRequest(store, req, 'editor');
    const query = parseBody(querySchema, req.query, 'query') as z.infer<typeof querySchema> &
      Record<string, string | undefined>;
    const decision = perBoard.take(board.id);
    if (!decision.allowed)
      throw tooMany(
        'Too many imports',
        decision.retryAfterSeconds,
        `this board may take ${limits.evidenceImportsPerBoardPerMinute} evidence imports a minute; try again in ${decision.retryAfterSeconds} s`,
      );
    const fields = query.kind === 'contacts' ? CONTACT_FIELDS : SURVEY_FIELDS;
    const columns: Record<string, string> = {};
    for (const field of fields) if (query[field] !== undefined) columns[field] = query[field] as string;

    // Each upload may hold MAX_EVIDENCE_BYTES of disk until a worker has read it: so many at once, server-wide.
    if (uploadsInFlight >= MAX_EVIDENCE_UPLOADS_IN_FLIGHT)
      throw tooMany('Server busy', 5, 'the server is receiving other evidence files; try again in 5 s');
    uploadsInFlight++;
    try {
      await importFile(req, res, board.id, query, columns);
    } finally {
      uploadsInFlight--;
    }
  });

  const importFile = async (
    req: Request,
    res: Response,
    boardId: string,
    query: z.infer<typeof querySchema>,
    columns: Record<string, string>,
  ) => {
    const started = performance.now();
    const file = await receiveToFile(req, uploads, limits.maxEvidenceBytes, 'an evidence file');
    const read: EvidenceResult = await readInWorker(file, () =>
      files.readEvidence({
        file,
        evidence: query.kind,
        columns,
        unit: query.unit,
        today: new Date().toISOString().slice(0, 10),
      }),
    );
    if (!read.ok) {
      const first = read.problems[0];
      throw new HttpProblem(
        422,
        'File not imported',
        `nothing was imported: ${first ? `row ${first.row}: ${first.message}` : 'the file could not be read'}${read.problems.length > 1 ? ` (and ${read.problems.length - 1 + read.omitted} more problems)` : ''}`,
        { problems: read.problems, problemsOmitted: read.omitted, header: read.header },
      );
    }
    const source = {
      name: query.source ?? DEFAULT_SOURCE_NAMES[query.kind],
      fileName: fileNameOf(req),
      rows: read.contacts?.rows ?? read.survey?.rows ?? 0,
      unit: read.contacts?.unit ?? periodUnit(read.survey?.readings[0]?.period ?? '') ?? 'month',
      importedAt: Date.now(),
    };
    const outcome: EvidenceOutcome = read.contacts
      ? await rooms.change(boardId, 'importContacts', { source, volumes: read.contacts.volumes })
      : await rooms.change(boardId, 'importSurvey', {
          source,
          readings: read.survey?.readings ?? [],
          stateId: query.state ?? null,
          stages: query.stages,
        });
    if (outcome.kind === 'refused')
      throw new HttpProblem(422, 'File not imported', `nothing was imported: ${outcome.message}`);
    if (outcome.kind === 'unmatched') {
      throw new HttpProblem(
        409,
        'Stages not matched',
        `nothing was imported: no stage of the board is called ${outcome.unmatched.map((s) => `"${s}"`).join(', ')}; map each with ?stages={"survey stage":"stage id"} ("" leaves it out)`,
        { unmatched: outcome.unmatched, stateId: outcome.stateId, stages: outcome.stages },
      );
    }
    const ms = Math.round(performance.now() - started);
    log.info(
      { boardId, kind: query.kind, rows: source.rows, ms, workerPeakRssMb: read.peakRssMb },
      'evidence imported',
    );
    res.json({
      kind: query.kind,
      source: {
        id: outcome.summary.sourceId,
        name: source.name,
        fileName: source.fileName,
        unit: source.unit,
      },
      rows: source.rows,
      mapping: read.mapping,
      header: read.header,
      ...outcome.summary,
    });
  };

  return router;
}

/** The uploaded file's name, when the client says it (`X-File-Name`, as the app's dialog does). */
function fileNameOf(req: Request): string {
  const given = req.get('x-file-name') ?? '';
  try {
    return decodeURIComponent(given).replace(/[\\/]/g, '_').slice(0, 200);
  } catch {
    return '';
  }
}
