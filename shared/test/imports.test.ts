/** Shared's modules import each other without circles: each can be read (and loaded) on its own. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
const IMPORT = /from\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? modules(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Each module's relative imports, as paths under shared/src. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of modules(src)) {
    const imports = [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((match) =>
      path.relative(src, path.resolve(path.dirname(file), `${match[1]}.ts`)),
    );
    graph.set(path.relative(src, file), imports);
  }
  return graph;
}

/** Every circle, written from its smallest module name so each is listed once. */
function circles(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const walk = (module: string, trail: string[]) => {
    const at = trail.indexOf(module);
    if (at >= 0) {
      const loop = trail.slice(at);
      const start = loop.indexOf([...loop].sort()[0] as string);
      const rotated = [...loop.slice(start), ...loop.slice(0, start)];
      found.add([...rotated, rotated[0]].join(' -> '));
      return;
    }
    for (const next of graph.get(module) ?? []) walk(next, [...trail, module]);
  };
  for (const module of graph.keys()) walk(module, []);
  return [...found];
}

describe('shared modules', () => {
  it('import each other without circles', () => {
    expect(circles(importGraph())).toEqual([]);
  });
});
