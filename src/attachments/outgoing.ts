// Files agents attach: checked (count, size, and that the bytes are what the type says),
// stored with the article in its transaction, and uploaded to the network once when the outbox
// sends the message — the network's media id is kept, so a retried send reuses it.
import { invalid } from '../core/errors.ts';
import type { ChannelClient, EntityKind } from '../channels/types.ts';
import { ChannelError } from '../channels/types.ts';
import { attachmentsOf, insertAttachments, setExternalMediaId } from '../db/repos/attachments.ts';
import type { ArticleRow, AttachmentRow, Db } from '../db/schema.ts';
import { inTransaction } from '../db/tx.ts';
import { addNote, type Actor } from '../core/tickets/service.ts';
import type { Deps } from '../deps.ts';
import { DEFAULT_MEDIA_MAX_BYTES } from './downloads.ts';
import { createBlobStore } from './storage.ts';
import { MAGIC } from './magic.ts';
import { t } from '../i18n/index.ts';

export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Uint8Array;
}

/** At most this many files per message (X: four images). */
export const MAX_FILES = 4;
const MAX_FILENAME = 200;


function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, MAX_FILENAME);
  return clean || 'file';
}

/** Files from a multipart body (`files`), bounded and checked; the browser's type claim is verified. */
export async function acceptFiles(values: readonly unknown[], maxBytes = DEFAULT_MEDIA_MAX_BYTES): Promise<UploadedFile[]> {
  const files = values.filter((v): v is File => typeof v === 'object' && v !== null && 'arrayBuffer' in v && 'name' in v);
  if (files.length !== values.length) throw invalid('files', t('media.files.notFile'));
  if (files.length > MAX_FILES) throw invalid('files', t('media.files.tooMany', { max: MAX_FILES }));
  const out: UploadedFile[] = [];
  for (const file of files) {
    if (file.size === 0) throw invalid('files', t('media.files.empty', { name: cleanName(file.name) }));
    if (file.size > maxBytes) throw invalid('files', t('media.files.tooLarge', { name: cleanName(file.name), mb: Math.floor(maxBytes / (1024 * 1024)) }));
    const contentType = (file.type || 'application/octet-stream').split(';')[0]!.trim().toLowerCase();
    const bytes = new Uint8Array(await file.arrayBuffer());
    const looksRight = MAGIC[contentType];
    if (looksRight && !looksRight(bytes)) throw invalid('files', t('media.files.notReally', { name: cleanName(file.name), type: contentType }));
    out.push({ filename: cleanName(file.name), contentType, bytes });
  }
  return out;
}

/** Stores the files as attachments of an article, in the caller's transaction. */
export async function storeFiles(deps: Deps, trx: Db, article: { id: number; ticket_id: number }, files: readonly UploadedFile[], now: string): Promise<AttachmentRow[]> {
  if (files.length === 0) return [];
  const store = createBlobStore(deps.config.attachmentsDir);
  const rows = [];
  for (const f of files) {
    const { sha256, size } = await store.put(trx, f.bytes);
    rows.push({
      article_id: article.id,
      ticket_id: article.ticket_id,
      filename: f.filename,
      content_type: f.contentType,
      size,
      sha256,
      media_type: f.contentType === 'image/gif' ? 'animated_gif' : f.contentType.startsWith('image/') ? 'photo' : f.contentType.startsWith('video/') ? 'video' : null,
      alt_text: null,
      width: null,
      height: null,
      status: 'stored',
      source: null,
      external_media_id: null,
      attempts: 0,
      next_attempt_at: null,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      created_at: now,
    });
  }
  return insertAttachments(trx, rows);
}

/** An internal note and its files, in one transaction. */
export function addNoteWithFiles(deps: Deps, actor: Actor, ticketId: number, body: unknown, files: readonly UploadedFile[]): Promise<ArticleRow> {
  return inTransaction(deps.db, async (trx) => {
    const note = await addNote(trx, actor, ticketId, body);
    await storeFiles(deps, trx, note, files, note.created_at);
    return note;
  });
}

/**
 * The network's media ids for an outgoing article's files, uploading each file at most once:
 * the id is recorded as soon as the network gives it, so a retry (after a failed send or a
 * crash) reuses it instead of uploading again.
 */
export async function mediaIdsFor(deps: Deps, client: ChannelClient, articleId: number, use: EntityKind): Promise<string[]> {
  const files = (await attachmentsOf(deps.db, [articleId])).get(articleId) ?? [];
  if (files.length === 0) return [];
  if (!client.uploadMedia) throw new ChannelError('permanent', 'This network takes no attachments.');
  const store = createBlobStore(deps.config.attachmentsDir);
  const ids: string[] = [];
  for (const file of files) {
    if (file.external_media_id) {
      ids.push(file.external_media_id);
      continue;
    }
    const bytes = file.sha256 ? await store.get(deps.db, file.sha256) : null;
    if (!bytes) throw new ChannelError('permanent', `The file "${file.filename}" is missing from Parley's storage.`);
    const id = await client.uploadMedia({ bytes, contentType: file.content_type, use });
    await setExternalMediaId(deps.db, file.id, id);
    ids.push(id);
  }
  return ids;
}
