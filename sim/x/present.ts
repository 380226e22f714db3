// How X shows its objects: only the default fields unless more are asked for, text HTML-escaped,
// long posts cut to 280 with the whole text in note_tweet, related users in `includes`.
import { createHash } from 'node:crypto';
import twitterText from 'twitter-text';
import { presentMedia } from './media.ts';
import type { SimDmEvent, SimState, SimTweet, SimUser } from './state.ts';

export const TWEET_FIELDS = [
  'article', 'attachments', 'author_id', 'card_uri', 'community_id', 'context_annotations', 'conversation_id', 'created_at',
  'display_text_range', 'edit_controls', 'edit_history_tweet_ids', 'entities', 'geo', 'id', 'in_reply_to_user_id', 'lang',
  'media_metadata', 'non_public_metrics', 'note_tweet', 'organic_metrics', 'possibly_sensitive', 'promoted_metrics',
  'public_metrics', 'referenced_tweets', 'reply_settings', 'scopes', 'source', 'text', 'withheld',
] as const;

export const USER_FIELDS = [
  'affiliation', 'connection_status', 'created_at', 'description', 'entities', 'id', 'location', 'most_recent_tweet_id', 'name',
  'pinned_tweet_id', 'profile_banner_url', 'profile_image_url', 'protected', 'public_metrics', 'receives_your_dm',
  'subscription_type', 'url', 'username', 'verified', 'verified_type', 'withheld',
] as const;

export const DM_EVENT_FIELDS = [
  'attachments', 'created_at', 'dm_conversation_id', 'entities', 'event_type', 'id', 'participant_ids', 'referenced_tweets',
  'sender_id', 'text',
] as const;

export const TWEET_EXPANSIONS = [
  'article.cover_media', 'article.media_entities', 'attachments.media_keys', 'attachments.media_source_tweet',
  'attachments.poll_ids', 'author_id', 'edit_history_tweet_ids', 'entities.mentions.username', 'geo.place_id',
  'in_reply_to_user_id', 'entities.note.mentions.username', 'referenced_tweets.id', 'referenced_tweets.id.attachments.media_keys',
  'referenced_tweets.id.author_id',
] as const;

export const DM_EXPANSIONS = ['attachments.media_keys', 'participant_ids', 'referenced_tweets.id', 'sender_id'] as const;

export const USER_EXPANSIONS = ['affiliation.user_id', 'most_recent_tweet_id', 'pinned_tweet_id'] as const;

const MAX_WEIGHTED = 280;

/** X escapes these three in the text of posts. */
export function escapeTweetText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The start of a long post that fits in 280 weighted characters with an ellipsis. */
export function truncateForDisplay(text: string): string {
  if (twitterText.parseTweet(text).weightedLength <= MAX_WEIGHTED) return text;
  const codePoints = [...text];
  let low = 0;
  let high = codePoints.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    const candidate = codePoints.slice(0, mid).join('').trimEnd() + '…';
    if (twitterText.parseTweet(candidate).weightedLength <= MAX_WEIGHTED) low = mid;
    else high = mid - 1;
  }
  return codePoints.slice(0, low).join('').trimEnd() + '…';
}

/** X's short link for an address: the same address always gets the same t.co link. */
export function tcoFor(expanded: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const digest = createHash('sha256').update(expanded).digest();
  return 'https://t.co/' + [...digest.subarray(0, 10)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** How X shows a link: without the scheme and "www.", long ones cut with an ellipsis. */
export function displayUrlOf(expanded: string): string {
  const bare = expanded.replace(/^https?:\/\//, '').replace(/^www\./, '');
  return bare.length > 26 ? bare.slice(0, 25) + '…' : bare;
}

/** X replaces every address in a text with its t.co link; `links` maps them back. */
export function wrapLinks(text: string): { text: string; links: Map<string, string> } {
  const links = new Map<string, string>();
  let out = '';
  let last = 0;
  for (const found of twitterText.extractUrlsWithIndices(text)) {
    const [start, end] = found.indices;
    const tco = found.url.startsWith('https://t.co/') ? found.url : tcoFor(found.url);
    if (tco !== found.url) links.set(tco, found.url);
    out += text.slice(last, start) + tco;
    last = end;
  }
  return { text: out + text.slice(last), links };
}

function entitiesOf(text: string, state: SimState, links: ReadonlyMap<string, string> = new Map()) {
  const found = twitterText.extractEntitiesWithIndices(text);
  // X counts entity positions in code points, twitter-text in UTF-16 units.
  twitterText.modifyIndicesFromUTF16ToUnicode(text, found);
  const mentions = [];
  const hashtags = [];
  const urls = [];
  for (const entity of found) {
    const [start, end] = entity.indices;
    if ('screenName' in entity) {
      const user = state.userByUsername(entity.screenName);
      mentions.push({ start, end, username: entity.screenName, ...(user ? { id: user.id } : {}) });
    } else if ('hashtag' in entity) {
      hashtags.push({ start, end, tag: entity.hashtag });
    } else if ('url' in entity) {
      const expanded = links.get(entity.url) ?? entity.url;
      urls.push({ start, end, url: entity.url, expanded_url: expanded, display_url: displayUrlOf(expanded) });
    }
  }
  return {
    ...(mentions.length ? { mentions } : {}),
    ...(hashtags.length ? { hashtags } : {}),
    ...(urls.length ? { urls } : {}),
  };
}

export function presentTweet(tweet: SimTweet, fields: ReadonlySet<string>, state: SimState): Record<string, unknown> {
  const wrapped = wrapLinks(tweet.text);
  const shown = escapeTweetText(truncateForDisplay(wrapped.text));
  const isNote = shown !== escapeTweetText(wrapped.text);
  const out: Record<string, unknown> = { id: tweet.id, text: shown, edit_history_tweet_ids: [tweet.id] };
  if (fields.has('author_id')) out['author_id'] = tweet.authorId;
  if (fields.has('conversation_id')) out['conversation_id'] = tweet.conversationId;
  if (fields.has('created_at')) out['created_at'] = tweet.createdAt;
  if (fields.has('referenced_tweets') && tweet.referencedTweets.length) out['referenced_tweets'] = tweet.referencedTweets;
  if (fields.has('in_reply_to_user_id') && tweet.inReplyToUserId) out['in_reply_to_user_id'] = tweet.inReplyToUserId;
  if (fields.has('attachments') && tweet.mediaKeys?.length) out['attachments'] = { media_keys: tweet.mediaKeys };
  if (fields.has('entities')) {
    const entities = entitiesOf(shown, state, wrapped.links);
    if (Object.keys(entities).length) out['entities'] = entities;
  }
  if (fields.has('note_tweet') && isNote) {
    const full = escapeTweetText(wrapped.text);
    const entities = entitiesOf(full, state, wrapped.links);
    out['note_tweet'] = { text: full, ...(Object.keys(entities).length ? { entities } : {}) };
  }
  if (fields.has('lang')) out['lang'] = 'en';
  if (fields.has('possibly_sensitive')) out['possibly_sensitive'] = false;
  if (fields.has('reply_settings')) out['reply_settings'] = 'everyone';
  if (fields.has('public_metrics')) out['public_metrics'] = { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0 };
  return out;
}

/** Where a user's own picture is: what the test gave, else the media host's (pbs.twimg.com on X). */
export function profileImageUrlOf(user: SimUser, mediaHost = 'https://pbs.twimg.com'): string {
  return user.profileImageUrl ?? `${mediaHost}/${profileImagePath(user.id)}`;
}

export const profileImagePath = (userId: string): string => `profile_images/${userId}/avatar_normal.png`;

export function presentUser(user: SimUser, fields: ReadonlySet<string>, mediaHost?: string): Record<string, unknown> {
  const out: Record<string, unknown> = { id: user.id, name: user.name, username: user.username };
  if (fields.has('profile_image_url')) out['profile_image_url'] = profileImageUrlOf(user, mediaHost);
  if (fields.has('created_at')) out['created_at'] = user.createdAt;
  if (fields.has('description')) out['description'] = user.description;
  // X leaves out a location the user never set.
  if (fields.has('location') && user.location) out['location'] = user.location;
  if (fields.has('protected')) out['protected'] = false;
  if (fields.has('verified')) out['verified'] = user.verified;
  if (fields.has('verified_type')) out['verified_type'] = user.verifiedType;
  if (fields.has('public_metrics')) {
    out['public_metrics'] = { followers_count: user.followersCount, following_count: user.followingCount, tweet_count: user.tweetCount, listed_count: 0, like_count: 0 };
  }
  return out;
}

export function presentDmEvent(event: SimDmEvent, fields: ReadonlySet<string>, state?: SimState): Record<string, unknown> {
  const wrapped = wrapLinks(event.text);
  const out: Record<string, unknown> = { id: event.id, event_type: event.eventType, text: wrapped.text };
  if (fields.has('entities') && state) {
    const entities = entitiesOf(wrapped.text, state, wrapped.links);
    if (Object.keys(entities).length) out['entities'] = entities;
  }
  if (fields.has('created_at')) out['created_at'] = event.createdAt;
  if (fields.has('sender_id')) out['sender_id'] = event.senderId;
  if (fields.has('dm_conversation_id')) out['dm_conversation_id'] = event.dmConversationId;
  if (fields.has('attachments') && event.mediaKeys?.length) out['attachments'] = { media_keys: event.mediaKeys };
  return out;
}

interface Asked {
  tweetFields: ReadonlySet<string>;
  userFields: ReadonlySet<string>;
  expansions: ReadonlySet<string>;
  mediaFields?: ReadonlySet<string>;
  /** Where post media is served (the simulator's stand-in for pbs.twimg.com / video.twimg.com). */
  mediaHost?: string;
}

/** `includes` for a list of tweets, as far as the asked expansions reach. */
export function tweetIncludes(tweets: readonly SimTweet[], asked: Asked, state: SimState): Record<string, unknown> {
  const userIds = new Set<string>();
  const referenced = new Map<string, SimTweet>();
  for (const tweet of tweets) {
    if (asked.expansions.has('author_id')) userIds.add(tweet.authorId);
    if (asked.expansions.has('in_reply_to_user_id') && tweet.inReplyToUserId) userIds.add(tweet.inReplyToUserId);
    if (asked.expansions.has('entities.mentions.username')) {
      for (const name of twitterText.extractMentions(tweet.text)) {
        const user = state.userByUsername(name);
        if (user) userIds.add(user.id);
      }
    }
    if (asked.expansions.has('referenced_tweets.id')) {
      for (const ref of tweet.referencedTweets) {
        const target = state.tweets.get(ref.id);
        if (target) referenced.set(target.id, target);
      }
    }
  }
  if (asked.expansions.has('referenced_tweets.id.author_id')) for (const t of referenced.values()) userIds.add(t.authorId);
  const includes = collectIncludes(userIds, [...referenced.values()], asked, state);
  const media = asked.expansions.has('attachments.media_keys')
    ? tweets.flatMap((t) => mediaOf(t.mediaKeys, asked, state, undefined))
    : [];
  if (media.length) includes['media'] = media;
  return includes;
}

function mediaOf(keys: string[] | undefined, asked: Asked, state: SimState, dmId: string | undefined): Record<string, unknown>[] {
  return (keys ?? []).flatMap((key) => {
    const media = state.media.get(key);
    const at = { mediaHost: asked.mediaHost ?? '', ...(dmId ? { dmId } : {}) };
    return media ? [presentMedia(media, asked.mediaFields ?? new Set(), at)] : [];
  });
}

export function dmIncludes(events: readonly SimDmEvent[], asked: Asked, state: SimState): Record<string, unknown> {
  const userIds = new Set<string>();
  if (asked.expansions.has('sender_id')) for (const e of events) userIds.add(e.senderId);
  const includes = collectIncludes(userIds, [], asked, state);
  const media = asked.expansions.has('attachments.media_keys') ? events.flatMap((e) => mediaOf(e.mediaKeys, asked, state, e.id)) : [];
  if (media.length) includes['media'] = media;
  return includes;
}

function collectIncludes(userIds: Set<string>, tweets: SimTweet[], asked: Asked, state: SimState): Record<string, unknown> {
  const users = [...userIds].flatMap((id) => {
    const user = state.users.get(id);
    return user ? [presentUser(user, asked.userFields, asked.mediaHost)] : [];
  });
  const includes: Record<string, unknown> = {};
  if (users.length) includes['users'] = users;
  if (tweets.length) includes['tweets'] = tweets.map((t) => presentTweet(t, asked.tweetFields, state));
  return includes;
}
