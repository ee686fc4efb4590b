/**
 * The problems of an evidence file, kept bounded: a file with a million bad rows lists
 * the first few (with their rows, so they can be found and fixed) and counts the rest.
 */
import type { CsvProblem } from './csv.js';

export const MAX_PROBLEMS = 10;

export interface ProblemLog {
  add(row: number, message: string): void;
  readonly problems: CsvProblem[];
  /** How many problems were found beyond the ones kept. */
  readonly more: number;
  readonly count: number;
}

export function createProblemLog(max: number = MAX_PROBLEMS): ProblemLog {
  const problems: CsvProblem[] = [];
  let count = 0;
  return {
    add(row, message) {
      count += 1;
      if (problems.length < max) problems.push({ row, message });
    },
    get problems() {
      return problems;
    },
    get more() {
      return count - problems.length;
    },
    get count() {
      return count;
    },
  };
}

/** 1234 -> '1,234': counts in messages are read by people. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** The lines to show: 'row 12: …' for each kept problem, then 'and 1,234 more' when some were left out. */
export function describeProblems(problems: readonly CsvProblem[], more = 0): string[] {
  const lines = problems.map(({ row, message }) =>
    row > 0 ? `row ${formatCount(row)}: ${message}` : message,
  );
  if (more > 0) lines.push(`and ${formatCount(more)} more`);
  return lines;
}
