/**
 * Evidence imports over the REST API (README, "Evidence from data"): the import
 * dialog previews a file here, in the browser, to guess and show its columns, then
 * sends the whole file to `POST /api/boards/:id/evidence`, which reads and writes it
 * exactly as a script's request would.
 */
import type { EvidenceSummary } from '@journeyboard/shared';
import { createCsvReader } from '@journeyboard/shared/evidence';

export type EvidenceKind = 'contacts' | 'survey';

/** The first rows of a file, as the mapping step shows them. */
export interface FilePreview {
  header: string[];
  rows: string[][];
}

/** Bytes read for a preview: a header and a screenful of rows, whatever the file's size. */
const PREVIEW_BYTES = 64 * 1024;
const PREVIEW_ROWS = 6;

export async function previewFile(file: File): Promise<FilePreview> {
  const records: string[][] = [];
  const reader = createCsvReader((fields) => {
    if (records.length <= PREVIEW_ROWS) records.push(fields);
  });
  reader.write(await file.slice(0, PREVIEW_BYTES).text());
  // A slice that ends mid-row leaves that row unread: end() only for a file read whole.
  if (file.size <= PREVIEW_BYTES) reader.end();
  const [header = [], ...rows] = records;
  if (reader.problems.length > 0 && records.length === 0) throw new Error(reader.problems[0]?.message);
  return { header: header.map((h) => h.trim()), rows };
}

/** The distinct values of one column over the whole file (a survey's stages), read as a stream; at most `max`. */
export async function distinctValues(file: File, column: number, max = 200): Promise<string[]> {
  const values = new Set<string>();
  let first = true;
  const reader = createCsvReader((fields) => {
    if (first) first = false;
    else if (values.size < max) {
      const value = fields[column]?.trim();
      if (value) values.add(value);
    }
  });
  const stream = file.stream().pipeThrough(new TextDecoderStream());
  const chunks = stream.getReader();
  for (;;) {
    const { done, value } = await chunks.read();
    if (done) break;
    reader.write(value);
  }
  reader.end();
  return [...values];
}

export interface EvidenceRequest {
  kind: EvidenceKind;
  source: string;
  /** Field -> column header ('none' for no column). */
  columns: Record<string, string>;
  unit: string;
  stateId?: string;
  /** Survey stage -> stage id ('' leaves it out). */
  stages?: Record<string, string>;
}

/** What the route answers: what the import changed (the command's summary), with the source and the file's rows. */
export interface EvidenceAnswer extends EvidenceSummary {
  kind: EvidenceKind;
  source: { id: string; name: string; fileName: string; unit: string };
  rows: number;
}

/** A refusal, with what the server says of it: the problems and their rows, or the stages it could not match. */
export class EvidenceRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: Array<{ row: number; message: string }> = [],
    readonly unmatched: string[] = [],
  ) {
    super(message);
  }
}

export async function importEvidence(
  boardId: string,
  token: string,
  file: File,
  request: EvidenceRequest,
): Promise<EvidenceAnswer> {
  const query = new URLSearchParams({ kind: request.kind, source: request.source, unit: request.unit });
  for (const [field, column] of Object.entries(request.columns)) query.set(field, column);
  if (request.stateId) query.set('state', request.stateId);
  if (request.stages && Object.keys(request.stages).length > 0)
    query.set('stages', JSON.stringify(request.stages));
  const response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/evidence?${query}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'text/csv',
      'x-file-name': encodeURIComponent(file.name),
    },
    body: file,
  });
  if (response.ok) return (await response.json()) as EvidenceAnswer;
  const problem = (await response.json().catch(() => null)) as {
    detail?: string;
    title?: string;
    problems?: Array<{ row: number; message: string }>;
    unmatched?: string[];
  } | null;
  throw new EvidenceRefusal(
    response.status,
    problem?.detail ?? problem?.title ?? `the server answered ${response.status}`,
    problem?.problems,
    problem?.unmatched,
  );
}
