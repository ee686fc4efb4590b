/**
 * An evidence file read as it streams in: the header row, the columns chosen from it and
 * the first rows (guessed, or as the caller says), then every data row through an
 * aggregator. The one reader behind parseContacts and parseSurvey (a whole text at once)
 * and the server's upload (chunks of a file, server/src/export/evidence-reader.ts).
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

/** The columns for a file: the mapping, and why it cannot be used (empty when it can). */
export type ChooseColumns<M> = (header: string[], sample: string[][]) => { mapping: M; problems: string[] };

/** The guess (or the mapping given), held to what each kind needs. */
export function guessedColumns<M extends ContactMapping | SurveyMapping>(
  kind: 'contacts' | 'survey',
  given?: M,
): ChooseColumns<M> {
  return (header, sample) => {
    const mapping =
      given ??
      ((kind === 'contacts' ? guessContactMapping(header, sample) : guessSurveyMapping(header, sample)) as M);
    return { mapping, problems: mappingProblems(kind, mapping, header.length) };
  };
}

export interface EvidenceReader<M, A> {
  /** Any chunk boundaries. */
  write(chunk: string): void;
  /** Nothing more will be read: a problem in the file's structure, or columns that cannot be used. */
  readonly stopped: boolean;
  end(): Result<A> & { mapping: M | null; header?: string[] };
}

export function createEvidenceReader<M, A>(
  choose: ChooseColumns<M>,
  aggregator: (mapping: M, header: string[]) => Aggregator<A>,
  options: CsvReaderOptions = {},
): EvidenceReader<M, A> {
  let header: string[] | null = null;
  const sample: [string[], number][] = [];
  let chosen: M | null = null;
  let target: Aggregator<A> | null = null;
  let refusal: string[] = [];

  const start = () => {
    const cells = header ?? [];
    ({ mapping: chosen, problems: refusal } = choose(
      cells,
      sample.map(([fields]) => fields),
    ));
    if (refusal.length > 0) return;
    target = aggregator(chosen as M, cells);
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

  return {
    write: (chunk) => reader.write(chunk),
    get stopped() {
      return reader.problems.length > 0 || refusal.length > 0;
    },
    end() {
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
    },
  };
}
