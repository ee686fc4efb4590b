/**
 * What a browser fetches before it can show a page, weighed from the Vite build's
 * manifest: a page's chunk and every chunk it imports statically (what it imports
 * dynamically, the panels and dialogs of board/onDemand.ts, comes later), gzipped
 * as the server would send them. Printed after `pnpm build` and by the canvas
 * benchmark; test/e2e/first-load.test.ts holds the entry to its budget.
 *
 *   node client/scripts/first-load.mjs [distDir]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The gzipped JavaScript the entry chunk and its static imports may weigh (issue 16). */
export const FIRST_LOAD_BUDGET_BYTES = 150 * 1024;

/** @param {string} distDir the client's build folder (client/dist) */
export function firstLoad(distDir) {
  /** @type {Record<string, { file: string; isEntry?: boolean; imports?: string[] }>} */
  const manifest = JSON.parse(readFileSync(path.join(distDir, '.vite', 'manifest.json'), 'utf8'));
  const keys = Object.keys(manifest);
  const entry = keys.find((key) => manifest[key]?.isEntry);
  if (!entry) throw new Error('the build manifest names no entry chunk');
  /** @param {string} ending */
  const page = (ending) => {
    const key = keys.find((k) => k.endsWith(ending));
    if (!key) throw new Error(`the build manifest has no chunk for ${ending}`);
    return key;
  };
  /** @param {string[]} roots */
  const weigh = (roots) => {
    const seen = new Set();
    /** @param {string} key */
    const visit = (key) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const imported of manifest[key]?.imports ?? []) visit(imported);
    };
    for (const root of roots) visit(root);
    const files = [...seen].map((key) => manifest[key]?.file ?? '').filter((file) => file.endsWith('.js'));
    const gzipBytes = files.reduce(
      (sum, file) => sum + gzipSync(readFileSync(path.join(distDir, file))).length,
      0,
    );
    return { files: files.sort(), gzipBytes };
  };
  return {
    /** What every page loads first: React and the router. */
    entry: weigh([entry]),
    /** The start page: the entry and the home chunk. */
    home: weigh([entry, page('home/HomePage.tsx')]),
    /** A board before anything is opened on it: the entry, the board chunk (canvas, header, sync) and the board document. */
    board: weigh([entry, page('board/BoardPage.tsx')]),
  };
}

/** @param {ReturnType<typeof firstLoad>} load */
export function describeFirstLoad(load) {
  const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    `First-load JavaScript (gzip), budget ${kb(FIRST_LOAD_BUDGET_BYTES)} for the entry:`,
    `  entry and its static imports  ${kb(load.entry.gzipBytes)} (${load.entry.files.length} files)`,
    `  start page                    ${kb(load.home.gzipBytes)} (${load.home.files.length} files)`,
    `  board, before any panel       ${kb(load.board.gzipBytes)} (${load.board.files.length} files)`,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'),
  );
  console.log(describeFirstLoad(firstLoad(distDir)));
}
