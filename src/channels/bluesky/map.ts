// Bluesky's notifications, posts and chat messages, mapped into the channel's terms.
import type { InboundEntity, SocialUser } from '../types.ts';
import { postAttachments, type PostEmbed } from './media.ts';

export interface ProfileBasic {
  did: string;
  handle: string;
  displayName?: string;
  avatar?: string;
}

export interface StrongRef {
  uri: string;
  cid: string;
}

export interface PostRecord {
  text: string;
  createdAt: string;
  reply?: { root: StrongRef; parent: StrongRef };
  embed?: PostEmbed;
}

export interface BskyNotification {
  uri: string;
  cid: string;
  author: ProfileBasic;
  reason: string;
  record: PostRecord;
  indexedAt: string;
}

export interface ChatMessageView {
  id: string;
  rev: string;
  text: string;
  sender: { did: string };
  sentAt: string;
}

export const TICKET_REASONS = new Set(['mention', 'reply', 'quote']);

export function userOf(p: ProfileBasic): SocialUser {
  return { externalUserId: p.did, handle: p.handle, displayName: p.displayName || p.handle, avatarUrl: p.avatar ?? null };
}

/** https://bsky.app/profile/<handle>/post/<rkey> for at://<did>/app.bsky.feed.post/<rkey>. */
export function postUrl(uri: string, handle: string): string | null {
  const rkey = /^at:\/\/[^/]+\/app\.bsky\.feed\.post\/([^/]+)$/.exec(uri)?.[1];
  return rkey ? `https://bsky.app/profile/${handle}/post/${rkey}` : null;
}

export function postEntity(n: BskyNotification): InboundEntity {
  const attachments = postAttachments(n.author.did, n.record.embed);
  return {
    ...(attachments.length ? { attachments } : {}),
    kind: 'tweet',
    stream: 'mentions',
    externalId: n.uri,
    conversationKey: `post:${n.record.reply?.root.uri ?? n.uri}`,
    inReplyToExternalId: n.record.reply?.parent.uri ?? null,
    author: userOf(n.author),
    text: n.record.text,
    createdAt: n.record.createdAt || n.indexedAt,
    url: postUrl(n.uri, n.author.handle),
  };
}

export function messageEntity(convoId: string, m: ChatMessageView, author: ProfileBasic): InboundEntity {
  return {
    kind: 'dm',
    stream: 'dms',
    externalId: `chat:${m.id}`,
    conversationKey: `dm:${convoId}`,
    inReplyToExternalId: null,
    author: userOf(author),
    text: m.text,
    createdAt: m.sentAt,
    url: null,
  };
}
