/** The HTTP surface: health, the template list, and the built client with history-API fallback. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { listTemplates } from '@journeyboard/shared';
import express, { type Express } from 'express';
import type { ServerConfig } from '../config.js';

export function createApp(config: ServerConfig): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/api/templates', (_req, res) => {
    res.json(listTemplates());
  });

  app.use('/api', (_req, res) => {
    res
      .status(404)
      .type('application/problem+json')
      .json({ type: 'about:blank', title: 'Not found', status: 404 });
  });

  const clientDir = config.clientDir;
  if (clientDir && existsSync(path.join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    app.get('/{*path}', (_req, res) => {
      res.sendFile(path.join(clientDir, 'index.html'));
    });
  }
  return app;
}
