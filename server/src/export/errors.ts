/** An export that cannot be made, with the HTTP status that says why (the CLI prints the message). */
export class ExportError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ExportError';
  }
}
