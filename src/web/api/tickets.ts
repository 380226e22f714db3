import { createRoute, z } from '@hono/zod-openapi';
import { invalid, notFound } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { startSocialTicket } from '../../outbox/new-ticket.ts';
import { retryDelivery } from '../../outbox/retry.ts';
import { parsePriority } from '../../core/tickets/priorities.ts';
import { addNote, createTicket, loadTicketFor, updateTicket } from '../../core/tickets/service.ts';
import { queuesWith } from '../../core/tickets/visibility.ts';
import { assertQueueAccess } from '../../core/tickets/access.ts';
import { countArticles, listArticles } from '../../db/repos/articles.ts';
import { findQueue } from '../../db/repos/queues.ts';
import { countTickets, listHistory, listTickets, TICKET_SORTS } from '../../db/repos/tickets.ts';
import { inTransaction } from '../../db/tx.ts';
import { queueReply } from '../../outbox/reply.ts';
import { ARTICLE_BODY_MAX } from '../../core/limits.ts';
import { apiRouter, errorResponses, Id, IdParam, IdText, json, jsonBody, listOf, PageQuery } from './base.ts';
import { actor } from './guard.ts';
import { presentArticlesWithAttachments } from './attachments.ts';
import { presentArticle, presentTicket } from './present.ts';
import { ArticleSchema, StateName, StateTypeName, TicketCreateInput, TicketPatchInput, TicketSchema } from './schemas.ts';

export const ticketsApi = apiRouter();
const tags = ['Tickets'];

const csv = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .optional();

const TicketQuery = PageQuery.extend({
  queueId: IdText.optional().openapi({ type: 'integer' }),
  state: csv.pipe(z.array(StateName).optional()).openapi({ description: 'One or more state names, comma-separated.' }),
  stateType: csv.pipe(z.array(StateTypeName).optional()).openapi({ description: 'One or more state types, comma-separated.' }),
  lock: z.enum(['lock', 'unlock']).optional(),
  ownerId: IdText.optional().openapi({ type: 'integer' }),
  profileId: IdText.optional().openapi({ type: 'integer' }),
  customerId: IdText.optional().openapi({ type: 'integer' }),
  q: z.string().max(200).optional().openapi({ description: 'Ticket number, title, customer @handle or article text.' }),
  sort: z.enum(TICKET_SORTS).default('changed'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

ticketsApi.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    request: { query: TicketQuery },
    responses: { 200: json(listOf(TicketSchema, 'TicketList'), 'Tickets of the queues the agent may see.'), ...errorResponses },
  }),
  async (c) => {
    const a = actor(c);
    const q = c.req.valid('query');
    const db = c.get('deps').db;
    const queueIds = (await queuesWith(db, a.access, 'ro')).map((x) => x.id);
    const filter = {
      queueIds,
      queueId: q.queueId,
      states: q.state,
      stateTypes: q.stateType,
      lock: q.lock,
      ownerId: q.ownerId,
      profileId: q.profileId,
      customerId: q.customerId,
      search: q.q,
    };
    const [items, total] = await Promise.all([
      listTickets(db, filter, { limit: q.limit, offset: q.offset, sort: q.sort, order: q.order }),
      countTickets(db, filter),
    ]);
    return c.json({ items: items.map(presentTicket), total }, 200);
  },
);

ticketsApi.openapi(
  createRoute({ method: 'post', path: '/', tags, request: jsonBody(TicketCreateInput), responses: { 201: json(TicketSchema, 'Created.'), ...errorResponses } }),
  async (c) => {
    const a = actor(c);
    const input = c.req.valid('json');
    const deps = c.get('deps');
    if (input.profileId !== undefined) {
      if (!input.body?.trim()) throw invalid('body', t('api.firstMessageEmpty'));
      const { ticket } = await startSocialTicket(deps, a, { profileId: input.profileId, kind: input.kind ?? 'tweet', to: input.to, body: input.body, title: input.title, queueId: input.queueId });
      return c.json(presentTicket(ticket), 201);
    }
    if (!input.title?.trim()) throw invalid('title', t('validation.required', { label: t('validation.label.title') }));
    if (input.queueId === undefined) throw invalid('queueId', t('validation.required', { label: 'queueId' }));
    const queueId = input.queueId;
    const title = input.title;
    const db = deps.db;
    const ticket = await inTransaction(db, async (trx) => {
      const queue = await findQueue(trx, queueId);
      if (!queue) throw notFound(t('errors.noun.queue', { id: queueId }), 'queueId');
      assertQueueAccess(a.access, queue, 'rw');
      const created = await createTicket(
        trx,
        { title, queueId: queue.id, priority: input.priority === undefined ? undefined : parsePriority(input.priority), customerId: input.customerId ?? null },
        a.id,
      );
      if (input.body?.trim()) await addNote(trx, a, created.id, input.body);
      return created;
    });
    return c.json(presentTicket(ticket), 201);
  },
);

ticketsApi.openapi(
  createRoute({ method: 'get', path: '/{id}', tags, request: { params: IdParam }, responses: { 200: json(TicketSchema, 'A ticket.'), ...errorResponses } }),
  async (c) => {
    const { ticket } = await loadTicketFor(c.get('deps').db, actor(c), c.req.valid('param').id, 'ro');
    return c.json(presentTicket(ticket), 200);
  },
);

ticketsApi.openapi(
  createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    request: { params: IdParam, ...jsonBody(TicketPatchInput) },
    responses: { 200: json(TicketSchema, 'Updated; every change is written to the history.'), ...errorResponses },
  }),
  async (c) => {
    const deps = c.get('deps');
    const ticket = await updateTicket(deps.db, actor(c), c.req.valid('param').id, c.req.valid('json'), undefined, deps.config.requiredLock);
    return c.json(presentTicket(ticket), 200);
  },
);

const HistorySchema = z
  .object({ id: z.number().int(), type: z.string(), message: z.string(), createdBy: z.number().int(), createdByLogin: z.string().nullable(), createdAt: z.string() })
  .openapi('HistoryEntry');

ticketsApi.openapi(
  createRoute({
    method: 'get',
    path: '/{id}/history',
    tags,
    request: { params: IdParam },
    responses: { 200: json(listOf(HistorySchema, 'HistoryList'), 'Every change of the ticket, oldest first.'), ...errorResponses },
  }),
  async (c) => {
    const db = c.get('deps').db;
    const { ticket } = await loadTicketFor(db, actor(c), c.req.valid('param').id, 'ro');
    const rows = await listHistory(db, ticket.id);
    const items = rows.map((h) => ({ id: h.id, type: h.type, message: h.message, createdBy: h.created_by, createdByLogin: h.login, createdAt: h.created_at }));
    return c.json({ items, total: items.length }, 200);
  },
);

ticketsApi.openapi(
  createRoute({
    method: 'get',
    path: '/{id}/articles',
    tags,
    request: { params: IdParam, query: PageQuery },
    responses: { 200: json(listOf(ArticleSchema, 'ArticleList'), 'The articles of a ticket, oldest first.'), ...errorResponses },
  }),
  async (c) => {
    const db = c.get('deps').db;
    const { ticket } = await loadTicketFor(db, actor(c), c.req.valid('param').id, 'ro');
    const { limit, offset } = c.req.valid('query');
    const [items, total] = await Promise.all([listArticles(db, ticket.id, { limit, offset }), countArticles(db, ticket.id)]);
    return c.json({ items: await presentArticlesWithAttachments(db, items), total }, 200);
  },
);

const ArticleInput = z
  .object({
    body: z.string().min(1, { error: () => t('api.textEmpty') }).max(ARTICLE_BODY_MAX),
    profileId: Id.optional().openapi({ description: "The profile to send through; defaults to the ticket's profile." }),
    kind: z.enum(['reply', 'dm', 'note']).optional().openapi({
      description: '"reply": a public reply post; "dm": a direct message; "note": an internal note. Defaults to the kind of the ticket\'s conversation.',
    }),
  })
  .strict()
  .openapi('ArticleInput');

ticketsApi.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/articles',
    tags,
    request: { params: IdParam, ...jsonBody(ArticleInput) },
    responses: {
      201: json(
        ArticleSchema,
        'Stored at once; a social reply is `queued` and then delivered by the outbox (`sent` or `failed`). The same call takes `multipart/form-data` with the fields `body`, `kind`, `profileId` and up to four files under `files` (checked against the network\'s rules; notes take any file).',
      ),
      ...errorResponses,
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    const a = actor(c);
    const id = c.req.valid('param').id;
    const input = c.req.valid('json');
    const { kind, ...rest } = input;
    const article = kind === 'note' ? await addNote(deps.db, a, id, input.body) : await queueReply(deps, a, id, { ...rest, kind });
    const [presented] = await presentArticlesWithAttachments(deps.db, [article]);
    return c.json(presented!, 201);
  },
);

const ArticleParams = z.object({
  id: IdText.openapi({ type: 'integer', param: { name: 'id', in: 'path' } }),
  articleId: IdText.openapi({ type: 'integer', param: { name: 'articleId', in: 'path' } }),
});

ticketsApi.openapi(
  createRoute({
    method: 'post',
    path: '/{id}/articles/{articleId}/retry',
    tags,
    request: { params: ArticleParams },
    responses: { 200: json(ArticleSchema, 'A failed message is queued again.'), ...errorResponses },
  }),
  async (c) => {
    const { id, articleId } = c.req.valid('param');
    const article = await retryDelivery(c.get('deps').db, actor(c), id, articleId);
    return c.json(presentArticle(article), 200);
  },
);
