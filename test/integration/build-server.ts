/** Vitest global setup: crash tests run the built server as a process, so bring its build up to date (incremental). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildServer(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '-b', 'shared', 'server'], { cwd: root, stdio: 'inherit' });
}
