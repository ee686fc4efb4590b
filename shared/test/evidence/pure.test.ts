/** The evidence entry runs in the browser (File.stream()) and in the server (a request body): no Node or DOM API. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the evidence module', () => {
  it('uses no Node or DOM API and imports nothing outside itself', () => {
    const dir = fileURLToPath(new URL('../../src/evidence', import.meta.url));
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(6);
    for (const file of files) {
      const source = readFileSync(path.join(dir, file), 'utf8');
      expect(source, file).not.toMatch(
        /from ['"]node:|\bBuffer\b|\bprocess\.|\brequire\(|\bwindow\.|\bdocument\.|\bTextDecoder\b|\bFileReader\b/,
      );
      // Dependency-free: only its own modules.
      for (const [, target] of source.matchAll(/from ['"]([^'"]+)['"]/g))
        expect(target, file).toMatch(/^\.\/[a-z-]+\.js$/);
    }
  });
});
