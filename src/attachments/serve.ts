// Serving an attachment from Parley's own storage, with the ticket's permissions. The stored type
// is the Content-Type, nothing is sniffed, and only image types browsers render safely are shown
// inline; everything else (SVG, HTML, PDF, video files …) is a download. Media elements still
// play a video served as a download: Content-Disposition only governs navigation. The app's CSP
// (src/web/security.ts: no inline scripts) covers a file opened on its own.
import { notFound } from '../core/errors.ts';
import { loadTicketFor, type Actor } from '../core/tickets/service.ts';
import { findArticle } from '../db/repos/articles.ts';
import { findAttachment } from '../db/repos/attachments.ts';
import type { Deps } from '../deps.ts';
import { IMAGE_TYPES } from './magic.ts';
import { createBlobStore } from './storage.ts';
import { t } from '../i18n/index.ts';

export const INLINE_TYPES: readonly string[] = IMAGE_TYPES;

export function dispositionOf(contentType: string, filename: string): string {
  const kind = INLINE_TYPES.includes(contentType) ? 'inline' : 'attachment';
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function attachmentFile(deps: Deps, actor: Actor, id: number): Promise<Response> {
  const row = await findAttachment(deps.db, id);
  if (!row) throw notFound(t('errors.noun.attachment', { id }));
  // The article's ticket now (an article may have moved with a merge or split), with the ticket's
  // own check: 404 for a ticket the agent may not know of, 403 for one without read access.
  const article = await findArticle(deps.db, row.article_id);
  await loadTicketFor(deps.db, actor, article?.ticket_id ?? row.ticket_id, 'ro');
  if (row.status !== 'stored' || !row.sha256) throw notFound(t('errors.noun.attachmentFilePending', { id }));
  const bytes = await createBlobStore(deps.config.attachmentsDir).get(deps.db, row.sha256);
  if (!bytes) throw notFound(t('errors.noun.attachmentFile', { id }));
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': row.content_type,
      'content-length': String(bytes.length),
      'x-content-type-options': 'nosniff',
      'content-disposition': dispositionOf(row.content_type, row.filename),
      'cache-control': 'private, max-age=86400, immutable',
    },
  });
}

/**
 * A customer's avatar, stored by the worker (attachments/avatars.ts): any agent may see it, as on
 * the network itself. Only the four image types are ever stored, so it is always inline.
 */
export async function avatarFile(deps: Deps, identityId: number): Promise<Response> {
  const row = await deps.db.selectFrom('customer_identities').select(['avatar_sha256', 'avatar_type']).where('id', '=', identityId).executeTakeFirst();
  if (!row?.avatar_sha256 || !row.avatar_type || !INLINE_TYPES.includes(row.avatar_type)) throw notFound(t('errors.noun.customerAvatar', { id: identityId }));
  const bytes = await createBlobStore(deps.config.attachmentsDir).get(deps.db, row.avatar_sha256);
  if (!bytes) throw notFound(t('errors.noun.customerAvatar', { id: identityId }));
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: {
      'content-type': row.avatar_type,
      'content-length': String(bytes.length),
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
      // The address carries the checksum (?v=…): a new picture is a new address.
      'cache-control': 'private, max-age=604800, immutable',
    },
  });
}
