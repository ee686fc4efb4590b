/**
 * Reads an evidence export (#14) in a file worker: the request's body was streamed to
 * a file, and this streams it again through the shared evidence reader (the one that
 * parseContacts and parseSurvey read a whole text with), so
 * a million rows cost the worker seconds and a few megabytes, and the server's main
 * thread nothing but two messages.
 */
import { createReadStream } from 'node:fs';
import {
  type ChooseColumns,
  CONTACT_FIELDS,
  type ContactAggregate,
  type ContactMapping,
  type CsvProblem,
  createContactAggregator,
  createEvidenceReader,
  createSurveyAggregator,
  guessedColumns,
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

export async function readEvidenceFile(job: EvidenceJob): Promise<EvidenceResult> {
  const fields: readonly string[] = job.evidence === 'contacts' ? CONTACT_FIELDS : SURVEY_FIELDS;
  // The guess, with the columns the request names put in its place.
  const choose: ChooseColumns<Record<string, number | null>> = (header, sample) => {
    const guessed = guessedColumns(job.evidence)(header, sample).mapping;
    const mapping: Record<string, number | null> = { ...guessed };
    const problems: string[] = [];
    for (const field of fields) {
      const given = job.columns[field];
      if (given === undefined) continue;
      const column = columnOf(header, given);
      if (column === undefined) problems.push(`${field}: no column "${given}" in the file's header`);
      else mapping[field] = column;
    }
    return {
      mapping,
      problems: [...problems, ...mappingProblems(job.evidence, mapping as never, header.length)],
    };
  };
  const options = { unit: job.unit, today: job.today };
  const reader = createEvidenceReader<Record<string, number | null>, ContactAggregate | SurveyAggregate>(
    choose,
    (chosen, header) =>
      job.evidence === 'contacts'
        ? createContactAggregator(chosen as ContactMapping, options)
        : createSurveyAggregator(chosen as SurveyMapping, {
            ...options,
            // Without a metric column, the value column's header says which metric it holds.
            label: header[chosen.response ?? chosen.score ?? -1],
          }),
  );
  for await (const chunk of createReadStream(job.file, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
    reader.write(chunk as string);
    if (reader.stopped) break;
  }
  const read = reader.end();
  const header = (read.header ?? []).map((cell) => cell.trim());
  if (!read.ok) return { ok: false, header, problems: read.problems, omitted: read.more };
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  const mapping = read.mapping ?? {};
  return job.evidence === 'contacts'
    ? { ok: true, header, mapping, contacts: read.aggregate as ContactAggregate, peakRssMb }
    : { ok: true, header, mapping, survey: read.aggregate as SurveyAggregate, peakRssMb };
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
