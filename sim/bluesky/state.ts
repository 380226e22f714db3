// A Bluesky PDS with its app view and the chat service, as one state: accounts with app
// passwords, sessions (JWTs with an expiry), posts as app.bsky.feed.post records, notifications,
// and chat conversations with their event log. Rules from docs.bsky.app and the lexicons.
import { createHash, createHmac, randomBytes } from 'node:crypto';

export class XrpcError extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

export interface Account {
  did: string;
  handle: string;
  displayName: string;
  avatar: string;
  /** App passwords Parley signs in with; `privileged` ones may use chat. */
  appPasswords: { password: string; privileged: boolean }[];
}

export interface StrongRef {
  uri: string;
  cid: string;
}

export interface PostRecord {
  $type: 'app.bsky.feed.post';
  text: string;
  createdAt: string;
  reply?: { root: StrongRef; parent: StrongRef };
  facets?: { index: { byteStart: number; byteEnd: number }; features: { $type: string; did?: string; uri?: string }[] }[];
  embed?: { $type: string; record?: StrongRef; images?: { image: BlobRef; alt: string; aspectRatio?: { width: number; height: number } }[]; video?: BlobRef; alt?: string };
}

export interface BlobRef {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

/** A blob in an account's repository: uploaded, then referenced by a record (unreferenced ones are temporary). */
export interface Blob {
  cid: string;
  did: string;
  bytes: Buffer;
  mimeType: string;
  referenced: boolean;
}

/** The PDS's upload limit (the reference PDS's PDS_BLOB_UPLOAD_LIMIT default, 5 MiB). */
export const BLOB_UPLOAD_LIMIT = 5 * 1024 * 1024;
/** app.bsky.embed.images#image: blob accept image/*, maxSize 1000000; at most 4 images. */
export const EMBED_IMAGE_MAX_BYTES = 1_000_000;
export const EMBED_MAX_IMAGES = 4;

/** A blob's CID as the PDS makes it: CIDv1, raw codec, sha2-256, base32 ("bafkrei…"). */
export function blobCid(bytes: Buffer): string {
  const digest = createHash('sha256').update(bytes).digest();
  const cid = Buffer.concat([Buffer.from([0x01, 0x55, 0x12, 0x20]), digest]);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = 'b';
  for (const byte of cid) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** The type of a blob by its first bytes, as the PDS sniffs it; the declared type when nothing is recognised. */
export function sniffMime(b: Buffer, declared: string): string {
  if (b.length >= 4 && b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG') return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.toString('latin1', 4, 8) === 'ftyp') return 'video/mp4';
  return declared || 'application/octet-stream';
}

export interface Post extends StrongRef {
  authorDid: string;
  record: PostRecord;
  indexedAt: string;
  seq: number;
}

export interface Notification {
  seq: number;
  ownerDid: string;
  authorDid: string;
  reason: 'mention' | 'reply' | 'quote' | 'like' | 'follow' | 'repost';
  uri: string;
  cid: string;
  reasonSubject?: string;
  indexedAt: string;
}

export interface ChatMessage {
  id: string;
  rev: string;
  convoId: string;
  senderDid: string;
  text: string;
  sentAt: string;
}

export interface Convo {
  id: string;
  members: string[];
  rev: string;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
export const graphemeLength = (text: string) => [...graphemes.segment(text)].length;
export const POST_MAX_GRAPHEMES = 300;
export const POST_MAX_BYTES = 3000;
export const CHAT_MAX_GRAPHEMES = 1000;

export interface BlueskyStateOptions {
  now: () => number;
  accessTtlMs: number;
  refreshTtlMs: number;
}

export class BlueskyState {
  accounts = new Map<string, Account>();
  posts = new Map<string, Post>();
  notifications: Notification[] = [];
  convos = new Map<string, Convo>();
  messages: ChatMessage[] = [];
  revokedRefresh = new Set<string>();
  blobs = new Map<string, Blob>();
  /** The address the simulator is reached at (set when it listens): the PDS endpoint of every DID, and the avatar CDN. */
  baseUrl: string | null = null;
  private seq = 0;
  private readonly key = randomBytes(32);
  private readonly revBase = BigInt(Date.now()) * 1000n;

  constructor(readonly options: BlueskyStateOptions) {}

  iso(): string {
    return new Date(this.options.now()).toISOString();
  }

  /** TIDs and revs: fixed-width, so they sort as text in the order they were made. */
  nextRev(): string {
    this.seq += 1;
    return (this.revBase + BigInt(this.seq)).toString(36).padStart(13, '0');
  }

  createAccount(input: { handle: string; displayName?: string | undefined; privileged?: boolean | undefined; withPassword: boolean }): { account: Account; appPassword: string | null } {
    const handle = input.handle.toLowerCase();
    if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$/.test(handle)) throw new XrpcError(400, 'InvalidHandle', 'Handle is not a valid domain name');
    if ([...this.accounts.values()].some((a) => a.handle === handle)) throw new XrpcError(400, 'HandleNotAvailable', 'Handle already taken');
    const did = `did:plc:${randomBytes(12).toString('base64url').toLowerCase().replace(/[^a-z2-7]/g, 'a').slice(0, 24)}`;
    const appPassword = input.withPassword ? [0, 1, 2, 3].map(() => randomBytes(3).toString('hex').slice(0, 4)).join('-') : null;
    const account: Account = {
      did,
      handle,
      displayName: input.displayName ?? handle,
      avatar: this.baseUrl ? `${this.baseUrl}/img/avatar/plain/${did}/avatar@jpeg` : `https://cdn.bsky.example/avatar/${did}.jpg`,
      appPasswords: appPassword ? [{ password: appPassword, privileged: input.privileged ?? true }] : [],
    };
    this.accounts.set(did, account);
    return { account, appPassword };
  }

  byActor(actor: string): Account | undefined {
    return actor.startsWith('did:') ? this.accounts.get(actor) : [...this.accounts.values()].find((a) => a.handle === actor.toLowerCase().replace(/^@/, ''));
  }

  // Sessions: JWTs signed by the PDS; the payload's `exp` is what a client reads to refresh in time.
  sign(payload: Record<string, unknown>): string {
    const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const body = `${enc({ typ: 'at+jwt', alg: 'HS256' })}.${enc(payload)}`;
    return `${body}.${createHmac('sha256', this.key).update(body).digest('base64url')}`;
  }

  verifyJwt(token: string): Record<string, unknown> {
    const [h, p, s] = token.split('.');
    if (!h || !p || !s || createHmac('sha256', this.key).update(`${h}.${p}`).digest('base64url') !== s) throw new XrpcError(401, 'InvalidToken', 'Token could not be verified');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof payload['exp'] === 'number' && payload['exp'] * 1000 <= this.options.now()) throw new XrpcError(400, 'ExpiredToken', 'Token has expired');
    return payload;
  }

  session(account: Account, privileged: boolean) {
    const now = Math.floor(this.options.now() / 1000);
    return {
      did: account.did,
      handle: account.handle,
      active: true,
      accessJwt: this.sign({ scope: privileged ? 'com.atproto.appPassPrivileged' : 'com.atproto.appPass', sub: account.did, iat: now, exp: now + Math.floor(this.options.accessTtlMs / 1000), aud: 'did:web:pds.example' }),
      refreshJwt: this.sign({ scope: 'com.atproto.refresh', sub: account.did, iat: now, exp: now + Math.floor(this.options.refreshTtlMs / 1000), jti: randomBytes(16).toString('base64url'), privileged }),
    };
  }

  createPost(author: Account, record: PostRecord): Post {
    const rkey = this.nextRev();
    const uri = `at://${author.did}/app.bsky.feed.post/${rkey}`;
    const cid = `bafyrei${createHash('sha256').update(JSON.stringify(record) + uri).digest('hex').slice(0, 52)}`;
    const post: Post = { uri, cid, authorDid: author.did, record, indexedAt: this.iso(), seq: ++this.seq };
    this.posts.set(uri, post);
    const notify = (ownerDid: string, reason: Notification['reason']) => {
      if (ownerDid === author.did || this.notifications.some((n) => n.uri === uri && n.ownerDid === ownerDid)) return;
      this.notifications.push({ seq: ++this.seq, ownerDid, authorDid: author.did, reason, uri, cid, indexedAt: post.indexedAt });
    };
    // A reply notifies the author of the post answered and of the thread's root; then mentions; then a quote.
    if (record.reply) {
      const parent = this.posts.get(record.reply.parent.uri);
      const root = this.posts.get(record.reply.root.uri);
      if (parent) notify(parent.authorDid, 'reply');
      if (root) notify(root.authorDid, 'reply');
    }
    for (const f of record.facets ?? []) for (const feat of f.features) if (feat.$type === 'app.bsky.richtext.facet#mention' && feat.did && this.accounts.has(feat.did)) notify(feat.did, 'mention');
    const quoted = record.embed?.record ? this.posts.get(record.embed.record.uri) : undefined;
    if (quoted) notify(quoted.authorDid, 'quote');
    return post;
  }

  uploadBlob(owner: Account, bytes: Buffer, declared: string): BlobRef {
    if (bytes.length > BLOB_UPLOAD_LIMIT) throw new XrpcError(413, 'PayloadTooLarge', 'request entity too large');
    const cid = blobCid(bytes);
    const mimeType = sniffMime(bytes, declared);
    const key = `${owner.did} ${cid}`;
    const known = this.blobs.get(key);
    this.blobs.set(key, { cid, did: owner.did, bytes, mimeType, referenced: known?.referenced ?? false });
    return { $type: 'blob', ref: { $link: cid }, mimeType, size: bytes.length };
  }

  blob(did: string, cid: string): Blob | undefined {
    return this.blobs.get(`${did} ${cid}`);
  }

  like(by: Account, post: Post): void {
    this.notifications.push({ seq: ++this.seq, ownerDid: post.authorDid, authorDid: by.did, reason: 'like', uri: `at://${by.did}/app.bsky.feed.like/${this.nextRev()}`, cid: 'bafyreilike', reasonSubject: post.uri, indexedAt: this.iso() });
  }

  convoFor(members: string[]): Convo {
    const sorted = [...new Set(members)].sort();
    const found = [...this.convos.values()].find((c) => c.members.length === sorted.length && c.members.every((m, i) => m === sorted[i]));
    if (found) return found;
    const convo: Convo = { id: this.nextRev(), members: sorted, rev: this.nextRev() };
    this.convos.set(convo.id, convo);
    return convo;
  }

  sendMessage(sender: Account, convo: Convo, text: string): ChatMessage {
    const rev = this.nextRev();
    const message: ChatMessage = { id: this.nextRev(), rev, convoId: convo.id, senderDid: sender.did, text, sentAt: this.iso() };
    convo.rev = rev;
    this.messages.push(message);
    return message;
  }

  reset(): void {
    this.accounts.clear();
    this.posts.clear();
    this.notifications = [];
    this.convos.clear();
    this.messages = [];
    this.blobs.clear();
  }
}

/** Facets for "@handle" words naming known accounts, as a Bluesky client would make them. */
export function mentionFacets(state: BlueskyState, text: string): NonNullable<PostRecord['facets']> {
  const facets: NonNullable<PostRecord['facets']> = [];
  for (const m of text.matchAll(/(^|\s)@([a-z0-9.-]+[a-z0-9])/gi)) {
    const account = state.byActor(m[2]!);
    if (!account) continue;
    const start = Buffer.byteLength(text.slice(0, m.index + m[1]!.length));
    facets.push({ index: { byteStart: start, byteEnd: start + Buffer.byteLength(`@${m[2]}`) }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: account.did }] });
  }
  return facets;
}
