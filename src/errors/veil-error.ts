/**
 * The base of Veil's small typed set of errors. Each subclass lives in its own file in this
 * folder and carries a stable `code` callers can branch on. Messages name where the problem is
 * (file, line, record, field path) and never carry a record's value, a key or a token.
 */
export class VeilError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
