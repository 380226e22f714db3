import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context.ts';
import { errorBody } from '../errors.ts';

/** Every resource router: zod failures answer 400 with the first offending field named. */
export function apiRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return;
      const issue = result.error.issues[0];
      const field = issue ? issue.path.map(String).join('.') : undefined;
      const message = issue ? `${field ? `${field}: ` : ''}${issue.message}` : 'Invalid request.';
      return c.json(errorBody('invalid_input', message, field || undefined), 400);
    },
  });
}

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'invalid_input' }),
      message: z.string().openapi({ example: 'Name is required.' }),
      field: z.string().optional().openapi({ example: 'name' }),
    }),
  })
  .openapi('Error');

export const errorResponses = {
  400: { description: 'Invalid input; `field` names the offending field.', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not authenticated.', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not permitted.', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found.', content: { 'application/json': { schema: ErrorSchema } } },
  409: { description: 'Conflict (duplicate name, ticket locked by someone else).', content: { 'application/json': { schema: ErrorSchema } } },
} as const;

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).openapi({ description: 'Page size (1–1000).' }),
  offset: z.coerce.number().int().min(0).default(0),
});

export const IdParam = z.object({
  id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }),
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
