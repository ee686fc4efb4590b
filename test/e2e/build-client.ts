/**
 * Vitest global setup for e2e: the server serves the built client, so build it when
 * it is missing (or built before the build wrote its manifest, which first-load.test reads).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildClient(): void {
  const clientDir = fileURLToPath(new URL('../../client', import.meta.url));
  const dist = path.join(clientDir, 'dist');
  if (existsSync(path.join(dist, 'index.html')) && existsSync(path.join(dist, '.vite', 'manifest.json')))
    return;
  execFileSync('node', [path.join(clientDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: clientDir,
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build:
    // the tests drive (and first-load.test weighs) the build people get.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
