import { createRoute, z } from '@hono/zod-openapi';
import { loadMe, updateMe, type Me } from '../../core/agents/me.ts';
import { LANGUAGES } from '../../core/agents/preferences.ts';
import { NOTIFICATION_TYPES } from '../../core/notifications/types.ts';
import { clearBasicCache } from '../auth/middleware.ts';
import { apiRouter, errorResponses, json, jsonBody } from './base.ts';
import { actor } from './guard.ts';

// GET/PATCH /api/v1/me: the calling agent's own account and preferences, never anyone else's.

export const meApi = apiRouter();
const tags = ['Me'];

const Way = z.object({ web: z.boolean(), email: z.boolean() }).openapi('NotificationWay');
const WayPatch = z.object({ web: z.boolean().optional(), email: z.boolean().optional() }).strict();
const Notifications = z.object(Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, Way])) as Record<(typeof NOTIFICATION_TYPES)[number], typeof Way>).openapi('NotificationPreferences');

const MeSchema = z
  .object({
    id: z.number().int(),
    login: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    name: z.string(),
    email: z.string(),
    admin: z.boolean(),
    language: z.enum(LANGUAGES).nullable(),
    timeZone: z.string().nullable(),
    dmSignature: z.string().nullable(),
    myQueueIds: z.array(z.number().int()).nullable().openapi({ description: 'null until chosen: then every queue the agent has rw on counts.' }),
    notifications: Notifications,
    browserNotifications: z.boolean(),
  })
  .openapi('Me');

const MePatchInput = z
  .object({
    language: z.enum(LANGUAGES).nullable().optional(),
    timeZone: z.string().max(64).nullable().optional().openapi({ description: 'An IANA zone name, e.g. "Europe/Berlin".' }),
    dmSignature: z.string().max(500).nullable().optional().openapi({ description: 'Appended to the direct messages the agent sends.' }),
    myQueueIds: z.array(z.number().int().positive()).max(1000).nullable().optional(),
    notifications: z.object(Object.fromEntries(NOTIFICATION_TYPES.map((t) => [t, WayPatch.optional()])) as Record<(typeof NOTIFICATION_TYPES)[number], z.ZodOptional<typeof WayPatch>>).strict().optional(),
    browserNotifications: z.boolean().optional(),
    currentPassword: z.string().max(1024).optional(),
    password: z.string().max(1024).optional().openapi({ description: 'A new password (at least 8 characters); needs `currentPassword`. Ends the agent’s other sessions.' }),
  })
  .strict()
  .openapi('MePatch');

function presentMe(me: Me, admin: boolean) {
  const a = me.agent;
  return {
    id: a.id,
    login: a.login,
    firstName: a.first_name,
    lastName: a.last_name,
    name: `${a.first_name} ${a.last_name}`.trim(),
    email: a.email,
    admin,
    language: me.language,
    timeZone: me.timeZone,
    dmSignature: me.dmSignature,
    myQueueIds: me.myQueueIds,
    notifications: me.notifications,
    browserNotifications: me.browserNotifications,
  };
}

meApi.openapi(createRoute({ method: 'get', path: '/', tags, responses: { 200: json(MeSchema, 'The calling agent.'), ...errorResponses } }), async (c) => {
  const a = actor(c);
  return c.json(presentMe(await loadMe(c.get('deps').db, a.id), a.admin), 200);
});

meApi.openapi(
  createRoute({ method: 'patch', path: '/', tags, request: jsonBody(MePatchInput), responses: { 200: json(MeSchema, 'Saved; a new password ends the other sessions.'), ...errorResponses } }),
  async (c) => {
    const a = actor(c);
    const result = await updateMe(c.get('deps').db, a, c.req.valid('json'), c.get('session')?.id ?? null);
    // Basic credentials are remembered for a minute; the old password must stop working now.
    if (result.passwordChanged) clearBasicCache();
    return c.json(presentMe(result.me, a.admin), 200);
  },
);
