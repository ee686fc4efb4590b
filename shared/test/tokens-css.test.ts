/**
 * The app's stylesheet and the design tokens agree: client/src/styles/tokens.css is
 * what `pnpm tokens` writes from shared/src/contract/tokens.ts, and the feature
 * stylesheets take every colour from it rather than writing their own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tokenProperties, tokensCss } from '../src/index.js';

const clientSrc = fileURLToPath(new URL('../../client/src/', import.meta.url));
const TOKENS_CSS = 'styles/tokens.css';

/** Every stylesheet under client/src but tokens.css, by its path there, with its text. */
function featureStylesheets(): Array<[string, string]> {
  return readdirSync(clientSrc, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.css'))
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => file !== TOKENS_CSS)
    .sort()
    .map((file) => [file, readFileSync(path.join(clientSrc, file), 'utf8')]);
}

const withoutComments = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '');

describe('the design tokens as CSS', () => {
  it('tokens.css is what `pnpm tokens` writes from the tokens', () => {
    const committed = readFileSync(path.join(clientSrc, TOKENS_CSS), 'utf8');
    // On failure: run `pnpm tokens` and commit client/src/styles/tokens.css.
    expect(committed).toBe(tokensCss());
  });

  it('gives every token a name of its own', () => {
    const names = tokenProperties().map(([name]) => name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('leaves colours to the tokens: no stylesheet beside them writes one of its own', () => {
    const literal =
      /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(|(?<![\w-])(?:white|black)(?![\w-])/gi;
    const found = featureStylesheets().flatMap(([file, css]) =>
      (withoutComments(css).match(literal) ?? []).map((colour) => `${file}: ${colour}`),
    );
    expect(found).toEqual([]);
  });

  it('reads only custom properties that a token or a stylesheet defines', () => {
    const sheets = featureStylesheets();
    const defined = new Set(tokenProperties().map(([name]) => name));
    for (const [, css] of sheets) {
      for (const [, name] of withoutComments(css).matchAll(/(--[\w-]+)\s*:/g)) defined.add(name as string);
    }
    // Set by the app on the element itself: a person's colour on the card they have selected,
    // and the canvas zoom on a header's tools (so they keep a 24 px target at any zoom).
    defined.add('--peer-color');
    defined.add('--zoom');
    const unknown = sheets.flatMap(([file, css]) =>
      [...withoutComments(css).matchAll(/var\(\s*(--[\w-]+)/g)]
        .map(([, name]) => name as string)
        .filter((name) => !defined.has(name))
        .map((name) => `${file}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });
});
