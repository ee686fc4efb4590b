/**
 * `pnpm tokens`: writes client/src/styles/tokens.css, the design tokens as CSS custom
 * properties, from shared/src/contract/tokens.ts. Run it after changing a token;
 * shared/test/tokens-css.test.ts fails until then.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// From the sources, not the package: the shared build may be missing or stale.
import { tokensCss } from '../../shared/src/contract/tokens-css.js';

const file = fileURLToPath(new URL('../../client/src/styles/tokens.css', import.meta.url));
writeFileSync(file, tokensCss());
console.log(`Wrote ${file}`);
