/**
 * The board as a PNG: the SVG picture rasterised by resvg with a bundled DejaVu
 * font, so the image looks the same on every machine, with or without system fonts.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BoardSnapshot } from '@journeyboard/shared';
import { Resvg } from '@resvg/resvg-js';
import { type PictureOptions, pictureSize, renderSvg } from './svg.js';

const require = createRequire(import.meta.url);
const FONT_DIR = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) => path.join(FONT_DIR, file));

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

export function renderPng(board: BoardSnapshot, options: PngOptions = {}): Buffer {
  const { width, height } = pictureSize(board, options);
  const wanted = options.scale ?? 1;
  const scale = Math.min(wanted, Math.sqrt(MAX_PNG_PIXELS / (width * height)));
  const svg = renderSvg(board, { ...options, cardText: scale < LEGIBLE_SCALE ? 'bars' : 'words' });
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
