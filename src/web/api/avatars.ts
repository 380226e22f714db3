import { createRoute, z } from '@hono/zod-openapi';
import { avatarFile } from '../../attachments/serve.ts';
import { apiRouter, errorResponses, IdParam } from './base.ts';

export const avatarsApi = apiRouter();

avatarsApi.openapi(
  createRoute({
    method: 'get',
    path: '/{id}',
    tags: ['Customers'],
    request: { params: IdParam, query: z.object({ v: z.string().max(64).optional() }).strict() },
    responses: {
      200: {
        description:
          "A customer identity's picture, from Parley's own storage (downloaded once from the network's media host). 404 while none is stored: pages show initials then.",
        content: { 'image/*': { schema: z.string().openapi({ format: 'binary' }) } },
      },
      ...errorResponses,
    },
  }),
  async (c) => avatarFile(c.get('deps'), c.req.valid('param').id) as never,
);
