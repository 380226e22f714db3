import type { AttachmentRow } from '../db/schema.ts';

/** Parley's own address of an attachment: never the network's. */
export function attachmentUrl(id: number): string {
  return `/api/v1/attachments/${id}`;
}

export function presentAttachment(a: AttachmentRow) {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.content_type,
    size: a.size,
    url: attachmentUrl(a.id),
    /** `pending` while Parley downloads it from the network, `failed` when it gave up. */
    status: a.status as 'pending' | 'stored' | 'failed',
    mediaType: a.media_type,
    altText: a.alt_text,
    width: a.width,
    height: a.height,
  };
}
