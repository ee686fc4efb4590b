/**
 * Folders import only downward. A folder may import from a lower layer, never from
 * its own layer's other folders or from above: the folder tree is the architecture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Lowest first. The top-level files (main.tsx, boardLink.ts) are '.', above everything. */
const LAYERS = [
  ['styles'],
  ['sync'],
  ['store'],
  ['actions'],
  ['ui'],
  // Features others embed (a card's badges, its opportunities, the heat map layer, evidence charts)...
  ['analytics', 'evidence', 'opportunities', 'workshop'],
  // ...and the features that embed them (the private round draws into the canvas's layers).
  ['canvas', 'panels', 'round', 'present'],
  ['board', 'home'],
  ['.'],
];

const src = fileURLToPath(new URL('../src', import.meta.url));
const IMPORT = /(?:from\s*|import\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The folder of `file` under client/src ('.' for the top-level files). */
const folderOf = (file: string) => {
  const parts = path.relative(src, file).split(path.sep);
  return parts.length > 1 ? (parts[0] as string) : '.';
};
const layerOf = (folder: string) => LAYERS.findIndex((layer) => layer.includes(folder));

/** Every import from one client folder into another, as "from/file -> to/file". */
function crossFolderImports(): Array<{ from: string; to: string; line: string }> {
  return sourceFiles(src).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) => ({
      from: file,
      to: path.resolve(path.dirname(file), match[1] as string),
      line: `${path.relative(src, file)} -> ${match[1]}`,
    })),
  );
}

describe('client folders', () => {
  it('each belong to a layer', () => {
    const folders = new Set(sourceFiles(src).map(folderOf));
    expect([...folders].filter((folder) => layerOf(folder) < 0)).toEqual([]);
  });

  it('import only from lower layers', () => {
    const upward = crossFolderImports()
      .filter(({ from, to }) => folderOf(from) !== folderOf(to))
      .filter(({ from, to }) => layerOf(folderOf(to)) >= layerOf(folderOf(from)))
      .map(({ line }) => line);
    expect(upward).toEqual([]);
  });

  it('keep yjs inside sync/ and the store', () => {
    const yjsUsers = sourceFiles(src)
      .filter((file) => /from\s*['"]yjs['"]/.test(readFileSync(file, 'utf8')))
      .map(folderOf);
    expect(new Set(yjsUsers)).toEqual(new Set(['sync', 'store']));
  });
});
