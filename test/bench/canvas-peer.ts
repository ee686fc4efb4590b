/**
 * The canvas benchmark's peer: bare React Flow (client/bench-peer/, the app's
 * @xyflow/react and React), built here with the app's Vite, served from a plain
 * HTTP server, and handed the same cards at the same places as the app's layout.
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GRID, layoutState, readBoard } from '@journeyboard/shared';
import type * as Y from 'yjs';

const EMOTIONS = ['Feels −2', 'Feels −1', 'Feels 0', 'Feels +1', 'Feels +2'];

/** The board's current state as React Flow nodes: each card where the app's layout puts it, its text and chips. */
export function peerBoard(doc: Y.Doc): { nodes: unknown[]; edges: unknown[] } {
  const board = readBoard(doc);
  const state = board.states.find((s) => s.kind === 'current')!;
  const layout = layoutState(board, state.id);
  const width = GRID.cardWidth;
  const height = GRID.cardHeight;
  const nodes = layout.cards.map(({ card, x, y }) => ({
    id: card.id,
    type: 'card',
    position: { x, y },
    width,
    height,
    style: { width, height },
    data: {
      text: card.text,
      chips: [
        card.channel,
        card.emotion === null ? '' : EMOTIONS[card.emotion + 2],
        card.friction.severity === null ? '' : `S${card.friction.severity}`,
      ].filter(Boolean),
    },
  }));
  const edges = board.edges
    .filter((e) => e.stateId === state.id)
    .map((e) => ({ id: e.id, source: e.from, target: e.to }));
  return { nodes, edges };
}

/** Builds the peer page and serves it; resolves to its address and a way to stop it. */
export async function servePeer(root: string): Promise<{ url: string; close(): void }> {
  const vite = (await import(
    pathToFileURL(path.join(root, 'client/node_modules/vite/dist/node/index.js')).href
  )) as { build(config: Record<string, unknown>): Promise<unknown> };
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'jb-canvas-peer-'));
  await vite.build({
    configFile: false,
    root: path.join(root, 'client/bench-peer'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const types: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
  };
  const server = createServer((request, response) => {
    const name = path.normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = path.join(outDir, name === '/' ? 'index.html' : name);
    if (!file.startsWith(outDir)) return response.writeHead(404).end();
    try {
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => {
      server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}
