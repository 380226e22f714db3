import { createRoute } from '@hono/zod-openapi';
import { saveAgent } from '../../core/agents/service.ts';
import { notFound } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { findAgent, listAgents, listMemberships } from '../../db/repos/agents.ts';
import { clearBasicCache } from '../auth/middleware.ts';
import { apiRouter, errorResponses, IdParam, json, jsonBody, listOf, PageQuery } from './base.ts';
import { actor, adminActor } from './guard.ts';
import { presentAgent } from './present.ts';
import { AgentInput, AgentSchema } from './schemas.ts';

export const agentsApi = apiRouter();
const tags = ['Agents'];

agentsApi.openapi(
  createRoute({ method: 'get', path: '/', tags, request: { query: PageQuery }, responses: { 200: json(listOf(AgentSchema, 'AgentList'), 'All agents with their group memberships.'), ...errorResponses } }),
  async (c) => {
    actor(c);
    const { limit, offset } = c.req.valid('query');
    const db = c.get('deps').db;
    const all = await listAgents(db);
    const page = all.slice(offset, offset + limit);
    const memberships = await listMemberships(db, page.map((a) => a.id));
    return c.json({ items: page.map((a) => presentAgent(a, memberships)), total: all.length }, 200);
  },
);

agentsApi.openapi(
  createRoute({ method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(AgentSchema, 'An agent.'), ...errorResponses } }),
  async (c) => {
    actor(c);
    const { id } = c.req.valid('param');
    const db = c.get('deps').db;
    const agent = await findAgent(db, id);
    if (!agent) throw notFound(t('errors.noun.agent', { id }));
    return c.json(presentAgent(agent, await listMemberships(db, [id])), 200);
  },
);

agentsApi.openapi(
  createRoute({ method: 'post', path: '/', tags, request: jsonBody(AgentInput), responses: { 201: json(AgentSchema, 'Created.'), ...errorResponses } }),
  async (c) => {
    const a = adminActor(c);
    const db = c.get('deps').db;
    const agent = await saveAgent(db, a.id, null, c.req.valid('json'));
    return c.json(presentAgent(agent, await listMemberships(db, [agent.id])), 201);
  },
);

agentsApi.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    request: { params: IdParam, ...jsonBody(AgentInput.partial()) },
    responses: { 200: json(AgentSchema, 'Updated; `groups`, when given, replaces all memberships.'), ...errorResponses },
  }),
  async (c) => {
    const a = adminActor(c);
    const db = c.get('deps').db;
    const agent = await saveAgent(db, a.id, c.req.valid('param').id, c.req.valid('json'));
    clearBasicCache();
    return c.json(presentAgent(agent, await listMemberships(db, [agent.id])), 200);
  },
);
