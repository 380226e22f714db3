// The one interface every social network sits behind. It belongs to the core: ingest, outbox,
// worker and web only ever see these types, and a new network is one more folder under
// src/channels/ that implements ChannelAdapter (channels depend on the core, never the reverse).
import type { BilledCall, BilledWriteKind } from './billing/prices.ts';

/** What kind of conversation an entity belongs to; decides how a reply is sent. */
export type EntityKind = 'tweet' | 'dm';

/** The streams a channel is polled on; each keeps its own cursor. */
export type StreamName = 'mentions' | 'dms';

export interface SocialUser {
  /** The network's stable user id (X: numeric string). */
  externalUserId: string;
  /** The handle without "@". */
  handle: string;
  displayName: string;
  avatarUrl: string | null;
  /** What the network tells about the person, when it was asked for (X: user.fields). */
  profile?: SocialUserProfile;
}

export interface SocialUserProfile {
  bio: string | null;
  location: string | null;
  followersCount: number | null;
  verified: boolean | null;
  /** When the account was made (ISO 8601). */
  accountCreatedAt: string | null;
}

/** One message received from the network, already mapped out of the network's own shape. */
export interface InboundEntity {
  kind: EntityKind;
  stream: StreamName;
  /** The network's id of this message (tweet id, DM event id). Unique per network. */
  externalId: string;
  /**
   * Groups messages of one conversation: `tweet:<conversation_id>` for posts,
   * `dm:<dm_conversation_id>` for direct messages.
   */
  conversationKey: string;
  /** For a reply post: the id of the post it replies to. */
  inReplyToExternalId: string | null;
  author: SocialUser;
  /** The whole text (long posts: the note_tweet text, never the truncated one). */
  text: string;
  /** ISO 8601. */
  createdAt: string;
  /** A link to the message on the network, when it has one (DMs have none). */
  url: string | null;
  attachments?: InboundAttachment[];
  /** The links of the text (which holds their expanded addresses). */
  links?: InboundLink[];
}

/** Where a network's media file is fetched from; opaque to everything but its adapter. */
export interface MediaSource {
  url: string;
  /** DM media is private: the adapter fetches it with the account's token (X: the DM media endpoint). */
  dmEventId?: string;
}

/** A photo, GIF, video or file that came with an inbound message; downloaded later, once. */
export interface InboundAttachment {
  /** The network's key for it (X: media_key). */
  key: string;
  mediaType: 'photo' | 'animated_gif' | 'video' | 'file';
  filename: string;
  /** The type the network announces; the download's own type wins. */
  contentType: string;
  altText: string | null;
  width: number | null;
  height: number | null;
  source: MediaSource;
}

/** A link in a message's text: X's t.co address and what it stands for. */
export interface InboundLink {
  url: string;
  expandedUrl: string;
  displayUrl: string;
}

/** A page of inbound entities, oldest first, and the cursor to store once they are stored. */
export interface InboundBatch {
  entities: InboundEntity[];
  /** The stream's cursor after this batch; store it in the same transaction as the entities. */
  cursor: string;
}

export interface OutboundMessage {
  kind: EntityKind;
  text: string;
  /** kind "tweet": the post this one answers (omit to post a new tweet). */
  inReplyToExternalId?: string | null;
  /** kind "dm": the recipient's network user id. */
  recipientExternalUserId?: string | null;
  /** The conversation this message continues, when the caller knows it (the ticket's key). */
  conversationKey?: string | null;
  /** Media already uploaded with `uploadMedia`, in order. */
  mediaIds?: string[];
}

/** A file to upload for an outgoing message. */
export interface OutboundFile {
  bytes: Uint8Array;
  contentType: string;
  /** Networks size and check media by the kind of message they go with. */
  use: EntityKind;
}

export interface DownloadedMedia {
  bytes: Uint8Array;
  contentType: string;
}

export interface DownloadLimits {
  maxBytes: number;
  timeoutMs: number;
}

export interface SentMessage {
  externalId: string;
  conversationKey: string;
  url: string | null;
  createdAt: string;
}

export interface AccountInfo {
  id: string;
  username: string;
  name: string;
}

/** Why a call to the network failed, in the terms the worker acts on. */
export type ChannelErrorKind =
  | 'auth' // credentials rejected: the profile needs an administrator
  | 'rate_limit' // wait until retryAt
  | 'transient' // 5xx, timeout, connection refused: back off and retry
  | 'permanent'; // the request itself is wrong (e.g. duplicate or too long text): do not retry

/**
 * Why the network refused a write, when the outbox acts on it: `duplicate` (the same text was
 * posted already — after a lost answer, that is our own message), `not_summoned` (X allows a
 * public reply only to a post that @mentions or quotes the account).
 */
export type ChannelErrorReason = 'duplicate' | 'not_summoned';
export class ChannelError extends Error {
  readonly kind: ChannelErrorKind;
  readonly status: number | null;
  readonly retryAt: Date | null;
  readonly reason: ChannelErrorReason | null;
  constructor(
    kind: ChannelErrorKind,
    message: string,
    opts: { status?: number | null; retryAt?: Date | null; cause?: unknown; reason?: ChannelErrorReason | null } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'ChannelError';
    this.kind = kind;
    this.status = opts.status ?? null;
    this.retryAt = opts.retryAt ?? null;
    this.reason = opts.reason ?? null;
  }
}

export type CallKind = 'read' | 'write';

/** What the network said about an endpoint's limit in an answer (X: the x-rate-limit-* headers). */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** ISO 8601: when the window opens again. */
  resetAt: string;
}

export interface ChannelCallEvent {
  kind: CallKind;
  endpoint: string;
  status: number | null;
  durationMs: number;
  /** What the network bills for this call, counted from its answer (absent when it bills nothing). */
  billed?: BilledCall;
  /** The limit the answer reported, when it did. */
  rateLimit?: RateLimitState | null;
}

/**
 * The limits the network last reported for one account, per endpoint, shared by every worker
 * through the database. A client asks it before each call, so that it waits instead of meeting a 429.
 */
export interface RateBudget {
  /** Calls that may be made on `endpoint` now, keeping `reserve` back (Infinity when nothing is known). */
  available(endpoint: string, nowMs: number, reserve?: number): number;
  /** When the endpoint's window opens again, if it is known. */
  resetAt(endpoint: string): Date | null;
  record(endpoint: string, state: RateLimitState): void;
}

export interface ChannelClientOptions {
  /** Decrypted credentials, by the adapter's own field names. */
  credentials: Record<string, string>;
  /** The verified account, when known (needed to fetch and to filter the account's own posts). */
  account: AccountInfo | null;
  /** The network API's base address (for X: PARLEY_X_API_URL). */
  apiUrl: string;
  /** Milliseconds before a call is abandoned as a timeout. */
  timeoutMs?: number;
  /** Called once for every HTTP call made (the network bills them). */
  onCall?: (event: ChannelCallEvent) => void;
  /** Pacing by the network's own limits: a call the budget has no room for is not made. */
  rateBudget?: RateBudget;
}

/**
 * What a profile's own server says about its limits (Mastodon: GET /api/v2/instance), stored with
 * the profile when it is verified and refreshed by the worker, so that the reply box and the checks
 * before queueing use the server's numbers. Networks with fixed rules (X, Bluesky) have none.
 */
export interface ServerLimits {
  /** The longest text a post may have, as the network counts it. */
  maxCharacters?: number;
  maxAttachments?: number;
  imageSizeLimit?: number;
  videoSizeLimit?: number;
  supportedMimeTypes?: string[];
}

export interface TextCheck {
  ok: boolean;
  /** The length as the network counts it. */
  length: number;
  max: number;
  message: string | null;
}

export interface ChannelClient {
  verify(): Promise<AccountInfo>;
  /**
   * Everything newer than `cursor` on one stream, oldest first, in batches. `cursor` null means
   * "never polled": the adapter then returns only entities created at or after `since`.
   */
  fetchInbound(stream: StreamName, cursor: string | null, since: Date): Promise<InboundBatch[]>;
  send(message: OutboundMessage): Promise<SentMessage>;
  /**
   * After a crash while sending: was this message already delivered (by text and target, at or
   * after `since`)? Lets the outbox finish a send exactly once.
   */
  findSent(message: OutboundMessage, since: Date): Promise<SentMessage | null>;
  lookupUser(handle: string): Promise<SocialUser>;
  /** Fetches an inbound attachment (only from the network's own hosts), within the limits. */
  downloadMedia?(source: MediaSource, limits: DownloadLimits): Promise<DownloadedMedia>;
  /** Uploads a file for an outgoing message; the id goes into OutboundMessage.mediaIds. */
  uploadMedia?(file: OutboundFile): Promise<string>;
  /** The server's own limits, at most an hour old (networks whose rules are fixed have no such call). */
  serverLimits?(): Promise<ServerLimits>;
}

/** A field a setup step asks for: a credential field by its name, or X's `appName`. */
export interface SetupField {
  name: string;
  label: string;
  required: boolean;
  hint?: string;
  /** Filled in when a profile is created without it (e.g. Bluesky's https://bsky.social). */
  default?: string;
}

/** One step of a profile type's guided setup, after "General" (MISSION P4). */
export interface SetupStep {
  /** instructions: help text only; fields: a form; verify: the "Verify credentials" button; incoming: target queue and auto response. */
  kind: 'instructions' | 'fields' | 'verify' | 'incoming';
  title: string;
  fields: readonly SetupField[];
  /** Paragraphs shown above the form (plain text; the page escapes it). */
  help?: readonly string[];
}

/** How a profile type is named and set up; supplied by the adapter so the core stays network-neutral. */
export interface SetupGuide {
  /** The profile type as the admin module names it: "Twitter", "Mastodon", "Bluesky". */
  label: string;
  /** The network in sentences: "X", "Mastodon", "Bluesky". */
  network: string;
  /** What the profile's posting identity is called in the agent's reply box ("Twitter app", "Mastodon account"). */
  profileNoun: string;
  /** The ACL ticket field that names this type's profiles (TwitterProfileID, …). */
  aclField: string;
  steps: readonly SetupStep[];
}
/** Why a file cannot go with a message, or null when it can (checked before anything is queued). */
export type MediaCheck = (kind: EntityKind, files: readonly { contentType: string; size: number }[], limits?: ServerLimits | null) => string | null;

export interface ChannelAdapter {
  /** The profile type, e.g. "twitter". */
  readonly type: string;
  /** The article channel name, e.g. "twitter". */
  readonly channel: string;
  readonly streams: readonly StreamName[];
  /** Credential fields, in the order the setup wizard asks for them; `secret` ones are encrypted. */
  readonly credentialFields: readonly { name: string; secret: boolean }[];
  createClient(options: ChannelClientOptions): ChannelClient;
  /** The text as the network counts it, against the profile's server limits when the network has them. */
  checkText(kind: EntityKind, text: string, limits?: ServerLimits | null): TextCheck;
  /** Which billed write sending this message is (X: a URL in a post is the dear kind). */
  billedWrite?(message: Pick<OutboundMessage, 'kind' | 'text' | 'inReplyToExternalId'>): BilledWriteKind;
  /** X answers publicly only posts that @mention or quote the account (core/social/summoned.ts); false for networks without that rule. */
  readonly repliesNeedSummons?: boolean;
  /** The guided setup; adapters without one are set up through the API only. */
  readonly setup?: SetupGuide;
  /** A credential's value refused before it is stored (e.g. a server address that is not https), in words for the form. */
  checkCredential?(field: string, value: string): string | null;
  /** Entities read so far of a backlog the stream is still reading; null when it is caught up. */
  catchingUp?(stream: StreamName, cursor: string | null): number | null;
  /**
   * The conversation key a new DM to `recipientId` will have, when the network makes it from the
   * two accounts (X: the one-to-one id); absent when only sending tells it (Bluesky's chat id).
   */
  dmConversationKey?(accountId: string, recipientId: string): string | null;
  /** The network's rules for attachments; a network without one takes none. */
  checkMedia?: MediaCheck;
}

/** The network in sentences ("X", "Mastodon", "Bluesky"), from the profile type's setup guide. */
export function networkOf(adapter: Pick<ChannelAdapter, 'setup'> | undefined, type: string | undefined): string {
  return adapter?.setup?.network ?? type ?? 'X';
}
