// The XRPC methods Parley calls, checked as the PDS, the app view and the chat service check them:
// a session's access JWT (expired → 400 ExpiredToken), chat only through the PDS with
// `atproto-proxy: did:web:api.bsky.chat#bsky_chat` and an app password allowed to use DMs,
// ratelimit-* headers, posts of at most 300 graphemes with well-formed reply refs and facets.
import type { Context, Hono } from 'hono';
import { consume, exhaust, holdOpen, takeFault, type FaultRule, type Window } from '../common/serve.ts';
import { gradientPng } from '../common/png.ts';
import { BLOB_UPLOAD_LIMIT, CHAT_MAX_GRAPHEMES, EMBED_IMAGE_MAX_BYTES, EMBED_MAX_IMAGES, graphemeLength, POST_MAX_BYTES, POST_MAX_GRAPHEMES, XrpcError, type Account, type BlobRef, type BlueskyState, type ChatMessage, type Post, type PostRecord } from './state.ts';

export const CHAT_PROXY = 'did:web:api.bsky.chat#bsky_chat';

export interface RouteOptions {
  rateLimit: number;
  rateWindowMs: number;
  sessionLimit: number;
  faults: FaultRule[];
  windows: Map<string, Window>;
  calls: Map<string, number>;
}

interface Caller {
  account: Account;
  privileged: boolean;
}

const basic = (a: Account) => ({ did: a.did, handle: a.handle, displayName: a.displayName, avatar: a.avatar });

export function postView(state: BlueskyState, p: Post) {
  return { uri: p.uri, cid: p.cid, author: basic(state.accounts.get(p.authorDid)!), record: p.record, indexedAt: p.indexedAt, replyCount: 0, likeCount: 0 };
}

const messageView = (m: ChatMessage) => ({ $type: 'chat.bsky.convo.defs#messageView', id: m.id, rev: m.rev, text: m.text, sender: { did: m.senderDid }, sentAt: m.sentAt });

export function registerRoutes(app: Hono, state: BlueskyState, o: RouteOptions): void {
  async function limit(c: Context, nsid: string, key: string, max: number): Promise<void> {
    o.calls.set(key, (o.calls.get(key) ?? 0) + 1);
    const v = consume(o.windows, `${key} ${nsid === 'com.atproto.server.createSession' ? nsid : '*'}`, max, o.rateWindowMs, state.options.now());
    const fault = takeFault(o.faults, nsid);
    if (fault?.status === 'timeout') await holdOpen(fault.delayMs, c.req.raw.signal);
    if (fault?.status === 429) exhaust(o.windows, `${key} *`, max);
    const remaining = v.limited || fault?.status === 429 ? 0 : v.remaining;
    c.header('ratelimit-limit', String(max));
    c.header('ratelimit-remaining', String(remaining));
    c.header('ratelimit-reset', String(Math.ceil(v.resetAtMs / 1000)));
    c.header('ratelimit-policy', `${max};w=${Math.round(o.rateWindowMs / 1000)}`);
    if (v.limited || fault?.status === 429) throw new XrpcError(429, 'RateLimitExceeded', 'Rate Limit Exceeded');
    if (fault?.status === 500 || fault?.status === 503) throw new XrpcError(fault.status, 'InternalServerError', 'Internal Server Error');
  }

  async function authed(c: Context, nsid: string, opts: { chat?: boolean } = {}): Promise<Caller> {
    const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) throw new XrpcError(401, 'AuthenticationRequired', 'Authentication Required');
    const payload = state.verifyJwt(token);
    if (payload['scope'] === 'com.atproto.refresh') throw new XrpcError(400, 'InvalidToken', 'Invalid token type');
    const account = state.accounts.get(String(payload['sub']));
    if (!account) throw new XrpcError(401, 'AuthenticationRequired', 'Authentication Required');
    const privileged = payload['scope'] === 'com.atproto.appPassPrivileged';
    if (opts.chat) {
      // The PDS forwards chat.bsky.* only where the header says; without it there is no such method.
      if (c.req.header('atproto-proxy') !== CHAT_PROXY) throw new XrpcError(501, 'MethodNotImplemented', 'Method Not Implemented');
      if (!privileged) throw new XrpcError(401, 'InvalidToken', 'Bad token scope');
    }
    await limit(c, nsid, account.did, o.rateLimit);
    return { account, privileged };
  }

  const q = (c: Context, name: string) => c.req.query(name);
  const need = (v: string | undefined, name: string) => {
    if (!v) throw new XrpcError(400, 'InvalidRequest', `Params must have the property "${name}"`);
    return v;
  };

  app.post('/xrpc/com.atproto.server.createSession', async (c) => {
    const body = await json(c);
    const identifier = String(body['identifier'] ?? '');
    const password = String(body['password'] ?? '');
    await limit(c, 'com.atproto.server.createSession', `session:${identifier.toLowerCase()}`, o.sessionLimit);
    const account = state.byActor(identifier);
    const app = account?.appPasswords.find((p) => p.password === password);
    if (!account || !app) throw new XrpcError(401, 'AuthenticationRequired', 'Invalid identifier or password');
    return c.json(state.session(account, app.privileged));
  });

  app.post('/xrpc/com.atproto.server.refreshSession', async (c) => {
    const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    const payload = state.verifyJwt(token);
    if (payload['scope'] !== 'com.atproto.refresh') throw new XrpcError(400, 'InvalidToken', 'Invalid token type');
    if (state.revokedRefresh.has(String(payload['jti']))) throw new XrpcError(400, 'ExpiredToken', 'Token has been revoked');
    const account = state.accounts.get(String(payload['sub']));
    if (!account) throw new XrpcError(401, 'AuthenticationRequired', 'Authentication Required');
    await limit(c, 'com.atproto.server.refreshSession', account.did, o.rateLimit);
    state.revokedRefresh.add(String(payload['jti']));
    return c.json(state.session(account, payload['privileged'] === true));
  });

  app.get('/xrpc/com.atproto.server.getSession', async (c) => {
    const { account } = await authed(c, 'com.atproto.server.getSession');
    return c.json({ did: account.did, handle: account.handle, active: true });
  });

  app.get('/xrpc/app.bsky.actor.getProfile', async (c) => {
    await authed(c, 'app.bsky.actor.getProfile');
    const a = state.byActor(need(q(c, 'actor'), 'actor'));
    if (!a) throw new XrpcError(400, 'InvalidRequest', 'Profile not found');
    return c.json({ ...basic(a), followersCount: 0, followsCount: 0, postsCount: 0 });
  });

  app.get('/xrpc/com.atproto.identity.resolveHandle', async (c) => {
    const a = state.byActor(need(q(c, 'handle'), 'handle'));
    if (!a) throw new XrpcError(400, 'InvalidRequest', 'Unable to resolve handle');
    return c.json({ did: a.did });
  });

  app.get('/xrpc/app.bsky.notification.listNotifications', async (c) => {
    const { account } = await authed(c, 'app.bsky.notification.listNotifications');
    const max = Math.min(Math.max(Number(q(c, 'limit') ?? 50) || 50, 1), 100);
    const cursor = q(c, 'cursor');
    const before = cursor === undefined ? Infinity : Number(cursor);
    const page = state.notifications.filter((n) => n.ownerDid === account.did && n.seq < before).sort((a, b) => b.seq - a.seq).slice(0, max);
    const notifications = page.map((n) => {
      const post = state.posts.get(n.uri);
      return { uri: n.uri, cid: n.cid, author: basic(state.accounts.get(n.authorDid)!), reason: n.reason, ...(n.reasonSubject ? { reasonSubject: n.reasonSubject } : {}), record: post?.record ?? { $type: 'app.bsky.feed.like', subject: { uri: n.reasonSubject } }, isRead: false, indexedAt: n.indexedAt, labels: [] };
    });
    return c.json({ notifications, ...(page.length === max ? { cursor: String(page[page.length - 1]!.seq) } : {}) });
  });

  app.get('/xrpc/app.bsky.feed.getPostThread', async (c) => {
    await authed(c, 'app.bsky.feed.getPostThread');
    const post = state.posts.get(need(q(c, 'uri'), 'uri'));
    if (!post) return c.json({ error: 'NotFound', message: `Post not found: ${q(c, 'uri')}` }, 400);
    const parentHeight = Number(q(c, 'parentHeight') ?? 80);
    const view = (p: Post, height: number): Record<string, unknown> => {
      const parent = p.record.reply ? state.posts.get(p.record.reply.parent.uri) : undefined;
      return { $type: 'app.bsky.feed.defs#threadViewPost', post: postView(state, p), ...(parent && height > 0 ? { parent: view(parent, height - 1) } : {}) };
    };
    return c.json({ thread: view(post, parentHeight) });
  });

  app.get('/xrpc/com.atproto.repo.listRecords', async (c) => {
    await authed(c, 'com.atproto.repo.listRecords');
    const repo = state.byActor(need(q(c, 'repo'), 'repo'));
    if (!repo) throw new XrpcError(400, 'InvalidRequest', 'Could not find repo');
    const collection = need(q(c, 'collection'), 'collection');
    const max = Math.min(Number(q(c, 'limit') ?? 50) || 50, 100);
    const records = collection === 'app.bsky.feed.post' ? [...state.posts.values()].filter((p) => p.authorDid === repo.did).sort((a, b) => b.seq - a.seq).slice(0, max) : [];
    return c.json({ records: records.map((p) => ({ uri: p.uri, cid: p.cid, value: p.record })) });
  });

  app.post('/xrpc/com.atproto.repo.createRecord', async (c) => {
    const { account } = await authed(c, 'com.atproto.repo.createRecord');
    const body = await json(c);
    if (body['repo'] !== account.did && body['repo'] !== account.handle) throw new XrpcError(401, 'AuthRequiredError', 'Input/repo must match the authenticated account');
    if (body['collection'] !== 'app.bsky.feed.post') throw new XrpcError(400, 'InvalidRequest', 'This simulator stores app.bsky.feed.post records only');
    const record = checkPost(state, body['record'], account);
    const post = state.createPost(account, record);
    for (const img of record.embed?.images ?? []) state.blob(account.did, img.image.ref.$link)!.referenced = true;
    return c.json({ uri: post.uri, cid: post.cid, validationStatus: 'valid' });
  });

  app.post('/xrpc/com.atproto.repo.uploadBlob', async (c) => {
    const { account } = await authed(c, 'com.atproto.repo.uploadBlob');
    const declared = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const length = Number(c.req.header('content-length'));
    if (Number.isFinite(length) && length > BLOB_UPLOAD_LIMIT) throw new XrpcError(413, 'PayloadTooLarge', 'request entity too large');
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length === 0) throw new XrpcError(400, 'InvalidRequest', 'Request body is required');
    return c.json({ blob: state.uploadBlob(account, bytes, declared) });
  });

  // The original blob, public, from the PDS that holds the repository (no auth; the reference PDS's safety headers).
  app.get('/xrpc/com.atproto.sync.getBlob', async (c) => {
    const did = need(q(c, 'did'), 'did');
    const cid = need(q(c, 'cid'), 'cid');
    await limit(c, 'com.atproto.sync.getBlob', `ip:${c.req.header('x-forwarded-for') ?? 'local'}`, o.rateLimit);
    if (!state.accounts.has(did)) throw new XrpcError(400, 'RepoNotFound', `Could not find repo for DID: ${did}`);
    const blob = state.blob(did, cid);
    if (!blob || !blob.referenced) throw new XrpcError(400, 'BlobNotFound', 'Blob not found');
    return c.body(new Uint8Array(blob.bytes), 200, {
      'content-type': blob.mimeType,
      'content-length': String(blob.bytes.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
  });

  // DID documents: every account of the simulator has it as its PDS.
  app.get('/xrpc/com.atproto.identity.resolveDid', async (c) => {
    const did = need(q(c, 'did'), 'did');
    const a = state.accounts.get(did);
    if (!a) throw new XrpcError(400, 'DidNotFound', `DID not found: ${did}`);
    const origin = state.baseUrl ?? new URL(c.req.url).origin;
    return c.json({
      didDoc: {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id: a.did,
        alsoKnownAs: [`at://${a.handle}`],
        verificationMethod: [],
        service: [{ id: '#atproto_pds', type: 'AtprotoPersonalDataServer', serviceEndpoint: origin }],
      },
    });
  });

  // The app view's image CDN (cdn.bsky.app/img/avatar/plain/<did>/<cid>@jpeg), for avatars.
  app.get('/img/avatar/plain/:did/:file', (c) => {
    const a = state.accounts.get(c.req.param('did'));
    if (!a) return c.text('Not Found', 404);
    const png = gradientPng(48, 48, [40, 110 + (a.handle.length * 7) % 100, 230]);
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'content-length': String(png.length) });
  });

  app.get('/xrpc/chat.bsky.convo.getLog', async (c) => {
    const { account } = await authed(c, 'chat.bsky.convo.getLog', { chat: true });
    const cursor = q(c, 'cursor') ?? '';
    const mine = new Set([...state.convos.values()].filter((v) => v.members.includes(account.did)).map((v) => v.id));
    const logs = state.messages.filter((m) => mine.has(m.convoId) && m.rev > cursor).slice(0, 100);
    const last = logs[logs.length - 1];
    return c.json({ logs: logs.map((m) => ({ $type: 'chat.bsky.convo.defs#logCreateMessage', rev: m.rev, convoId: m.convoId, message: messageView(m) })), ...(last ? { cursor: last.rev } : cursor ? { cursor } : {}) });
  });

  const convoView = (id: string, viewer: Account) => {
    const convo = state.convos.get(id);
    if (!convo || !convo.members.includes(viewer.did)) throw new XrpcError(400, 'InvalidConvo', 'Convo not found');
    return { id: convo.id, rev: convo.rev, members: convo.members.map((d) => basic(state.accounts.get(d)!)), muted: false, unreadCount: 0 };
  };

  app.get('/xrpc/chat.bsky.convo.getConvo', async (c) => {
    const { account } = await authed(c, 'chat.bsky.convo.getConvo', { chat: true });
    return c.json({ convo: convoView(need(q(c, 'convoId'), 'convoId'), account) });
  });

  app.get('/xrpc/chat.bsky.convo.getConvoForMembers', async (c) => {
    const { account } = await authed(c, 'chat.bsky.convo.getConvoForMembers', { chat: true });
    const members = new URL(c.req.url).searchParams.getAll('members');
    if (members.length === 0) throw new XrpcError(400, 'InvalidRequest', 'Params must have the property "members"');
    for (const m of members) if (!state.accounts.has(m)) throw new XrpcError(400, 'InvalidRequest', `Unknown member: ${m}`);
    return c.json({ convo: convoView(state.convoFor([account.did, ...members]).id, account) });
  });

  app.get('/xrpc/chat.bsky.convo.getMessages', async (c) => {
    const { account } = await authed(c, 'chat.bsky.convo.getMessages', { chat: true });
    const id = need(q(c, 'convoId'), 'convoId');
    convoView(id, account);
    const max = Math.min(Number(q(c, 'limit') ?? 50) || 50, 100);
    const cursor = q(c, 'cursor');
    const page = state.messages.filter((m) => m.convoId === id && (cursor === undefined || m.rev < cursor)).reverse().slice(0, max);
    return c.json({ messages: page.map(messageView), ...(page.length === max ? { cursor: page[page.length - 1]!.rev } : {}) });
  });

  app.post('/xrpc/chat.bsky.convo.sendMessage', async (c) => {
    const { account } = await authed(c, 'chat.bsky.convo.sendMessage', { chat: true });
    const body = await json(c);
    const convo = state.convos.get(String(body['convoId'] ?? ''));
    if (!convo || !convo.members.includes(account.did)) throw new XrpcError(400, 'InvalidConvo', 'Convo not found');
    const message = body['message'] as { text?: unknown } | undefined;
    if (typeof message?.text !== 'string' || message.text.length === 0) throw new XrpcError(400, 'InvalidRequest', 'Input/message/text must be a string');
    if (graphemeLength(message.text) > CHAT_MAX_GRAPHEMES) throw new XrpcError(400, 'InvalidRequest', `Input/message/text must not be longer than ${CHAT_MAX_GRAPHEMES} graphemes`);
    return c.json(messageView(state.sendMessage(account, convo, message.text)));
  });
}

const STRONG_REF = (v: unknown): v is { uri: string; cid: string } =>
  typeof v === 'object' && v !== null && typeof (v as { uri?: unknown }).uri === 'string' && /^at:\/\//.test((v as { uri: string }).uri) && typeof (v as { cid?: unknown }).cid === 'string';

/** The app.bsky.feed.post lexicon, enforced: text within 300 graphemes and 3000 bytes, createdAt, reply refs, facets inside the text. */
function checkPost(state: BlueskyState, value: unknown, author: Account): PostRecord {
  const bad = (m: string) => new XrpcError(400, 'InvalidRequest', `Invalid app.bsky.feed.post record: ${m}`);
  if (typeof value !== 'object' || value === null) throw bad('Record must be an object');
  const r = value as Record<string, unknown>;
  if (typeof r['text'] !== 'string') throw bad('Record/text must be a string');
  if (graphemeLength(r['text']) > POST_MAX_GRAPHEMES) throw bad(`Record/text must not be longer than ${POST_MAX_GRAPHEMES} graphemes`);
  if (Buffer.byteLength(r['text']) > POST_MAX_BYTES) throw bad(`Record/text must not be longer than ${POST_MAX_BYTES} characters`);
  if (typeof r['createdAt'] !== 'string' || Number.isNaN(Date.parse(r['createdAt']))) throw bad('Record/createdAt must be an valid atproto datetime');
  if (r['reply'] !== undefined) {
    const reply = r['reply'] as Record<string, unknown>;
    if (!STRONG_REF(reply['root']) || !STRONG_REF(reply['parent'])) throw bad('Record/reply must have root and parent strong refs');
    for (const ref of [reply['root'], reply['parent']]) {
      const known = state.posts.get(ref.uri);
      if (known && known.cid !== ref.cid) throw bad(`Record/reply refers to ${ref.uri} with a cid that is not its own`);
    }
  }
  if (r['embed'] !== undefined) checkEmbed(state, r['embed'], author, bad);
  const bytes = Buffer.byteLength(r['text']);
  for (const f of (r['facets'] as PostRecord['facets']) ?? []) {
    if (!(f.index.byteStart >= 0 && f.index.byteEnd > f.index.byteStart && f.index.byteEnd <= bytes)) throw bad('Record/facets index is outside the text');
    for (const feat of f.features) {
      if (feat.$type === 'app.bsky.richtext.facet#mention' && !/^did:[a-z]+:/.test(feat.did ?? '')) throw bad('Record/facets mention must have a did');
      if (feat.$type === 'app.bsky.richtext.facet#link' && !/^[a-z][a-z0-9+.-]*:/.test(feat.uri ?? '')) throw bad('Record/facets link must have a uri');
    }
  }
  return { ...(r as unknown as PostRecord), $type: 'app.bsky.feed.post' };
}

const BLOB_REF = (v: unknown): v is BlobRef =>
  typeof v === 'object' && v !== null && (v as BlobRef).$type === 'blob' && typeof (v as BlobRef).ref?.$link === 'string' && typeof (v as BlobRef).mimeType === 'string' && Number.isInteger((v as BlobRef).size);

/** app.bsky.embed.images (and a quote, app.bsky.embed.record), as the lexicon and the PDS's blob check have them. */
function checkEmbed(state: BlueskyState, value: unknown, author: Account, bad: (m: string) => XrpcError): void {
  const embed = value as Record<string, unknown>;
  if (typeof embed !== 'object' || embed === null || typeof embed['$type'] !== 'string') throw bad('Record/embed must be an object with a $type');
  if (embed['$type'] === 'app.bsky.embed.record') {
    if (!STRONG_REF(embed['record'])) throw bad('Record/embed/record must be a strong ref');
    return;
  }
  if (embed['$type'] !== 'app.bsky.embed.images') throw bad(`Record/embed $type ${String(embed['$type'])} is not supported by this simulator`);
  const images = embed['images'];
  if (!Array.isArray(images)) throw bad('Record/embed/images must be an array');
  if (images.length > EMBED_MAX_IMAGES) throw bad(`Record/embed/images must not have more than ${EMBED_MAX_IMAGES} elements`);
  images.forEach((img: Record<string, unknown>, i) => {
    const at = `Record/embed/images/${i}`;
    if (typeof img !== 'object' || img === null) throw bad(`${at} must be an object`);
    if (typeof img['alt'] !== 'string') throw bad(`${at} must have the property "alt"`);
    if (!BLOB_REF(img['image'])) throw bad(`${at}/image should be a blob ref`);
    const ref = img['image'];
    if (!ref.mimeType.startsWith('image/')) throw bad(`${at}/image mimeType (${ref.mimeType}) not accepted. Expected image/*`);
    if (ref.size > EMBED_IMAGE_MAX_BYTES) throw bad(`${at}/image file too big (${ref.size} bytes). Max size is ${EMBED_IMAGE_MAX_BYTES} bytes`);
    const ratio = img['aspectRatio'] as { width?: unknown; height?: unknown } | undefined;
    if (ratio !== undefined && !(Number.isInteger(ratio.width) && Number.isInteger(ratio.height) && (ratio.width as number) >= 1 && (ratio.height as number) >= 1)) throw bad(`${at}/aspectRatio must have positive integer width and height`);
    // The PDS finds each referenced blob among the account's own uploads, with the same type and size.
    const stored = state.blob(author.did, ref.ref.$link);
    if (!stored) throw new XrpcError(400, 'BlobNotFound', `Could not find blob: ${ref.ref.$link}`);
    if (stored.mimeType !== ref.mimeType || stored.bytes.length !== ref.size) throw new XrpcError(400, 'InvalidRequest', `Referenced Mimetype does not match stored blob. Expected: ${stored.mimeType}, Got: ${ref.mimeType}`);
  });
}

async function json(c: Context): Promise<Record<string, unknown>> {
  try {
    const v: unknown = await c.req.json();
    if (typeof v === 'object' && v !== null) return v as Record<string, unknown>;
  } catch {
    // answered below like a body that is not an object
  }
  throw new XrpcError(400, 'InvalidRequest', 'Request body must be a JSON object');
}
