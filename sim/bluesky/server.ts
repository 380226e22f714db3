// A local stand-in for a Bluesky PDS (with its app view and chat service behind it): the XRPC
// methods Parley uses, and a control API under /_sim/ to play the people on the other side.
import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { listen, parseBody, type FaultRule, type RunningSimulator, type Window } from '../common/serve.ts';
import { postView, registerRoutes } from './routes.ts';
import { BlueskyState, mentionFacets, XrpcError, type PostRecord } from './state.ts';

export interface BlueskySimulatorOptions {
  /** Lifetime of an access JWT (the real PDS: about 2 hours). */
  accessTtlMs?: number;
  refreshTtlMs?: number;
  /** Calls per account per window (bsky.social: 3000 per 5 minutes). */
  rateLimit?: number;
  rateWindowMs?: number;
  /** createSession per identifier per window (bsky.social: 30 per 5 minutes). */
  sessionLimit?: number;
  now?: () => number;
  log?: (line: string) => void;
}

export interface BlueskySimulator {
  app: Hono;
  state: BlueskyState;
  listen(port?: number, host?: string): Promise<RunningSimulator>;
}

const handle = z.string().min(3).max(253);
const did = z.string().regex(/^did:[a-z]+:[a-zA-Z0-9._:%-]+$/);
const postInput = z.object({
  authorDid: did,
  text: z.string().max(3000),
  replyTo: z.string().startsWith('at://').nullish(),
  quoteOf: z.string().startsWith('at://').nullish(),
  /** Images the person attaches (base64), uploaded to their repository as a client would. */
  images: z.array(z.object({ data: z.string().min(1), alt: z.string().default(''), width: z.number().int().positive().optional(), height: z.number().int().positive().optional() })).max(4).default([]),
  /** A video instead (app.bsky.embed.video). */
  video: z.object({ data: z.string().min(1), alt: z.string().optional() }).nullish(),
});

export function createBlueskySimulator(options: BlueskySimulatorOptions = {}): BlueskySimulator {
  const log = options.log ?? (() => {});
  const state = new BlueskyState({ now: options.now ?? Date.now, accessTtlMs: options.accessTtlMs ?? 2 * 3600_000, refreshTtlMs: options.refreshTtlMs ?? 90 * 24 * 3600_000 });
  const faults: FaultRule[] = [];
  const calls = new Map<string, number>();
  const windows = new Map<string, Window>();
  const app = new Hono();
  registerRoutes(app, state, { rateLimit: options.rateLimit ?? 3000, rateWindowMs: options.rateWindowMs ?? 5 * 60_000, sessionLimit: options.sessionLimit ?? 30, faults, windows, calls });

  const account = (d: string) => {
    const a = state.accounts.get(d);
    if (!a) throw new XrpcError(404, 'NotFound', `There is no account ${d}.`);
    return a;
  };

  app.post('/_sim/accounts', async (c) => {
    const input = await parse(c, z.object({ handle, displayName: z.string().min(1).optional(), allowDirectMessages: z.boolean().default(true) }));
    const { account: a, appPassword } = state.createAccount({ handle: input.handle, displayName: input.displayName, privileged: input.allowDirectMessages, withPassword: true });
    log(`account @${a.handle} did=${a.did} appPassword=${appPassword}`);
    return c.json({ did: a.did, handle: a.handle, displayName: a.displayName, appPassword }, 201);
  });
  app.post('/_sim/users', async (c) => {
    const input = await parse(c, z.object({ handle, displayName: z.string().min(1).optional() }));
    const { account: a } = state.createAccount({ ...input, withPassword: false });
    return c.json({ did: a.did, handle: a.handle, displayName: a.displayName, avatar: a.avatar }, 201);
  });
  // A person posts: "@help.example …" mentions the account, replyTo answers a post, quoteOf quotes one.
  app.post('/_sim/posts', async (c) => {
    const input = await parse(c, postInput);
    const author = account(input.authorDid);
    const record: PostRecord = { $type: 'app.bsky.feed.post', text: input.text, createdAt: state.iso() };
    const facets = mentionFacets(state, input.text);
    if (facets.length > 0) record.facets = facets;
    if (input.replyTo) {
      const parent = state.posts.get(input.replyTo);
      if (!parent) throw new XrpcError(404, 'NotFound', `Post not found: ${input.replyTo}`);
      record.reply = { root: parent.record.reply?.root ?? { uri: parent.uri, cid: parent.cid }, parent: { uri: parent.uri, cid: parent.cid } };
    }
    const upload = (data: string) => state.uploadBlob(author, Buffer.from(data, 'base64'), '');
    if (input.images.length > 0) {
      record.embed = {
        $type: 'app.bsky.embed.images',
        images: input.images.map((img) => ({ image: upload(img.data), alt: img.alt, ...(img.width && img.height ? { aspectRatio: { width: img.width, height: img.height } } : {}) })),
      };
    } else if (input.video) {
      record.embed = { $type: 'app.bsky.embed.video', video: upload(input.video.data), ...(input.video.alt ? { alt: input.video.alt } : {}) };
    }
    for (const ref of [...(record.embed?.images?.map((i) => i.image) ?? []), ...(record.embed?.video ? [record.embed.video] : [])]) state.blob(author.did, ref.ref.$link)!.referenced = true;
    if (!input.text.trim() && !record.embed) throw new XrpcError(400, 'InvalidRequest', 'A post needs a text or media.');
    if (input.quoteOf) {
      const quoted = state.posts.get(input.quoteOf);
      if (!quoted) throw new XrpcError(404, 'NotFound', `Post not found: ${input.quoteOf}`);
      record.embed = { $type: 'app.bsky.embed.record', record: { uri: quoted.uri, cid: quoted.cid } };
    }
    return c.json(postView(state, state.createPost(author, record)), 201);
  });
  app.post('/_sim/likes', async (c) => {
    const input = await parse(c, z.object({ authorDid: did, uri: z.string() }));
    const post = state.posts.get(input.uri);
    if (!post) throw new XrpcError(404, 'NotFound', 'Post not found');
    state.like(account(input.authorDid), post);
    return c.json({ ok: true }, 201);
  });
  app.post('/_sim/messages', async (c) => {
    const input = await parse(c, z.object({ senderDid: did, recipientDid: did, text: z.string().min(1).max(10_000) }));
    const sender = account(input.senderDid);
    account(input.recipientDid);
    const m = state.sendMessage(sender, state.convoFor([sender.did, input.recipientDid]), input.text);
    return c.json(m, 201);
  });
  app.get('/_sim/accounts/:did/sent', (c) => {
    const a = account(c.req.param('did'));
    return c.json({
      posts: [...state.posts.values()].filter((p) => p.authorDid === a.did).map((p) => ({ uri: p.uri, text: p.record.text, reply: p.record.reply ?? null, facets: p.record.facets ?? [], embed: p.record.embed ?? null })),
      blobs: [...state.blobs.values()].filter((b) => b.did === a.did).map((b) => ({ cid: b.cid, mimeType: b.mimeType, size: b.bytes.length, referenced: b.referenced })),
      messages: state.messages.filter((m) => m.senderDid === a.did).map((m) => ({ id: m.id, convoId: m.convoId, text: m.text, recipients: state.convos.get(m.convoId)!.members.filter((d) => d !== a.did) })),
    });
  });
  app.post('/_sim/faults', async (c) => {
    const input = await parse(c, z.object({ endpoint: z.string().regex(/^[a-z]+(\.[a-zA-Z]+)+$/), status: z.union([z.literal(429), z.literal(500), z.literal(503), z.literal('timeout')]), count: z.number().int().min(1).default(1), delayMs: z.number().int().min(0).default(30_000) }));
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

  app.notFound((c) => (c.req.path.startsWith('/xrpc/') ? c.json({ error: 'MethodNotImplemented', message: 'Method Not Implemented' }, 501) : c.json({ error: 'NotFound', message: `No route ${c.req.path}` }, 404)));
  app.onError((error, c) => {
    if (error instanceof XrpcError) return c.json({ error: error.error, message: error.message }, error.status as ContentfulStatusCode);
    log(`500 ${c.req.method} ${c.req.path}: ${error.stack ?? String(error)}`);
    return c.json({ error: 'InternalServerError', message: 'Internal Server Error' }, 500);
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

const parse = <T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> => parseBody(c, schema, (m) => new XrpcError(400, 'InvalidRequest', m));
