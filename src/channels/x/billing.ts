// What X bills for one call, counted from the answer X actually gave (docs.x.com
// x-api/getting-started/pricing): each resource returned, `includes` as the resources they are,
// and a write per accepted request.
import twitterText from 'twitter-text';
import type { BilledCall, BilledReadKind, BilledWriteKind } from '../../core/billing/prices.ts';
import type { OutboundMessage } from '../types.ts';

function records(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
}

function ids(value: unknown, field = 'id'): string[] {
  return records(value).flatMap((r) => (typeof r[field] === 'string' ? [r[field] as string] : []));
}

/** The resource kind of an endpoint's `data`; own mentions and posts are owned reads. */
function dataKind(endpoint: string, path: string, ownUserId: string | null): BilledReadKind | null {
  if (endpoint === 'GET /2/users/:id/mentions' || endpoint === 'GET /2/users/:id/tweets') {
    const id = path.split('/')[1] ?? null;
    return ownUserId !== null && id === ownUserId ? 'ownedPost' : 'post';
  }
  if (endpoint === 'GET /2/dm_events' || endpoint.startsWith('GET /2/dm_conversations')) return 'dmEvent';
  if (endpoint.startsWith('GET /2/users')) return 'user';
  if (endpoint.startsWith('GET /2/tweets')) return 'post';
  return null;
}

export function billedRead(endpoint: string, path: string, ownUserId: string | null, answer: unknown): BilledCall {
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as { data?: unknown; includes?: Record<string, unknown> };
  const kind = dataKind(endpoint, path, ownUserId);
  const reads: BilledCall['reads'] = kind ? ids(body.data).map((id) => ({ kind, id })) : [];
  const includes = body.includes ?? {};
  for (const id of ids(includes['users'])) reads.push({ kind: 'user', id });
  for (const id of ids(includes['tweets'])) reads.push({ kind: 'post', id });
  for (const id of ids(includes['media'], 'media_key')) reads.push({ kind: 'media', id });
  return { reads, write: null };
}

/**
 * Which write a message is. Parley only answers posts that @mention the account (X refuses other
 * replies), so a reply is a summoned one; a URL anywhere makes any post the $0.20 kind.
 */
export function billedWriteOf(message: Pick<OutboundMessage, 'kind' | 'text' | 'inReplyToExternalId'>): BilledWriteKind {
  if (message.kind === 'dm') return 'dm';
  if (twitterText.extractUrls(message.text).length > 0) return 'postWithUrl';
  return message.inReplyToExternalId ? 'summonedReply' : 'post';
}

/** The write a POST to X is, from its endpoint and body; null for writes X does not bill. */
export function billedWrite(endpoint: string, body: Record<string, unknown>): BilledCall | null {
  const text = typeof body['text'] === 'string' ? body['text'] : '';
  if (endpoint === 'POST /2/tweets') {
    const reply = body['reply'];
    const inReplyTo = typeof reply === 'object' && reply !== null ? (reply as Record<string, unknown>)['in_reply_to_tweet_id'] : null;
    return { reads: [], write: billedWriteOf({ kind: 'tweet', text, inReplyToExternalId: typeof inReplyTo === 'string' ? inReplyTo : null }) };
  }
  if (endpoint.startsWith('POST /2/dm_conversations')) return { reads: [], write: 'dm' };
  if (endpoint === 'POST /2/media/metadata') return { reads: [], write: 'media' };
  return null;
}
