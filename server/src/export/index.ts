/**
 * Every export format in one place: the HTTP route and the command line both call
 * `exportBoard`, which renders the whole file in memory before anything is sent or
 * written, so a failed export never leaves half a file behind.
 */
import { type BoardSnapshot, boardFileOf } from '@journeyboard/shared';
import { z } from 'zod';
import { CSV_TABLES, frictionCsv, opportunitiesCsv, reasonsCsv } from './csv.js';

const CSV_WRITERS = { friction: frictionCsv, opportunities: opportunitiesCsv, reasons: reasonsCsv } as const;

import { ExportError } from './errors.js';
import { renderPdf } from './pdf.js';
import { renderPng } from './png.js';
import { renderPptx } from './pptx.js';
import { renderSvg } from './svg.js';

export { ExportError } from './errors.js';

export const EXPORT_FORMATS = ['pptx', 'pdf', 'png', 'svg', 'json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CONTENT_TYPES: Record<ExportFormat, string> = {
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pdf: 'application/pdf',
  png: 'image/png',
  svg: 'image/svg+xml',
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
};

/**
 * The most cards a drawn export (deck, PDF, picture) takes by default: ten times a
 * big workshop. Data exports (JSON, CSV) have no such limit.
 */
export const MAX_DRAWN_CARDS = 10_000;

export interface ExportLimits {
  maxDrawnCards: number;
}

export const exportOptionsSchema = z.object({
  /** The state a picture shows (default: the first current state). */
  state: z.string().min(1).max(100).optional(),
  /** A selection for PNG / SVG, as comma-separated card ids. */
  cards: z
    .string()
    .max(200_000)
    .transform((ids) => ids.split(',').filter(Boolean))
    .optional(),
  /** Which CSV table: friction points (default), opportunities, or interaction reasons with their volumes. */
  table: z.enum(CSV_TABLES).default('friction'),
  /** PNG pixels per board unit. */
  scale: z.coerce.number().min(0.25).max(4).optional(),
});
export type ExportOptions = z.input<typeof exportOptionsSchema>;

export interface ExportResult {
  body: Buffer;
  contentType: string;
  /** A file name for the download: the board title, the table for CSV, and the extension. */
  fileName: string;
}

export function isExportFormat(format: string): format is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(format);
}

export function parseExportOptions(input: unknown): z.output<typeof exportOptionsSchema> {
  const result = exportOptionsSchema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ExportError(400, `${issue?.path.join('.') || 'options'}: ${issue?.message ?? 'invalid'}`);
}

function fileNameFor(board: BoardSnapshot, suffix: string, format: ExportFormat): string {
  const base =
    board.meta.title
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .trim()
      .replace(/\s+/g, '-')
      .slice(0, 80) || 'board';
  return `${base}${suffix}.${format}`;
}

/**
 * A request's format and options, checked before any work (ExportError 400 when
 * either is wrong): the format, and the options alone, as `exportBoard` takes them.
 */
export function checkExportRequest(
  format: string,
  input: unknown,
): { format: ExportFormat; options: ExportOptions } {
  if (!isExportFormat(format)) {
    throw new ExportError(400, `unknown format "${format}": use one of ${EXPORT_FORMATS.join(', ')}`);
  }
  parseExportOptions(input);
  const { state, cards, table, scale } = (input ?? {}) as ExportOptions;
  return { format, options: { state, cards, table, scale } };
}

export async function exportBoard(
  board: BoardSnapshot,
  requested: string,
  input: ExportOptions = {},
  limits: ExportLimits = { maxDrawnCards: MAX_DRAWN_CARDS },
): Promise<ExportResult> {
  const { format } = checkExportRequest(requested, input);
  const options = parseExportOptions(input);
  const drawn = format === 'pptx' || format === 'pdf' || format === 'png' || format === 'svg';
  if (drawn && board.cards.length > limits.maxDrawnCards) {
    throw new ExportError(
      413,
      `the board has ${board.cards.length} cards; ${format.toUpperCase()} export draws at most ${limits.maxDrawnCards} (JSON and CSV have no limit)`,
    );
  }
  const picture = { stateId: options.state, cardIds: options.cards };
  let body: Buffer;
  let suffix = '';
  switch (format) {
    case 'pptx':
      body = await renderPptx(board);
      break;
    case 'pdf':
      body = await renderPdf(board);
      break;
    case 'png':
      body = await renderPng(board, { ...picture, scale: options.scale });
      break;
    case 'svg':
      body = Buffer.from(renderSvg(board, picture), 'utf8');
      break;
    case 'json':
      body = Buffer.from(`${JSON.stringify(boardFileOf(board), null, 2)}\n`, 'utf8');
      break;
    case 'csv':
      suffix = `-${options.table}`;
      body = Buffer.from(CSV_WRITERS[options.table](board), 'utf8');
      break;
  }
  return { body, contentType: CONTENT_TYPES[format], fileName: fileNameFor(board, suffix, format) };
}
