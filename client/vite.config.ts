import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Bundle the board document from its sources: one yjs copy, no separate build step.
    // The story, evidence and sync-protocols entries first: the shorter name would claim them as paths under index.ts.
    // (sync-protocols alone, for the entry chunk, which must not pull in the whole document: earlyBoard.ts.)
    alias: {
      '@journeyboard/shared/sync-protocols': fileURLToPath(
        new URL('../shared/src/sync-protocols.ts', import.meta.url),
      ),
      '@journeyboard/shared/story': fileURLToPath(new URL('../shared/src/story/index.ts', import.meta.url)),
      '@journeyboard/shared/evidence': fileURLToPath(
        new URL('../shared/src/evidence/index.ts', import.meta.url),
      ),
      '@journeyboard/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
    },
  },
  // The manifest lists each chunk's static and dynamic imports: scripts/first-load.mjs weighs the first load from it.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, manifest: true },
  server: {
    proxy: { '/api': 'http://localhost:8080', '/healthz': 'http://localhost:8080' },
  },
});
