/**
 * A whole evidence file read at once: the header row, columns guessed from it and the
 * first rows (unless the caller chose them), every data row through an aggregator. The
 * convenience behind parseContacts and parseSurvey; an upload that streams does the same
 * steps with createCsvReader, guess…Mapping and create…Aggregator itself.
 */
import {
  type ContactMapping,
  guessContactMapping,
  guessSurveyMapping,
  mappingProblems,
  type SurveyMapping,
} from './columns.js';
import { type CsvProblem, type CsvReaderOptions, createCsvReader } from './csv.js';

/** How many data rows the column guess looks at. */
export const SAMPLE_ROWS = 20;

type Result<A> = { ok: true; aggregate: A } | { ok: false; problems: CsvProblem[]; more: number };

interface Aggregator<A> {
  add(fields: string[], row: number): void;
  finish(): Result<A>;
}

export function readHeader<M extends ContactMapping | SurveyMapping, A>(
  text: string,
  options: CsvReaderOptions,
  kind: 'contacts' | 'survey',
  given: M | undefined,
  aggregator: (mapping: M, header: string[]) => Aggregator<A>,
): Result<A> & { mapping: M | null; header?: string[] } {
  let header: string[] | null = null;
  const sample: [string[], number][] = [];
  let chosen: M | null = null;
  let target: Aggregator<A> | null = null;
  let refusal: string[] = [];

  const start = () => {
    const cells = header ?? [];
    const rows = sample.map(([fields]) => fields);
    chosen =
      given ??
      ((kind === 'contacts' ? guessContactMapping(cells, rows) : guessSurveyMapping(cells, rows)) as M);
    refusal = mappingProblems(kind, chosen, cells.length);
    if (refusal.length > 0) return;
    target = aggregator(chosen, cells);
    for (const [fields, row] of sample) target.add(fields, row);
    sample.length = 0;
  };

  const reader = createCsvReader((fields, row) => {
    if (!header) header = fields;
    else if (target) target.add(fields, row);
    else if (chosen)
      return; // the mapping was refused: nothing more to read
    else {
      sample.push([fields, row]);
      if (sample.length === SAMPLE_ROWS) start();
    }
  }, options);
  reader.write(text);
  reader.end();
  if (!header)
    return { ok: false, problems: [{ row: 0, message: 'the file is empty' }], more: 0, mapping: null };
  if (!chosen) start();
  const fileHeader = header as string[];
  if (reader.problems.length > 0)
    return { ok: false, problems: reader.problems, more: 0, mapping: chosen, header: fileHeader };
  if (refusal.length > 0) {
    return {
      ok: false,
      problems: refusal.map((message) => ({ row: 1, message })),
      more: 0,
      mapping: chosen,
      header: fileHeader,
    };
  }
  return { ...(target as unknown as Aggregator<A>).finish(), mapping: chosen, header: fileHeader };
}
