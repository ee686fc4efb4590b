/**
 * Errors are values with codes a caller can act on. A command that rejects its
 * input names the command and the field, e.g. `addCard: friction.severity: ...`.
 */
export type BoardErrorCode = 'invalid_input' | 'not_found' | 'conflict';

export class BoardCommandError extends Error {
  override readonly name = 'BoardCommandError';
  constructor(
    readonly code: BoardErrorCode,
    readonly command: string,
    /** Dotted path of the offending field, or '' when the problem is not one field's. */
    readonly field: string,
    detail: string,
  ) {
    super(`${command}: ${field ? `${field}: ` : ''}${detail}`);
  }
}

/** How many problems an import reports, and how many it counts before it stops looking. */
export const PROBLEM_LIMITS = { reported: 100, counted: 10_000 } as const;

/**
 * An import file that is not a board this version can load: the first
 * PROBLEM_LIMITS.reported problems, how many more were found (`omitted`), and
 * whether checking stopped before the end of the file (`stoppedEarly`).
 */
export class BoardImportError extends Error {
  override readonly name = 'BoardImportError';
  constructor(
    readonly problems: string[],
    readonly omitted = 0,
    readonly stoppedEarly = false,
  ) {
    const more = omitted + problems.length - Math.min(problems.length, 50);
    super(
      `Not a valid Journeyboard board file:\n${problems
        .slice(0, 50)
        .map((p) => `- ${p}`)
        .join('\n')}${more > 0 ? `\n- ...and ${more}${stoppedEarly ? '+' : ''} more` : ''}`,
    );
  }
}

/**
 * Collects an import's problems in bounded memory: the first few are kept as
 * text, later ones only counted, and past the counting limit the check stops
 * (a file of 20,000 empty cards has 140,000 problems; nobody reads them all).
 */
export class ProblemList {
  private readonly kept: string[] = [];
  private found = 0;

  /** Whether the check should stop: enough problems were found to refuse the file. */
  get full(): boolean {
    return this.found >= PROBLEM_LIMITS.counted;
  }

  get count(): number {
    return this.found;
  }

  add(problem: string): void {
    this.found++;
    if (this.kept.length < PROBLEM_LIMITS.reported) this.kept.push(problem);
  }

  error(): BoardImportError {
    return new BoardImportError(this.kept, this.found - this.kept.length, this.full);
  }
}
