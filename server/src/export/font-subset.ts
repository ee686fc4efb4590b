/**
 * A font cut down to the characters a document uses, as a TrueType file a browser
 * takes in @font-face: HarfBuzz's hb-subset (the harfbuzzjs WebAssembly build, no
 * imports, instantiated once per process), which keeps cmap, names and layout tables
 * (fontkit's subsets have no cmap: they serve PDF glyph ids only).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FALLBACK_FACES, type FallbackFace, familyAttribute } from './fonts.js';

const require = createRequire(import.meta.url);

/** The part of the WebAssembly global used here (this project's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

interface HarfBuzz {
  memory: { buffer: ArrayBuffer };
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;

let harfbuzz: HarfBuzz | undefined;
function harfBuzz(): HarfBuzz {
  if (!harfbuzz) {
    const wasm = new wasmApi.Module(readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
    harfbuzz = new wasmApi.Instance(wasm, {}).exports as HarfBuzz;
    harfbuzz._initialize();
  }
  return harfbuzz;
}

/** Each font file copied into the WebAssembly heap once: [pointer, length]. */
const loaded = new Map<string, [number, number]>();

/** The font in `file` with only the glyphs for `characters` (and what shaping them needs), or null. */
export function subsetFont(file: string, characters: Iterable<string>): Buffer | null {
  const hb = harfBuzz();
  let source = loaded.get(file);
  if (!source) {
    const bytes = readFileSync(file);
    const pointer = hb.malloc(bytes.length);
    new Uint8Array(hb.memory.buffer).set(bytes, pointer);
    source = [pointer, bytes.length];
    loaded.set(file, source);
  }
  const blob = hb.hb_blob_create(source[0], source[1], HB_MEMORY_MODE_READONLY, 0, 0);
  const face = hb.hb_face_create(blob, 0);
  hb.hb_blob_destroy(blob);
  const input = hb.hb_subset_input_create_or_fail();
  const unicodes = hb.hb_subset_input_unicode_set(input);
  for (const char of characters) hb.hb_set_add(unicodes, char.codePointAt(0) ?? 0);
  const subset = hb.hb_subset_or_fail(face, input);
  hb.hb_subset_input_destroy(input);
  hb.hb_face_destroy(face);
  if (!subset) return null;
  const result = hb.hb_face_reference_blob(subset);
  const length = hb.hb_blob_get_length(result);
  // The heap may have grown while subsetting: a fresh view of it.
  const font = length
    ? Buffer.from(new Uint8Array(hb.memory.buffer, hb.hb_blob_get_data(result, 0), length))
    : null;
  hb.hb_blob_destroy(result);
  hb.hb_face_destroy(subset);
  return font;
}

/** The most characters of one face and weight an SVG embeds; a board with more names the face only. */
export const MAX_EMBEDDED_CHARACTERS = 6000;

/**
 * The <style> that embeds, for each face and weight the picture's runs use (fonts.ts),
 * a subset with just their characters, so the SVG shows them on a machine without
 * those fonts; '' when no run needs one.
 */
export function embeddedFonts(svg: string): string {
  const used = new Map<string, { face: FallbackFace; bold: boolean; characters: Set<string> }>();
  const families = Object.keys(FALLBACK_FACES)
    .map((face) => [face, familyAttribute(face as FallbackFace)] as const)
    .filter(([, attribute]) => svg.includes(attribute));
  // A picture all in DejaVu (most boards) is not scanned.
  if (families.length === 0) return '';
  for (const m of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
    const attributes = m[1] ?? '';
    const face = families.find(([, attribute]) => attributes.includes(attribute))?.[0] as
      | FallbackFace
      | undefined;
    if (!face) continue;
    const bold = attributes.includes('font-weight="bold"');
    const key = `${face} ${bold}`;
    const entry = used.get(key) ?? { face, bold, characters: new Set<string>() };
    used.set(key, entry);
    const text = (m[2] ?? '').replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
    for (const char of text) entry.characters.add(char);
  }
  const rules: string[] = [];
  for (const { face, bold, characters } of used.values()) {
    if (characters.size > MAX_EMBEDDED_CHARACTERS) continue;
    const files = FALLBACK_FACES[face];
    const font = subsetFont(bold ? files.bold : files.regular, characters);
    if (!font) continue;
    rules.push(
      `@font-face{font-family:'${files.family}';font-weight:${bold ? 700 : 400};src:url(data:font/ttf;base64,${font.toString('base64')}) format('truetype')}`,
    );
  }
  return rules.length > 0 ? `<style>${rules.join('\n')}</style>` : '';
}
