// Media on X for Parley: X's media objects mapped to inbound attachments, X's rules for what a
// post or DM may carry, downloads only from X's own hosts, and the chunked media upload.
import { ChannelError, type DownloadedMedia, type DownloadLimits, type EntityKind, type InboundAttachment, type MediaSource, type OutboundFile } from '../types.ts';
import type { RateBudget, RateLimitState } from '../../core/channel.ts';
import { rateLimitFrom } from '../http.ts';
import { fileNameOf, readMedia, typeOfName } from '../media-http.ts';
import { refuseWhenSpent, type XApi } from './api.ts';
import { oauth1Header, type OAuth1Credentials } from './oauth1.ts';
import { formatNumber, t } from '../../i18n/index.ts';

export interface XMedia {
  media_key: string;
  type: string;
  url?: string;
  preview_image_url?: string;
  width?: number;
  height?: number;
  alt_text?: string;
  variants?: { bit_rate?: number; content_type: string; url: string }[];
}

export const MEDIA_FIELDS = 'url,preview_image_url,type,variants,width,height,alt_text';

/** X's media hosts; a download goes nowhere else (besides the configured API address). */
export const X_MEDIA_HOSTS = ['pbs.twimg.com', 'video.twimg.com', 'ton.twitter.com'];

const MB = 1024 * 1024;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const GIF_TYPES = ['image/gif'];
const VIDEO_TYPES = ['video/mp4', 'video/quicktime'];
/** X's limits (x-api/media/introduction): images 5 MB, GIFs 15 MB, videos 512 MB. */
export const X_MEDIA_LIMITS = { image: 5 * MB, gif: 15 * MB, video: 512 * MB };
const UPLOAD_SEGMENT_BYTES = 4 * MB;

/** The file to keep of a media object: the photo itself, or the best MP4 of a GIF or video. */
function fileOf(media: XMedia): string | null {
  if (media.type === 'photo') return media.url ?? null;
  const mp4 = (media.variants ?? []).filter((v) => v.content_type === 'video/mp4').sort((a, b) => (b.bit_rate ?? 0) - (a.bit_rate ?? 0));
  return mp4[0]?.url ?? media.preview_image_url ?? null;
}

export function mediaAttachments(keys: readonly string[] | undefined, media: readonly XMedia[] | undefined, dmEventId?: string): InboundAttachment[] {
  const byKey = new Map((media ?? []).map((m) => [m.media_key, m]));
  return (keys ?? []).flatMap((key) => {
    const m = byKey.get(key);
    const url = m ? fileOf(m) : null;
    if (!m || !url) return [];
    const filename = fileNameOf(url);
    const mediaType = m.type === 'photo' || m.type === 'animated_gif' || m.type === 'video' ? m.type : 'file';
    const source: MediaSource = { url, ...(dmEventId ? { dmEventId } : {}) };
    return [{ key, mediaType, filename, contentType: typeOfName(filename), altText: m.alt_text ?? null, width: m.width ?? null, height: m.height ?? null, source }];
  });
}

/** X's rules for what goes with one message: four images, or one GIF or video, per post; one file per DM. */
export function checkMedia(kind: EntityKind, files: readonly { contentType: string; size: number }[]): string | null {
  if (files.length === 0) return null;
  for (const f of files) {
    const type = f.contentType.toLowerCase();
    const [family, limit] = IMAGE_TYPES.includes(type) ? (['image', X_MEDIA_LIMITS.image] as const) : GIF_TYPES.includes(type) ? (['gif', X_MEDIA_LIMITS.gif] as const) : VIDEO_TYPES.includes(type) ? (['video', X_MEDIA_LIMITS.video] as const) : [null, 0];
    if (!family) return f.contentType ? t('media.x.type', { type: f.contentType }) : t('media.x.typeUnknown');
    if (f.size > limit) {
      const params = { size: formatNumber(f.size / MB, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), limit: limit / MB };
      return family === 'image' ? t('media.x.imageTooLarge', params) : family === 'gif' ? t('media.x.gifTooLarge', params) : t('media.x.videoTooLarge', params);
    }
  }
  if (kind === 'dm' && files.length > 1) return t('media.x.dmOne');
  const moving = files.filter((f) => !IMAGE_TYPES.includes(f.contentType.toLowerCase()));
  // A DM with more than one file was refused above: what follows is about posts.
  if (moving.length > 0 && files.length > 1) return t('media.x.postMix');
  if (files.length > 4) return t('media.x.postFour');
  return null;
}

function categoryOf(file: OutboundFile): string {
  const type = file.contentType.toLowerCase();
  const kind = GIF_TYPES.includes(type) ? 'gif' : VIDEO_TYPES.includes(type) ? 'video' : 'image';
  return `${file.use === 'dm' ? 'dm' : 'tweet'}_${kind}`;
}

/** Chunked upload (initialize, append, finalize), the one way X takes every kind of media. */
export async function uploadMedia(api: XApi, file: OutboundFile): Promise<string> {
  const init = await api.post<{ data?: { id?: string } }>(
    'POST /2/media/upload/initialize',
    'media/upload/initialize',
    { media_type: file.contentType, total_bytes: file.bytes.length, media_category: categoryOf(file) },
    'the media upload',
  );
  const id = init.data?.id;
  if (!id) throw new ChannelError('transient', 'X started the media upload but did not say its id.');
  for (let i = 0, at = 0; at < file.bytes.length; i++, at += UPLOAD_SEGMENT_BYTES) {
    const chunk = Buffer.from(file.bytes.subarray(at, at + UPLOAD_SEGMENT_BYTES));
    await api.postForm('POST /2/media/upload/:id/append', `media/upload/${id}/append`, { segment_index: String(i), media: chunk }, 'the media upload');
  }
  const done = await api.post<{ data?: { processing_info?: { state?: string } } }>('POST /2/media/upload/:id/finalize', `media/upload/${id}/finalize`, {}, 'the media upload');
  const state = done.data?.processing_info?.state;
  if (state && state !== 'succeeded') {
    const status = await api.get<{ data?: { processing_info?: { state?: string } } }>('GET /2/media/upload', 'media/upload', { command: 'STATUS', media_id: id });
    const now = status.data?.processing_info?.state;
    if (now === 'failed') throw new ChannelError('permanent', 'X could not process the media file.');
    if (now !== 'succeeded') throw new ChannelError('transient', 'X is still processing the media file; it will be tried again.');
  }
  return id;
}

export interface DownloadContext {
  apiUrl: string;
  credentials: OAuth1Credentials;
  report: (event: { kind: 'read'; endpoint: string; status: number | null; durationMs: number; rateLimit?: RateLimitState }) => void;
  /** The profile's rate budget: the DM media endpoint is an API call with X's limit like any other. */
  budget?: RateBudget | undefined;
}

/** x-rate-limit-* headers of an answer, when X sent them. */
function rateLimitOf(headers: Headers): RateLimitState | null {
  const reset = Number(headers.get('x-rate-limit-reset'));
  return rateLimitFrom(headers.get('x-rate-limit-limit'), headers.get('x-rate-limit-remaining'), reset ? new Date(reset * 1000) : null);
}
function allowedHost(url: URL, apiUrl: string): boolean {
  const api = new URL(apiUrl);
  if (url.origin === api.origin) return true;
  return url.protocol === 'https:' && X_MEDIA_HOSTS.includes(url.hostname);
}

/**
 * Downloads an attachment: DM media through the DM media endpoint with the account's token,
 * post media from X's media hosts. Nothing else is fetched; redirects are not followed; the
 * body is cut off at the size cap and the whole call at the timeout.
 */
export async function downloadMedia(ctx: DownloadContext, source: MediaSource, limits: DownloadLimits): Promise<DownloadedMedia> {
  let target: URL;
  try {
    target = new URL(source.url);
  } catch {
    throw new ChannelError('permanent', `The media address "${source.url}" is not a URL.`);
  }
  if (source.dmEventId) {
    // ton.twitter.com/1.1/ton/data/dm/{dm_id}/{media_id}/{resource_id}: the same file through the v2 endpoint.
    const match = /\/dm\/(\d{1,19})\/(\d{1,19})\/([A-Za-z0-9_.-]{1,50})$/.exec(target.pathname);
    if (!match) throw new ChannelError('permanent', `X's DM media address "${source.url}" has an unknown form.`);
    const url = new URL(`${ctx.apiUrl.replace(/\/+$/, '')}/2/dm_conversations/media/${match[1]}/${match[2]}/${match[3]}`);
    return fetchLimited(ctx, url, 'GET /2/dm_conversations/media/:dm_id/:media_id/:resource_id', limits, true);
  }
  if (!allowedHost(target, ctx.apiUrl)) throw new ChannelError('permanent', `Parley downloads media only from X's own hosts, not from ${target.host}.`);
  return fetchLimited(ctx, target, 'GET media', limits, false);
}

async function fetchLimited(ctx: DownloadContext, url: URL, endpoint: string, limits: DownloadLimits, signed: boolean): Promise<DownloadedMedia> {
  // Signed downloads are API calls: paced by the limit X last reported, like every other call.
  if (signed) refuseWhenSpent(ctx.budget, endpoint);
  const started = performance.now();
  let status: number | null = null;
  let rateLimit: RateLimitState | null = null;
  try {
    const headers: Record<string, string> = signed ? { authorization: oauth1Header('GET', url, ctx.credentials) } : {};
    let res: Response;
    try {
      res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(limits.timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new ChannelError('transient', timedOut ? `X's media host did not answer within ${limits.timeoutMs} ms.` : `Could not reach ${url.host} for the media file.`);
    }
    status = res.status;
    rateLimit = signed ? rateLimitOf(res.headers) : null;
    if (status === 401 || status === 403) throw new ChannelError('auth', `X refused the media file (HTTP ${status}).`, { status });
    if (status === 429) {
      const reset = Number(res.headers.get('x-rate-limit-reset'));
      throw new ChannelError('rate_limit', 'X asks to wait before the next media download.', { status, retryAt: reset ? new Date(reset * 1000) : null });
    }
    if (status === 404) throw new ChannelError('permanent', 'X no longer has this media file.', { status });
    if (status !== 200) throw new ChannelError('transient', `X answered HTTP ${status} for the media file.`, { status });
    return await readMedia(res, limits.maxBytes);
  } finally {
    if (rateLimit && ctx.budget) ctx.budget.record(endpoint, rateLimit);
    ctx.report({ kind: 'read', endpoint, status, durationMs: Math.round(performance.now() - started), ...(rateLimit ? { rateLimit } : {}) });
  }
}
