// Media on Mastodon for Parley: a status's media_attachments mapped to inbound attachments, the
// rules a status's media must keep (docs.joinmastodon.org: methods/media, entities/Instance
// configuration.media_attachments, PostStatusService's validations), the upload (POST /api/v2/media,
// processed in the background for video and GIF: GET /api/v1/media/:id answers 206 until it is
// done) and downloads from the address the API gave.
import { ChannelError, type EntityKind, type InboundAttachment, type OutboundFile, type ServerLimits } from '../types.ts';
import { extensionOf, fileNameOf, typeOfName } from '../media-http.ts';
import type { MastodonApi } from './api.ts';
import { formatNumber, t } from '../../i18n/index.ts';

export interface MastodonMedia {
  id: string;
  type: 'image' | 'gifv' | 'video' | 'audio' | 'unknown';
  url: string | null;
  preview_url?: string | null;
  remote_url?: string | null;
  description?: string | null;
  meta?: { original?: { width?: number; height?: number } } | null;
}

const MB = 1024 * 1024;
/** Mastodon's defaults (configuration.media_attachments of a stock server): 16 MB images, 99 MB videos, four files. */
export const MASTODON_DEFAULT_MEDIA = {
  maxAttachments: 4,
  imageSizeLimit: 16 * MB,
  videoSizeLimit: 99 * MB,
  supportedMimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/heic', 'image/heif', 'image/webp', 'image/avif', 'video/webm', 'video/mp4', 'video/quicktime', 'video/ogg', 'audio/wave', 'audio/wav', 'audio/x-wav', 'audio/x-pn-wave', 'audio/vnd.wave', 'audio/ogg', 'audio/vorbis', 'audio/mpeg', 'audio/mp3', 'audio/webm', 'audio/flac', 'audio/aac', 'audio/m4a', 'audio/x-m4a', 'audio/mp4', 'audio/3gpp', 'video/x-ms-asf'],
};
export type MediaConfig = typeof MASTODON_DEFAULT_MEDIA;

/** What Parley itself sends (it checks these types' bytes before storing): images, GIFs, MP4 and QuickTime videos. */
const SENDABLE = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'video/quicktime'];
const isVideo = (type: string) => type.startsWith('video/') || type.startsWith('audio/');

export function mediaAttachments(list: readonly MastodonMedia[] | undefined): InboundAttachment[] {
  return (list ?? []).flatMap((m): InboundAttachment[] => {
    // `url` is the server's own copy (of a remote file too); `remote_url` only when it has none yet.
    const url = m.url ?? m.remote_url ?? null;
    if (!url) return [];
    const filename = fileNameOf(url);
    const mediaType = m.type === 'image' ? 'photo' : m.type === 'gifv' ? 'animated_gif' : m.type === 'video' ? 'video' : 'file';
    return [
      {
        key: m.id,
        mediaType,
        filename,
        contentType: typeOfName(filename),
        altText: m.description?.trim() ? m.description.trim() : null,
        width: m.meta?.original?.width ?? null,
        height: m.meta?.original?.height ?? null,
        source: { url },
      },
    ];
  });
}

/**
 * What Mastodon refuses, in its own rules: at most `maxAttachments` files, of a type the server
 * supports, images within image_size_limit and videos within video_size_limit, and a video only
 * alone ("Cannot attach a video to a post that already contains images"). A DM is a status, so
 * the same rules hold.
 */
export function checkMastodonMedia(_kind: EntityKind, files: readonly { contentType: string; size: number }[], config: MediaConfig = MASTODON_DEFAULT_MEDIA): string | null {
  if (files.length === 0) return null;
  for (const f of files) {
    const type = f.contentType.toLowerCase();
    if (!SENDABLE.includes(type) || !config.supportedMimeTypes.includes(type)) return f.contentType ? t('media.mastodon.type', { type: f.contentType }) : t('media.mastodon.typeUnknown');
    const video = isVideo(type);
    const limit = video ? config.videoSizeLimit : config.imageSizeLimit;
    if (f.size > limit) {
      const params = { size: formatNumber(f.size / MB, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), limit: Math.floor(limit / MB) };
      return video ? t('media.mastodon.videoTooLarge', params) : t('media.mastodon.imageTooLarge', params);
    }
  }
  if (files.length > config.maxAttachments) return t('media.mastodon.tooMany', { max: config.maxAttachments });
  if (files.length > 1 && files.some((f) => isVideo(f.contentType.toLowerCase()))) return t('media.mastodon.videoAlone');
  return null;
}

/** The server's media rules from GET /api/v2/instance, Mastodon's defaults where it says nothing. */
export function mediaConfigOf(instance: { configuration?: { statuses?: { max_media_attachments?: number }; media_attachments?: { supported_mime_types?: string[]; image_size_limit?: number; video_size_limit?: number } } }): MediaConfig {
  const m = instance.configuration?.media_attachments ?? {};
  const d = MASTODON_DEFAULT_MEDIA;
  return {
    maxAttachments: instance.configuration?.statuses?.max_media_attachments ?? d.maxAttachments,
    imageSizeLimit: m.image_size_limit ?? d.imageSizeLimit,
    videoSizeLimit: m.video_size_limit ?? d.videoSizeLimit,
    supportedMimeTypes: Array.isArray(m.supported_mime_types) && m.supported_mime_types.length > 0 ? m.supported_mime_types.map((t) => t.toLowerCase()) : d.supportedMimeTypes,
  };
}

/** The media rules stored with a profile (ServerLimits), Mastodon's defaults where they say nothing. */
export function mediaConfigFromLimits(limits: ServerLimits | null | undefined): MediaConfig {
  const d = MASTODON_DEFAULT_MEDIA;
  if (!limits) return d;
  return {
    maxAttachments: limits.maxAttachments ?? d.maxAttachments,
    imageSizeLimit: limits.imageSizeLimit ?? d.imageSizeLimit,
    videoSizeLimit: limits.videoSizeLimit ?? d.videoSizeLimit,
    supportedMimeTypes: limits.supportedMimeTypes?.length ? limits.supportedMimeTypes : d.supportedMimeTypes,
  };
}

/** POST /api/v2/media: the id at once (recorded by the caller, so a retry never uploads again), processed or not. */
export async function uploadMastodonMedia(api: MastodonApi, file: OutboundFile, config: MediaConfig): Promise<string> {
  const refused = checkMastodonMedia(file.use, [{ contentType: file.contentType, size: file.bytes.length }], config);
  if (refused) throw new ChannelError('permanent', refused);
  const form = new FormData();
  const ext = extensionOf(file.contentType);
  form.set('file', new Blob([Buffer.from(file.bytes)], { type: file.contentType }), `parley.${ext}`);
  const media = await api.post<MastodonMedia>('POST /api/v2/media', '/api/v2/media', form);
  if (!media?.id) throw new ChannelError('transient', 'Mastodon took the media file but did not say its id.');
  return media.id;
}

/** Waits (a little) until every file has been processed: Mastodon refuses a status with media still processing. */
export async function awaitProcessed(api: MastodonApi, ids: readonly string[], waits: readonly number[] = [250, 500, 1000, 2000, 4000]): Promise<void> {
  for (const id of ids) {
    for (let attempt = 0; ; attempt++) {
      let media: MastodonMedia;
      try {
        media = await api.get<MastodonMedia>('GET /api/v1/media/:id', `/api/v1/media/${encodeURIComponent(id)}`);
      } catch (e) {
        // 404: already attached (a status sent before an answer was lost) or gone; the status itself will say.
        if (e instanceof ChannelError && e.status === 404) break;
        throw e;
      }
      if (media.url) break;
      const wait = waits[attempt];
      if (wait === undefined) throw new ChannelError('transient', 'Mastodon is still processing the media file; the message is sent once it is done.');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
