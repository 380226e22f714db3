// The simulator's world: users, the accounts Parley connects as, their tweets and direct messages.
// Plain data and the rules X applies when something is created; HTTP lives elsewhere.
import { randomBytes } from 'node:crypto';
import twitterText from 'twitter-text';
import { compareIds, createSnowflakeMaker, createUserIdMaker, newestFirst } from './ids.ts';
import type { FaultRule } from './faults.ts';
import { SimBilling } from './billing.ts';
import { DEFAULT_RATE_LIMITS, LONG_CAPS, WINDOW_MS, type RateLimitWindow, type RateRules } from './rate-limit.ts';
import { SimMediaStore } from './media.ts';

export interface SimUser {
  id: string;
  username: string;
  name: string;
  /** Null: the picture the simulator's media host serves itself (/_media/profile_images/<id>/…). */
  profileImageUrl: string | null;
  createdAt: string;
  /** The profile's bio, location and audience as X's user object carries them (description, location, public_metrics, verified). */
  description: string;
  location: string | null;
  followersCount: number;
  followingCount: number;
  tweetCount: number;
  verified: boolean;
  verifiedType: 'blue' | 'business' | 'government' | 'none';
}

export interface SimUserProfile {
  description?: string | undefined;
  location?: string | null | undefined;
  followersCount?: number | undefined;
  verified?: boolean | undefined;
  verifiedType?: SimUser['verifiedType'] | undefined;
  /** When the account was made (X: created_at); defaults to now. */
  createdAt?: string | undefined;
}

export interface SimCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

export interface SimAccount extends SimCredentials {
  userId: string;
}

export type ReferenceType = 'replied_to' | 'quoted' | 'retweeted';

export interface SimTweet {
  id: string;
  /** The whole text as written (not HTML-escaped, not truncated). */
  text: string;
  authorId: string;
  createdAt: string;
  conversationId: string;
  inReplyToUserId: string | null;
  referencedTweets: { type: ReferenceType; id: string }[];
  /** Posted by an account through POST /2/tweets. */
  viaApi: boolean;
  /** Attached photos, GIFs or videos (keys into `SimState.media`). */
  mediaKeys?: string[];
}

export interface SimDmEvent {
  id: string;
  eventType: 'MessageCreate';
  text: string;
  senderId: string;
  recipientId: string;
  dmConversationId: string;
  createdAt: string;
  viaApi: boolean;
  mediaKeys?: string[];
}

export interface CallCount {
  total: number;
  byEndpoint: Record<string, number>;
}

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const USERNAME = /^[A-Za-z0-9_]{1,15}$/;
/** X Premium lets people write long posts; the account posting through the API stays at 280. */
export const MAX_LONG_POST = 25_000;

/** X reports times to the second. */
export function xTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

export function oneToOneConversationId(a: string, b: string): string {
  return compareIds(a, b) <= 0 ? `${a}-${b}` : `${b}-${a}`;
}

function randomToken(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

export class SimState {
  users = new Map<string, SimUser>();
  accounts = new Map<string, SimAccount>();
  tweets = new Map<string, SimTweet>();
  dmEvents = new Map<string, SimDmEvent>();
  /** Nonces already used, with the time (ms) after which they may be forgotten. */
  nonces = new Map<string, number>();
  rateWindows = new Map<string, RateLimitWindow>();
  /** Per-endpoint request limits for a 15-minute window, by "METHOD /route/pattern". */
  rateLimits: Record<string, number>;
  faults: FaultRule[] = [];
  calls = new Map<string, CallCount>();
  /** Requests to the public media host (/_media/…), by path: what a client downloaded, and how often. */
  mediaHostHits = new Map<string, number>();
  billing = new SimBilling();
  media = new SimMediaStore(() => this.snowflakes.next(this.now()));

  readonly now: () => number;
  /** How long X's 15-minute rate-limit window lasts here (tests shorten it). */
  readonly rateWindowMs: number;
  private snowflakes = createSnowflakeMaker();
  private userIds = createUserIdMaker();
  private readonly defaultRateLimits: Record<string, number>;

  constructor(options: { now?: () => number; rateLimits?: Record<string, number>; rateWindowMs?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.rateWindowMs = options.rateWindowMs ?? WINDOW_MS;
    this.defaultRateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
    this.rateLimits = { ...this.defaultRateLimits };
  }

  reset(): void {
    for (const map of [this.users, this.accounts, this.tweets, this.dmEvents, this.nonces, this.rateWindows, this.calls]) map.clear();
    this.faults = [];
    this.billing.reset();
    this.media.clear();
    this.rateLimits = { ...this.defaultRateLimits };
    this.snowflakes = createSnowflakeMaker();
  }

  /** The endpoint's limits: its 15-minute limit and, for some writes, longer caps. */
  rateRules(endpoint: string): RateRules {
    const caps = LONG_CAPS[endpoint];
    return { limit: this.rateLimits[endpoint] ?? Number.POSITIVE_INFINITY, windowMs: this.rateWindowMs, ...(caps ? { caps } : {}) };
  }

  userByUsername(username: string): SimUser | undefined {
    const wanted = username.toLowerCase();
    for (const user of this.users.values()) if (user.username.toLowerCase() === wanted) return user;
    return undefined;
  }

  accountByToken(accessToken: string): SimAccount | undefined {
    for (const account of this.accounts.values()) if (account.accessToken === accessToken) return account;
    return undefined;
  }

  createUser(input: { username: string; name: string; profileImageUrl?: string | null | undefined } & SimUserProfile): SimUser {
    if (!USERNAME.test(input.username)) throw new SimError(400, `The username "${input.username}" does not match ^[A-Za-z0-9_]{1,15}$.`);
    if (this.userByUsername(input.username)) throw new SimError(409, `The username @${input.username} is taken.`);
    const id = this.userIds();
    const user: SimUser = {
      id,
      username: input.username,
      name: input.name,
      profileImageUrl: input.profileImageUrl ?? null,
      createdAt: input.createdAt ? xTime(Date.parse(input.createdAt)) : xTime(this.now()),
      description: input.description ?? '',
      location: input.location ?? null,
      followersCount: input.followersCount ?? 0,
      followingCount: 0,
      tweetCount: 0,
      verified: input.verified ?? false,
      verifiedType: input.verifiedType ?? (input.verified ? 'blue' : 'none'),
    };
    this.users.set(id, user);
    return user;
  }

  createAccount(input: { username: string; name: string; profileImageUrl?: string | null } & Partial<SimCredentials>): SimAccount & { user: SimUser } {
    if (input.accessToken && this.accountByToken(input.accessToken)) throw new SimError(409, 'That access token belongs to another account.');
    const user = this.createUser(input);
    const account: SimAccount = {
      userId: user.id,
      consumerKey: input.consumerKey ?? randomToken(25),
      consumerSecret: input.consumerSecret ?? randomToken(50),
      // X's access tokens start with the user id.
      accessToken: input.accessToken ?? `${user.id}-${randomToken(40)}`,
      accessTokenSecret: input.accessTokenSecret ?? randomToken(45),
    };
    this.accounts.set(user.id, account);
    return { ...account, user };
  }

  private requireUser(id: string, role: string): SimUser {
    const user = this.users.get(id);
    if (!user) throw new SimError(404, `There is no user with the id ${id} (${role}).`);
    return user;
  }

  /** A tweet by anyone, with X's threading: a reply joins the conversation of the tweet it answers. */
  createTweet(input: {
    authorId: string;
    text: string;
    inReplyToTweetId?: string | null | undefined;
    quoteOf?: string | null | undefined;
    retweetOf?: string | null | undefined;
    createdAt?: string | null | undefined;
    viaApi?: boolean;
    mediaKeys?: string[] | undefined;
  }): SimTweet {
    this.requireUser(input.authorId, 'author');
    const createdMs = input.createdAt ? Date.parse(input.createdAt) : this.now();
    if (Number.isNaN(createdMs)) throw new SimError(400, `createdAt "${input.createdAt}" is not a date.`);
    const id = this.snowflakes.next(createdMs);
    const referencedTweets: SimTweet['referencedTweets'] = [];
    let text = input.text;
    let conversationId = id;
    let inReplyToUserId: string | null = null;
    if (input.retweetOf) {
      const original = this.tweets.get(input.retweetOf);
      if (!original) throw new SimError(404, `There is no tweet ${input.retweetOf} to retweet.`);
      const originalAuthor = this.requireUser(original.authorId, 'retweeted author');
      text = `RT @${originalAuthor.username}: ${original.text}`;
      referencedTweets.push({ type: 'retweeted', id: original.id });
    } else {
      if (!input.text && !input.mediaKeys?.length) throw new SimError(400, 'A tweet needs text or media.');
      if (input.inReplyToTweetId) {
        const parent = this.tweets.get(input.inReplyToTweetId);
        if (!parent) throw new SimError(404, `There is no tweet ${input.inReplyToTweetId} to reply to.`);
        conversationId = parent.conversationId;
        inReplyToUserId = parent.authorId;
        referencedTweets.push({ type: 'replied_to', id: parent.id });
      }
      if (input.quoteOf) {
        if (!this.tweets.has(input.quoteOf)) throw new SimError(404, `There is no tweet ${input.quoteOf} to quote.`);
        referencedTweets.push({ type: 'quoted', id: input.quoteOf });
      }
    }
    const tweet: SimTweet = {
      id,
      text,
      authorId: input.authorId,
      createdAt: xTime(createdMs),
      conversationId,
      inReplyToUserId,
      referencedTweets,
      viaApi: input.viaApi ?? false,
      ...(input.mediaKeys?.length ? { mediaKeys: input.mediaKeys } : {}),
    };
    this.attachMedia(input.mediaKeys, 'tweet', id);
    this.tweets.set(id, tweet);
    return tweet;
  }

  createDm(input: {
    senderId: string;
    recipientId: string;
    text: string;
    createdAt?: string | null | undefined;
    viaApi?: boolean;
    mediaKeys?: string[] | undefined;
  }): SimDmEvent {
    this.requireUser(input.senderId, 'sender');
    this.requireUser(input.recipientId, 'recipient');
    if (!input.text && !input.mediaKeys?.length) throw new SimError(400, 'A direct message needs text or media.');
    const createdMs = input.createdAt ? Date.parse(input.createdAt) : this.now();
    if (Number.isNaN(createdMs)) throw new SimError(400, `createdAt "${input.createdAt}" is not a date.`);
    const event: SimDmEvent = {
      id: this.snowflakes.next(createdMs),
      eventType: 'MessageCreate',
      text: input.text,
      senderId: input.senderId,
      recipientId: input.recipientId,
      dmConversationId: oneToOneConversationId(input.senderId, input.recipientId),
      createdAt: xTime(createdMs),
      viaApi: input.viaApi ?? false,
      ...(input.mediaKeys?.length ? { mediaKeys: input.mediaKeys } : {}),
    };
    this.attachMedia(input.mediaKeys, 'dm', event.id);
    this.dmEvents.set(event.id, event);
    return event;
  }

  private attachMedia(keys: string[] | undefined, kind: 'tweet' | 'dm', id: string): void {
    for (const key of keys ?? []) {
      const media = this.media.get(key);
      if (media) media.attachedTo = { kind, id };
    }
  }

  /** What X shows as the user's mentions: posts naming @username, and replies to the user's posts. */
  mentionsOf(userId: string): SimTweet[] {
    const user = this.users.get(userId);
    if (!user) return [];
    const handle = user.username.toLowerCase();
    const mentions = [...this.tweets.values()].filter(
      (t) => t.inReplyToUserId === userId || twitterText.extractMentions(t.text).some((m) => m.toLowerCase() === handle),
    );
    // X serves only the 800 most recent mentions.
    return newestFirst(mentions).slice(0, 800);
  }

  /** The user's own posts, newest first; X serves the 3,200 most recent. */
  timelineOf(userId: string): SimTweet[] {
    return newestFirst([...this.tweets.values()].filter((t) => t.authorId === userId)).slice(0, 3200);
  }

  /** Direct messages the user sent or received within the last 30 days, newest first. */
  dmEventsOf(userId: string): SimDmEvent[] {
    const oldest = this.now() - 30 * 24 * 3600 * 1000;
    return newestFirst(
      [...this.dmEvents.values()].filter((e) => (e.senderId === userId || e.recipientId === userId) && Date.parse(e.createdAt) >= oldest),
    );
  }

  sentBy(accountId: string): { tweets: SimTweet[]; dms: SimDmEvent[] } {
    return {
      tweets: [...this.tweets.values()].filter((t) => t.viaApi && t.authorId === accountId),
      dms: [...this.dmEvents.values()].filter((e) => e.viaApi && e.senderId === accountId),
    };
  }

  countCall(accountId: string, endpoint: string): void {
    const count = this.calls.get(accountId) ?? { total: 0, byEndpoint: {} };
    count.total += 1;
    count.byEndpoint[endpoint] = (count.byEndpoint[endpoint] ?? 0) + 1;
    this.calls.set(accountId, count);
  }
}
