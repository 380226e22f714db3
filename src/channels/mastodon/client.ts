// One Mastodon profile's client: the ChannelClient the worker, the outbox and the web use.
import { createHash } from 'node:crypto';
import { ChannelError, type AccountInfo, type ChannelClient, type ChannelClientOptions, type OutboundMessage, type SentMessage, type SocialUser } from '../types.ts';
import { fetchMedia, mediaUrl } from '../media-http.ts';
import { createMastodonApi, type MastodonApi } from './api.ts';
import { awaitProcessed, mediaConfigOf, uploadMastodonMedia, type MediaConfig } from './media.ts';
import { fetchNotifications } from './fetch.ts';
import { dmKey, htmlToText, userOf, type MastodonAccount, type MastodonStatus } from './map.ts';
import { checkText, DEFAULT_MAX_CHARACTERS } from './text.ts';

const ACCT = /^@?[A-Za-z0-9_]{1,30}(@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?$/;
const LIMIT_TTL_MS = 60 * 60_000;

interface InstanceLimits {
  maxCharacters: number;
  media: MediaConfig;
  at: number;
}
/** Each server's limits (max_characters, media), asked at verify and then once an hour (GET /api/v2/instance). */
const limits = new Map<string, InstanceLimits>();

type InstanceAnswer = Parameters<typeof mediaConfigOf>[0] & { configuration?: { statuses?: { max_characters?: number } } };

async function instanceLimits(api: MastodonApi, fresh = false): Promise<InstanceLimits> {
  const cached = limits.get(api.base.href);
  if (!fresh && cached && Date.now() - cached.at < LIMIT_TTL_MS) return cached;
  const instance = await api.get<InstanceAnswer>('GET /api/v2/instance', '/api/v2/instance');
  const found = { maxCharacters: instance.configuration?.statuses?.max_characters ?? DEFAULT_MAX_CHARACTERS, media: mediaConfigOf(instance), at: Date.now() };
  limits.set(api.base.href, found);
  return found;
}

/** The same message always carries the same key, so a retry after a lost answer cannot post twice (Mastodon keeps keys an hour). */
function idempotencyKey(m: OutboundMessage): string {
  const parts: unknown[] = [m.kind, m.inReplyToExternalId ?? null, m.recipientExternalUserId ?? null, m.text];
  if (m.mediaIds?.length) parts.push(m.mediaIds);
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Mastodon delivers a status to the people it mentions: a reply or DM names its recipient first. */
function addressed(text: string, acct: string): string {
  const mention = `@${acct}`;
  return new RegExp(`(^|\\s)${mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\s|$)`, 'i').test(text) ? text : `${mention} ${text}`;
}

export function createMastodonClient(options: ChannelClientOptions): ChannelClient {
  const api = createMastodonApi(options);
  let account: AccountInfo | null = options.account;

  async function verify(): Promise<AccountInfo> {
    const me = await api.get<MastodonAccount>('GET /api/v1/accounts/verify_credentials', '/api/v1/accounts/verify_credentials');
    await instanceLimits(api, true);
    account = { id: me.id, username: me.acct, name: me.display_name || me.username };
    return account;
  }
  const knownAccount = async () => account ?? verify();

  /** What a message becomes on Mastodon: its text addressed to the recipient, its visibility, what it answers. */
  async function compose(m: OutboundMessage): Promise<{ status: string; visibility: string; in_reply_to_id?: string }> {
    const parent = m.inReplyToExternalId ? await api.get<MastodonStatus>('GET /api/v1/statuses/:id', `/api/v1/statuses/${encodeURIComponent(m.inReplyToExternalId)}`) : null;
    if (m.kind === 'tweet') {
      if (!parent) return { status: m.text, visibility: 'public' };
      // A reply keeps the visibility of what it answers (never wider than public).
      return { status: addressed(m.text, parent.account.acct), visibility: parent.visibility, in_reply_to_id: parent.id };
    }
    const to = m.recipientExternalUserId;
    if (!to) throw new ChannelError('permanent', 'A Mastodon direct message needs a recipient.');
    const recipient = parent?.account.id === to ? parent.account : await api.get<MastodonAccount>('GET /api/v1/accounts/:id', `/api/v1/accounts/${encodeURIComponent(to)}`);
    return { status: addressed(m.text, recipient.acct), visibility: 'direct', ...(parent ? { in_reply_to_id: parent.id } : {}) };
  }

  const sentOf = (me: AccountInfo, s: MastodonStatus): SentMessage => ({
    externalId: s.id,
    conversationKey: s.visibility === 'direct' ? dmKey(me.id, s) : `status:${s.in_reply_to_id ?? s.id}`,
    url: s.visibility === 'direct' ? null : s.url,
    createdAt: s.created_at,
  });

  return {
    verify,

    async fetchInbound(_stream, cursor, since) {
      return fetchNotifications(api, await knownAccount(), cursor, since);
    },

    async send(message) {
      const me = await knownAccount();
      const body = await compose(message);
      const server = await instanceLimits(api);
      const mediaIds = message.mediaIds ?? [];
      if (mediaIds.length > server.media.maxAttachments) throw new ChannelError('permanent', `This Mastodon server takes up to ${server.media.maxAttachments} files with a status.`);
      // A status with files may have no text of its own.
      if (!(mediaIds.length > 0 && body.status.trim() === '')) {
        const check = checkText(message.kind, body.status, server.maxCharacters);
        if (!check.ok) throw new ChannelError('permanent', check.message ?? 'Mastodon would not accept this text.');
      }
      if (mediaIds.length > 0) await awaitProcessed(api, mediaIds);
      const status = await api.post<MastodonStatus>('POST /api/v1/statuses', '/api/v1/statuses', { ...body, ...(mediaIds.length ? { media_ids: mediaIds } : {}) }, { 'Idempotency-Key': idempotencyKey(message) });
      const sent = sentOf(me, status);
      // A public reply continues the ticket's thread, whose key names its root.
      return message.kind === 'tweet' && message.conversationKey ? { ...sent, conversationKey: message.conversationKey } : sent;
    },

    async serverLimits() {
      // Read at verify, else at most an hour old (then asked again).
      const { maxCharacters, media } = await instanceLimits(api);
      return { maxCharacters, ...media };
    },
    async uploadMedia(file) {
      return uploadMastodonMedia(api, file, (await instanceLimits(api)).media);
    },

    async downloadMedia(source, downloadLimits) {
      // The address the server gave (its own files host, or the remote copy); https only, no redirects, no token sent.
      const url = mediaUrl(source.url, 'Mastodon', [api.base.origin]);
      return fetchMedia({ network: 'Mastodon', url, trustedOrigins: [api.base.origin], endpoint: 'GET media', limits: downloadLimits, onCall: options.onCall });
    },

    async findSent(message, since) {
      const me = await knownAccount();
      const body = await compose(message);
      const recent = await api.get<MastodonStatus[]>('GET /api/v1/accounts/:id/statuses', `/api/v1/accounts/${encodeURIComponent(me.id)}/statuses`, { limit: '40' });
      const match = recent.find(
        (s) => Date.parse(s.created_at) >= since.getTime() && (s.in_reply_to_id ?? undefined) === body.in_reply_to_id && s.visibility === body.visibility && htmlToText(s.content) === body.status.trim(),
      );
      if (!match) return null;
      const sent = sentOf(me, match);
      return message.kind === 'tweet' && message.conversationKey ? { ...sent, conversationKey: message.conversationKey } : sent;
    },

    async lookupUser(handle): Promise<SocialUser> {
      const acct = handle.trim();
      if (!ACCT.test(acct)) throw new ChannelError('permanent', `"${handle}" is not a Mastodon address (user or user@server).`);
      return userOf(await api.get<MastodonAccount>('GET /api/v1/accounts/lookup', '/api/v1/accounts/lookup', { acct: acct.replace(/^@/, '') }));
    },
  };
}
