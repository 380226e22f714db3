// Errors a user can cause, with stable codes. The web layer maps them to HTTP; the CLI prints them.

export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'unavailable';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.field = field;
  }
  get status(): number {
    return STATUS[this.code];
  }
}

export const invalid = (field: string, message: string): AppError => new AppError('invalid_input', message, field);
export const notFound = (what: string, field?: string): AppError => new AppError('not_found', `${what} was not found.`, field);
export const forbidden = (message: string, field?: string): AppError => new AppError('forbidden', message, field);
export const conflict = (field: string, message: string): AppError => new AppError('conflict', message, field);
