/**
 * The first load (issue 16, must-show 3): what every page fetches before it runs,
 * the entry chunk and its static imports, stays within 150 KB gzipped; the board's
 * panels, dialogs, exports' menus and analytics are chunks of their own, loaded when
 * opened. Weighed on the built client (client/scripts/first-load.mjs).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIRST_LOAD_BUDGET_BYTES, firstLoad } from '../../client/scripts/first-load.mjs';

const dist = fileURLToPath(new URL('../../client/dist', import.meta.url));

describe('the first load', () => {
  it('keeps the entry and its static imports within budget, and the panels out of the board’s first chunks', () => {
    const load = firstLoad(dist);
    expect(load.entry.gzipBytes).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    // The start page never fetches the canvas or the board document.
    expect(load.home.gzipBytes).toBeLessThan(load.board.gzipBytes);
    const boardCode = load.board.files.map((file) => readFileSync(path.join(dist, file), 'utf8')).join('\n');
    // Each panel's own markup is in a chunk the board fetches only when the panel opens.
    for (const onDemand of ['Ranked friction points', 'Save version', 'Share this board', 'Compare states'])
      expect(boardCode.includes(onDemand), onDemand).toBe(false);
    console.log(
      `first load: entry ${(load.entry.gzipBytes / 1024).toFixed(1)} KB, board ${(load.board.gzipBytes / 1024).toFixed(1)} KB gzipped`,
    );
  });
});
