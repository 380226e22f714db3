import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context.ts';
import { aclsApi } from './acls.ts';
import { attachmentsApi, multipartArticle } from './attachments.ts';
import { avatarsApi } from './avatars.ts';
import { agentsApi } from './agents.ts';
import { customersApi } from './customers.ts';
import { apiRouter } from './base.ts';
import { groupsApi } from './groups.ts';
import { queuesApi } from './queues.ts';
import { socialProfilesApi } from './social-profiles.ts';
import { ticketsApi } from './tickets.ts';
import { meApi } from './me.ts';
import { notificationsApi } from './notifications.ts';
import { templatesApi, ticketTemplatesApi } from './templates.ts';
import { ticketRelationsApi } from './ticket-relations.ts';

/** The REST API under /api/v1; its OpenAPI document is generated from the same zod schemas. */
export function createApi(): OpenAPIHono<AppEnv> {
  const api = apiRouter();
  api.openAPIRegistry.registerComponent('securitySchemes', 'basic', { type: 'http', scheme: 'basic', description: "An agent's login and password." });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'A token from `parley token create --user LOGIN`.' });
  api.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'parley_session',
    description: 'The browser session; unsafe methods also need the X-CSRF-Token header.',
  });
  api.route('/groups', groupsApi);
  api.route('/agents', agentsApi);
  api.route('/queues', queuesApi);
  api.post('/tickets/:id/articles', multipartArticle);
  api.route('/tickets', ticketsApi);
  api.route('/attachments', attachmentsApi);
  api.route('/avatars', avatarsApi);
  api.route('/customers', customersApi);
  api.route('/social-media-profiles', socialProfilesApi);
  api.route('/acls', aclsApi);
  api.route('/me', meApi);
  api.route('/notifications', notificationsApi);
  api.route('/templates', templatesApi);
  api.route('/tickets', ticketTemplatesApi);
  api.route('/tickets', ticketRelationsApi);
  return api;
}

export function openApiDocument(api: OpenAPIHono<AppEnv>) {
  return api.getOpenAPIDocument({
    openapi: '3.0.3',
    info: {
      title: 'Parley REST API',
      version: '1',
      description:
        'Helpdesk with social media profiles. Lists answer `{ items, total }` and take `limit`/`offset`. Errors answer `{ error: { code, message, field? } }`. Nothing is ever deleted: set `validity` instead (DELETE answers 405).',
    },
    servers: [{ url: '/api/v1' }],
    security: [{ basic: [] }, { bearer: [] }, { session: [] }],
  });
}
