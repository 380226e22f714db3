// The Mastodon server's state: accounts (the support account with its token, and the people who
// write to it), statuses, notifications. Rules from docs.joinmastodon.org: statuses carry HTML
// `content`; direct statuses are seen only by their author and the accounts they mention; a
// status counts graphemes, every URL as 23 characters and a remote mention as its local part.
import { randomBytes } from 'node:crypto';
import { idCounter } from '../common/serve.ts';

export class SimError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface Account {
  id: string;
  username: string;
  /** username for local accounts, username@domain for remote ones. */
  acct: string;
  displayName: string;
  avatar: string;
  createdAt: string;
  /** Only accounts Parley signs in with have a token. */
  token: string | null;
  scopes: string[];
}

export interface Status {
  id: string;
  accountId: string;
  text: string;
  visibility: Visibility;
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  mentionIds: string[];
  createdAt: string;
  /** Media attachments, in the order given. */
  mediaIds: string[];
}

/** A MediaAttachment: uploaded by an account, processed (at once for images, later for video and GIF), then attached to one status. */
export interface Media {
  id: string;
  accountId: string;
  type: 'image' | 'gifv' | 'video' | 'audio';
  contentType: string;
  bytes: Buffer;
  description: string | null;
  /** When processing is done (epoch ms); `url` is null until then. */
  readyAtMs: number;
  statusId: string | null;
  width: number | null;
  height: number | null;
}

export interface Notification {
  id: string;
  type: 'mention' | 'favourite' | 'reblog' | 'follow';
  accountId: string;
  /** Whose notification it is. */
  ownerId: string;
  statusId: string | null;
  createdAt: string;
}

export const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
const MENTION_PATTERN = /(^|[^\w/])@([a-z0-9_]+(?:@[a-z0-9.-]+[a-z0-9])?)/gi;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The length Mastodon checks against `max_characters`. */
export function statusLength(text: string): number {
  const countable = text.replace(URL_PATTERN, 'x'.repeat(23)).replace(MENTION_PATTERN, (_m, pre: string, acct: string) => `${pre}@${acct.split('@')[0]}`);
  return [...graphemes.segment(countable)].length;
}

export interface StateOptions {
  domain: string;
  maxCharacters: number;
  now: () => number;
  /** configuration.media_attachments: what the server takes. */
  media: MediaLimits;
}

export interface MediaLimits {
  maxAttachments: number;
  imageSizeLimit: number;
  videoSizeLimit: number;
  supportedMimeTypes: string[];
  /** How long a video or GIF takes to process (GET /api/v1/media/:id answers 206 meanwhile). */
  processingMs: number;
}

const MB = 1024 * 1024;
/** A stock Mastodon 4.x server's limits (app/models/media_attachment.rb, GET /api/v2/instance). */
export const DEFAULT_MEDIA_LIMITS: MediaLimits = {
  maxAttachments: 4,
  imageSizeLimit: 16 * MB,
  videoSizeLimit: 99 * MB,
  supportedMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif', 'video/webm', 'video/mp4', 'video/quicktime', 'video/ogg', 'audio/wave', 'audio/wav', 'audio/x-wav', 'audio/ogg', 'audio/mpeg', 'audio/mp3', 'audio/webm', 'audio/flac', 'audio/aac', 'audio/mp4'],
  processingMs: 300,
};

/** Rails' number_to_human_size, as Paperclip's size message shows the limit. */
function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} Bytes`;
  if (bytes < MB) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / MB) * 10) / 10} MB`;
}

/** The type a file really is, by its first bytes (Mastodon detects it from the content, not the name or the claimed type). */
export function sniffType(b: Buffer): string | null {
  if (b.length >= 4 && b[0] === 0x89 && b.toString('latin1', 1, 4) === 'PNG') return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.toString('latin1', 0, 4) === 'GIF8') return 'image/gif';
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.toString('latin1', 4, 8) === 'ftyp') return b.toString('latin1', 8, 10) === 'qt' ? 'video/quicktime' : 'video/mp4';
  if (b.length >= 4 && b.readUInt32BE(0) === 0x1a45dfa3) return 'video/webm';
  if (b.toString('latin1', 0, 4) === 'OggS') return 'audio/ogg';
  if (b.toString('latin1', 0, 3) === 'ID3') return 'audio/mpeg';
  return null;
}

export class MastodonState {
  accounts = new Map<string, Account>();
  statuses = new Map<string, Status>();
  notifications = new Map<string, Notification>();
  /** accountId + Idempotency-Key → status id and when the key was first used. */
  idempotency = new Map<string, { statusId: string; atMs: number }>();
  media = new Map<string, Media>();
  /** The address the simulator is reached at (set when it listens): media and avatars are served from it. */
  baseUrl: string | null = null;
  private nextId = idCounter(110_000_000_000_000_000n);

  constructor(readonly options: StateOptions) {}

  iso(): string {
    return new Date(this.options.now()).toISOString();
  }

  createAccount(input: { username: string; displayName?: string | undefined; domain?: string | null | undefined; withToken?: boolean; scopes?: string[] | undefined }): Account {
    if (!/^[a-z0-9_]{1,30}$/i.test(input.username)) throw new SimError(422, 'Validation failed: Username must contain only letters, numbers and underscores');
    const acct = input.domain ? `${input.username}@${input.domain}` : input.username;
    if ([...this.accounts.values()].some((a) => a.acct.toLowerCase() === acct.toLowerCase())) throw new SimError(422, 'Validation failed: Username has already been taken');
    const id = this.nextId();
    const account: Account = {
      id,
      username: input.username,
      acct,
      displayName: input.displayName ?? input.username,
      // Mastodon serves every avatar, a remote account's too, from its own files (a cached copy).
      avatar: this.baseUrl ? `${this.baseUrl}/system/accounts/avatars/${input.username.toLowerCase()}/original/avatar.png` : `https://${input.domain ?? this.options.domain}/avatars/${input.username}.png`,
      createdAt: this.iso(),
      token: input.withToken ? randomBytes(24).toString('base64url') : null,
      scopes: input.scopes ?? ['read', 'write'],
    };
    this.accounts.set(id, account);
    return account;
  }

  accountByToken(token: string): Account | undefined {
    return [...this.accounts.values()].find((a) => a.token !== null && a.token === token);
  }

  accountByAcct(acct: string): Account | undefined {
    const wanted = acct.replace(/^@/, '').toLowerCase().replace(new RegExp(`@${this.options.domain.replace(/\./g, '\\.')}$`), '');
    return [...this.accounts.values()].find((a) => a.acct.toLowerCase() === wanted);
  }

  account(id: string): Account {
    const a = this.accounts.get(id);
    if (!a) throw new SimError(404, 'Record not found');
    return a;
  }

  /** A status as its author writes it: mentions found in the text are notified, as Mastodon does. */
  post(author: Account, input: { text: string; visibility: Visibility; inReplyToId?: string | null | undefined; mediaIds?: string[] }): Status {
    const parent = input.inReplyToId ? this.statuses.get(input.inReplyToId) : undefined;
    if (input.inReplyToId && (!parent || !this.canSee(author, parent))) throw new SimError(404, 'Record not found');
    const mentioned = [...input.text.matchAll(MENTION_PATTERN)].map((m) => this.accountByAcct(m[2]!)).filter((a): a is Account => a !== undefined);
    const status: Status = {
      id: this.nextId(),
      accountId: author.id,
      text: input.text,
      visibility: input.visibility,
      inReplyToId: parent?.id ?? null,
      inReplyToAccountId: parent?.accountId ?? null,
      mentionIds: [...new Set(mentioned.map((a) => a.id))],
      createdAt: this.iso(),
      mediaIds: input.mediaIds ?? [],
    };
    this.statuses.set(status.id, status);
    for (const id of status.mediaIds) this.media.get(id)!.statusId = status.id;
    for (const id of status.mentionIds) {
      if (id === author.id) continue;
      const n: Notification = { id: this.nextId(), type: 'mention', accountId: author.id, ownerId: id, statusId: status.id, createdAt: status.createdAt };
      this.notifications.set(n.id, n);
    }
    return status;
  }

  /** POST /api/v2/media: checked as Mastodon checks it (type by content, size by family); images are ready at once. */
  upload(owner: Account, bytes: Buffer, description: string | null, dims: { width: number; height: number } | null = null): Media {
    const limits = this.options.media;
    const type = sniffType(bytes);
    if (!type || !limits.supportedMimeTypes.includes(type)) throw new SimError(422, 'Validation failed: File content type is invalid, File is invalid');
    const family = type.startsWith('image/') ? 'image' : 'video';
    const limit = family === 'image' ? limits.imageSizeLimit : limits.videoSizeLimit;
    if (bytes.length > limit) throw new SimError(422, `Validation failed: File file size must be less than ${humanSize(limit)}`);
    if (description !== null && [...description].length > 1500) throw new SimError(422, 'Validation failed: Description is too long (maximum is 1500 characters)');
    const kind: Media['type'] = type === 'image/gif' ? 'gifv' : type.startsWith('image/') ? 'image' : type.startsWith('audio/') ? 'audio' : 'video';
    const now = this.options.now();
    const m: Media = { id: this.nextId(), accountId: owner.id, type: kind, contentType: type, bytes, description, readyAtMs: kind === 'image' ? now : now + limits.processingMs, statusId: null, width: dims?.width ?? null, height: dims?.height ?? null };
    // (A real server turns a GIF into a silent MP4, "gifv"; the simulator keeps the bytes it was given.)
    this.media.set(m.id, m);
    return m;
  }

  ready(m: Media): boolean {
    return this.options.now() >= m.readyAtMs;
  }

  /** The media a status may carry, in PostStatusService's order of checks. */
  attachable(owner: Account, ids: string[]): string[] {
    const limits = this.options.media;
    if (ids.length > limits.maxAttachments) throw new SimError(422, `Cannot attach more than ${limits.maxAttachments} files`);
    const found = ids.map((id) => this.media.get(id)).filter((m): m is Media => m !== undefined && m.accountId === owner.id && m.statusId === null);
    if (found.length < ids.length) {
      const missing = ids.filter((id) => !found.some((m) => m.id === id));
      throw new SimError(422, `Media ${missing.join(', ')} not found or already attached to another post`);
    }
    if (found.length > 1 && found.some((m) => m.type === 'video' || m.type === 'audio')) throw new SimError(422, 'Cannot attach a video to a post that already contains images');
    if (found.some((m) => !this.ready(m))) throw new SimError(422, 'Cannot attach files that have not finished processing. Try again in a moment!');
    return found.map((m) => m.id);
  }

  /** A notification that is not a mention (favourites, follows): Parley must not take them for messages. */
  notify(owner: Account, from: Account, type: Notification['type'], statusId: string | null): Notification {
    const n: Notification = { id: this.nextId(), type, accountId: from.id, ownerId: owner.id, statusId, createdAt: this.iso() };
    this.notifications.set(n.id, n);
    return n;
  }

  canSee(viewer: Account | undefined, s: Status): boolean {
    if (s.visibility !== 'direct' && s.visibility !== 'private') return true;
    if (!viewer) return false;
    return viewer.id === s.accountId || s.mentionIds.includes(viewer.id);
  }

  /** Ancestors oldest first, and descendants in id order, as GET /api/v1/statuses/:id/context. */
  context(viewer: Account, s: Status): { ancestors: Status[]; descendants: Status[] } {
    const ancestors: Status[] = [];
    for (let p = s.inReplyToId ? this.statuses.get(s.inReplyToId) : undefined; p; p = p.inReplyToId ? this.statuses.get(p.inReplyToId) : undefined) {
      if (this.canSee(viewer, p)) ancestors.unshift(p);
    }
    const descendants: Status[] = [];
    const walk = (id: string) => {
      for (const c of this.statuses.values()) {
        if (c.inReplyToId === id) {
          if (this.canSee(viewer, c)) descendants.push(c);
          walk(c.id);
        }
      }
    };
    walk(s.id);
    return { ancestors, descendants: descendants.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)) };
  }

  reset(): void {
    this.accounts.clear();
    this.statuses.clear();
    this.notifications.clear();
    this.idempotency.clear();
    this.media.clear();
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The status text as Mastodon renders `content`: paragraphs, line breaks, linked mentions and URLs, all else escaped. */
export function renderContent(state: MastodonState, s: Status): string {
  const paragraphs = s.text.split(/\n{2,}/).map((p) => {
    let html = '';
    let last = 0;
    const tokens = [...p.matchAll(new RegExp(`${URL_PATTERN.source}|${MENTION_PATTERN.source}`, 'gi'))];
    for (const m of tokens) {
      const start = m.index + (m[1] ?? '').length;
      html += escapeHtml(p.slice(last, start)).replace(/\n/g, '<br />');
      const token = m[0].slice((m[1] ?? '').length);
      if (token.startsWith('@')) {
        const acct = state.accountByAcct(token.slice(1));
        html += acct
          ? `<span class="h-card" translate="no"><a href="https://${state.options.domain}/@${escapeHtml(acct.acct)}" class="u-url mention">@<span>${escapeHtml(acct.username)}</span></a></span>`
          : escapeHtml(token);
      } else {
        html += `<a href="${escapeHtml(token)}" target="_blank" rel="nofollow noopener noreferrer" translate="no">${escapeHtml(token)}</a>`;
      }
      last = start + token.length;
    }
    html += escapeHtml(p.slice(last)).replace(/\n/g, '<br />');
    return `<p>${html}</p>`;
  });
  return paragraphs.join('');
}
