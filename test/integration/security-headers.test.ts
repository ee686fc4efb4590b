/**
 * Every answer carries the security headers: the app page, its files, the API,
 * problems, health and metrics. The policy runs no inline script, connects only to
 * this server and the configured origins, and forbids framing unless configured.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBoardOver } from '../support/clients.js';
import { CLIENT_DIST, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let framed: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    PUBLIC_ORIGIN: 'https://journeys.example.com',
    ALLOWED_ORIGINS: 'http://localhost:5173',
  });
  framed = await startTestServer({ FRAME_ANCESTORS: "'self' https://intranet.example.com" });
});
afterAll(async () => {
  await server.stop();
  await framed.stop();
});

function directives(policy: string | null): Map<string, string[]> {
  return new Map(
    (policy ?? '').split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name as string, values];
    }),
  );
}

describe('security headers', () => {
  it('are on every answer: app, files, API, problems, health, metrics', async () => {
    const board = await createBoardOver(server.url);
    const asset = readdirSync(path.join(CLIENT_DIST, 'assets')).find((f) => f.endsWith('.js'));
    const answers = await Promise.all(
      [
        '/',
        `/b/${board.id}`,
        `/assets/${asset}`,
        '/api/templates',
        `/api/boards/${board.id}`,
        '/api/nothing-here',
        '/healthz',
        '/metrics',
      ].map((p) => fetch(`${server.url}${p}`)),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 401, 404, 200, 200]);
    for (const answer of answers) {
      expect(answer.headers.get('x-content-type-options'), answer.url).toBe('nosniff');
      expect(answer.headers.get('referrer-policy'), answer.url).toBe('no-referrer');
      const policy = directives(answer.headers.get('content-security-policy'));
      expect(policy.get('frame-ancestors'), answer.url).toEqual(["'none'"]);
      expect(policy.get('script-src'), answer.url).toEqual(["'self'"]);
    }
  });

  it('lets the app connect only to itself and the configured origins, over HTTP and WebSocket', async () => {
    const policy = directives((await fetch(server.url)).headers.get('content-security-policy'));
    expect(policy.get('connect-src')).toEqual([
      "'self'",
      'https://journeys.example.com',
      'http://localhost:5173',
      'wss://journeys.example.com',
      'ws://localhost:5173',
    ]);
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });

  it('the built app has no inline script for the policy to block', async () => {
    const page = await (await fetch(server.url)).text();
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body?.trim()).toBe('');
    }
    expect(page).not.toMatch(/<style\b|\son[a-z]+=/i);
  });

  it('FRAME_ANCESTORS configures who may frame the app', async () => {
    const policy = directives((await fetch(framed.url)).headers.get('content-security-policy'));
    expect(policy.get('frame-ancestors')).toEqual(["'self'", 'https://intranet.example.com']);
  });
});
