// Media on Bluesky for Parley. A post's images (app.bsky.embed.images, also inside
// app.bsky.embed.recordWithMedia) and video (app.bsky.embed.video) are blobs in the author's
// repository: Parley finds the author's PDS in their DID document (com.atproto.identity.resolveDid)
// and fetches the original with com.atproto.sync.getBlob. Outgoing images are uploaded with
// com.atproto.repo.uploadBlob and referenced from the post. Chat messages carry no images
// (chat.bsky.convo.defs#messageInput: text, facets, and an embed that can only be a record).
import { ChannelError, type EntityKind, type InboundAttachment } from '../types.ts';
import { extensionOf } from '../media-http.ts';
import { formatNumber, t } from '../../i18n/index.ts';

export interface BlobRef {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

interface ImageEmbed {
  image: BlobRef;
  alt?: string;
  aspectRatio?: { width: number; height: number };
}

export interface PostEmbed {
  $type: string;
  images?: ImageEmbed[];
  video?: BlobRef;
  alt?: string;
  aspectRatio?: { width: number; height: number };
  media?: PostEmbed;
}

/** app.bsky.embed.images: at most four images, each blob at most 1,000,000 bytes (the lexicon's maxSize). */
export const BLUESKY_MAX_IMAGES = 4;
export const BLUESKY_IMAGE_MAX_BYTES = 1_000_000;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** A blob's source, opaque to all but this adapter: the author's DID and the blob's CID. */
export const blobSource = (did: string, cid: string) => `at-blob:${did}/${cid}`;
export function parseBlobSource(url: string): { did: string; cid: string } | null {
  const m = /^at-blob:(did:[a-z]+:[A-Za-z0-9._:%-]{1,2000})\/([a-z2-7]{8,200}|[A-Za-z0-9]{8,200})$/.exec(url);
  return m ? { did: m[1]!, cid: m[2]! } : null;
}

const isBlob = (v: unknown): v is BlobRef =>
  typeof v === 'object' && v !== null && typeof (v as BlobRef).ref?.$link === 'string' && typeof (v as BlobRef).mimeType === 'string';

export function postAttachments(authorDid: string, embed: PostEmbed | undefined): InboundAttachment[] {
  if (!embed) return [];
  if (embed.$type === 'app.bsky.embed.recordWithMedia') return postAttachments(authorDid, embed.media);
  if (embed.$type === 'app.bsky.embed.images') {
    return (embed.images ?? []).flatMap((img, i): InboundAttachment[] => {
      if (!isBlob(img.image)) return [];
      const type = img.image.mimeType.toLowerCase();
      return [
        {
          key: img.image.ref.$link,
          mediaType: type === 'image/gif' ? 'animated_gif' : 'photo',
          filename: `image-${i + 1}.${extensionOf(type)}`,
          contentType: type,
          altText: img.alt?.trim() ? img.alt.trim() : null,
          width: img.aspectRatio?.width ?? null,
          height: img.aspectRatio?.height ?? null,
          source: { url: blobSource(authorDid, img.image.ref.$link) },
        },
      ];
    });
  }
  if (embed.$type === 'app.bsky.embed.video' && isBlob(embed.video)) {
    const type = embed.video.mimeType.toLowerCase();
    return [
      {
        key: embed.video.ref.$link,
        mediaType: 'video',
        filename: `video.${extensionOf(type)}`,
        contentType: type,
        altText: embed.alt?.trim() ? embed.alt.trim() : null,
        width: embed.aspectRatio?.width ?? null,
        height: embed.aspectRatio?.height ?? null,
        source: { url: blobSource(authorDid, embed.video.ref.$link) },
      },
    ];
  }
  return [];
}

/**
 * What Bluesky refuses: any file with a chat message; in a post up to four images (JPEG, PNG,
 * WebP, GIF) of at most 1,000,000 bytes each. Videos go through Bluesky's separate video service,
 * which Parley does not use: a post from Parley carries images only.
 */
export function checkBlueskyMedia(kind: EntityKind, files: readonly { contentType: string; size: number }[]): string | null {
  if (files.length === 0) return null;
  if (kind === 'dm') return t('media.bluesky.noDm');
  for (const f of files) {
    const type = f.contentType.toLowerCase();
    if (!IMAGE_TYPES.includes(type)) return f.contentType ? t('media.bluesky.type', { type: f.contentType }) : t('media.bluesky.typeUnknown');
    if (f.size > BLUESKY_IMAGE_MAX_BYTES) return t('media.bluesky.imageTooLarge', { size: formatNumber(f.size / 1_000_000, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) });
  }
  if (files.length > BLUESKY_MAX_IMAGES) return t('media.bluesky.tooMany', { max: BLUESKY_MAX_IMAGES });
  return null;
}

/** The media id Parley keeps for an uploaded image: the blob ref and its aspect ratio, as the post will embed them. */
export interface UploadedImage {
  blob: BlobRef;
  aspectRatio?: { width: number; height: number };
}

export function imagesEmbed(mediaIds: readonly string[]): PostEmbed {
  const images = mediaIds.map((id): ImageEmbed => {
    let parsed: UploadedImage;
    try {
      parsed = JSON.parse(id) as UploadedImage;
    } catch {
      throw new ChannelError('permanent', 'A stored Bluesky media id is not readable; attach the file again.');
    }
    if (!isBlob(parsed.blob)) throw new ChannelError('permanent', 'A stored Bluesky media id is not a blob reference; attach the file again.');
    return { image: parsed.blob, alt: '', ...(parsed.aspectRatio ? { aspectRatio: parsed.aspectRatio } : {}) };
  });
  return { $type: 'app.bsky.embed.images', images };
}

/** The PDS of a DID document (its #atproto_pds service), or null. */
export function pdsOf(didDoc: unknown, did: string): string | null {
  const services = (didDoc as { service?: unknown })?.service;
  if (!Array.isArray(services)) return null;
  const pds = services.find((s: { id?: unknown; type?: unknown }) => (s.id === '#atproto_pds' || s.id === `${did}#atproto_pds`) && s.type === 'AtprotoPersonalDataServer') as { serviceEndpoint?: unknown } | undefined;
  return typeof pds?.serviceEndpoint === 'string' ? pds.serviceEndpoint : null;
}
