/** Types for first-load.mjs (a plain Node script, so `pnpm build` runs it without a TypeScript step). */
export interface Weighed {
  files: string[];
  gzipBytes: number;
}
export interface FirstLoad {
  entry: Weighed;
  home: Weighed;
  board: Weighed;
}
export const FIRST_LOAD_BUDGET_BYTES: number;
export function firstLoad(distDir: string): FirstLoad;
export function describeFirstLoad(load: FirstLoad): string;
