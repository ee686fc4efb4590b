/** One real server and one real Chromium per e2e file, started before its tests and stopped after. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { startTestServer, type TestServer } from './server.js';

export interface LiveApp {
  server: TestServer;
  browser: Browser;
}

export function useLiveApp(env: Record<string, string> = {}): LiveApp {
  const live = {} as LiveApp;
  beforeAll(async () => {
    live.server = await startTestServer(env);
    live.browser = await launchChromium();
  });
  afterAll(async () => {
    await live.browser?.close();
    await live.server?.stop();
  });
  return live;
}
