import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context.ts';
import { MAX_ID } from '../../core/ids.ts';
import { errorBody } from '../errors.ts';
import { t } from '../../i18n/index.ts';
import './zod-locale.ts';

/** The field an issue names: for an unknown key, the key itself under its object's path. */
const keyOf = (i: z.core.$ZodIssue): string =>
  i.code === 'unrecognized_keys' ? [...i.path.map(String), String(i.keys[0])].join('.') : i.path.map(String).join('.');

/** The issue's message; an unknown key in the reader's language. */
const textOf = (i: z.core.$ZodIssue): string => (i.code === 'unrecognized_keys' ? t('api.unknownField', { key: keyOf(i) }) : i.message);

/** Every resource router: zod failures answer 400 with the first offending field named in `field`, all in `fields`. */
export function apiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      // Bodies are strict: a misspelt field must not pass as "saved".
      if (issue?.code === 'unrecognized_keys') {
        const key = keyOf(issue);
        return c.json(errorBody('invalid_input', textOf(issue), key), 400);
      }
      const field = issue ? issue.path.map(String).join('.') : undefined;
      const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : t('api.invalidRequest');
      // Every offending field at once (the first issue of each), as the services' FieldErrors answer.
      const fields: Record<string, string> = {};
      for (const i of result.error.issues) {
        const key = keyOf(i);
        if (key && !(key in fields)) fields[key] = textOf(i);
      }
      return c.json(errorBody('invalid_input', message, field || undefined, fields), 400);
    },
  });
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_input' }),
      message: z.string().openapi({ example: 'Name is required.' }),
      field: z.string().optional().openapi({ example: 'name' }),
      fields: z
        .record(z.string(), z.string())
        .optional()
        .openapi({ description: 'Every offending field with its message, when the input was checked as a whole; `field` is the first of them.', example: { name: 'Name is required.', groupId: 'Group is required.' } }),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Invalid input; `field` names the (first) offending field, `fields` all of them with their messages.', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not authenticated.', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not permitted.', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found.', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflict (duplicate name, ticket locked by someone else).', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

/** An id in a JSON body: an integer from 1 to 2³¹−1 (the databases' integer). */
export const Id = z
  .number()
  .int({ error: () => t('validation.id.integer') })
  .positive({ error: () => t('validation.id.positive') })
  .max(MAX_ID, { error: () => t('validation.id.max', { max: MAX_ID }) });

/** A count or offset in a path or query: decimal digits only ("0x1" and "1.5" are refused). */
export const CountText = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,9})$/, { error: () => t('validation.id.digits') })
  .transform(Number)
  .refine((n) => n <= MAX_ID, { error: () => t('validation.id.atMost', { max: MAX_ID }) });

/** An id in a path or query: decimal digits only, 1 to 2³¹−1. */
export const IdText = CountText.refine((n) => n > 0, { error: () => t('validation.id.positive') });

export const PageQuery = z.object({
  limit: CountText.pipe(z.number().int().min(1).max(1000)).default(100).openapi({ type: 'integer', description: 'Page size (1–1000).' }),
  offset: CountText.default(0).openapi({ type: 'integer' }),
});

export const IdParam = z.object({
  id: IdText.openapi({ type: 'integer', param: { name: 'id', in: 'path' }, example: 1 }),
});

export const Validity = z.enum(['valid', 'invalid', 'invalid-temporarily']).openapi('Validity');

export function listOf<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ items: z.array(item), total: z.number().int() }).openapi(name);
}

export function json<T extends z.ZodTypeAny>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export function jsonBody<T extends z.ZodTypeAny>(schema: T) {
  return { body: { required: true, content: { 'application/json': { schema } } } };
}
