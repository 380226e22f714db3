import { createRoute, z } from '@hono/zod-openapi';
import { NOTIFICATION_TYPES } from '../../core/notifications/types.ts';
import { notFound } from '../../core/errors.ts';
import { t } from '../../i18n/index.ts';
import { nowIso } from '../../core/time.ts';
import { countNotifications, findNotification, listNotifications, markNotificationsRead } from '../../db/repos/notifications.ts';
import type { NotificationRow } from '../../db/schema.ts';
import { apiRouter, errorResponses, IdParam, json, PageQuery } from './base.ts';
import { actor } from './guard.ts';

// The bell: the calling agent's own notifications. Another agent's id answers 404, as if it did
// not exist.

export const notificationsApi = apiRouter();
const tags = ['Notifications'];

const NotificationSchema = z
  .object({
    id: z.number().int(),
    type: z.enum(NOTIFICATION_TYPES),
    ticketId: z.number().int().nullable(),
    ticketNumber: z.string().nullable(),
    articleId: z.number().int().nullable(),
    message: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

export function presentNotification(n: NotificationRow & { ticket_number?: string | null }) {
  return {
    id: n.id,
    type: n.type as (typeof NOTIFICATION_TYPES)[number],
    ticketId: n.ticket_id,
    ticketNumber: n.ticket_number ?? null,
    articleId: n.article_id,
    message: n.message,
    createdAt: n.created_at,
    readAt: n.read_at,
  };
}

const ListQuery = PageQuery.extend({
  unread: z.enum(['true', 'false']).optional().openapi({ description: '"true": only the unread ones.' }),
});

notificationsApi.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    request: { query: ListQuery },
    responses: {
      200: json(z.object({ items: z.array(NotificationSchema), total: z.number().int(), unread: z.number().int() }).openapi('NotificationList'), 'Newest first; `unread` counts the unread ones.'),
      ...errorResponses,
    },
  }),
  async (c) => {
    const a = actor(c);
    const q = c.req.valid('query');
    const db = c.get('deps').db;
    const unreadOnly = q.unread === 'true';
    const [items, total, unread] = await Promise.all([
      listNotifications(db, a.id, { unreadOnly, limit: q.limit, offset: q.offset }),
      countNotifications(db, a.id, unreadOnly),
      countNotifications(db, a.id, true),
    ]);
    return c.json({ items: items.map(presentNotification), total, unread }, 200);
  },
);

notificationsApi.openapi(
  createRoute({ method: 'post', path: '/{id}/read', tags, request: { params: IdParam }, responses: { 200: json(NotificationSchema, 'Marked read.'), ...errorResponses } }),
  async (c) => {
    const a = actor(c);
    const db = c.get('deps').db;
    const id = c.req.valid('param').id;
    if (!(await findNotification(db, a.id, id))) throw notFound(t('errors.noun.notification', { id }));
    await markNotificationsRead(db, a.id, [id], nowIso());
    const n = (await listNotifications(db, a.id, { limit: 1, offset: 0, id }))[0]!;
    return c.json(presentNotification(n), 200);
  },
);
