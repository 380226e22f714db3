import { createRoute, z } from '@hono/zod-openapi';
import { can } from '../../core/agents/permissions.ts';
import { notFound } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { TEMPLATE_TAGS } from '../../core/templates/fill.ts';
import { fillTemplate } from '../../core/templates/fill.ts';
import { saveTemplate, templateContext, TEMPLATE_BODY_MAX } from '../../core/templates/service.ts';
import { loadTicketFor } from '../../core/tickets/service.ts';
import { listQueues } from '../../db/repos/queues.ts';
import { findTemplate, listTemplates, templateQueues, templatesOfQueue } from '../../db/repos/templates.ts';
import type { TemplateRow } from '../../db/schema.ts';
import type { Validity as ValidityName } from '../../core/validity.ts';
import { apiRouter, errorResponses, IdParam, json, jsonBody, listOf, PageQuery, Validity } from './base.ts';
import { actor, adminActor } from './guard.ts';

// Templates (OTRS: Admin → Templates, linked to queues). Administrators write them; an agent reads
// the ones of queues they may see, and gets them filled in for a ticket.

export const templatesApi = apiRouter();
const tags = ['Templates'];

const tagList = Object.keys(TEMPLATE_TAGS).map((t) => `\`<${t}>\``).join(', ');

export const TemplateSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    body: z.string().openapi({ description: `The text with variables: ${tagList}.` }),
    comment: z.string().nullable(),
    validity: Validity,
    queueIds: z.array(z.number().int()),
    createdAt: z.string(),
    changedAt: z.string(),
  })
  .openapi('Template');

const TemplateInput = z
  .object({
    name: z.string().max(200).openapi({ description: 'Unique, compared ignoring case.' }),
    body: z.string().max(TEMPLATE_BODY_MAX).openapi({ description: `The text; variables: ${tagList}.` }),
    comment: z.string().max(2000).nullable().optional(),
    validity: Validity.optional(),
    queueIds: z.array(z.number().int().positive()).max(1000).optional().openapi({ description: 'The queues whose reply box offers the template.' }),
  })
  .strict()
  .openapi('TemplateInput');

function present(t: TemplateRow, queueIds: readonly number[]) {
  return { id: t.id, name: t.name, body: t.body, comment: t.comment, validity: t.validity as ValidityName, queueIds: [...queueIds], createdAt: t.created_at, changedAt: t.changed_at };
}

templatesApi.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    request: { query: PageQuery },
    responses: { 200: json(listOf(TemplateSchema, 'TemplateList'), 'All templates for administrators; for agents those linked to a queue they may see.'), ...errorResponses },
  }),
  async (c) => {
    const a = actor(c);
    const db = c.get('deps').db;
    const { limit, offset } = c.req.valid('query');
    const [rows, links, queues] = await Promise.all([listTemplates(db), templateQueues(db), listQueues(db)]);
    const visible = new Set(queues.filter((q) => can(a.access, q.group_id, 'ro')).map((q) => q.id));
    const all = rows.filter((t) => a.admin || (links.get(t.id) ?? []).some((q) => visible.has(q)));
    return c.json({ items: all.slice(offset, offset + limit).map((t) => present(t, links.get(t.id) ?? [])), total: all.length }, 200);
  },
);

templatesApi.openapi(
  createRoute({ method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(TemplateSchema, 'A template.'), ...errorResponses } }),
  async (c) => {
    const a = actor(c);
    const db = c.get('deps').db;
    const { id } = c.req.valid('param');
    const [template, links, queues] = await Promise.all([findTemplate(db, id), templateQueues(db, [id]), listQueues(db)]);
    const visible = new Set(queues.filter((q) => can(a.access, q.group_id, 'ro')).map((q) => q.id));
    if (!template || !(a.admin || (links.get(id) ?? []).some((q) => visible.has(q)))) throw notFound(t('errors.noun.template', { id }));
    return c.json(present(template, links.get(id) ?? []), 200);
  },
);

templatesApi.openapi(
  createRoute({ method: 'post', path: '/', tags, request: jsonBody(TemplateInput), responses: { 201: json(TemplateSchema, 'Created.'), ...errorResponses } }),
  async (c) => {
    const a = adminActor(c);
    const db = c.get('deps').db;
    const saved = await saveTemplate(db, a.id, null, c.req.valid('json'));
    return c.json(present(saved, (await templateQueues(db, [saved.id])).get(saved.id) ?? []), 201);
  },
);

templatesApi.openapi(
  createRoute({ method: 'patch', path: '/{id}', tags, request: { params: IdParam, ...jsonBody(TemplateInput.partial()) }, responses: { 200: json(TemplateSchema, 'Updated.'), ...errorResponses } }),
  async (c) => {
    const a = adminActor(c);
    const db = c.get('deps').db;
    const saved = await saveTemplate(db, a.id, c.req.valid('param').id, c.req.valid('json'));
    return c.json(present(saved, (await templateQueues(db, [saved.id])).get(saved.id) ?? []), 200);
  },
);

/** Mounted under /tickets: the templates of a ticket's queue, filled in for it. */
export const ticketTemplatesApi = apiRouter();

const FilledSchema = z
  .object({ id: z.number().int(), name: z.string(), text: z.string().openapi({ description: 'The text with every variable filled in for this ticket and agent.' }) })
  .openapi('FilledTemplate');

ticketTemplatesApi.openapi(
  createRoute({
    method: 'get',
    path: '/{id}/templates',
    tags,
    request: { params: IdParam },
    responses: { 200: json(listOf(FilledSchema, 'FilledTemplateList'), "The valid templates of the ticket's queue, filled in."), ...errorResponses },
  }),
  async (c) => {
    const a = actor(c);
    const db = c.get('deps').db;
    const { ticket } = await loadTicketFor(db, a, c.req.valid('param').id, 'ro');
    const [rows, ctx] = await Promise.all([templatesOfQueue(db, ticket.queue_id), templateContext(db, ticket, a.id)]);
    const items = rows.map((t) => ({ id: t.id, name: t.name, text: fillTemplate(t.body, ctx) }));
    return c.json({ items, total: items.length }, 200);
  },
);
