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

/** An import file that is not a board this version can load; `problems` lists every reason. */
export class BoardImportError extends Error {
  override readonly name = 'BoardImportError';
  constructor(readonly problems: string[]) {
    super(
      `Not a valid Journeyboard board file:\n${problems
        .slice(0, 50)
        .map((p) => `- ${p}`)
        .join('\n')}${problems.length > 50 ? `\n- ...and ${problems.length - 50} more` : ''}`,
    );
  }
}
