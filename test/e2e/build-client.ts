/** Vitest global setup for e2e: the server serves the built client, so build it when it is missing. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function buildClient(): void {
  const clientDir = fileURLToPath(new URL('../../client', import.meta.url));
  if (existsSync(path.join(clientDir, 'dist', 'index.html'))) return;
  execFileSync('node', [path.join(clientDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: clientDir,
    stdio: 'inherit',
  });
}
