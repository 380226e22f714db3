// X's objects, as far as Parley reads them, and their mapping to the channel's inbound entities.
// X's documentation is the reference for these shapes, not twitter-api-v2's types.
import type { InboundAttachment, InboundEntity, InboundLink, SocialUser, StreamName } from '../types.ts';
import { mediaAttachments, type XMedia } from './media.ts';
import { storable } from '../../core/text.ts';

export { storable };

export interface XUser {
  id: string;
  name: string;
  username: string;
  profile_image_url?: string;
  description?: string;
  location?: string;
  verified?: boolean;
  created_at?: string;
  public_metrics?: { followers_count?: number };
}

interface XUrlEntity {
  url: string;
  expanded_url?: string;
  display_url?: string;
  /** Set on the link X appends for attached media; the attachment itself stands for it. */
  media_key?: string;
}

export interface XTweet {
  id: string;
  text: string;
  author_id?: string;
  conversation_id?: string;
  created_at?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: string; id: string }[];
  entities?: { urls?: XUrlEntity[] };
  note_tweet?: { text: string; entities?: { urls?: XUrlEntity[] } };
  attachments?: { media_keys?: string[] };
}

export interface XDmEvent {
  id: string;
  event_type: string;
  text?: string;
  sender_id?: string;
  dm_conversation_id?: string;
  created_at?: string;
  attachments?: { media_keys?: string[] };
  entities?: { urls?: XUrlEntity[] };
}

export interface XList<T> {
  data?: T[];
  includes?: { users?: XUser[]; media?: XMedia[] };
  meta?: { result_count?: number; next_token?: string };
}

export const TWEET_FIELDS = 'id,text,author_id,conversation_id,created_at,referenced_tweets,in_reply_to_user_id,entities,note_tweet,attachments';
export const DM_EVENT_FIELDS = 'id,text,event_type,created_at,sender_id,dm_conversation_id,attachments,entities';
/** Expansions that bring the media objects of posts and DMs into `includes.media`. */
export const MEDIA_EXPANSION = 'attachments.media_keys';
// Bio, location, audience and account age are shown in the zoom's customer box.
export const USER_FIELDS = 'profile_image_url,description,location,public_metrics,verified,created_at';


/** X sends post text with &, < and > escaped as HTML entities. */
export function unescapeXText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * The whole text of a post as its author wrote it: the note_tweet text of a long post (the plain
 * text is cut at 280), unescaped, with X's t.co links replaced by the addresses they stand for.
 */
export function tweetText(tweet: XTweet): string {
  const source = tweet.note_tweet ?? tweet;
  return expandLinks(source.text, source.entities?.urls);
}

function expandLinks(text: string, urls: readonly XUrlEntity[] | undefined): string {
  let out = text;
  let removed = false;
  for (const link of urls ?? []) {
    if (link.media_key) {
      out = out.split(link.url).join('');
      removed = true;
    } else if (link.expanded_url) out = out.split(link.url).join(link.expanded_url);
  }
  return removed ? unescapeXText(out).trimEnd() : unescapeXText(out);
}

/** The links of a text, to show them as X does (display_url, linking to expanded_url). */
export function linksOf(urls: readonly XUrlEntity[] | undefined): InboundLink[] {
  return (urls ?? [])
    .filter((u) => !u.media_key && u.expanded_url)
    .map((u) => ({ url: u.url, expandedUrl: u.expanded_url!, displayUrl: u.display_url ?? u.expanded_url! }));
}

export function repliedTo(tweet: XTweet): string | null {
  return tweet.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null;
}

export function isRetweet(tweet: XTweet): boolean {
  return tweet.referenced_tweets?.some((r) => r.type === 'retweeted') ?? false;
}

export function usersById(list: readonly XUser[] | undefined): Map<string, XUser> {
  return new Map((list ?? []).map((u) => [u.id, u]));
}

export function socialUser(id: string, users: ReadonlyMap<string, XUser>): SocialUser {
  const user = users.get(id);
  // X leaves a suspended or deleted author out of `includes`; the id is still the customer's key.
  if (!user) return { externalUserId: storable(id), handle: storable(id), displayName: storable(id), avatarUrl: null };
  return xSocialUser(user);
}

/** X's user object as the channel's SocialUser, with what X told about the person. */
export function xSocialUser(user: XUser): SocialUser {
  const text = (v: string | undefined) => (v?.trim() ? storable(v.trim()) : null);
  return {
    externalUserId: storable(user.id),
    handle: storable(user.username),
    displayName: storable(user.name),
    avatarUrl: user.profile_image_url ? storable(user.profile_image_url) : null,
    profile: {
      bio: text(user.description),
      location: text(user.location),
      followersCount: typeof user.public_metrics?.followers_count === 'number' ? user.public_metrics.followers_count : null,
      verified: typeof user.verified === 'boolean' ? user.verified : null,
      accountCreatedAt: user.created_at ? storable(user.created_at) : null,
    },
  };
}

export function tweetUrl(handle: string | null, id: string): string {
  return `https://x.com/${handle ?? 'i'}/status/${id}`;
}

/** Alt texts are the customer's words too, and stored as text like the post's. */
function storableMedia(list: InboundAttachment[]): InboundAttachment[] {
  return list.map((a) => (a.altText ? { ...a, altText: storable(a.altText) } : a));
}

export function tweetToEntity(tweet: XTweet, users: ReadonlyMap<string, XUser>, stream: StreamName, media?: readonly XMedia[]): InboundEntity {
  const author = socialUser(tweet.author_id ?? '', users);
  const attachments = storableMedia(mediaAttachments(tweet.attachments?.media_keys, media));
  const links = linksOf((tweet.note_tweet ?? tweet).entities?.urls);
  return {
    ...(attachments.length ? { attachments } : {}),
    ...(links.length ? { links } : {}),
    kind: 'tweet',
    stream,
    externalId: tweet.id,
    conversationKey: `tweet:${tweet.conversation_id ?? tweet.id}`,
    inReplyToExternalId: repliedTo(tweet),
    author,
    text: storable(tweetText(tweet)),
    createdAt: tweet.created_at ?? new Date().toISOString(),
    url: tweetUrl(users.has(author.externalUserId) ? author.handle : null, tweet.id),
  };
}

export function dmToEntity(event: XDmEvent, users: ReadonlyMap<string, XUser>, media?: readonly XMedia[]): InboundEntity {
  const attachments = storableMedia(mediaAttachments(event.attachments?.media_keys, media, event.id));
  const links = linksOf(event.entities?.urls);
  return {
    ...(attachments.length ? { attachments } : {}),
    ...(links.length ? { links } : {}),
    kind: 'dm',
    stream: 'dms',
    externalId: event.id,
    conversationKey: `dm:${event.dm_conversation_id ?? ''}`,
    inReplyToExternalId: null,
    author: socialUser(event.sender_id ?? '', users),
    text: storable(expandLinks(event.text ?? '', event.entities?.urls)),
    createdAt: event.created_at ?? new Date().toISOString(),
    url: null,
  };
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** X's one-to-one conversation id: both user ids, the smaller first. */
export function oneToOneConversationId(a: string, b: string): string {
  return compareIds(a, b) <= 0 ? `${a}-${b}` : `${b}-${a}`;
}

/** X reports times to the second, so comparisons with a wanted time drop its milliseconds. */
export function toSecond(time: Date): number {
  return Math.floor(time.getTime() / 1000) * 1000;
}

/** The start_time X accepts: RFC 3339 to the second, not before X's own beginning. */
export function xStartTime(time: Date): string {
  const earliest = Date.parse('2010-11-06T00:00:01Z');
  return new Date(Math.max(toSecond(time), earliest)).toISOString().replace('.000Z', 'Z');
}
