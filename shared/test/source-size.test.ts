/**
 * A house rule of the repository: no source file over 600 lines, except template
 * data (the worked examples are long because they are content). A file that grows
 * past it is a file with more than one responsibility: split it (ARCHITECTURE.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const MAX_LINES = 600;
const SOURCE = /\.(ts|tsx|mjs|css)$/;
const SKIPPED = new Set(['node_modules', 'dist', '.artifacts']);
const TEMPLATE_DATA = path.join('shared', 'src', 'templates');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

describe('source files', () => {
  it(`are at most ${MAX_LINES} lines, template data aside`, () => {
    const files = ['shared', 'server', 'client', 'test'].flatMap((dir) => sources(path.join(root, dir)));
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((file) => ({
        file: path.relative(root, file),
        lines: readFileSync(file, 'utf8').split('\n').length,
      }))
      .filter(({ file, lines }) => lines > MAX_LINES && !file.startsWith(TEMPLATE_DATA));
    expect(long).toEqual([]);
  });
});
