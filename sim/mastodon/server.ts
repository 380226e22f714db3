// A local stand-in for a Mastodon server: the REST API endpoints Parley uses, checked as Mastodon
// checks them, and a control API under /_sim/ to play the people on the other side.
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { listen, parseBody, type FaultRule, type RunningSimulator, type Window } from '../common/serve.ts';
import { presentStatus, registerApiRoutes } from './routes-api.ts';
import { DEFAULT_MEDIA_LIMITS, MastodonState, SimError, type MediaLimits } from './state.ts';

export interface MastodonSimulatorOptions {
  domain?: string;
  /** configuration.statuses.max_characters (Mastodon's default is 500). */
  maxCharacters?: number;
  /** Calls per account per window (Mastodon: 300 per 5 minutes). */
  rateLimit?: number;
  rateWindowMs?: number;
  /** configuration.media_attachments and the processing time of video and GIF (defaults: a stock server's). */
  media?: Partial<MediaLimits>;
  now?: () => number;
  log?: (line: string) => void;
}

export interface MastodonSimulator {
  app: Hono;
  state: MastodonState;
  listen(port?: number, host?: string): Promise<RunningSimulator>;
}

const accountInput = z.object({ username: z.string(), displayName: z.string().min(1).optional(), scopes: z.array(z.string()).optional() });
const userInput = z.object({ username: z.string(), displayName: z.string().min(1).optional(), domain: z.string().regex(/^[a-z0-9.-]+$/).nullish() });
const statusInput = z.object({
  accountId: z.string().regex(/^\d+$/),
  text: z.string().min(1).max(100_000),
  visibility: z.enum(['public', 'unlisted', 'private', 'direct']).default('public'),
  inReplyToId: z.string().regex(/^\d+$/).nullish(),
  /** Files the person attaches, uploaded as they would upload them. */
  media: z.array(z.object({ data: z.string().min(1), description: z.string().max(1500).nullish(), width: z.number().int().positive().optional(), height: z.number().int().positive().optional() })).max(4).default([]),
});
const ENDPOINTS = [
  'GET /api/v2/instance',
  'GET /api/v1/accounts/verify_credentials',
  'GET /api/v1/accounts/lookup',
  'GET /api/v1/accounts/:id',
  'GET /api/v1/accounts/:id/statuses',
  'GET /api/v1/notifications',
  'GET /api/v1/statuses/:id',
  'GET /api/v1/statuses/:id/context',
  'POST /api/v1/statuses',
  'POST /api/v2/media',
  'GET /api/v1/media/:id',
];
const faultInput = z.object({
  endpoint: z.enum(ENDPOINTS as [string, ...string[]]),
  status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal('timeout')]),
  count: z.number().int().min(1).default(1),
  delayMs: z.number().int().min(0).default(30_000),
});

export function createMastodonSimulator(options: MastodonSimulatorOptions = {}): MastodonSimulator {
  const log = options.log ?? (() => {});
  const state = new MastodonState({ domain: options.domain ?? 'mastodon.example', maxCharacters: options.maxCharacters ?? 500, now: options.now ?? Date.now, media: { ...DEFAULT_MEDIA_LIMITS, ...options.media } });
  const faults: FaultRule[] = [];
  const calls = new Map<string, number>();
  const windows = new Map<string, Window>();
  const app = new Hono();
  registerApiRoutes(app, state, { rateLimit: options.rateLimit ?? 300, rateWindowMs: options.rateWindowMs ?? 5 * 60_000, faults, windows, calls });

  app.post('/_sim/accounts', async (c) => {
    const input = await parse(c, accountInput);
    const a = state.createAccount({ ...input, withToken: true });
    log(`account @${a.acct} id=${a.id} token=${a.token}`);
    return c.json({ id: a.id, username: a.username, acct: a.acct, displayName: a.displayName, accessToken: a.token, scopes: a.scopes }, 201);
  });
  app.post('/_sim/users', async (c) => {
    const a = state.createAccount(await parse(c, userInput));
    log(`user @${a.acct} id=${a.id}`);
    return c.json({ id: a.id, username: a.username, acct: a.acct, displayName: a.displayName, avatar: a.avatar }, 201);
  });
  // A person posts: a mention ("@help …"), a reply, or a direct message (visibility "direct").
  app.post('/_sim/statuses', async (c) => {
    const input = await parse(c, statusInput);
    const author = state.account(input.accountId);
    const uploaded = input.media.map((m) => state.upload(author, Buffer.from(m.data, 'base64'), m.description ?? null, m.width && m.height ? { width: m.width, height: m.height } : null));
    // A person's client waits for processing before it posts.
    for (const m of uploaded) m.readyAtMs = Math.min(m.readyAtMs, state.options.now());
    const s = state.post(author, { text: input.text, visibility: input.visibility, inReplyToId: input.inReplyToId, mediaIds: uploaded.length ? state.attachable(author, uploaded.map((m) => m.id)) : [] });
    log(`${input.accountId} posted ${s.visibility} status ${s.id}`);
    return c.json(presentStatus(state, s), 201);
  });
  app.post('/_sim/favourites', async (c) => {
    const input = await parse(c, z.object({ accountId: z.string(), statusId: z.string() }));
    const s = state.statuses.get(input.statusId);
    if (!s) throw new SimError(404, 'Record not found');
    return c.json(state.notify(state.account(s.accountId), state.account(input.accountId), 'favourite', s.id), 201);
  });
  app.get('/_sim/accounts/:id/sent', (c) => {
    const a = state.account(c.req.param('id'));
    const sent = [...state.statuses.values()].filter((s) => s.accountId === a.id);
    return c.json({
      statuses: sent.map((s) => ({
        id: s.id,
        text: s.text,
        visibility: s.visibility,
        inReplyToId: s.inReplyToId,
        mentionIds: s.mentionIds,
        media: s.mediaIds.map((id) => {
          const m = state.media.get(id)!;
          return { id: m.id, type: m.type, contentType: m.contentType, size: m.bytes.length, sha256: createHash('sha256').update(m.bytes).digest('hex'), description: m.description };
        }),
      })),
      uploads: [...state.media.values()].filter((m) => m.accountId === a.id).map((m) => ({ id: m.id, type: m.type, attached: m.statusId !== null })),
    });
  });
  app.post('/_sim/faults', async (c) => {
    const input = await parse(c, faultInput);
    const rule: FaultRule = { endpoint: input.endpoint, status: input.status, remaining: input.count, delayMs: input.delayMs };
    faults.push(rule);
    return c.json(rule, 201);
  });
  app.get('/_sim/calls', (c) => c.json({ calls: Object.fromEntries(calls) }));
  app.post('/_sim/reset', (c) => {
    state.reset();
    faults.length = 0;
    windows.clear();
    calls.clear();
    return c.json({ ok: true });
  });

  app.notFound((c) => c.json({ error: 'Record not found' }, 404));
  app.onError((error, c) => {
    if (error instanceof SimError) return c.json({ error: error.message }, error.status as ContentfulStatusCode);
    log(`500 ${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`);
    return c.json({ error: "We're sorry, but something went wrong on our end." }, 500);
  });
  return {
    app,
    state,
    listen: async (port, host) => {
      const running = await listen(app, port, host);
      state.baseUrl = running.url;
      return running;
    },
  };
}

const parse = <T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> => parseBody(c, schema, (m) => new SimError(400, m));
