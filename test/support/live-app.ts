/** One real server and one real Chromium per e2e file, started before its tests and stopped after. */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium, screenshotPath } from './browser.js';
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
  // A failed attempt (its reason is logged by failed-attempts.ts) leaves a picture of every
  // page it had open, and closes them, so a retry starts on a quiet machine.
  afterEach(async ({ task }) => {
    if (task.result?.state !== 'fail' || !live.browser) return;
    const slug = task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
    let n = 0;
    for (const context of live.browser.contexts()) {
      for (const page of context.pages())
        await page.screenshot({ path: screenshotPath(`failed-${slug}-${++n}`) }).catch(() => {});
      await context.close().catch(() => {});
    }
  });
  afterAll(async () => {
    await live.browser?.close();
    await live.server?.stop();
  });
  return live;
}
