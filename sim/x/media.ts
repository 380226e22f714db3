// Media on X: photos, GIFs and videos attached to posts and DMs, X's upload sessions with their
// categories and size limits (x-api/media/introduction), and how media objects are shown in
// `includes.media`. Post media is public on X's media hosts; DM media is not (it is read through
// GET /2/dm_conversations/media/{dm_id}/{media_id}/{resource_id} with the user's token).
import { randomBytes } from 'node:crypto';
import { SimError } from './state.ts';

export type SimMediaType = 'photo' | 'animated_gif' | 'video';

export const MEDIA_CATEGORIES = ['tweet_image', 'tweet_gif', 'tweet_video', 'dm_image', 'dm_gif', 'dm_video'] as const;
export type MediaCategory = (typeof MEDIA_CATEGORIES)[number];

export const MB = 1024 * 1024;
/** X's limits per file: images 5 MB, GIFs 15 MB, videos 512 MB. */
export const SIZE_LIMITS: Record<SimMediaType, number> = { photo: 5 * MB, animated_gif: 15 * MB, video: 512 * MB };
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/bmp', 'image/tiff'];
const VIDEO_TYPES = ['video/mp4', 'video/quicktime'];
/** An uploaded media id may be used in a post or DM for this long. */
export const EXPIRES_AFTER_SECS = 86_400;

export interface SimMedia {
  id: string;
  mediaKey: string;
  type: SimMediaType;
  contentType: string;
  bytes: Buffer;
  width: number;
  height: number;
  altText: string | null;
  /** The file name X serves it under, e.g. "Gh3kQ2xWAAA9zP1.jpg". */
  resourceId: string;
  /** GIFs and videos: the still image shown before playing. */
  preview: { resourceId: string; bytes: Buffer } | null;
  ownerId: string;
  category: MediaCategory | null;
  /** Set once the media is part of a post (then it is public) or of a DM. */
  attachedTo: { kind: 'tweet' | 'dm'; id: string } | null;
  createdAtMs: number;
}

export interface UploadSession {
  media: SimMedia;
  totalBytes: number;
  segments: Map<number, Buffer>;
  finalized: boolean;
}

/** A 1×1 PNG, the preview of a GIF or video created without one. */
const PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

const KEY_PREFIX: Record<SimMediaType, string> = { photo: '3', animated_gif: '16', video: '7' };

function resourceName(extension: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  return [...randomBytes(15)].map((b) => alphabet[b % alphabet.length]).join('') + '.' + extension;
}

function extensionOf(contentType: string): string {
  const sub = contentType.split('/')[1] ?? 'bin';
  return sub === 'jpeg' ? 'jpg' : sub === 'quicktime' ? 'mov' : sub;
}

/** The kind of media a MIME type makes, or null when X does not take it. */
export function mediaTypeOf(contentType: string): SimMediaType | null {
  if (contentType === 'image/gif') return 'animated_gif';
  if (IMAGE_TYPES.includes(contentType)) return 'photo';
  if (VIDEO_TYPES.includes(contentType)) return 'video';
  return null;
}

/** What X answers when the category does not fit the file. */
export function checkCategory(type: SimMediaType, category: string): MediaCategory {
  if (!(MEDIA_CATEGORIES as readonly string[]).includes(category)) {
    throw new SimError(400, `media_category must be one of ${MEDIA_CATEGORIES.join(', ')}.`);
  }
  const wanted = category.endsWith('_image') ? 'photo' : category.endsWith('_gif') ? 'animated_gif' : 'video';
  // X plays a GIF uploaded as an image as a still picture; any other mismatch is refused.
  if (wanted !== type && !(wanted === 'photo' && type === 'animated_gif')) {
    throw new SimError(400, `A ${type} cannot be uploaded with media_category ${category}.`);
  }
  return category as MediaCategory;
}

export function checkSize(type: SimMediaType, size: number): void {
  if (size <= 0) throw new SimError(400, 'The media is empty.');
  if (size > SIZE_LIMITS[type]) throw new SimError(400, `File size exceeds ${SIZE_LIMITS[type] / MB} MB, the limit for a ${type}.`);
}

export class SimMediaStore {
  private byKey = new Map<string, SimMedia>();
  private byId = new Map<string, SimMedia>();
  readonly sessions = new Map<string, UploadSession>();

  constructor(private readonly nextId: () => string) {}

  clear(): void {
    this.byKey.clear();
    this.byId.clear();
    this.sessions.clear();
  }

  create(input: {
    ownerId: string;
    contentType: string;
    bytes: Buffer;
    altText?: string | null | undefined;
    width?: number | undefined;
    height?: number | undefined;
    category?: MediaCategory | null;
    preview?: Buffer | null | undefined;
    nowMs: number;
  }): SimMedia {
    const type = mediaTypeOf(input.contentType);
    if (!type) throw new SimError(400, `X does not take media of type ${input.contentType}.`);
    checkSize(type, input.bytes.length);
    const id = this.nextId();
    const media: SimMedia = {
      id,
      mediaKey: `${KEY_PREFIX[type]}_${id}`,
      type,
      contentType: input.contentType,
      bytes: input.bytes,
      width: input.width ?? 640,
      height: input.height ?? 480,
      altText: input.altText ?? null,
      resourceId: resourceName(type === 'photo' ? extensionOf(input.contentType) : 'mp4'),
      preview: type === 'photo' ? null : { resourceId: resourceName('jpg'), bytes: input.preview ?? PIXEL_PNG },
      ownerId: input.ownerId,
      category: input.category ?? null,
      attachedTo: null,
      createdAtMs: input.nowMs,
    };
    this.byKey.set(media.mediaKey, media);
    this.byId.set(id, media);
    return media;
  }

  get(mediaKey: string): SimMedia | undefined {
    return this.byKey.get(mediaKey);
  }

  byMediaId(id: string): SimMedia | undefined {
    return this.byId.get(id);
  }

  /** The public file of a post's media (or its preview) under the media host's path. */
  publicFile(path: string): { bytes: Buffer; contentType: string } | null {
    for (const media of this.byKey.values()) {
      if (media.attachedTo?.kind !== 'tweet') continue;
      if (path === postMediaPath(media)) return { bytes: media.bytes, contentType: media.contentType };
      if (media.preview && path === previewPath(media)) return { bytes: media.preview.bytes, contentType: 'image/jpeg' };
    }
    return null;
  }

  /**
   * Media ids given to POST /2/tweets or a DM: the account's own, uploaded for that use, unused
   * and not expired; for posts up to four images or one GIF or video, for DMs one file.
   */
  takeForMessage(ids: readonly string[], ownerId: string, use: 'tweet' | 'dm', nowMs: number): SimMedia[] {
    const found = ids.map((id) => {
      const media = this.byId.get(id);
      if (!media || media.ownerId !== ownerId) throw new SimError(400, `Your media IDs are invalid: ${id}.`);
      if (nowMs - media.createdAtMs > EXPIRES_AFTER_SECS * 1000) throw new SimError(400, `The media ${id} has expired.`);
      if (media.attachedTo) throw new SimError(400, `The media ${id} is already used.`);
      if (media.category && !media.category.startsWith(use === 'tweet' ? 'tweet_' : 'dm_')) {
        throw new SimError(400, `The media ${id} was uploaded as ${media.category} and cannot be used in a ${use === 'tweet' ? 'post' : 'direct message'}.`);
      }
      return media;
    });
    if (use === 'dm' && found.length > 1) throw new SimError(400, 'A direct message can carry one media file.');
    if (use === 'tweet') {
      const moving = found.filter((m) => m.type !== 'photo');
      if (found.length > 4) throw new SimError(400, 'A post can carry at most 4 images.');
      if (moving.length > 0 && found.length > 1) throw new SimError(400, 'A post can carry 4 images, or one GIF or video.');
    }
    return found;
  }
}

export function postMediaPath(media: SimMedia): string {
  if (media.type === 'photo') return `media/${media.resourceId}`;
  if (media.type === 'animated_gif') return `tweet_video/${media.resourceId}`;
  return `ext_tw_video/${media.id}/pu/vid/${media.width}x${media.height}/${media.resourceId}`;
}

function previewPath(media: SimMedia): string {
  return `${media.type === 'video' ? 'ext_tw_video_thumb' : 'tweet_video_thumb'}/${media.id}/pu/img/${media.preview?.resourceId ?? ''}`;
}

export const MEDIA_FIELDS = [
  'alt_text', 'duration_ms', 'height', 'media_key', 'non_public_metrics', 'organic_metrics', 'preview_image_url',
  'promoted_metrics', 'public_metrics', 'type', 'url', 'variants', 'width',
] as const;

/**
 * A media object as X shows it. `mediaHost` is where post media is public (pbs.twimg.com and
 * video.twimg.com on X: the simulator's own /_media/); DM media lives on ton.twitter.com, which
 * answers only the DM media endpoint's signed requests.
 */
export function presentMedia(media: SimMedia, fields: ReadonlySet<string>, at: { mediaHost: string; dmId?: string }): Record<string, unknown> {
  const fileUrl = (path: string, resourceId: string) =>
    at.dmId ? `https://ton.twitter.com/1.1/ton/data/dm/${at.dmId}/${media.id}/${resourceId}` : `${at.mediaHost}/${path}`;
  const out: Record<string, unknown> = { media_key: media.mediaKey, type: media.type };
  if (fields.has('url') && media.type === 'photo') out['url'] = fileUrl(postMediaPath(media), media.resourceId);
  if (fields.has('preview_image_url') && media.preview) out['preview_image_url'] = fileUrl(previewPath(media), media.preview.resourceId);
  if (fields.has('width')) out['width'] = media.width;
  if (fields.has('height')) out['height'] = media.height;
  if (fields.has('alt_text') && media.altText) out['alt_text'] = media.altText;
  if (fields.has('duration_ms') && media.type === 'video') out['duration_ms'] = 1000;
  if (fields.has('variants') && media.type !== 'photo') {
    out['variants'] = [{ ...(media.type === 'video' ? { bit_rate: 632_000 } : { bit_rate: 0 }), content_type: 'video/mp4', url: fileUrl(postMediaPath(media), media.resourceId) }];
  }
  return out;
}
