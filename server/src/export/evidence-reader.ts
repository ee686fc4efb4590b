/**
 * Reads an evidence export (#14) in a file worker: the request's body was streamed to
 * a file, and this streams it again through the shared CSV reader and aggregator, so
 * a million rows cost the worker seconds and a few megabytes, and the server's main
 * thread nothing but two messages.
 */
import { createReadStream } from 'node:fs';
import {
  CONTACT_FIELDS,
  type ContactAggregate,
  type ContactMapping,
  type CsvProblem,
  createContactAggregator,
  createCsvReader,
  createSurveyAggregator,
  guessContactMapping,
  guessSurveyMapping,
  mappingProblems,
  type PeriodUnit,
  SURVEY_FIELDS,
  type SurveyAggregate,
  type SurveyMapping,
} from '@journeyboard/shared/evidence';

/** What the file worker is asked: the file, its kind, and the columns chosen (by header or 1-based number). */
export interface EvidenceJob {
  kind: 'evidence';
  file: string;
  evidence: 'contacts' | 'survey';
  /** Field -> column header (any case) or 1-based column number; 'none' for no column; absent: guessed. */
  columns: Record<string, string>;
  unit: PeriodUnit | 'auto';
  /** ISO date for rows without a period. */
  today: string;
}

export type EvidenceResult =
  | {
      ok: true;
      header: string[];
      mapping: Record<string, number | null>;
      contacts?: ContactAggregate;
      survey?: SurveyAggregate;
      /** The worker's peak resident memory so far (MB), for the log: the read is bounded by what it keeps, not by rows. */
      peakRssMb: number;
    }
  | { ok: false; header: string[]; problems: CsvProblem[]; omitted: number };

/** Rows read to guess the columns, when the request names none. */
const GUESS_ROWS = 50;

export async function readEvidenceFile(job: EvidenceJob): Promise<EvidenceResult> {
  let header: string[] | null = null;
  const sample: string[][] = [];
  let aggregator:
    | ReturnType<typeof createContactAggregator>
    | ReturnType<typeof createSurveyAggregator>
    | null = null;
  let mapping: Record<string, number | null> | null = null;
  let mappingRefused: string[] = [];

  const start = () => {
    const fields = job.evidence === 'contacts' ? CONTACT_FIELDS : SURVEY_FIELDS;
    const guessed =
      job.evidence === 'contacts'
        ? guessContactMapping(header ?? [], sample)
        : guessSurveyMapping(header ?? [], sample);
    const chosen: Record<string, number | null> = { ...guessed };
    for (const field of fields) {
      const given = job.columns[field];
      if (given === undefined) continue;
      const column = columnOf(header ?? [], given);
      if (column === undefined) mappingRefused.push(`${field}: no column "${given}" in the file's header`);
      else chosen[field] = column;
    }
    mappingRefused = [
      ...mappingRefused,
      ...mappingProblems(job.evidence, chosen as never, header?.length ?? 0),
    ];
    mapping = chosen;
    if (mappingRefused.length > 0) return;
    const options = { unit: job.unit, today: job.today };
    const cells = header ?? [];
    aggregator =
      job.evidence === 'contacts'
        ? createContactAggregator(chosen as ContactMapping, options)
        : createSurveyAggregator(chosen as SurveyMapping, {
            ...options,
            // Without a metric column, the value column's header says which metric it holds.
            label: cells[chosen.response ?? chosen.score ?? -1],
          });
    for (const [i, row] of sample.entries()) aggregator.add(row, i + 2);
    sample.length = 0;
  };

  const reader = createCsvReader((fields, row) => {
    if (header === null) {
      header = fields.map((f) => f.trim());
      return;
    }
    if (aggregator) aggregator.add(fields, row);
    else {
      sample.push(fields);
      if (sample.length >= GUESS_ROWS) start();
    }
  });
  for await (const chunk of createReadStream(job.file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    reader.write(chunk as string);
    if (reader.problems.length > 0 || mappingRefused.length > 0) break;
  }
  reader.end();
  if (!aggregator && mappingRefused.length === 0) start();
  const seen = header ?? [];
  if (reader.problems.length > 0) return { ok: false, header: seen, problems: reader.problems, omitted: 0 };
  if (seen.length === 0)
    return { ok: false, header: seen, problems: [{ row: 1, message: 'the file is empty' }], omitted: 0 };
  if (mappingRefused.length > 0)
    return {
      ok: false,
      header: seen,
      problems: mappingRefused.map((message) => ({ row: 1, message })),
      omitted: 0,
    };
  if (!aggregator)
    return { ok: false, header: seen, problems: [{ row: 1, message: 'the file has no rows' }], omitted: 0 };
  const finished = (aggregator as NonNullable<typeof aggregator>).finish();
  if (!finished.ok) return { ok: false, header: seen, problems: finished.problems, omitted: finished.more };
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return job.evidence === 'contacts'
    ? {
        ok: true,
        header: seen,
        mapping: mapping ?? {},
        contacts: finished.aggregate as ContactAggregate,
        peakRssMb,
      }
    : {
        ok: true,
        header: seen,
        mapping: mapping ?? {},
        survey: finished.aggregate as SurveyAggregate,
        peakRssMb,
      };
}

/** A column by its header (any case, spaces trimmed) or its 1-based number; null for 'none'. */
function columnOf(header: readonly string[], given: string): number | null | undefined {
  const wanted = given.trim();
  if (wanted === '' || wanted.toLowerCase() === 'none') return null;
  if (/^\d+$/.test(wanted)) {
    const index = Number(wanted) - 1;
    return index >= 0 && index < header.length ? index : undefined;
  }
  const index = header.findIndex((h) => h.trim().toLowerCase() === wanted.toLowerCase());
  return index >= 0 ? index : undefined;
}
