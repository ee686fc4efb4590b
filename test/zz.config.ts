import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
export default defineConfig({ resolve: { alias: { '@journeyboard/shared': '/work/main/shared/src/index.ts' } }, test: { root: '/work/main', include: ['test/zz-find.test.ts'], testTimeout: 600000 } });
