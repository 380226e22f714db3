import { t } from '../i18n/index.ts';

// Errors a user can cause, with stable codes. The web layer maps them to HTTP; the CLI prints them.
// The code and the field are contracts; the message is for people and is translated when the error
// is made (t() reads the language of the current request or CLI run).

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
/** `what` is a translated noun phrase, e.g. t('errors.noun.ticket', { id }) → "Ticket 5 was not found." */
export const notFound = (what: string, field?: string): AppError => new AppError('not_found', t('errors.notFound', { what }), field);
export const forbidden = (message: string, field?: string): AppError => new AppError('forbidden', message, field);
export const conflict = (field: string, message: string): AppError => new AppError('conflict', message, field);

/**
 * Several fields wrong at once: forms show every message beside its field; the API names the first
 * in `field` and all of them in `fields`.
 */
export class FieldErrors extends AppError {
  readonly fields: Readonly<Record<string, string>>;
  constructor(fields: Record<string, string>) {
    const [first] = Object.entries(fields);
    super('invalid_input', first ? first[1] : t('errors.invalidInput'), first?.[0]);
    this.fields = fields;
  }
}

/** Collects field errors; `check` runs a validation and keeps its message instead of throwing. */
export class ErrorCollector {
  readonly fields: Record<string, string> = {};
  check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid_input' && e.field && !(e.field in this.fields)) {
        this.fields[e.field] = e.message;
        return undefined;
      }
      throw e;
    }
  }
  add(field: string, message: string): void {
    if (!(field in this.fields)) this.fields[field] = message;
  }
  throwIfAny(): void {
    if (Object.keys(this.fields).length) throw new FieldErrors(this.fields);
  }
}
