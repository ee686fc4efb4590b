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
    /** @type {Record<string, number>} */
    const byPackage = {};
    let gzipBytes = 0;
    for (const file of files) {
      const code = readFileSync(path.join(distDir, file), 'utf8');
      const gzipped = gzipSync(code).length;
      gzipBytes += gzipped;
      // A chunk's gzipped bytes shared out by the minified characters each package wrote.
      const written = charactersBySource(
        code,
        JSON.parse(readFileSync(path.join(distDir, `${file}.map`), 'utf8')),
      );
      const total = [...written.values()].reduce((sum, n) => sum + n, 0);
      for (const [source, characters] of written) {
        const name = packageOf(source);
        byPackage[name] = (byPackage[name] ?? 0) + (gzipped * characters) / total;
      }
    }
    return { files: files.sort(), gzipBytes, byPackage };
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

/**
 * The libraries Journeyboard's stack fixes (README: React, React Flow, zustand, the board
 * document on Yjs with the y-websocket protocol), with what they bring along; what a
 * board's first load weighs before a line of Journeyboard's own.
 * @type {Record<string, RegExp>}
 */
export const FIXED_STACK = {
  React: /^(react|react-dom|scheduler)$/,
  'React Flow and its d3 parts': /^(@xyflow\/.*|d3-.*|classcat)$/,
  'Yjs, lib0, y-websocket, y-protocols': /^(yjs|lib0|y-websocket|y-protocols)$/,
  zustand: /^(zustand|use-sync-external-store)$/,
};

/** The npm package a source map's source belongs to, or `journeyboard` for the project's own files. */
function packageOf(/** @type {string} */ source) {
  const at = source.lastIndexOf('node_modules/');
  if (at < 0) return 'journeyboard';
  const parts = source.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? '?');
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Characters of `code` per source, from its source map's mappings: each segment owns the
 * characters up to the next segment on its line.
 * @param {string} code
 * @param {{ sources: string[], mappings: string }} map
 */
function charactersBySource(code, map) {
  /** @type {Map<string, number>} */
  const characters = new Map();
  const lines = code.split('\n');
  let source = 0;
  map.mappings.split(';').forEach((line, index) => {
    /** @type {Array<[number, number | null]>} column and source of each segment */
    const segments = [];
    let column = 0;
    for (const segment of line ? line.split(',') : []) {
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0] ?? 0;
      if (fields.length > 1) source += fields[1] ?? 0;
      segments.push([column, fields.length > 1 ? source : null]);
    }
    const end = lines[index]?.length ?? 0;
    segments.forEach(([start, from], i) => {
      if (from === null) return;
      const name = map.sources[from] ?? '?';
      characters.set(name, (characters.get(name) ?? 0) + ((segments[i + 1]?.[0] ?? end) - start));
    });
  });
  return characters;
}

/** The fixed stack's share of a weighed load, by group and in all (gzipped bytes, shared out by source map). */
export function fixedStackOf(/** @type {{ byPackage: Record<string, number> }} */ load) {
  /** @type {Record<string, number>} */
  const groups = {};
  for (const [name, pattern] of Object.entries(FIXED_STACK))
    groups[name] = Object.entries(load.byPackage)
      .filter(([pkg]) => pattern.test(pkg))
      .reduce((sum, [, bytes]) => sum + bytes, 0);
  return { groups, gzipBytes: Object.values(groups).reduce((sum, bytes) => sum + bytes, 0) };
}

/** @param {ReturnType<typeof firstLoad>} load */
export function describeFirstLoad(load) {
  const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(1)} KB`;
  const stack = fixedStackOf(load.board);
  const others = load.board.gzipBytes - stack.gzipBytes - (load.board.byPackage.journeyboard ?? 0);
  return [
    `First-load JavaScript (gzip), budget ${kb(FIRST_LOAD_BUDGET_BYTES)} for the entry:`,
    `  entry and its static imports  ${kb(load.entry.gzipBytes)} (${load.entry.files.length} files)`,
    `  start page                    ${kb(load.home.gzipBytes)} (${load.home.files.length} files)`,
    `  board, before any panel       ${kb(load.board.gzipBytes)} (${load.board.files.length} files)`,
    `    of which the fixed stack     ${kb(stack.gzipBytes)}: ${Object.entries(stack.groups)
      .map(([name, bytes]) => `${name} ${kb(bytes)}`)
      .join(', ')}`,
    `    Journeyboard's own code      ${kb(load.board.byPackage.journeyboard ?? 0)}, other libraries ${kb(others)}`,
  ].join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const distDir = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist'),
  );
  console.log(describeFirstLoad(firstLoad(distDir)));
}
