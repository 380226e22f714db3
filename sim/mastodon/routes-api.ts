// The Mastodon REST API endpoints Parley uses, checked as a Mastodon server checks them: a Bearer
// token, its OAuth scopes, 300 calls per account per 5 minutes (X-RateLimit-* headers), the
// instance's max_characters, Idempotency-Key on POST /api/v1/statuses.
import type { Context, Hono } from 'hono';
import { gradientPng } from '../common/png.ts';
import { consume, exhaust, holdOpen, takeFault, type FaultRule, type Window } from '../common/serve.ts';
import { renderContent, SimError, statusLength, type Account, type MastodonState, type Media, type Notification, type Status, type Visibility } from './state.ts';

export interface ApiOptions {
  rateLimit: number;
  rateWindowMs: number;
  faults: FaultRule[];
  windows: Map<string, Window>;
  calls: Map<string, number>;
}

/** Mastodon's own limit on uploads: 30 per account per 30 minutes (config/initializers/rack_attack.rb). */
const MEDIA_LIMIT = 30;
const MEDIA_WINDOW_MS = 30 * 60_000;

const EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp', 'video/mp4': 'mp4', 'video/quicktime': 'mov', 'video/webm': 'webm', 'audio/ogg': 'ogg', 'audio/mpeg': 'mp3' };

export function mediaFileUrl(state: MastodonState, m: Media): string {
  return `${state.baseUrl ?? `https://${state.options.domain}`}/system/media_attachments/files/${m.id}/original/${m.id}.${EXT[m.contentType] ?? 'bin'}`;
}

/** The MediaAttachment entity; `url` stays null while the file is processed. */
export function presentMedia(state: MastodonState, m: Media) {
  const ready = state.ready(m);
  const meta = m.width && m.height ? { original: { width: m.width, height: m.height, size: `${m.width}x${m.height}`, aspect: m.width / m.height } } : {};
  return {
    id: m.id,
    type: m.type,
    url: ready ? mediaFileUrl(state, m) : null,
    preview_url: mediaFileUrl(state, m).replace('/original/', '/small/'),
    remote_url: null,
    text_url: null,
    meta,
    description: m.description,
    blurhash: null,
  };
}

const IDEMPOTENCY_MS = 60 * 60 * 1000;

export function presentAccount(state: MastodonState, a: Account) {
  return {
    id: a.id,
    username: a.username,
    acct: a.acct,
    display_name: a.displayName,
    url: `https://${a.acct.includes('@') ? a.acct.split('@')[1] : state.options.domain}/@${a.username}`,
    avatar: a.avatar,
    created_at: a.createdAt,
    bot: false,
    locked: false,
  };
}

export function presentStatus(state: MastodonState, s: Status) {
  const author = state.account(s.accountId);
  const url = `https://${state.options.domain}/@${author.acct}/${s.id}`;
  return {
    id: s.id,
    uri: url,
    url: s.visibility === 'direct' ? null : url,
    created_at: s.createdAt,
    account: presentAccount(state, author),
    content: renderContent(state, s),
    visibility: s.visibility,
    sensitive: false,
    spoiler_text: '',
    in_reply_to_id: s.inReplyToId,
    in_reply_to_account_id: s.inReplyToAccountId,
    reblog: null,
    media_attachments: s.mediaIds.map((id) => presentMedia(state, state.media.get(id)!)),
    mentions: s.mentionIds.map((id) => {
      const m = state.account(id);
      return { id: m.id, username: m.username, acct: m.acct, url: presentAccount(state, m).url };
    }),
    tags: [],
    emojis: [],
  };
}

function presentNotification(state: MastodonState, n: Notification) {
  const status = n.statusId ? state.statuses.get(n.statusId) : undefined;
  return { id: n.id, type: n.type, created_at: n.createdAt, account: presentAccount(state, state.account(n.accountId)), status: status ? presentStatus(state, status) : null };
}

/** Scope `read` covers `read:notifications` and the like (Mastodon's scope hierarchy). */
const hasScope = (a: Account, needed: string) => a.scopes.includes(needed) || a.scopes.includes(needed.split(':')[0]!);

export function registerApiRoutes(app: Hono, state: MastodonState, o: ApiOptions): void {
  async function guard(c: Context, endpoint: string, scope: string | null): Promise<Account | undefined> {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    const account = token ? state.accountByToken(token) : undefined;
    if (token && !account) throw new SimError(401, 'The access token is invalid');
    if (scope && !account) throw new SimError(401, 'The access token is invalid');
    if (scope && account && !hasScope(account, scope)) throw new SimError(403, 'This action is outside the authorized scopes');
    const key = account ? `account:${account.id}` : `ip:${c.req.header('x-forwarded-for') ?? 'local'}`;
    o.calls.set(key, (o.calls.get(key) ?? 0) + 1);
    const verdict = consume(o.windows, key, o.rateLimit, o.rateWindowMs, state.options.now());
    const headers = (remaining: number) => {
      c.header('X-RateLimit-Limit', String(o.rateLimit));
      c.header('X-RateLimit-Remaining', String(remaining));
      c.header('X-RateLimit-Reset', new Date(verdict.resetAtMs).toISOString());
    };
    const fault = takeFault(o.faults, endpoint);
    if (fault?.status === 'timeout') await holdOpen(fault.delayMs, c.req.raw.signal);
    if (fault?.status === 429) exhaust(o.windows, key, o.rateLimit);
    if (verdict.limited || fault?.status === 429) {
      headers(0);
      throw new SimError(429, 'Too many requests');
    }
    if (fault?.status === 500 || fault?.status === 503) throw new SimError(fault.status, 'We\'re sorry, but something went wrong on our end.');
    headers(verdict.remaining);
    return account;
  }

  app.get('/api/v2/instance', async (c) => {
    await guard(c, 'GET /api/v2/instance', null);
    return c.json({
      domain: state.options.domain,
      title: 'Mastodon simulator',
      version: '4.3.0',
      source_url: 'https://github.com/mastodon/mastodon',
      configuration: {
        urls: { streaming: `wss://${state.options.domain}` },
        accounts: { max_featured_tags: 10 },
        statuses: { max_characters: state.options.maxCharacters, max_media_attachments: state.options.media.maxAttachments, characters_reserved_per_url: 23 },
        media_attachments: {
          supported_mime_types: state.options.media.supportedMimeTypes,
          image_size_limit: state.options.media.imageSizeLimit,
          image_matrix_limit: 33177600,
          video_size_limit: state.options.media.videoSizeLimit,
          video_frame_rate_limit: 120,
          video_matrix_limit: 8294400,
        },
      },
      registrations: { enabled: false, approval_required: false, message: null },
    });
  });

  app.get('/api/v1/accounts/verify_credentials', async (c) => {
    const me = (await guard(c, 'GET /api/v1/accounts/verify_credentials', 'read:accounts'))!;
    return c.json({ ...presentAccount(state, me), source: { privacy: 'public', note: '' } });
  });

  app.get('/api/v1/accounts/lookup', async (c) => {
    await guard(c, 'GET /api/v1/accounts/lookup', null);
    const acct = c.req.query('acct');
    if (!acct) throw new SimError(400, 'Missing parameter acct');
    const found = state.accountByAcct(acct);
    if (!found) throw new SimError(404, 'Record not found');
    return c.json(presentAccount(state, found));
  });

  app.get('/api/v1/accounts/:id', async (c) => {
    await guard(c, 'GET /api/v1/accounts/:id', null);
    return c.json(presentAccount(state, state.account(c.req.param('id'))));
  });

  app.get('/api/v1/accounts/:id/statuses', async (c) => {
    const viewer = await guard(c, 'GET /api/v1/accounts/:id/statuses', 'read:statuses');
    const author = state.account(c.req.param('id'));
    const limit = clampLimit(c.req.query('limit'), 20, 40);
    // Authors see their own direct statuses here; others do not (Mastodon #14841).
    const list = [...state.statuses.values()]
      .filter((s) => s.accountId === author.id && (viewer?.id === author.id || s.visibility === 'public' || s.visibility === 'unlisted'))
      .filter((s) => !c.req.query('since_id') || BigInt(s.id) > BigInt(c.req.query('since_id')!))
      .filter((s) => !c.req.query('max_id') || BigInt(s.id) < BigInt(c.req.query('max_id')!))
      .sort(newestFirst)
      .slice(0, limit);
    return c.json(list.map((s) => presentStatus(state, s)));
  });

  app.get('/api/v1/notifications', async (c) => {
    const me = (await guard(c, 'GET /api/v1/notifications', 'read:notifications'))!;
    const url = new URL(c.req.url);
    const types = url.searchParams.getAll('types[]');
    const exclude = url.searchParams.getAll('exclude_types[]');
    const limit = clampLimit(c.req.query('limit'), 40, 80);
    const idParam = (k: string) => {
      const v = c.req.query(k);
      return v && /^\d+$/.test(v) ? BigInt(v) : null;
    };
    const [maxId, sinceId, minId] = [idParam('max_id'), idParam('since_id'), idParam('min_id')];
    let list = [...state.notifications.values()]
      .filter((n) => n.ownerId === me.id && (types.length === 0 || types.includes(n.type)) && !exclude.includes(n.type))
      .filter((n) => (maxId === null || BigInt(n.id) < maxId) && (sinceId === null || BigInt(n.id) > sinceId) && (minId === null || BigInt(n.id) > minId));
    // min_id: the page immediately after it (oldest first, then shown newest first); otherwise the newest page.
    list = minId !== null ? list.sort(newestFirst).reverse().slice(0, limit).sort(newestFirst) : list.sort(newestFirst).slice(0, limit);
    if (list.length > 0) {
      const base = `${url.origin}${url.pathname}`;
      c.header('Link', `<${base}?max_id=${list[list.length - 1]!.id}>; rel="next", <${base}?min_id=${list[0]!.id}>; rel="prev"`);
    }
    return c.json(list.map((n) => presentNotification(state, n)));
  });

  app.get('/api/v1/statuses/:id', async (c) => {
    const viewer = await guard(c, 'GET /api/v1/statuses/:id', null);
    const s = state.statuses.get(c.req.param('id'));
    if (!s || !state.canSee(viewer, s)) throw new SimError(404, 'Record not found');
    return c.json(presentStatus(state, s));
  });

  app.get('/api/v1/statuses/:id/context', async (c) => {
    const viewer = (await guard(c, 'GET /api/v1/statuses/:id/context', 'read:statuses'))!;
    const s = state.statuses.get(c.req.param('id'));
    if (!s || !state.canSee(viewer, s)) throw new SimError(404, 'Record not found');
    const { ancestors, descendants } = state.context(viewer, s);
    return c.json({ ancestors: ancestors.map((a) => presentStatus(state, a)), descendants: descendants.map((d) => presentStatus(state, d)) });
  });

  app.post('/api/v1/statuses', async (c) => {
    const me = (await guard(c, 'POST /api/v1/statuses', 'write:statuses'))!;
    const body = await readParams(c);
    const key = c.req.header('idempotency-key');
    const now = state.options.now();
    if (key) {
      const seen = state.idempotency.get(`${me.id} ${key}`);
      if (seen && now - seen.atMs < IDEMPOTENCY_MS) return c.json(presentStatus(state, state.statuses.get(seen.statusId)!));
    }
    const text = typeof body['status'] === 'string' ? body['status'] : '';
    const rawIds = body['media_ids'] ?? body['media_ids[]'];
    const wanted = (Array.isArray(rawIds) ? rawIds : rawIds === undefined ? [] : [rawIds]).map(String);
    const mediaIds = wanted.length ? state.attachable(me, wanted) : [];
    // A status with media may have no text.
    if (!text.trim() && mediaIds.length === 0) throw new SimError(422, "Validation failed: Text can't be blank");
    const length = statusLength(text);
    if (length > state.options.maxCharacters) throw new SimError(422, `Validation failed: Text character limit of ${state.options.maxCharacters} exceeded`);
    const visibility = (body['visibility'] ?? 'public') as Visibility;
    if (!['public', 'unlisted', 'private', 'direct'].includes(visibility)) throw new SimError(422, 'Validation failed: Visibility is not included in the list');
    const status = state.post(me, { text, visibility, inReplyToId: typeof body['in_reply_to_id'] === 'string' && body['in_reply_to_id'] ? body['in_reply_to_id'] : null, mediaIds });
    if (key) state.idempotency.set(`${me.id} ${key}`, { statusId: status.id, atMs: now });
    return c.json(presentStatus(state, status));
  });

  app.post('/api/v2/media', async (c) => {
    const me = (await guard(c, 'POST /api/v2/media', 'write:media'))!;
    const verdict = consume(o.windows, `media:${me.id}`, MEDIA_LIMIT, MEDIA_WINDOW_MS, state.options.now());
    if (verdict.limited) throw new SimError(429, 'Too many requests');
    if (!(c.req.header('content-type') ?? '').includes('multipart/form-data')) throw new SimError(422, 'Validation failed: File can\'t be blank');
    const form = await c.req.parseBody();
    const file = form['file'];
    if (!(file instanceof File)) throw new SimError(422, 'Validation failed: File can\'t be blank');
    const description = typeof form['description'] === 'string' ? form['description'] : null;
    const media = state.upload(me, Buffer.from(await file.arrayBuffer()), description);
    // Since 4.0 images are processed before the answer (200); video, GIF and audio later (202, url null).
    return c.json(presentMedia(state, media), state.ready(media) ? 200 : 202);
  });

  app.get('/api/v1/media/:id', async (c) => {
    const me = (await guard(c, 'GET /api/v1/media/:id', 'write:media'))!;
    const m = state.media.get(c.req.param('id'));
    // Only the uploader's media that is not attached yet (Api::V1::MediaController#show).
    if (!m || m.accountId !== me.id || m.statusId !== null) throw new SimError(404, 'Record not found');
    return c.json(presentMedia(state, m), state.ready(m) ? 200 : 206);
  });

  // The files host: public, no token, the stored bytes with their type.
  app.get('/system/media_attachments/files/:id/original/:name', (c) => {
    const m = state.media.get(c.req.param('id'));
    if (!m || !state.ready(m)) return c.text('Not Found', 404);
    return c.body(new Uint8Array(m.bytes), 200, { 'content-type': m.contentType, 'content-length': String(m.bytes.length), 'cache-control': 'public, max-age=315576000, immutable' });
  });
  app.get('/system/accounts/avatars/:username/original/avatar.png', (c) => {
    const a = [...state.accounts.values()].find((x) => x.username.toLowerCase() === c.req.param('username'));
    if (!a) return c.text('Not Found', 404);
    const png = avatarPng(a.id);
    return c.body(new Uint8Array(png), 200, { 'content-type': 'image/png', 'content-length': String(png.length) });
  });
}

function avatarPng(seed: string): Buffer {
  const n = Number(BigInt(seed) % 200n);
  return gradientPng(48, 48, [55 + n, 120, 255 - n]);
}

const newestFirst = (a: { id: string }, b: { id: string }) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1);

function clampLimit(raw: string | undefined, fallback: number, max: number): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** Mastodon takes JSON, form data or query parameters alike. */
async function readParams(c: Context): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    try {
      const parsed: unknown = await c.req.json();
      if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
    } catch {
      /* fall through: Mastodon answers an unreadable body as a missing status */
    }
    throw new SimError(400, 'Error occurred while parsing request parameters');
  }
  if (type.includes('form')) return Object.fromEntries(Object.entries(await c.req.parseBody()));
  return Object.fromEntries(new URL(c.req.url).searchParams);
}
