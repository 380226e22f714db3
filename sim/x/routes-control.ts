// The control API under /_sim/: plays the other side of the conversation (customers who tweet
// and send DMs), injects faults and shows what the accounts did. No OAuth: it is a test tool.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_TIMEOUT_DELAY_MS } from './faults.ts';
import { DEFAULT_RATE_LIMITS } from './rate-limit.ts';
import { MAX_LONG_POST, SimError, type SimState } from './state.ts';
import type { Log } from './routes-api.ts';
import { parseBody } from '../common/serve.ts';

const accountInput = z.object({
  username: z.string(),
  name: z.string().min(1),
  profileImageUrl: z.url().nullish(),
  consumerKey: z.string().min(1).optional(),
  consumerSecret: z.string().min(1).optional(),
  accessToken: z.string().min(1).optional(),
  accessTokenSecret: z.string().min(1).optional(),
});

const userInput = z.object({
  username: z.string(),
  name: z.string().min(1),
  profileImageUrl: z.url().nullish(),
  description: z.string().max(160).optional(),
  location: z.string().max(30).nullish(),
  followersCount: z.number().int().min(0).optional(),
  verified: z.boolean().optional(),
  verifiedType: z.enum(['blue', 'business', 'government', 'none']).optional(),
  createdAt: z.iso.datetime().optional(),
});

const id = z.string().regex(/^[0-9]{1,19}$/, 'must be a numeric id');

const mediaInput = z.object({
  contentType: z.string().min(1),
  /** The file, base64-encoded. */
  data: z.base64().min(1),
  altText: z.string().max(1000).nullish(),
  width: z.number().int().min(1).optional(),
  height: z.number().int().min(1).optional(),
  preview: z.base64().optional(),
});

const tweetInput = z
  .object({
    authorId: id,
    text: z.string().max(MAX_LONG_POST).default(''),
    inReplyToTweetId: id.nullish(),
    quoteOf: id.nullish(),
    retweetOf: id.nullish(),
    createdAt: z.iso.datetime({ offset: true }).nullish(),
    media: z.array(mediaInput).max(4).optional(),
  })
  .refine((t) => t.retweetOf || t.text.length > 0 || t.media?.length, { message: 'text is required unless retweetOf or media is given', path: ['text'] });

const dmInput = z
  .object({
    senderId: id,
    recipientId: id,
    text: z.string().max(10_000).default(''),
    createdAt: z.iso.datetime({ offset: true }).nullish(),
    media: z.array(mediaInput).max(1).optional(),
  })
  .refine((d) => d.text.length > 0 || d.media?.length, { message: 'text is required unless media is given', path: ['text'] });

/** Media a simulated person attaches, checked with the rules of X's apps (4 images, or 1 GIF/video). */
function createMedia(state: SimState, ownerId: string, list: z.output<typeof mediaInput>[] | undefined, use: 'tweet' | 'dm'): string[] {
  const made = (list ?? []).map((m) =>
    state.media.create({
      ownerId,
      contentType: m.contentType,
      bytes: Buffer.from(m.data, 'base64'),
      altText: m.altText,
      width: m.width,
      height: m.height,
      preview: m.preview ? Buffer.from(m.preview, 'base64') : null,
      nowMs: state.now(),
    }),
  );
  if (made.length) state.media.takeForMessage(made.map((m) => m.id), ownerId, use, state.now());
  return made.map((m) => m.mediaKey);
}

// A rule for a route that does not exist would silently never fire; refuse it instead.
const knownEndpoint = { message: `method and path must name one of: ${Object.keys(DEFAULT_RATE_LIMITS).join(', ')}`, path: ['path'] };
const isKnownEndpoint = (r: { method: string; path: string }) => `${r.method} ${r.path}` in DEFAULT_RATE_LIMITS;

const faultInput = z
  .object({
    method: z.enum(['GET', 'POST']),
    path: z.string(),
    status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal('timeout'), z.literal('lost')]),
    count: z.number().int().min(1).default(1),
    delayMs: z.number().int().min(0).optional(),
  })
  .refine(isKnownEndpoint, knownEndpoint);

const rateLimitInput = z
  .object({ method: z.enum(['GET', 'POST']), path: z.string(), limit: z.number().int().min(0) })
  .refine(isKnownEndpoint, knownEndpoint);

export const seedSchema = z.object({ accounts: z.array(accountInput).default([]), users: z.array(userInput).default([]) });

export function registerControlRoutes(app: Hono, state: SimState, log: Log): void {
  app.post('/_sim/accounts', async (c) => {
    const input = await parse(c, accountInput);
    const { user, ...credentials } = state.createAccount(input);
    log(`created account @${user.username} (${user.id})`);
    return c.json({ ...user, ...credentials }, 201);
  });

  app.get('/_sim/accounts', (c) =>
    c.json({ accounts: [...state.accounts.values()].map((a) => ({ ...state.users.get(a.userId), ...a })) }),
  );

  app.post('/_sim/users', async (c) => {
    const user = state.createUser(await parse(c, userInput));
    log(`created user @${user.username} (${user.id})`);
    return c.json(user, 201);
  });

  // A user changes their name or picture (null: back to the picture the media host serves).
  app.patch('/_sim/users/:id', async (c) => {
    const user = state.users.get(c.req.param('id'));
    if (!user) throw new SimError(404, `No user ${c.req.param('id')}.`);
    const input = await parse(c, z.object({ name: z.string().min(1).optional(), profileImageUrl: z.url().nullable().optional() }).strict());
    if (input.name !== undefined) user.name = input.name;
    if (input.profileImageUrl !== undefined) user.profileImageUrl = input.profileImageUrl;
    log(`user ${user.id} changed`);
    return c.json(user);
  });

  app.post('/_sim/tweets', async (c) => {
    const { media, ...input } = await parse(c, tweetInput);
    const tweet = state.createTweet({ ...input, mediaKeys: createMedia(state, input.authorId, media, 'tweet') });
    log(`user ${tweet.authorId} tweeted ${tweet.id}`);
    return c.json(tweet, 201);
  });

  app.post('/_sim/dms', async (c) => {
    const { media, ...input } = await parse(c, dmInput);
    const event = state.createDm({ ...input, mediaKeys: createMedia(state, input.senderId, media, 'dm') });
    log(`user ${event.senderId} sent DM ${event.id} to ${event.recipientId}`);
    return c.json(event, 201);
  });

  app.get('/_sim/accounts/:id/sent', (c) => {
    const accountId = c.req.param('id');
    if (!state.accounts.has(accountId)) throw new SimError(404, `There is no account ${accountId}.`);
    return c.json(state.sentBy(accountId));
  });

  app.post('/_sim/faults', async (c) => {
    const input = await parse(c, faultInput);
    const rule = {
      method: input.method,
      path: input.path,
      status: input.status,
      remaining: input.count,
      delayMs: input.delayMs ?? (input.status === 'lost' ? 0 : DEFAULT_TIMEOUT_DELAY_MS),
    };
    state.faults.push(rule);
    log(`the next ${input.count} call(s) of ${input.method} ${input.path} will fail with ${input.status}`);
    return c.json(rule, 201);
  });

  app.delete('/_sim/faults', (c) => {
    state.faults = [];
    return c.json({ faults: [] });
  });

  app.post('/_sim/rate-limits', async (c) => {
    const input = await parse(c, rateLimitInput);
    const key = `${input.method} ${input.path}`;
    state.rateLimits[key] = input.limit;
    log(`rate limit of ${key} set to ${input.limit} per 15 minutes`);
    return c.json({ endpoint: key, limit: input.limit });
  });

  app.get('/_sim/calls', (c) => c.json({ accounts: Object.fromEntries(state.calls) }));

  app.post('/_sim/reset', (c) => {
    state.reset();
    log('state reset');
    return c.json({ ok: true });
  });

  app.get('/_sim/state', (c) =>
    c.json({
      users: [...state.users.values()],
      accounts: [...state.accounts.values()],
      tweets: [...state.tweets.values()],
      dmEvents: [...state.dmEvents.values()],
      faults: state.faults,
      rateLimits: state.rateLimits,
      calls: Object.fromEntries(state.calls),
    }),
  );
}

const parse = <T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> => parseBody(c, schema, (m) => new SimError(400, m));
