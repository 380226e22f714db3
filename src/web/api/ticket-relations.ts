import { createRoute, z } from '@hono/zod-openapi';
import { BULK_MAX, bulkUpdate } from '../../core/tickets/bulk.ts';
import { linkTicket, mergeTicket, splitTicket } from '../../core/tickets/merge.ts';
import { LINK_TYPES } from '../../core/tickets/relations.ts';
import { apiRouter, errorResponses, IdParam, json, jsonBody } from './base.ts';
import { actor } from './guard.ts';
import { presentTicket } from './present.ts';
import { StateName, TicketSchema } from './schemas.ts';

// Merge, split, link and bulk changes (mounted under /tickets). The routes only validate and
// present: permissions, locks and ACLs are checked by the services the zoom and queue view use too.

export const ticketRelationsApi = apiRouter();
const tags = ['Tickets'];

const MergeInput = z.object({ targetTicketId: z.number().int().positive().openapi({ description: 'The ticket that lives on.' }) }).strict().openapi('MergeInput');

ticketRelationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/merge',
    tags,
    request: { params: IdParam, ...jsonBody(MergeInput) },
    responses: {
      200: json(TicketSchema, 'The target ticket. The merged one is now in state "merged"; its messages and later follow-ups are in the target.'),
      ...errorResponses,
    },
  }),
  async (c) => {
    const target = await mergeTicket(c.get('deps').db, actor(c), c.req.valid('param').id, c.req.valid('json').targetTicketId);
    return c.json(presentTicket(target), 200);
  },
);

const SplitParams = z.object({
  id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }),
  articleId: z.coerce.number().int().positive().openapi({ param: { name: 'articleId', in: 'path' } }),
});

ticketRelationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/articles/{articleId}/split',
    tags,
    request: { params: SplitParams },
    responses: { 201: json(TicketSchema, 'The new ticket, holding the article and every later one; linked to the old one as its child.'), ...errorResponses },
  }),
  async (c) => {
    const { id, articleId } = c.req.valid('param');
    return c.json(presentTicket(await splitTicket(c.get('deps').db, actor(c), id, articleId)), 201);
  },
);

const LinkInput = z
  .object({
    targetTicketId: z.number().int().positive(),
    type: z.enum(LINK_TYPES).default('Normal').openapi({ description: 'OTRS link types: Normal, or ParentChild (this ticket is the parent).' }),
  })
  .strict()
  .openapi('LinkInput');

const LinkSchema = z.object({ sourceTicketId: z.number().int(), targetTicketId: z.number().int(), type: z.enum(LINK_TYPES) }).openapi('TicketLink');

ticketRelationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/links',
    tags,
    request: { params: IdParam, ...jsonBody(LinkInput) },
    responses: { 201: json(LinkSchema, 'Linked.'), ...errorResponses },
  }),
  async (c) => {
    const { source, target, type } = await linkTicket(c.get('deps').db, actor(c), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ sourceTicketId: source.id, targetTicketId: target.id, type }, 201);
  },
);

const BulkInput = z
  .object({
    ticketIds: z.array(z.number().int().positive()).min(1).max(BULK_MAX).openapi({ description: `1 to ${BULK_MAX} ticket ids.` }),
    lock: z.enum(['lock', 'unlock']).optional(),
    ownerId: z.number().int().positive().optional(),
    state: StateName.optional(),
    pendingUntil: z.string().max(40).nullable().optional().openapi({ description: 'Required with a pending state.' }),
    queueId: z.number().int().positive().optional(),
    priority: z.number().int().min(1).max(5).optional(),
    note: z.string().max(10_000).optional().openapi({ description: 'An internal note added to every ticket.' }),
  })
  .strict()
  .openapi('BulkInput');

const BulkResultSchema = z
  .object({
    ticketId: z.number().int(),
    ok: z.boolean(),
    ticket: TicketSchema.optional().openapi({ description: 'The ticket after the change, when it was done.' }),
    error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }).optional().openapi({ description: 'Why this ticket was refused; nothing of it changed.' }),
  })
  .openapi('BulkResult');

ticketRelationsApi.openapi(
  createRoute({
    method: 'post',
    path: '/bulk',
    tags,
    request: jsonBody(BulkInput),
    responses: {
      200: json(z.object({ items: z.array(BulkResultSchema), done: z.number().int(), refused: z.number().int() }).openapi('BulkAnswer'), 'One result per ticket; each ticket is changed in its own transaction.'),
      ...errorResponses,
    },
  }),
  async (c) => {
    const results = await bulkUpdate(c.get('deps').db, actor(c), c.req.valid('json'), undefined, c.get('deps').config.requiredLock);
    const items = results.map((r) => (r.ok ? { ticketId: r.ticketId, ok: true, ticket: presentTicket(r.ticket) } : { ticketId: r.ticketId, ok: false, error: r.error }));
    return c.json({ items, done: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length }, 200);
  },
);
