// The X API v2 endpoints Parley uses. Every route goes through `endpoint()`, which does what X
// does before any handler runs: OAuth 1.0a, call counting, rate limits and injected faults.
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import twitterText from 'twitter-text';
import { authenticate } from './authenticate.ts';
import { forbidden, invalid, serverError, tooManyRequests, unauthorized, userNotFound, XApiError } from './errors.ts';
import { holdOpen, takeFault } from './faults.ts';
import {
  DM_EVENT_FIELDS, DM_EXPANSIONS, dmIncludes, presentDmEvent, presentTweet, presentUser, TWEET_EXPANSIONS, TWEET_FIELDS,
  tweetIncludes, USER_EXPANSIONS, USER_FIELDS,
} from './present.ts';
import { checkKnownParams, idParam, listParam, maxResults, pageOf, pageTokenParam, timeParam, type Query } from './query.ts';
import { consume, exhaust } from './rate-limit.ts';
import { resourcesInAnswer, writeAction } from './billing.ts';
import { MEDIA_FIELDS } from './media.ts';
import { mediaIdsOf, registerMediaRoutes } from './media-routes.ts';
import type { SimAccount, SimState, SimTweet } from './state.ts';

export type Log = (line: string) => void;

export interface Request {
  account: SimAccount;
  query: Query;
  param: (name: string) => string;
  body: string;
  /** The body as sent (multipart uploads are binary). */
  raw: Uint8Array;
  contentType: string;
  /** The simulator's own address as the client called it: its media host lives below it. */
  origin: string;
}

export interface Answer {
  status: ContentfulStatusCode;
  body: unknown;
  /** A file instead of JSON (DM media downloads). */
  file?: { bytes: Uint8Array; contentType: string };
}

export type Handler = (req: Request) => Answer | Promise<Answer>;
export type Endpoint = (method: 'GET' | 'POST', pattern: string, handler: Handler) => void;

const MAX_TWEET_WEIGHT = 280;
const MAX_DM_LENGTH = 10_000;
/** How far back X looks for an identical post when refusing duplicates. */
const DUPLICATE_WINDOW_MS = 24 * 3600 * 1000;

/** X's answer to a reply the post's author did not ask for (summoned replies only, since 23 Feb 2026). */
export const NOT_SUMMONED =
  'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.';

const MEDIA_PLACE_POLL = ['media.fields', 'place.fields', 'poll.fields'];
const TIMELINE_PARAMS = ['since_id', 'until_id', 'max_results', 'pagination_token', 'start_time', 'end_time', 'tweet.fields', 'user.fields', 'expansions', ...MEDIA_PLACE_POLL];

export function registerApiRoutes(app: Hono, state: SimState, log: Log): void {
  const endpoint: Endpoint = (method, pattern, handler) => {
    app.on(method, pattern, (c) => serve(c, state, log, method, pattern, handler));
  };
  registerMediaRoutes(app, endpoint, state, log);

  endpoint('GET', '/2/users/me', ({ account, query, origin }) => {
    checkKnownParams(query, ['user.fields', 'expansions', 'tweet.fields']);
    listParam(query, 'expansions', USER_EXPANSIONS);
    const fields = userFieldsOf(query);
    return ok({ data: presentUser(requireUser(state, account.userId), fields, `${origin}/_media`) });
  });

  endpoint('GET', '/2/users/by/username/:username', ({ query, param, origin }) => {
    checkKnownParams(query, ['user.fields', 'expansions', 'tweet.fields']);
    const username = param('username');
    if (!/^[A-Za-z0-9_]{1,15}$/.test(username)) {
      throw invalid('username', username, `The \`username\` query parameter value [${username}] does not match ^[A-Za-z0-9_]{1,15}$`);
    }
    listParam(query, 'expansions', USER_EXPANSIONS);
    const fields = userFieldsOf(query);
    const user = state.userByUsername(username);
    // X answers an unknown user with 200 and an `errors` array, not with 404.
    return ok(user ? { data: presentUser(user, fields, `${origin}/_media`) } : { errors: [userNotFound(username)] });
  });

  endpoint('GET', '/2/users/:id/mentions', ({ account, query, param, origin }) => {
    checkKnownParams(query, TIMELINE_PARAMS);
    if (param('id') !== account.userId) throw new XApiError(403, forbidden());
    return timeline(state, state.mentionsOf(account.userId), query, origin);
  });

  endpoint('GET', '/2/users/:id/tweets', ({ query, param, origin }) => {
    checkKnownParams(query, [...TIMELINE_PARAMS, 'exclude']);
    const id = param('id');
    if (!/^[0-9]{1,19}$/.test(id)) throw invalid('id', id, `The \`id\` query parameter value [${id}] does not match ^[0-9]{1,19}$`);
    if (!state.users.has(id)) {
      return ok({ errors: [{ ...userNotFound(id), detail: `Could not find user with id: [${id}].`, parameter: 'id' }] });
    }
    const exclude = listParam(query, 'exclude', ['retweets', 'replies']);
    const tweets = state.timelineOf(id).filter((t) => {
      if (exclude.has('retweets') && t.referencedTweets.some((r) => r.type === 'retweeted')) return false;
      if (exclude.has('replies') && t.referencedTweets.some((r) => r.type === 'replied_to')) return false;
      return true;
    });
    return timeline(state, tweets, query, origin);
  });

  endpoint('GET', '/2/dm_events', ({ account, query, origin }) => {
    checkKnownParams(query, ['max_results', 'pagination_token', 'event_types', 'dm_event.fields', 'expansions', 'user.fields', 'tweet.fields', 'media.fields']);
    const max = maxResults(query, 1, 100, 100);
    const eventTypes = listParam(query, 'event_types', ['MessageCreate', 'ParticipantsJoin', 'ParticipantsLeave']);
    const asked = {
      tweetFields: listParam(query, 'tweet.fields', TWEET_FIELDS),
      userFields: userFieldsOf(query),
      expansions: listParam(query, 'expansions', DM_EXPANSIONS),
      mediaFields: listParam(query, 'media.fields', MEDIA_FIELDS),
      mediaHost: `${origin}/_media`,
    };
    const dmFields = listParam(query, 'dm_event.fields', DM_EVENT_FIELDS);
    const events = state.dmEventsOf(account.userId).filter((e) => eventTypes.size === 0 || eventTypes.has(e.eventType));
    const { page, nextToken } = pageOf(events, { belowId: pageTokenParam(query), max });
    if (page.length === 0) return ok({ meta: { result_count: 0 } });
    const includes = dmIncludes(page, asked, state);
    return ok({
      data: page.map((e) => presentDmEvent(e, dmFields, state)),
      ...(Object.keys(includes).length ? { includes } : {}),
      meta: { result_count: page.length, ...(nextToken ? { next_token: nextToken } : {}) },
    });
  });

  endpoint('POST', '/2/tweets', ({ account, body }) => {
    const input = jsonBody(body);
    const media = mediaIdsOf(state, account, input, 'tweet');
    const text = input['text'] ?? (media.length ? '' : undefined);
    if (typeof text !== 'string' || (text.length === 0 && media.length === 0)) throw invalid('text', String(text ?? ''), 'Tweet text is required and must be a non-empty string');
    const weighted = twitterText.parseTweet(text).weightedLength;
    if (weighted > MAX_TWEET_WEIGHT) {
      throw invalid('text', text, `Your Tweet text is too long: it is ${weighted} characters as X counts them; the maximum is 280.`);
    }
    const reply = input['reply'];
    let inReplyTo: string | null = null;
    if (reply !== undefined) {
      const target = isRecord(reply) ? reply['in_reply_to_tweet_id'] : undefined;
      if (typeof target !== 'string' || !/^[0-9]{1,19}$/.test(target)) {
        throw invalid('reply.in_reply_to_tweet_id', String(target), 'reply.in_reply_to_tweet_id must be a tweet id');
      }
      const parent = state.tweets.get(target);
      if (!parent) throw new XApiError(403, forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.'));
      if (!summoned(state, parent, account.userId)) throw new XApiError(403, forbidden(NOT_SUMMONED));
      inReplyTo = target;
    }
    const since = state.now() - DUPLICATE_WINDOW_MS;
    const duplicate = media.length === 0 && state.timelineOf(account.userId).some((t) => t.text === text && Date.parse(t.createdAt) >= since);
    if (duplicate) throw new XApiError(403, forbidden('You are not allowed to create a Tweet with duplicate content.'));
    const tweet = state.createTweet({ authorId: account.userId, text, inReplyToTweetId: inReplyTo, viaApi: true, mediaKeys: media.map((m) => m.mediaKey) });
    log(`@${requireUser(state, account.userId).username} posted tweet ${tweet.id}${inReplyTo ? ` in reply to ${inReplyTo}` : ''}`);
    return { status: 201, body: { data: presentTweet(tweet, new Set(), state) } };
  });

  endpoint('POST', '/2/dm_conversations/with/:participant_id/messages', ({ account, body, param }) => {
    const participantId = param('participant_id');
    if (!/^[0-9]{1,19}$/.test(participantId)) {
      throw invalid('participant_id', participantId, `The \`participant_id\` path parameter value [${participantId}] does not match ^[0-9]{1,19}$`);
    }
    if (!state.users.has(participantId)) throw invalid('participant_id', participantId, `The user ${participantId} does not exist.`);
    if (participantId === account.userId) throw invalid('participant_id', participantId, 'You cannot send a direct message to yourself.');
    const input = jsonBody(body);
    const media = mediaIdsOf(state, account, input, 'dm');
    const text = input['text'] ?? (media.length ? '' : undefined);
    if (typeof text !== 'string' || (text.length === 0 && media.length === 0)) throw invalid('text', String(text ?? ''), 'Message text is required and must be a non-empty string');
    const length = [...text].length;
    if (length > MAX_DM_LENGTH) throw invalid('text', text, `The message is ${length} characters long; the maximum is ${MAX_DM_LENGTH}.`);
    const event = state.createDm({ senderId: account.userId, recipientId: participantId, text, viaApi: true, mediaKeys: media.map((m) => m.mediaKey) });
    log(`@${requireUser(state, account.userId).username} sent DM ${event.id} to ${participantId}`);
    return { status: 201, body: { data: { dm_conversation_id: event.dmConversationId, dm_event_id: event.id } } };
  });
}

async function serve(c: Context, state: SimState, log: Log, method: string, pattern: string, handler: Handler): Promise<Response> {
  const key = `${method} ${pattern}`;
  const raw = method === 'POST' ? new Uint8Array(await c.req.arrayBuffer()) : new Uint8Array();
  const body = new TextDecoder().decode(raw);
  const auth = authenticate(
    {
      method,
      url: c.req.url,
      host: c.req.header('host'),
      authorization: c.req.header('authorization'),
      contentType: c.req.header('content-type'),
      body,
    },
    state,
  );
  if (!auth.ok) {
    log(`401 ${key}: ${auth.reason}`);
    return c.json(unauthorized(), 401);
  }
  const { account } = auth;
  state.countCall(account.userId, key);
  const rules = state.rateRules(key);
  let { limited, headers } = consume(state.rateWindows, rules, account.userId, key, state.now());
  if (limited) {
    log(`429 ${key} for account ${account.userId}: rate limit used up`);
    return c.json(tooManyRequests(), 429, headers);
  }

  const fault = takeFault(state.faults, method, pattern);
  if (fault?.status === 429) {
    headers = exhaust(state.rateWindows, rules, account.userId, key, state.now());
    log(`429 ${key}: injected`);
    return c.json(tooManyRequests(), 429, headers);
  }
  if (fault?.status === 500 || fault?.status === 503) {
    log(`${fault.status} ${key}: injected`);
    return c.json(serverError(fault.status), fault.status, headers);
  }
  if (fault?.status === 'timeout') {
    log(`${key}: holding the request open for ${fault.delayMs} ms (injected timeout)`);
    const stillWaiting = await holdOpen(fault.delayMs, c.req.raw.signal);
    // A client that gave up gets nothing, and nothing happens: the request was never processed.
    if (!stillWaiting) return c.body(null, 503);
  }

  let response: Response;
  try {
    const url = new URL(c.req.url);
    const answer = await handler({
      account,
      query: url.searchParams,
      param: (name) => c.req.param(name) ?? '',
      body,
      raw,
      contentType: c.req.header('content-type') ?? '',
      origin: `${url.protocol}//${c.req.header('host') ?? url.host}`,
    });
    // Billed even when the answer is then lost: X did the work.
    if (answer.status < 300) bill(state, account.userId, key, c.req.param('id') ?? null, body, answer.body);
    response = answer.file
      ? c.body(answer.file.bytes as Uint8Array<ArrayBuffer>, answer.status, { ...headers, 'content-type': answer.file.contentType })
      : c.json(answer.body, answer.status, headers);
  } catch (error) {
    if (!(error instanceof XApiError)) throw error;
    log(`${error.status} ${key}: ${error.message}`);
    response = c.json(error.body, error.status as ContentfulStatusCode, headers);
  }
  if (fault?.status === 'lost') {
    log(`${key}: done, but the answer is lost (injected connection reset after ${fault.delayMs} ms)`);
    await holdOpen(fault.delayMs, c.req.raw.signal);
    resetConnection(c);
  }
  return response;
}

/** Cuts the TCP connection under a request, as a broken network between X and the client would. */
function resetConnection(c: Context): void {
  const incoming = (c.env as { incoming?: { socket?: { resetAndDestroy?: () => void; destroy: () => void } } } | undefined)?.incoming;
  const socket = incoming?.socket;
  if (!socket) return;
  if (socket.resetAndDestroy) socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * A self-serve app may reply to its own posts, and to a post whose author @mentioned the account
 * in that very post or quoted one of the account's posts (x-api/posts/manage-tweets).
 */
function summoned(state: SimState, parent: SimTweet, accountId: string): boolean {
  if (parent.authorId === accountId) return true;
  const handle = state.users.get(accountId)?.username.toLowerCase();
  if (handle && twitterText.extractMentions(parent.text).some((m) => m.toLowerCase() === handle)) return true;
  return parent.referencedTweets.some((r) => r.type === 'quoted' && state.tweets.get(r.id)?.authorId === accountId);
}

/** X bills what it returned (reads) or did (writes); refusals and errors cost nothing. */
function bill(state: SimState, accountId: string, key: string, pathId: string | null, requestBody: string, answer: unknown): void {
  const now = state.now();
  if (key.startsWith('GET ')) {
    state.billing.read(accountId, now, resourcesInAnswer(key, accountId, pathId, answer));
    return;
  }
  const action = writeAction(key, accountId, requestBody, state);
  if (action) state.billing.write(accountId, now, action);
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function timeline(state: SimState, tweets: readonly SimTweet[], query: Query, origin: string): Answer {
  const max = maxResults(query, 5, 100, 10);
  const asked = {
    tweetFields: listParam(query, 'tweet.fields', TWEET_FIELDS),
    userFields: userFieldsOf(query),
    expansions: listParam(query, 'expansions', TWEET_EXPANSIONS),
    mediaFields: listParam(query, 'media.fields', MEDIA_FIELDS),
    mediaHost: `${origin}/_media`,
  };
  const { page, nextToken } = pageOf(tweets, {
    sinceId: idParam(query, 'since_id'),
    untilId: idParam(query, 'until_id'),
    startMs: timeParam(query, 'start_time'),
    endMs: timeParam(query, 'end_time'),
    belowId: pageTokenParam(query),
    max,
  });
  if (page.length === 0) return ok({ meta: { result_count: 0 } });
  const includes = tweetIncludes(page, asked, state);
  return ok({
    data: page.map((t) => presentTweet(t, asked.tweetFields, state)),
    ...(Object.keys(includes).length ? { includes } : {}),
    meta: {
      result_count: page.length,
      newest_id: page[0]?.id,
      oldest_id: page.at(-1)?.id,
      ...(nextToken ? { next_token: nextToken } : {}),
    },
  });
}

function userFieldsOf(query: Query): Set<string> {
  return listParam(query, 'user.fields', USER_FIELDS);
}

function requireUser(state: SimState, id: string) {
  const user = state.users.get(id);
  if (!user) throw new Error(`account ${id} has no user`);
  return user;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonBody(body: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new XApiError(400, { title: 'Invalid Request', type: 'about:blank', status: 400, detail: 'The request body is not valid JSON.' });
  }
  if (!isRecord(parsed)) throw new XApiError(400, { title: 'Invalid Request', type: 'about:blank', status: 400, detail: 'The request body must be a JSON object.' });
  return parsed;
}
