// Polling a stream: page through what X has newer than the cursor (newest first, as X serves it),
// keep what a customer wrote, and hand it back oldest first in batches whose cursors can be
// stored one batch at a time, so a crash between two batches loses and repeats nothing.
import type { AccountInfo, InboundBatch, InboundEntity } from '../types.ts';
import type { Query, XApi } from './api.ts';
import {
  compareIds, isRetweet, MEDIA_EXPANSION, toSecond, TWEET_FIELDS, tweetToEntity, USER_FIELDS, usersById, xStartTime,
  type XList, type XTweet, type XUser,
} from './map.ts';
import { MEDIA_FIELDS, type XMedia } from './media.ts';

/** Pages per call (billed reads). Mentions never reach it: X serves only the newest 800. */
export const MAX_PAGES = 10;
export const MENTIONS = 'GET /2/users/:id/mentions';
export const BATCH_SIZE = 100;

export async function fetchMentions(api: XApi, account: AccountInfo, cursor: string | null, since: Date): Promise<InboundBatch[]> {
  const tweets: XTweet[] = [];
  const media: XMedia[] = [];
  const users = new Map<string, XUser>();
  let token: string | undefined;
  let pages = 0;
  do {
    // Pages come newest first: stopping half way would leave a gap below them, so a poll the
    // limit has no room for reads nothing and the next one starts over.
    if (api.available(MENTIONS) < 1) return [];
    const query: Query = { max_results: '100', 'tweet.fields': TWEET_FIELDS, expansions: `author_id,${MEDIA_EXPANSION}`, 'user.fields': USER_FIELDS, 'media.fields': MEDIA_FIELDS };
    // Never polled: X's start_time spares reading (and paying for) mentions older than the profile.
    if (cursor) query['since_id'] = cursor;
    else query['start_time'] = xStartTime(since);
    if (token) query['pagination_token'] = token;
    const page = await api.get<XList<XTweet>>(MENTIONS, `users/${account.id}/mentions`, query);
    tweets.push(...(page.data ?? []));
    media.push(...(page.includes?.media ?? []));
    for (const [id, user] of usersById(page.includes?.users)) users.set(id, user);
    token = page.meta?.next_token;
    pages += 1;
  } while (token && pages < MAX_PAGES);

  const fresh = tweets.filter((t) => isNewer(t.id, cursor));
  const kept = fresh
    .filter((t) => !isRetweet(t) && t.author_id !== account.id)
    .filter((t) => cursor !== null || createdSince(t.created_at, since))
    .map((t) => tweetToEntity(t, users, 'mentions', media));
  return toBatches(kept, newestId(fresh));
}

/**
 * Oldest first, at most BATCH_SIZE per batch, each batch's cursor its newest id. The last batch's
 * cursor moves on to the newest id seen at all, past posts that were skipped (retweets, the
 * account's own), so they are not read again; when everything was skipped that is a batch of its own.
 */
export function toBatches(entities: InboundEntity[], newestSeen: string | null): InboundBatch[] {
  const sorted = [...entities].sort((a, b) => compareIds(a.externalId, b.externalId));
  const batches: InboundBatch[] = [];
  for (let i = 0; i < sorted.length; i += BATCH_SIZE) {
    const chunk = sorted.slice(i, i + BATCH_SIZE);
    const last = chunk.at(-1);
    if (last) batches.push({ entities: chunk, cursor: last.externalId });
  }
  const final = batches.at(-1);
  if (newestSeen !== null) {
    if (!final) batches.push({ entities: [], cursor: newestSeen });
    else if (compareIds(newestSeen, final.cursor) > 0) final.cursor = newestSeen;
  }
  return batches;
}

function isNewer(id: string, cursor: string | null): boolean {
  return cursor === null || compareIds(id, cursor) > 0;
}

function createdSince(createdAt: string | undefined, since: Date): boolean {
  if (!createdAt) return true;
  return Date.parse(createdAt) >= toSecond(since);
}

function newestId(items: readonly { id: string }[]): string | null {
  let newest: string | null = null;
  for (const item of items) if (newest === null || compareIds(item.id, newest) > 0) newest = item.id;
  return newest;
}
