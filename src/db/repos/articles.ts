import type { ArticleRow, Db, NewArticleRow } from '../schema.ts';

export async function insertArticle(db: Db, row: NewArticleRow): Promise<ArticleRow> {
  return db.insertInto('articles').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findArticle(db: Db, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listArticles(db: Db, ticketId: number, page?: { limit: number; offset: number }): Promise<ArticleRow[]> {
  let q = db.selectFrom('articles').selectAll().where('ticket_id', '=', ticketId).orderBy('id');
  if (page) q = q.limit(page.limit).offset(page.offset);
  return q.execute();
}

export async function countArticles(db: Db, ticketId: number): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ticket_id', '=', ticketId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Which of these network ids are already stored for the profile (never import twice). */
export async function knownExternalIds(db: Db, channel: string, profileId: number, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('articles')
    .select('external_id')
    .where('channel', '=', channel)
    .where('profile_id', '=', profileId)
    .where('external_id', 'in', [...ids])
    .execute();
  return new Set(rows.map((r) => r.external_id).filter((id): id is string => id !== null));
}

export async function setDelivery(
  db: Db,
  articleId: number,
  status: 'queued' | 'sent' | 'failed',
  fields: { externalId?: string | null; error?: string | null; url?: string | null; conversationKey?: string | null } = {},
): Promise<void> {
  await db
    .updateTable('articles')
    .set({
      delivery_status: status,
      delivery_error: fields.error ?? null,
      ...(fields.externalId !== undefined ? { external_id: fields.externalId } : {}),
      ...(fields.url !== undefined ? { url: fields.url } : {}),
      ...(fields.conversationKey !== undefined ? { conversation_key: fields.conversationKey } : {}),
    })
    .where('id', '=', articleId)
    .execute();
}

/** Articles of a ticket newer than `afterId`, oldest first (the zoom's live updates). */
export function listArticlesAfter(db: Db, ticketId: number, afterId: number): Promise<ArticleRow[]> {
  return db.selectFrom('articles').selectAll().where('ticket_id', '=', ticketId).where('id', '>', afterId).orderBy('id').execute();
}

/** Several articles of one ticket by id (to refresh their delivery status). */
export function findArticlesOf(db: Db, ticketId: number, ids: readonly number[]): Promise<ArticleRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('articles').selectAll().where('ticket_id', '=', ticketId).where('id', 'in', [...ids]).orderBy('id').execute();
}

/** Whether the ticket holds a post on the network that a public reply could answer. */
export async function hasPublicPost(db: Db, ticketId: number): Promise<boolean> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('kind', '=', 'tweet')
    .where('external_id', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
