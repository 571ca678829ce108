// Broken invariants and bad artefacts (a corrupt saved graph) throw a `VerdictError` with a stable
// code; mistakes in user text never do (they are Diagnostics or per-record `error` results).

export class VerdictError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'VerdictError';
    this.code = code;
  }
}
