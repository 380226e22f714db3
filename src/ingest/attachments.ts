import type { InboundEntity } from '../channels/types.ts';
import { insertAttachments, type NewAttachment } from '../db/repos/attachments.ts';
import type { Db } from '../db/schema.ts';

/**
 * The attachments of freshly stored articles, as `pending` rows: the download is a job of its
 * own (src/attachments/downloads.ts), so a slow or failing media host never holds up a batch.
 */
export async function attachmentRowsFor(trx: Db, channel: string, profileId: number, stored: { ticketId: number; entity: InboundEntity }[], now: string): Promise<void> {
  const withMedia = stored.filter((s) => s.entity.attachments?.length);
  if (withMedia.length === 0) return;
  const ids = await trx
    .selectFrom('articles')
    .select(['id', 'external_id'])
    .where('channel', '=', channel)
    .where('profile_id', '=', profileId)
    .where('external_id', 'in', withMedia.map((s) => s.entity.externalId))
    .execute();
  const articleId = new Map(ids.map((r) => [r.external_id, r.id]));
  const rows: NewAttachment[] = withMedia.flatMap(({ ticketId, entity }) =>
    (entity.attachments ?? []).map((a) => ({
      article_id: articleId.get(entity.externalId)!,
      ticket_id: ticketId,
      filename: a.filename,
      content_type: a.contentType,
      size: null,
      sha256: null,
      media_type: a.mediaType,
      alt_text: a.altText,
      width: a.width,
      height: a.height,
      status: 'pending',
      source: JSON.stringify(a.source),
      external_media_id: a.key,
      attempts: 0,
      next_attempt_at: now,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      created_at: now,
    })),
  );
  for (let i = 0; i < rows.length; i += 200) await insertAttachments(trx, rows.slice(i, i + 200));
}
