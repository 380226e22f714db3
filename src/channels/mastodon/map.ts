// Mastodon's statuses, mapped into the channel's terms. `content` is HTML written by any server
// of the fediverse: it becomes plain text with html-to-text (a maintained converter that knows
// block and inline elements and entities), never kept as markup.
import { convert } from 'html-to-text';
import type { InboundEntity, SocialUser } from '../types.ts';
import { mediaAttachments, type MastodonMedia } from './media.ts';

export interface MastodonAccount {
  id: string;
  username: string;
  acct: string;
  display_name: string;
  avatar?: string | null;
  url?: string | null;
}

export interface MastodonStatus {
  id: string;
  created_at: string;
  in_reply_to_id: string | null;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  content: string;
  url: string | null;
  account: MastodonAccount;
  mentions: { id: string; username: string; acct: string }[];
  reblog?: unknown;
  media_attachments?: MastodonMedia[];
}

export interface MastodonNotification {
  id: string;
  type: string;
  created_at: string;
  account: MastodonAccount;
  status: MastodonStatus | null;
}

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'p', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    ],
  }).trim();
}

export function userOf(a: MastodonAccount): SocialUser {
  return { externalUserId: a.id, handle: a.acct, displayName: a.display_name || a.username, avatarUrl: a.avatar ?? null };
}

/**
 * A direct message's conversation is the set of people in it besides the account, as X's
 * dm_conversation_id is the pair: every direct status between the same people is one conversation,
 * however it is threaded.
 */
export function dmKey(meId: string, s: Pick<MastodonStatus, 'account' | 'mentions'>): string {
  const others = [...new Set([s.account.id, ...s.mentions.map((m) => m.id)])].filter((id) => id !== meId).sort();
  return `dm:${others.join(',')}`;
}

export function toEntity(meId: string, s: MastodonStatus, rootId: string): InboundEntity {
  const dm = s.visibility === 'direct';
  const attachments = mediaAttachments(s.media_attachments);
  return {
    ...(attachments.length ? { attachments } : {}),
    kind: dm ? 'dm' : 'tweet',
    stream: 'mentions',
    externalId: s.id,
    conversationKey: dm ? dmKey(meId, s) : `status:${rootId}`,
    inReplyToExternalId: s.in_reply_to_id,
    author: userOf(s.account),
    text: htmlToText(s.content),
    createdAt: s.created_at,
    url: dm ? null : s.url,
  };
}
