/**
 * The board as a PNG: the SVG picture rasterised by resvg with the bundled fonts
 * (fonts.ts: DejaVu, and Noto for CJK, Arabic and emoji), so the image looks the same
 * on every machine, with or without system fonts.
 * resvg runs in a child process (server/bin/rasterise.mjs): it is native code, and
 * a drawing that made it abort must not take the live rooms down with it.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BoardSnapshot } from '@journeyboard/shared';
import { ExportError } from './errors.js';
import { pictureFontFiles } from './fonts.js';
import { type PictureOptions, pictureSize, renderSvg } from './svg.js';

// The same path from src/export and dist/export.
const RASTERISER = fileURLToPath(new URL('../../bin/rasterise.mjs', import.meta.url));
const RASTERISE_TIMEOUT_MS = 30_000;

/**
 * The most pixels a PNG may have: a 2,000-card board is drawn smaller rather than
 * as a 200 MB bitmap (the SVG and the deck keep every detail at any size).
 */
export const MAX_PNG_PIXELS = 8_000_000;

export interface PngOptions extends PictureOptions {
  /** Pixels per board unit, 1 by default (2 for a sharp slide image); lowered to stay within MAX_PNG_PIXELS. */
  scale?: number;
}

/**
 * Below this scale card text would be under 8 px, too small to read: the picture
 * draws it as bars instead, which keeps a 2,000-card PNG under a second (resvg
 * spends ~40 µs on every glyph). The SVG, the deck and a selection keep the words.
 */
export const LEGIBLE_SCALE = 0.67;

export async function renderPng(board: BoardSnapshot, options: PngOptions = {}): Promise<Buffer> {
  const { width, height } = pictureSize(board, options);
  const wanted = options.scale ?? 1;
  const scale = Math.min(wanted, Math.sqrt(MAX_PNG_PIXELS / (width * height)));
  const svg = renderSvg(board, {
    ...options,
    cardText: scale < LEGIBLE_SCALE ? 'bars' : 'words',
    fonts: 'named',
  });
  return rasterise(svg, scale);
}

export function rasterise(svg: string, zoom: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RASTERISER, String(zoom), ...pictureFontFiles(svg)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: RASTERISE_TIMEOUT_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out));
      else {
        const why =
          Buffer.concat(err)
            .toString('utf8')
            .split('\n')
            .find((line) => line.trim()) ?? '';
        reject(
          new ExportError(
            500,
            `the picture could not be drawn (${signal ?? `exit ${code}`}${why ? `: ${why.slice(0, 200)}` : ''})`,
          ),
        );
      }
    });
    child.stdin.on('error', () => {}); // a child that died early is reported by 'close'
    child.stdin.end(svg);
  });
}
