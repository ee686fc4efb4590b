/** PNG pictures: drawn in a child process, so a rasteriser that aborts fails one export, not the server. */
import { createBoard, readBoard } from '@journeyboard/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ExportError } from '../src/export/errors.js';
import { LEGIBLE_SCALE, MAX_PNG_PIXELS, rasterise, renderPng } from '../src/export/png.js';

const size = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('PNG export', () => {
  it('draws a board at scale 1, and a selection sharper on request', async () => {
    const doc = new Y.Doc();
    createBoard(doc, { title: 'Online order', template: 'online-order' });
    const board = readBoard(doc);
    const png = await renderPng(board);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const card = board.cards.find((c) => c.kind === 'friction')!;
    const one = size(await renderPng(board, { cardIds: [card.id] }));
    const sharp = size(await renderPng(board, { cardIds: [card.id], scale: 2 }));
    expect(sharp.width).toBe(one.width * 2);
    expect(LEGIBLE_SCALE).toBeLessThan(1);
    expect(size(png).width * size(png).height).toBeLessThanOrEqual(MAX_PNG_PIXELS);
  });

  it('turns a rasteriser abort into a refused export while this process carries on', async () => {
    // An opacity layer wholly outside the picture made resvg 2.6 abort its process.
    const crashing =
      '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="500 500 100 100">' +
      '<path d="M 0 10 C 50 10, 50 20, 100 20" fill="none" stroke="#000" opacity="0.8"/></svg>';
    const failure = await rasterise(crashing, 1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ExportError);
    expect((failure as ExportError).status).toBe(500);
    expect((failure as ExportError).message).toMatch(/^the picture could not be drawn/);
    // Still here, and still drawing.
    const fine =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    expect(size(await rasterise(fine, 1))).toEqual({ width: 10, height: 10 });
  });
});
