// The one error the API turns into `{ error: { code, message } }` with a status; anything else is a 500.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const outsideWorkspace = (path: string, why: string): ApiError => new ApiError(403, 'outside-workspace', `${JSON.stringify(path)} is outside the workspace: ${why}`);
