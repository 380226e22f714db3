// One Bluesky profile's client: the ChannelClient the worker, the outbox and the web use.
import { ChannelError, type AccountInfo, type ChannelClient, type ChannelClientOptions, type OutboundMessage, type SentMessage, type SocialUser } from '../types.ts';
import { createBlueskyApi, type BlueskyApi } from './api.ts';
import { facetsOf } from './facets.ts';
import { fetchChat, fetchPostNotifications } from './fetch.ts';
import { postUrl, userOf, type ChatMessageView, type PostRecord, type ProfileBasic, type StrongRef } from './map.ts';
import { checkText } from './text.ts';
import { t } from '../../i18n/index.ts';
import { fetchMedia, imageSize, mediaUrl } from '../media-http.ts';
import { checkBlueskyMedia, imagesEmbed, parseBlobSource, pdsOf, type BlobRef, type UploadedImage } from './media.ts';

/** Bluesky's own image CDN, where the app view puts avatars; a download goes nowhere else but PDSes. */
export const BLUESKY_CDN_HOSTS = ['cdn.bsky.app'];
const PDS_TTL_MS = 60 * 60_000;
/** Authors' PDS by DID, the oldest dropped first beyond PDS_CACHE_MAX. */
const pdsCache = new Map<string, { pds: string; at: number }>();
const PDS_CACHE_MAX = 5000;

const HANDLE = /^@?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/i;

interface ThreadView {
  thread: { post?: { uri: string; cid: string; record: PostRecord } };
}

async function replyRefs(api: BlueskyApi, parentUri: string): Promise<{ root: StrongRef; parent: StrongRef }> {
  const { thread } = await api.get<ThreadView>('app.bsky.feed.getPostThread', { uri: parentUri, depth: '0', parentHeight: '0' });
  const post = thread.post;
  if (!post) throw new ChannelError('permanent', 'Bluesky no longer has the post this reply answers.');
  const parent = { uri: post.uri, cid: post.cid };
  return { root: post.record.reply?.root ?? parent, parent };
}

async function convoOf(api: BlueskyApi, m: OutboundMessage): Promise<string> {
  if (m.conversationKey?.startsWith('dm:')) return m.conversationKey.slice(3);
  if (!m.recipientExternalUserId) throw new ChannelError('permanent', 'A Bluesky direct message needs a recipient.');
  const { convo } = await api.get<{ convo: { id: string } }>('chat.bsky.convo.getConvoForMembers', { members: [m.recipientExternalUserId] });
  return convo.id;
}

export function createBlueskyClient(options: ChannelClientOptions): ChannelClient {
  const api = createBlueskyApi(options);
  let account: AccountInfo | null = options.account;

  async function verify(): Promise<AccountInfo> {
    const s = await api.session();
    const profile = await api.get<ProfileBasic>('app.bsky.actor.getProfile', { actor: s.did });
    account = { id: s.did, username: s.handle, name: profile.displayName || s.handle };
    return account;
  }
  const knownAccount = async () => account ?? verify();

  /** The author's PDS, from their DID document (asked of the profile's own PDS, which forwards it to the app view). */
  async function authorPds(did: string): Promise<string> {
    const cached = pdsCache.get(did);
    if (cached && Date.now() - cached.at < PDS_TTL_MS) return cached.pds;
    const { didDoc } = await api.get<{ didDoc?: unknown }>('com.atproto.identity.resolveDid', { did });
    const pds = pdsOf(didDoc, did);
    if (!pds) throw new ChannelError('permanent', `The DID document of ${did} names no PDS to fetch the media from.`);
    pdsCache.delete(did);
    pdsCache.set(did, { pds, at: Date.now() });
    if (pdsCache.size > PDS_CACHE_MAX) pdsCache.delete(pdsCache.keys().next().value!);
    return pds;
  }

  const resolve = async (handle: string) => {
    try {
      return (await api.get<{ did: string }>('com.atproto.identity.resolveHandle', { handle })).did;
    } catch (e) {
      if (e instanceof ChannelError && e.kind === 'permanent') return null;
      throw e;
    }
  };

  async function sendPost(me: AccountInfo, m: OutboundMessage): Promise<SentMessage> {
    const record: Record<string, unknown> = { $type: 'app.bsky.feed.post', text: m.text, createdAt: new Date().toISOString(), langs: ['en'] };
    if (m.inReplyToExternalId) record['reply'] = await replyRefs(api, m.inReplyToExternalId);
    const facets = await facetsOf(m.text, resolve);
    if (facets.length > 0) record['facets'] = facets;
    if (m.mediaIds?.length) record['embed'] = imagesEmbed(m.mediaIds);
    const created = await api.post<StrongRef>('com.atproto.repo.createRecord', { repo: me.id, collection: 'app.bsky.feed.post', record });
    const root = (record['reply'] as { root: StrongRef } | undefined)?.root.uri ?? created.uri;
    return { externalId: created.uri, conversationKey: m.conversationKey ?? `post:${root}`, url: postUrl(created.uri, me.username), createdAt: String(record['createdAt']) };
  }

  async function sendChat(m: OutboundMessage): Promise<SentMessage> {
    if (m.mediaIds?.length) throw new ChannelError('permanent', t('media.bluesky.noDm'));
    const convoId = await convoOf(api, m);
    const sent = await api.post<ChatMessageView>('chat.bsky.convo.sendMessage', { convoId, message: { text: m.text } });
    return { externalId: `chat:${sent.id}`, conversationKey: `dm:${convoId}`, url: null, createdAt: sent.sentAt };
  }

  return {
    verify,

    async fetchInbound(stream, cursor, since) {
      const me = await knownAccount();
      return stream === 'mentions' ? fetchPostNotifications(api, me, cursor, since) : fetchChat(api, me, cursor, since);
    },

    async send(message) {
      const check = checkText(message.kind, message.text);
      // A post with images may have no text.
      if (!check.ok && !(message.kind === 'tweet' && message.mediaIds?.length && message.text.trim() === '')) throw new ChannelError('permanent', check.message ?? 'Bluesky would not accept this text.');
      const me = await knownAccount();
      return message.kind === 'dm' ? sendChat(message) : sendPost(me, message);
    },

    async findSent(message, since) {
      const me = await knownAccount();
      if (message.kind === 'dm') {
        const convoId = await convoOf(api, message);
        const { messages } = await api.get<{ messages: ChatMessageView[] }>('chat.bsky.convo.getMessages', { convoId, limit: '50' });
        const m = messages.find((x) => x.sender.did === me.id && x.text === message.text && Date.parse(x.sentAt) >= since.getTime());
        return m ? { externalId: `chat:${m.id}`, conversationKey: `dm:${convoId}`, url: null, createdAt: m.sentAt } : null;
      }
      const { records } = await api.get<{ records: { uri: string; value: PostRecord }[] }>('com.atproto.repo.listRecords', { repo: me.id, collection: 'app.bsky.feed.post', limit: '50' });
      const r = records.find((x) => x.value.text === message.text && (x.value.reply?.parent.uri ?? null) === (message.inReplyToExternalId ?? null) && Date.parse(x.value.createdAt) >= since.getTime());
      if (!r) return null;
      return { externalId: r.uri, conversationKey: message.conversationKey ?? `post:${r.value.reply?.root.uri ?? r.uri}`, url: postUrl(r.uri, me.username), createdAt: r.value.createdAt };
    },

    async uploadMedia(file) {
      const refused = checkBlueskyMedia(file.use, [{ contentType: file.contentType, size: file.bytes.length }]);
      if (refused) throw new ChannelError('permanent', refused);
      const { blob } = await api.upload<{ blob: BlobRef }>('com.atproto.repo.uploadBlob', file.bytes, file.contentType);
      if (!blob?.ref?.$link) throw new ChannelError('transient', 'Bluesky took the image but did not say its blob reference.');
      const size = imageSize(file.bytes);
      const id: UploadedImage = { blob, ...(size ? { aspectRatio: size } : {}) };
      return JSON.stringify(id);
    },

    async downloadMedia(source, limits) {
      const blob = parseBlobSource(source.url);
      if (!blob) {
        // An avatar: from Bluesky's CDN (or the profile's own server) only.
        const url = mediaUrl(source.url, 'Bluesky', [api.base.origin]);
        if (url.origin !== api.base.origin && !BLUESKY_CDN_HOSTS.includes(url.hostname)) throw new ChannelError('permanent', `Parley downloads Bluesky pictures only from Bluesky's CDN, not from ${url.host}.`);
        return fetchMedia({ network: 'Bluesky', url, trustedOrigins: [api.base.origin], endpoint: 'GET media', limits, onCall: options.onCall });
      }
      const pds = await authorPds(blob.did);
      const url = mediaUrl(pds, 'Bluesky', [api.base.origin]);
      url.pathname = `${url.pathname.replace(/\/+$/, '')}/xrpc/com.atproto.sync.getBlob`;
      url.search = new URLSearchParams({ did: blob.did, cid: blob.cid }).toString();
      // getBlob needs no auth: the session's token is never sent to another PDS.
      return fetchMedia({ network: 'Bluesky', url, trustedOrigins: [api.base.origin], endpoint: 'GET com.atproto.sync.getBlob', limits, onCall: options.onCall });
    },

    async lookupUser(handle): Promise<SocialUser> {
      const h = handle.trim().replace(/^@/, '');
      if (!HANDLE.test(h)) throw new ChannelError('permanent', `"${handle}" is not a Bluesky handle (a domain name such as name.bsky.social).`);
      return userOf(await api.get<ProfileBasic>('app.bsky.actor.getProfile', { actor: h.toLowerCase() }));
    },
  };
}
