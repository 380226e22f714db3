import { sql } from 'kysely';
import type { AttachmentRow, Db } from '../schema.ts';

// Attachments and their content. Content is stored once per sha256: a second copy of the same
// file (a customer sending the same screenshot twice) is one more attachments row, not a blob.

export type NewAttachment = Omit<AttachmentRow, 'id'>;

export async function insertBlobRow(db: Db, sha256: string, size: number, data: Uint8Array | null, now: string): Promise<void> {
  await db
    .insertInto('blobs')
    .values({ sha256, size, data, created_at: now })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

export async function blobRow(db: Db, sha256: string): Promise<{ size: number; data: Uint8Array | null } | undefined> {
  return db.selectFrom('blobs').select(['size', 'data']).where('sha256', '=', sha256).executeTakeFirst();
}

export async function insertAttachments(db: Db, rows: NewAttachment[]): Promise<AttachmentRow[]> {
  if (rows.length === 0) return [];
  return db.insertInto('attachments').values(rows).returningAll().execute();
}

export function findAttachment(db: Db, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function attachmentsOf(db: Db, articleIds: readonly number[]): Promise<Map<number, AttachmentRow[]>> {
  const byArticle = new Map<number, AttachmentRow[]>();
  if (articleIds.length === 0) return byArticle;
  const rows = await db.selectFrom('attachments').selectAll().where('article_id', 'in', [...articleIds]).orderBy('id').execute();
  for (const row of rows) byArticle.set(row.article_id, [...(byArticle.get(row.article_id) ?? []), row]);
  return byArticle;
}

/** Claims due downloads (or ones whose worker died), like the outbox: the WHERE is repeated in the UPDATE. */
export async function claimDownloads(db: Db, owner: string, now: string, until: string, limit: number): Promise<AttachmentRow[]> {
  const due = sql<boolean>`(status = 'pending' AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until < ${now}))`;
  const ids = (await db.selectFrom('attachments').select('id').where(due).orderBy('next_attempt_at').orderBy('id').limit(limit).execute()).map((r) => r.id);
  if (ids.length === 0) return [];
  return db
    .updateTable('attachments')
    .set({ lease_owner: owner, lease_until: until, attempts: sql<number>`attempts + 1` })
    .where('id', 'in', ids)
    .where(due)
    .returningAll()
    .execute();
}

export async function markDownloaded(db: Db, id: number, owner: string, file: { sha256: string; size: number; contentType: string }): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ status: 'stored', sha256: file.sha256, size: file.size, content_type: file.contentType, lease_owner: null, lease_until: null, last_error: null, next_attempt_at: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

export async function markDownloadFailed(db: Db, id: number, owner: string, error: string, nextAttemptAt: string | null): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ status: nextAttemptAt ? 'pending' : 'failed', last_error: error, next_attempt_at: nextAttemptAt, lease_owner: null, lease_until: null })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** X's limit is used up: the download waits for the window, and the wait is not a failed attempt. */
export async function postponeDownload(db: Db, id: number, owner: string, until: string): Promise<void> {
  await db
    .updateTable('attachments')
    .set((eb) => ({ attempts: eb('attempts', '-', 1), next_attempt_at: until, lease_owner: null, lease_until: null }))
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .execute();
}

export async function setExternalMediaId(db: Db, id: number, mediaId: string): Promise<void> {
  await db.updateTable('attachments').set({ external_media_id: mediaId }).where('id', '=', id).execute();
}
