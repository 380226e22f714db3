// Posting replies and sending DMs, and finding a message that was delivered before a crash kept
// Parley from recording it.
import { ChannelError, type AccountInfo, type OutboundMessage, type SentMessage } from '../types.ts';
import type { Query, XApi } from './api.ts';
import { isRecord } from './errors.ts';
import { MAX_PAGES } from './fetch.ts';
import {
  compareIds, DM_EVENT_FIELDS, oneToOneConversationId, repliedTo, toSecond, tweetText, tweetUrl, xStartTime,
  type XDmEvent, type XList, type XTweet,
} from './map.ts';

const DM_ENDPOINT = 'POST /2/dm_conversations/with/:participant_id/messages';

export function recipientOf(message: OutboundMessage): string {
  const recipient = message.recipientExternalUserId;
  if (!recipient || !/^[0-9]{1,19}$/.test(recipient)) {
    throw new ChannelError('permanent', 'A direct message needs the X user id of its recipient.');
  }
  return recipient;
}

export async function postTweet(api: XApi, account: AccountInfo | null, message: OutboundMessage): Promise<SentMessage> {
  const replyTo = message.inReplyToExternalId ?? null;
  const body: Record<string, unknown> = message.text ? { text: message.text } : {};
  if (replyTo) body['reply'] = { in_reply_to_tweet_id: replyTo };
  if (message.mediaIds?.length) body['media'] = { media_ids: message.mediaIds };
  const answer = await api.post<{ data?: { id?: string } }>('POST /2/tweets', 'tweets', body, 'the post');
  const id = answer.data?.id;
  if (!id) throw new ChannelError('transient', 'X accepted the post but did not say its id.');
  return {
    externalId: id,
    // X's answer has no conversation_id. The caller usually knows it (the ticket's key); otherwise
    // a new post starts its own conversation and a reply is keyed by the post it answers, which is
    // the conversation's id whenever that post opened it.
    conversationKey: message.conversationKey ?? `tweet:${replyTo ?? id}`,
    url: tweetUrl(account?.username ?? null, id),
    createdAt: new Date().toISOString(),
  };
}

export async function sendDirectMessage(api: XApi, account: AccountInfo | null, message: OutboundMessage): Promise<SentMessage> {
  const recipient = recipientOf(message);
  const body: Record<string, unknown> = message.text ? { text: message.text } : {};
  if (message.mediaIds?.length) body['attachments'] = message.mediaIds.map((id) => ({ media_id: id }));
  const answer = await api.post<unknown>(DM_ENDPOINT, `dm_conversations/with/${recipient}/messages`, body, 'the direct message');
  // X documents { data: { dm_conversation_id, dm_event_id } }; twitter-api-v2's types put both at the top.
  const data = isRecord(answer) && isRecord(answer['data']) ? answer['data'] : isRecord(answer) ? answer : {};
  const eventId = data['dm_event_id'];
  if (typeof eventId !== 'string') throw new ChannelError('transient', 'X accepted the direct message but did not say its id.');
  const conversationId = typeof data['dm_conversation_id'] === 'string' ? data['dm_conversation_id'] : account ? oneToOneConversationId(account.id, recipient) : null;
  if (!conversationId) throw new ChannelError('transient', 'X accepted the direct message but did not say its conversation.');
  return { externalId: eventId, conversationKey: `dm:${conversationId}`, url: null, createdAt: new Date().toISOString() };
}

/** Line endings and surrounding space are X's to normalise; they do not make another message. */
function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\r\n?/g, '\n').trim();
  return norm(a) === norm(b);
}

export async function findSentTweet(api: XApi, account: AccountInfo, message: OutboundMessage, since: Date): Promise<SentMessage | null> {
  const replyTo = message.inReplyToExternalId ?? null;
  const from = toSecond(since);
  let token: string | undefined;
  let pages = 0;
  do {
    const query: Query = {
      max_results: '100',
      'tweet.fields': 'id,text,created_at,conversation_id,referenced_tweets,entities,note_tweet',
      exclude: 'retweets',
      start_time: xStartTime(since),
    };
    if (token) query['pagination_token'] = token;
    const page = await api.get<XList<XTweet>>('GET /2/users/:id/tweets', `users/${account.id}/tweets`, query);
    const match = (page.data ?? []).find(
      (t) => sameText(tweetText(t), message.text) && repliedTo(t) === replyTo && (!t.created_at || Date.parse(t.created_at) >= from),
    );
    if (match) {
      return {
        externalId: match.id,
        conversationKey: `tweet:${match.conversation_id ?? replyTo ?? match.id}`,
        url: tweetUrl(account.username, match.id),
        createdAt: match.created_at ?? new Date().toISOString(),
      };
    }
    token = page.meta?.next_token;
    pages += 1;
  } while (token && pages < MAX_PAGES);
  return null;
}

export async function findSentDirectMessage(api: XApi, account: AccountInfo, message: OutboundMessage, since: Date): Promise<SentMessage | null> {
  const conversationId = oneToOneConversationId(account.id, recipientOf(message));
  const from = toSecond(since);
  let token: string | undefined;
  let pages = 0;
  do {
    const query: Query = { max_results: '100', event_types: 'MessageCreate', 'dm_event.fields': DM_EVENT_FIELDS };
    if (token) query['pagination_token'] = token;
    const page = await api.get<XList<XDmEvent>>('GET /2/dm_events', 'dm_events', query);
    const events = page.data ?? [];
    const match = events.find(
      (e) =>
        e.sender_id === account.id &&
        e.dm_conversation_id === conversationId &&
        sameText(e.text ?? '', message.text) &&
        (!e.created_at || Date.parse(e.created_at) >= from),
    );
    if (match) {
      return { externalId: match.id, conversationKey: `dm:${conversationId}`, url: null, createdAt: match.created_at ?? new Date().toISOString() };
    }
    // Newest first: once the page reaches back before `since`, nothing older can be the message.
    const oldest = events.reduce<XDmEvent | null>((o, e) => (o === null || compareIds(e.id, o.id) < 0 ? e : o), null);
    if (oldest?.created_at && Date.parse(oldest.created_at) < from) return null;
    token = page.meta?.next_token;
    pages += 1;
  } while (token && pages < MAX_PAGES);
  return null;
}
