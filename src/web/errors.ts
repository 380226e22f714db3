import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, FieldErrors } from '../core/errors.ts';
import { isBadInputError } from '../db/errors.ts';
import type { AppEnv } from './context.ts';
import { t, tIn, type Params } from '../i18n/index.ts';
import { requestLanguage } from './locale.ts';

/** A value the database cannot store as given (checked inputs never get this far). */
export const badInputMessage = (): string => t('api.badInput');

/**
 * A message for this request's reader. Inside the locale middleware that is t(); the refusals made
 * before it (body too large, NUL characters, /metrics) only have the Accept-Language header.
 */
export function tRequest(c: Context<AppEnv>, key: string, params?: Params): string {
  if (c.get('locale')) return t(key, params);
  return tIn(requestLanguage(c), key, params);
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string; fields?: Record<string, string> };
}

/** `field` names the first offending field; `fields`, when given, every one with its message. */
export function errorBody(code: string, message: string, field?: string, fields?: Readonly<Record<string, string>>): ErrorBody {
  const error: ErrorBody['error'] = field === undefined ? { code, message } : { code, message, field };
  if (fields && Object.keys(fields).length) error.fields = { ...fields };
  return { error };
}

function httpMessage(c: Context<AppEnv>, status: number): string {
  if (status === 400) return tRequest(c, 'api.badRequest');
  if (status === 401) return tRequest(c, 'api.unauthorized');
  if (status === 403) return tRequest(c, 'httpError.forbidden');
  if (status === 404) return tRequest(c, 'httpError.notFound');
  if (status === 413) return tRequest(c, 'httpError.tooLarge');
  if (status === 415) return tRequest(c, 'httpError.unsupportedMediaType');
  if (status >= 500) return tRequest(c, 'httpError.server', { status });
  return tRequest(c, 'httpError.refused', { status });
}

/** Maps any thrown error to the API's error shape; unexpected ones are logged and hidden. */
export function toErrorResponse(err: unknown, c: Context<AppEnv>): Response {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.field, err instanceof FieldErrors ? err.fields : undefined), err.status as 400);
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const malformed = status === 400 && /json|body/i.test(err.message);
    // Hono's own texts ("Invalid mounted path", …) are English: the reader gets one by status.
    const message = malformed ? tRequest(c, 'api.malformedJson') : httpMessage(c, status);
    const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 415 ? 'unsupported_media_type' : 'invalid_input';
    return c.json(errorBody(code, message, malformed ? 'body' : undefined), status);
  }
  if (isBadInputError(err)) {
    c.get('deps')?.logger.warn({ err, path: c.req.path }, 'input refused by the database');
    return c.json(errorBody('invalid_input', tRequest(c, 'api.badInput')), 400);
  }
  c.get('deps')?.logger.error({ err, path: c.req.path }, 'unhandled error');
  return c.json(errorBody('internal', tRequest(c, 'api.internal')), 500);
}
