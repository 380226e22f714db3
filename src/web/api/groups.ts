import { createRoute } from '@hono/zod-openapi';
import { saveGroup } from '../../core/agents/service.ts';
import { notFound } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { findGroup, listGroups } from '../../db/repos/groups.ts';
import { apiRouter, errorResponses, IdParam, json, jsonBody, listOf, PageQuery } from './base.ts';
import { actor, adminActor } from './guard.ts';
import { presentGroup } from './present.ts';
import { GroupInput, GroupSchema } from './schemas.ts';

export const groupsApi = apiRouter();
const tags = ['Groups'];

groupsApi.openapi(
  createRoute({ method: 'get', path: '/', tags, request: { query: PageQuery }, responses: { 200: json(listOf(GroupSchema, 'GroupList'), 'All groups.'), ...errorResponses } }),
  async (c) => {
    actor(c);
    const { limit, offset } = c.req.valid('query');
    const all = await listGroups(c.get('deps').db);
    return c.json({ items: all.slice(offset, offset + limit).map(presentGroup), total: all.length }, 200);
  },
);

groupsApi.openapi(
  createRoute({ method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(GroupSchema, 'A group.'), ...errorResponses } }),
  async (c) => {
    actor(c);
    const { id } = c.req.valid('param');
    const group = await findGroup(c.get('deps').db, id);
    if (!group) throw notFound(t('errors.noun.group', { id }));
    return c.json(presentGroup(group), 200);
  },
);

groupsApi.openapi(
  createRoute({ method: 'post', path: '/', tags, request: jsonBody(GroupInput), responses: { 201: json(GroupSchema, 'Created.'), ...errorResponses } }),
  async (c) => {
    const a = adminActor(c);
    const group = await saveGroup(c.get('deps').db, a.id, null, c.req.valid('json'));
    return c.json(presentGroup(group), 201);
  },
);

groupsApi.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    request: { params: IdParam, ...jsonBody(GroupInput.partial()) },
    responses: { 200: json(GroupSchema, 'Updated.'), ...errorResponses },
  }),
  async (c) => {
    const a = adminActor(c);
    const group = await saveGroup(c.get('deps').db, a.id, c.req.valid('param').id, c.req.valid('json'));
    return c.json(presentGroup(group), 200);
  },
);

