/** Types for first-load.mjs (a plain Node script, so `pnpm build` runs it without a TypeScript step). */
export interface Weighed {
  files: string[];
  gzipBytes: number;
  /** Gzipped bytes per npm package (`journeyboard`: the project's own code), shared out by source map. */
  byPackage: Record<string, number>;
}
export interface FirstLoad {
  entry: Weighed;
  home: Weighed;
  board: Weighed;
}
export const FIRST_LOAD_BUDGET_BYTES: number;
export const FIXED_STACK: Record<string, RegExp>;
export function firstLoad(distDir: string): FirstLoad;
export function fixedStackOf(load: Pick<Weighed, 'byPackage'>): {
  groups: Record<string, number>;
  gzipBytes: number;
};
export function describeFirstLoad(load: FirstLoad): string;
