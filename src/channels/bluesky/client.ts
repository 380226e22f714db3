// One Bluesky profile's client: the ChannelClient the worker, the outbox and the web use.
import { ChannelError, type AccountInfo, type ChannelClient, type ChannelClientOptions, type OutboundMessage, type SentMessage, type SocialUser } from '../types.ts';
import { createBlueskyApi, type BlueskyApi } from './api.ts';
import { facetsOf } from './facets.ts';
import { fetchChat, fetchPostNotifications } from './fetch.ts';
import { postUrl, userOf, type ChatMessageView, type PostRecord, type ProfileBasic, type StrongRef } from './map.ts';
import { checkText } from './text.ts';

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
    const created = await api.post<StrongRef>('com.atproto.repo.createRecord', { repo: me.id, collection: 'app.bsky.feed.post', record });
    const root = (record['reply'] as { root: StrongRef } | undefined)?.root.uri ?? created.uri;
    return { externalId: created.uri, conversationKey: m.conversationKey ?? `post:${root}`, url: postUrl(created.uri, me.username), createdAt: String(record['createdAt']) };
  }

  async function sendChat(m: OutboundMessage): Promise<SentMessage> {
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
      if (!check.ok) throw new ChannelError('permanent', check.message ?? 'Bluesky would not accept this text.');
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

    async lookupUser(handle): Promise<SocialUser> {
      const h = handle.trim().replace(/^@/, '');
      if (!HANDLE.test(h)) throw new ChannelError('permanent', `"${handle}" is not a Bluesky handle (a domain name such as name.bsky.social).`);
      return userOf(await api.get<ProfileBasic>('app.bsky.actor.getProfile', { actor: h.toLowerCase() }));
    },
  };
}
