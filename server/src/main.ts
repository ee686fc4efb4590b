/** The process entry point: `node server/dist/main.js` (the README's run command ends here). */
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { startServer } from './server.js';

const defaultClientDir = fileURLToPath(new URL('../../client/dist', import.meta.url));

function log(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields })}\n`);
}

try {
  const config = loadConfig(process.env, defaultClientDir);
  const server = await startServer(config);
  log('info', 'Journeyboard is listening', { url: server.url, dataDir: config.dataDir });
  const stop = (signal: string) => {
    log('info', 'shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log('error', 'shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
