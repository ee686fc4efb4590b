/**
 * One Vitest run over every package. The unit projects test the packages from their
 * TypeScript sources (the alias), so they need no build. The projects that run real
 * servers (integration, e2e, load) build shared and server first (their global setup,
 * `tsc -b`, incremental) and import the build as Node loads it: Vitest transforming
 * the server's sources anew in every file cost about 2 s a file, a minute and a half
 * of each CI run. The e2e project also builds the app it drives in Chromium. The load
 * project holds the tests that time an honest room under attack (see .ci/check).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
// The story, evidence and sync-protocols entries first: the shorter name would claim them as paths under index.ts.
const alias = {
  '@journeyboard/shared/story': fileURLToPath(new URL('../shared/src/story/index.ts', import.meta.url)),
  '@journeyboard/shared/evidence': fileURLToPath(new URL('../shared/src/evidence/index.ts', import.meta.url)),
  '@journeyboard/shared/sync-protocols': fileURLToPath(
    new URL('../shared/src/sync-protocols.ts', import.meta.url),
  ),
  '@journeyboard/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
  '@journeyboard/server': fileURLToPath(new URL('../server/src/index.ts', import.meta.url)),
};
/** For the projects that run the build: the workspace links resolve to it, and Node loads it untransformed. */
const builtPackages = { deps: { external: [/\/(server|shared)\/dist\//] } };

export default defineConfig({
  test: {
    root,
    // Two test files at a time. Vitest's default on two cores is one (the cores less one),
    // but most files wait on servers, sockets, browsers and timers more than they compute:
    // two at a time took the unit, integration and e2e projects from about 18 minutes to
    // about 7 on this machine. The bounds that time anything live in the load project,
    // which .ci/check runs on its own, one file at a time.
    maxWorkers: 2,
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'shared',
          root,
          include: ['shared/test/**/*.test.ts'],
          environment: 'node',
          // Property tests are CPU-bound: on two shared cores they can take several times their quiet time.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'server',
          root,
          include: ['server/test/**/*.test.ts'],
          environment: 'node',
          // Property tests are CPU-bound: on two shared cores they can take several times their quiet time.
          testTimeout: 30_000,
        },
      },
      {
        // The app without a browser: the store, the actions and in-memory docs (client/test/driver.ts).
        resolve: { alias },
        test: {
          name: 'client',
          root,
          include: ['client/test/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          server: builtPackages,
          root,
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/build-server.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Real servers, kill loops and fail-overs on two shared cores: one more run before a
          // wait that ran out counts, the first attempt's reason logged ("[retry] …").
          retry: 1,
          setupFiles: ['test/support/failed-attempts.ts'],
        },
      },
      {
        // Latency under attack: each file measures an honest room beside a hostile load, so
        // .ci/check runs them after everything else, one file at a time, on a quiet machine.
        test: {
          name: 'load',
          server: builtPackages,
          root,
          include: ['test/load/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/integration/build-server.ts'],
          testTimeout: 180_000,
          hookTimeout: 60_000,
          // Their bounds are in milliseconds on two shared cores: one more run before a
          // breach counts, and the reporter marks a test that needed it ("retry x1").
          retry: 1,
          setupFiles: ['test/support/failed-attempts.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          server: builtPackages,
          root,
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // The server runs in-process from its sources, but its export workers run the build.
          globalSetup: ['test/integration/build-server.ts', 'test/e2e/build-client.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Three browsers and the server on two cores: a test that timed out waiting gets one
          // more run, the first attempt's reason logged ("[retry] …") and its pages pictured.
          retry: 1,
          setupFiles: ['test/support/failed-attempts.ts'],
        },
      },
    ],
  },
});
