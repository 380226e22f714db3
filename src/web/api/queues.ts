import { createRoute } from '@hono/zod-openapi';
import { can } from '../../core/agents/permissions.ts';
import { notFound } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { saveQueue } from '../../core/queues/service.ts';
import { findQueue, listQueues } from '../../db/repos/queues.ts';
import { apiRouter, errorResponses, IdParam, json, jsonBody, listOf, PageQuery } from './base.ts';
import { actor, adminActor } from './guard.ts';
import { presentQueue } from './present.ts';
import { QueueInput, QueueSchema } from './schemas.ts';

export const queuesApi = apiRouter();
const tags = ['Queues'];

queuesApi.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    request: { query: PageQuery },
    responses: { 200: json(listOf(QueueSchema, 'QueueList'), 'Queues the agent may see (all of them for administrators).'), ...errorResponses },
  }),
  async (c) => {
    const a = actor(c);
    const { limit, offset } = c.req.valid('query');
    const all = (await listQueues(c.get('deps').db)).filter((q) => a.admin || can(a.access, q.group_id, 'ro'));
    return c.json({ items: all.slice(offset, offset + limit).map(presentQueue), total: all.length }, 200);
  },
);

queuesApi.openapi(
  createRoute({ method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(QueueSchema, 'A queue.'), ...errorResponses } }),
  async (c) => {
    const a = actor(c);
    const { id } = c.req.valid('param');
    const queue = await findQueue(c.get('deps').db, id);
    if (!queue || !(a.admin || can(a.access, queue.group_id, 'ro'))) throw notFound(t('errors.noun.queue', { id }));
    return c.json(presentQueue(queue), 200);
  },
);

queuesApi.openapi(
  createRoute({ method: 'post', path: '/', tags, request: jsonBody(QueueInput), responses: { 201: json(QueueSchema, 'Created.'), ...errorResponses } }),
  async (c) => {
    const a = adminActor(c);
    return c.json(presentQueue(await saveQueue(c.get('deps').db, a.id, null, c.req.valid('json'))), 201);
  },
);

queuesApi.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    request: { params: IdParam, ...jsonBody(QueueInput.partial()) },
    responses: { 200: json(QueueSchema, 'Updated.'), ...errorResponses },
  }),
  async (c) => {
    const a = adminActor(c);
    return c.json(presentQueue(await saveQueue(c.get('deps').db, a.id, c.req.valid('param').id, c.req.valid('json'))), 200);
  },
);
