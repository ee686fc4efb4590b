/** The process entry point: `node server/dist/main.js` (the README's run command ends here). */
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './log.js';
import { startServer } from './server.js';

const defaultClientDir = fileURLToPath(new URL('../../client/dist', import.meta.url));

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env, defaultClientDir);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

const log = createLogger(config.logLevel);
const server = await startServer(config, log);
log.info({ url: server.url, dataDir: config.dataDir }, 'Journeyboard is listening');

const stop = (signal: string) => {
  log.info({ signal }, 'draining: flushing every room before exit');
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
